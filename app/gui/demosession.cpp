// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "demosession.h"

#include "botapiclient.h"
#include "capturejournal.h"
#include "emulatorserver.h"
#include "logfeeder.h"
#include "longpoller.h"
#include "updatekind.h"
#include "updatestore.h"

#include <QFile>
#include <QNetworkAccessManager>

namespace UpdateInspector {

namespace {
const char kSamplePath[] = ":/sample/sample-updates.jsonl";
}

DemoSession::DemoSession(UpdateStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
}

DemoSession::~DemoSession()
{
    // The poller's call goes before the client, the client before the network, the emulator last.
    m_poller.reset();
    m_client.reset();
    m_network.reset();
    m_feeder.reset();
}

bool DemoSession::start(QString *error)
{
    m_emulator = std::make_unique<EmulatorServer>();
    if (!m_emulator->listen(error))
        return false;
    const QString token = EmulatorServer::generateToken();
    EmulatedBot *bot = m_emulator->addBot(token, error);
    if (!bot)
        return false;
    bot->setProfile({QStringLiteral("Demo Bot"), QStringLiteral("update_inspector_demo_bot")});

    QFile sample(QString::fromLatin1(kSamplePath));
    if (!sample.open(QIODevice::ReadOnly)) {
        *error = sample.errorString();
        return false;
    }
    m_feeder = std::make_unique<LogFeeder>();
    if (!m_feeder->openData(sample.readAll(), error))
        return false;
    m_feeder->setLoop(true);
    m_feeder->setMaxGapMs(GapMs);
    connect(m_feeder.get(), &LogFeeder::updateReady, bot, [bot](const QByteArray &raw) { bot->inject(raw); });

    if (!m_journalDir.isValid()) {
        *error = m_journalDir.errorString();
        return false;
    }
    m_journal = std::make_unique<CaptureJournal>();
    if (!m_journal->open(m_journalDir.filePath(QStringLiteral("demo.jsonl")), error))
        return false;
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<BotApiClient>(m_network.get());
    m_client->setEndpoint({m_emulator->baseUrl(), token, false});
    PollerOptions options;
    options.timeoutSeconds = 10;
    // Every kind, the opt-in ones too: the demo shows all that a bot can get.
    options.sendAllowedUpdates = true;
    for (int k = 1; k < UpdateKindCount; ++k)
        options.allowedUpdates.append(kindName(UpdateKind(k)));
    m_poller = std::make_unique<LongPoller>(*m_client, *m_journal, options);
    connect(m_poller.get(), &LongPoller::captured, this,
            [this](const QList<UpdateRecord> &records) { m_store.append(records); });
    m_poller->start();
    // Gentle: the sample's own gaps, each at most GapMs, so updates trickle in.
    LogFeeder::Pace pace;
    pace.realTime = true;
    m_feeder->start(pace);
    return true;
}

} // namespace UpdateInspector
