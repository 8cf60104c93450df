// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "botapiclient.h"
#include "longpoller.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace UpdateInspector {

class BotSession;
class EmulatorServer;
class LogFeeder;
class UpdateStore;

// The embedded default: with no bot configured, a built-in emulator on an ephemeral loopback port
// serves a demo bot fed by the bundled sample log at a gentle pace, and the program's own long
// poller captures it into `store` — the same path (a BotSession) a real bot's updates take.
class DemoSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoSession)

public:
    // A new update about every this many ms (the sample's own gaps, clamped).
    static constexpr int GapMs = 1200;

    explicit DemoSession(UpdateStore &store, QObject *parent = nullptr);
    ~DemoSession() override;

    // Every kind, the opt-in ones too: the demo shows all that a bot can get.
    static PollerOptions defaultOptions();

    // False, with the reason in `error`, when the emulator or the journal cannot start.
    bool start(QString *error);
    // Polls the demo bot again with other options (from the connect dialog's demo preset), from
    // the same journal and so the same offset.
    bool setPollerOptions(const PollerOptions &options, QString *error);

    LongPoller *poller() const;
    BotApiClient *client() const;
    BotSession *session() const { return m_session.get(); }
    EmulatorServer *emulator() const { return m_emulator.get(); }
    // The demo bot's server and token (empty until started), for the connect dialog's preset.
    BotApiEndpoint endpoint() const { return m_endpoint; }

private:
    UpdateStore &m_store;
    QTemporaryDir m_journalDir; // the demo's capture is not worth keeping
    BotApiEndpoint m_endpoint;
    // Destroyed in reverse: the poller's session before the feeder, the emulator last.
    std::unique_ptr<EmulatorServer> m_emulator;
    std::unique_ptr<LogFeeder> m_feeder;
    std::unique_ptr<BotSession> m_session;
};

} // namespace UpdateInspector
