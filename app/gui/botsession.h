// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "botapiclient.h"
#include "longpoller.h"

#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace UpdateInspector {

class CaptureJournal;
class UpdateStore;

// Polling one bot into the store: a network manager, a Bot API client, a capture journal and a
// long poller, set up the same way for a real bot and for the demo's emulated one.
class BotSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BotSession)

public:
    // One journal per bot and server, so a restart continues from the stored offset:
    // AppDataLocation/capture/<bot id>[-test]-<host>[-<port>].jsonl
    static QString defaultJournalPath(const BotApiEndpoint &endpoint);

    BotSession(UpdateStore &store, const BotApiEndpoint &endpoint, const PollerOptions &options,
               QObject *parent = nullptr);
    BotSession(UpdateStore &store, const BotApiEndpoint &endpoint, const PollerOptions &options,
               const QString &journalPath, QObject *parent = nullptr);
    ~BotSession() override;

    // Opens the journal and starts polling; false, with the reason in `error`, when the journal
    // cannot be opened (e.g. another instance holds it).
    bool start(QString *error);

    LongPoller *poller() const { return m_poller.get(); }
    BotApiClient *client() const { return m_client.get(); }
    QString journalPath() const { return m_journalPath; }
    const BotApiEndpoint &endpoint() const { return m_client->endpoint(); }
    const PollerOptions &options() const { return m_options; }

private:
    UpdateStore &m_store;
    PollerOptions m_options;
    QString m_journalPath;
    // Destroyed in reverse: the poller (aborting its call) before the journal, the client before
    // the network.
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<BotApiClient> m_client;
    std::unique_ptr<CaptureJournal> m_journal;
    std::unique_ptr<LongPoller> m_poller;
};

} // namespace UpdateInspector
