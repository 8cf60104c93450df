// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

class QNetworkAccessManager;

namespace UpdateInspector {

class BotApiClient;
class CaptureJournal;
class EmulatorServer;
class LogFeeder;
class LongPoller;
class UpdateStore;

// The embedded default: with no bot configured, a built-in emulator on an ephemeral loopback port
// serves a demo bot fed by the bundled sample log at a gentle pace, and the program's own long
// poller captures it into `store` — the same path a real bot's updates take.
class DemoSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoSession)

public:
    // A new update about every this many ms (the sample's own gaps, clamped).
    static constexpr int GapMs = 1200;

    explicit DemoSession(UpdateStore &store, QObject *parent = nullptr);
    ~DemoSession() override;

    // False, with the reason in `error`, when the emulator or the journal cannot start.
    bool start(QString *error);
    LongPoller *poller() const { return m_poller.get(); }
    EmulatorServer *emulator() const { return m_emulator.get(); }

private:
    UpdateStore &m_store;
    QTemporaryDir m_journalDir; // the demo's capture is not worth keeping
    std::unique_ptr<EmulatorServer> m_emulator;
    std::unique_ptr<LogFeeder> m_feeder;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<BotApiClient> m_client;
    std::unique_ptr<CaptureJournal> m_journal;
    std::unique_ptr<LongPoller> m_poller;
};

} // namespace UpdateInspector
