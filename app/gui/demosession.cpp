// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "demosession.h"

#include "botsession.h"
#include "emulatorserver.h"
#include "logfeeder.h"
#include "updatekind.h"

#include <QFile>

namespace UpdateInspector {

namespace {
const char kSamplePath[] = ":/sample/sample-updates.jsonl";
}

DemoSession::DemoSession(UpdateStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
}

DemoSession::~DemoSession() = default;

PollerOptions DemoSession::defaultOptions()
{
    PollerOptions options;
    options.timeoutSeconds = 10;
    options.sendAllowedUpdates = true;
    for (int k = 1; k < UpdateKindCount; ++k)
        options.allowedUpdates.append(kindName(UpdateKind(k)));
    return options;
}

bool DemoSession::start(QString *error)
{
    // Local mode, like telegram-bot-api --local: the demo bot's webhook may point at the local
    // listener over plain HTTP, so the whole webhook loop can be tried without a tunnel.
    EmulatorServer::Options options;
    options.settings.localMode = true;
    m_emulator = std::make_unique<EmulatorServer>(options);
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
    m_endpoint = {m_emulator->baseUrl(), token, false};
    if (!setPollerOptions(defaultOptions(), error))
        return false;
    // Gentle: the sample's own gaps, each at most GapMs, so updates trickle in.
    LogFeeder::Pace pace;
    pace.realTime = true;
    m_feeder->start(pace);
    return true;
}

bool DemoSession::setPollerOptions(const PollerOptions &options, QString *error)
{
    m_session.reset(); // first: it holds the journal's lock
    m_session = std::make_unique<BotSession>(m_store, m_endpoint, options,
                                             m_journalDir.filePath(QStringLiteral("demo.jsonl")));
    return m_session->start(error);
}

LongPoller *DemoSession::poller() const
{
    return m_session ? m_session->poller() : nullptr;
}

BotApiClient *DemoSession::client() const
{
    return m_session ? m_session->client() : nullptr;
}

} // namespace UpdateInspector
