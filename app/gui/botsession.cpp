// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "botsession.h"

#include "bottoken.h"
#include "capturejournal.h"
#include "updatestore.h"

#include <QNetworkAccessManager>
#include <QStandardPaths>

namespace UpdateInspector {

namespace {
// A host as a file name part: IPv6 colons and anything unusual become '_'.
QString fileNamePart(const QString &text)
{
    QString part = text;
    for (QChar &c : part) {
        if (!c.isLetterOrNumber() && c != u'.' && c != u'-')
            c = u'_';
    }
    return part;
}
} // namespace

QString BotSession::defaultJournalPath(const BotApiEndpoint &endpoint)
{
    const QUrl &url = endpoint.baseUrl;
    QString name = QString::number(BotToken::botId(endpoint.token));
    if (endpoint.testEnvironment)
        name += QStringLiteral("-test");
    name += u'-' + fileNamePart(url.host());
    if (url.port() != -1)
        name += u'-' + QString::number(url.port());
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/capture/") + name
           + QStringLiteral(".jsonl");
}

BotSession::BotSession(UpdateStore &store, const BotApiEndpoint &endpoint, const PollerOptions &options,
                       QObject *parent)
    : BotSession(store, endpoint, options, defaultJournalPath(endpoint), parent)
{
}

BotSession::BotSession(UpdateStore &store, const BotApiEndpoint &endpoint, const PollerOptions &options,
                       const QString &journalPath, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
    , m_journalPath(journalPath)
    , m_network(std::make_unique<QNetworkAccessManager>())
    , m_client(std::make_unique<BotApiClient>(m_network.get()))
    , m_journal(std::make_unique<CaptureJournal>())
{
    m_client->setEndpoint(endpoint);
    m_poller = std::make_unique<LongPoller>(*m_client, *m_journal, m_options);
    connect(m_poller.get(), &LongPoller::captured, this,
            [this](const QList<UpdateRecord> &records) { m_store.append(records); });
}

BotSession::~BotSession() = default;

bool BotSession::start(QString *error)
{
    if (!m_journal->isOpen() && !m_journal->open(m_journalPath, error))
        return false;
    m_poller->start();
    return true;
}

} // namespace UpdateInspector
