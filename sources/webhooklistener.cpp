// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhooklistener.h"

#include "capturejournal.h"
#include "journalthread_p.h"
#include "listenerconnection_p.h"
#include "listenerserver_p.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QVarLengthArray>

#include <algorithm>

namespace UpdateInspector {

Q_LOGGING_CATEGORY(lcListener, "updateinspector.sources.listener", QtInfoMsg)

WebhookListener::Private::Private(WebhookListener *owner, CaptureJournal &captureJournal)
    : q(owner)
    , journal(captureJournal)
    , writer(std::make_unique<JournalThread>(captureJournal))
{
    commitTimer.setSingleShot(true);
    commitTimer.setTimerType(Qt::PreciseTimer);
    commitTimer.setInterval(CommitDelayMs);
    QObject::connect(&commitTimer, &QTimer::timeout, q, [this] { flush(); });
}

void WebhookListener::Private::accept(QTcpSocket *socket, bool overTls)
{
    if (connections.size() >= options.limits.maxConnections) {
        // Turned away at once, nothing read and nothing written: under overload an answer
        // would cost what the limit is there to save.
        WebhookRequest record;
        record.receivedMs = QDateTime::currentMSecsSinceEpoch();
        record.peer = peerText(socket->peerAddress());
        record.peerPort = socket->peerPort();
        record.status = 503;
        record.verdict = WebhookVerdict::Overloaded;
        record.reason
            = QStringLiteral("more than %1 connections open: closed at once, nothing answered")
                  .arg(options.limits.maxConnections);
        socket->abort();
        delete socket;
        finish(std::move(record));
        return;
    }
    // Without it, an answer can wait for the client's delayed ACK (about 40 ms).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connections.insert(new ListenerConnection(*this, socket, overTls));
}

void WebhookListener::Private::connectionClosed(ListenerConnection *connection)
{
    connections.remove(connection);
}

void WebhookListener::Private::scheduleFlush()
{
    if (flushQueued)
        return;
    // Group commit: one append (and with Sync::EachAppend one fdatasync) for as many updates as
    // can be had. A periodic journal's append is a plain write: it goes after each event-loop
    // turn. One that waits for the disk goes when half the open connections have a request in
    // the batch (the other half forms the next batch during its fdatasync; the journal thread
    // takes it the moment the previous fdatasync ends) or nothing more can come, otherwise after
    // CommitDelayMs. Handing over whatever came while a batch is being written measured slower:
    // smaller batches, more fdatasyncs.
    const bool enough = journal.sync() == CaptureJournal::Sync::Periodic
        || batch.size() + inFlight >= connections.size() || batch.size() * 2 >= connections.size();
    if (!enough) {
        if (!commitTimer.isActive())
            commitTimer.start();
        return;
    }
    flushQueued = true;
    QMetaObject::invokeMethod(q, [this] { flush(); }, Qt::QueuedConnection);
}

void WebhookListener::Private::flush()
{
    flushQueued = false;
    commitTimer.stop();
    if (batch.isEmpty())
        return;
    QList<ExchangePtr> pending = std::exchange(batch, {});
    QList<UpdateRecord> records;
    records.reserve(pending.size());
    for (const ExchangePtr &exchange : std::as_const(pending)) {
        if (exchange->journal)
            records.append(UpdateRecord {exchange->record.body, exchange->record.receivedMs,
                                         UpdateSource::Webhook});
    }
    if (writer->batchesInFlight() == 0
        && (records.isEmpty() || journal.sync() == CaptureJournal::Sync::Periodic)) {
        // Nothing to wait for: no new update (redeliveries), or a plain write (a handoff to the
        // journal thread would cost more than the write).
        QString error;
        const bool durable = records.isEmpty() || journal.append(records, &error);
        complete(pending, records, durable, error);
        return;
    }
    inFlight += pending.size();
    writer->append(records, q, [this, pending, records](bool durable, const QString &error) {
        inFlight -= pending.size();
        complete(pending, records, durable, error);
    });
}

void WebhookListener::Private::complete(const QList<ExchangePtr> &pending, const QList<UpdateRecord> &records,
                                        bool durable, const QString &error)
{
    if (durable && !records.isEmpty()) {
        const QPointer<WebhookListener> alive(q);
        Q_EMIT q->captured(records);
        if (!alive)
            return; // a receiver deleted the listener
    }
    if (!durable)
        qCWarning(lcListener) << "journal append failed:" << error;

    QVarLengthArray<ListenerConnection *, 32> touched;
    for (const ExchangePtr &exchange : pending) {
        WebhookRequest &record = exchange->record;
        if (!durable) {
            journaledIds.remove(record.updateId);
            record.status = 500;
            record.verdict = WebhookVerdict::JournalFailed;
            record.reason = QStringLiteral("the capture journal failed: ") + error;
            record.responseBody = statusPhrase(500) + '\n';
            exchange->stallMs = 0;
            exchange->response = httpResponse(500, {}, record.responseBody, exchange->closeAfter);
        }
        exchange->ready = true;
        if (exchange->orphaned) {
            record.status = 0;
            record.responseBody.clear();
            record.reason += QStringLiteral("%1not answered: the connection closed first")
                                 .arg(record.reason.isEmpty() ? QString() : QStringLiteral("; "));
            finish(*exchange);
        } else if (std::find(touched.cbegin(), touched.cend(), exchange->connection)
                   == touched.cend()) {
            touched.append(exchange->connection); // alive: teardown would have orphaned it
        }
    }
    // Torn down connections stay allocated until the event loop deletes them (deleteLater).
    for (ListenerConnection *connection : std::as_const(touched))
        connection->writeReadyAnswers();
    if (!batch.isEmpty())
        scheduleFlush();
}

void WebhookListener::Private::finish(Exchange &exchange) { finish(std::move(exchange.record)); }

void WebhookListener::Private::finish(WebhookRequest record)
{
    ++requests;
    ++counts[std::size_t(record.verdict)];
    handled.append(std::move(record));
    if (handledQueued)
        return;
    handledQueued = true;
    QMetaObject::invokeMethod(
        q, [this] { emitHandled(); }, Qt::QueuedConnection);
}

void WebhookListener::Private::emitHandled()
{
    handledQueued = false;
    if (!handled.isEmpty())
        Q_EMIT q->requestsHandled(std::exchange(handled, {}));
}

WebhookListener::WebhookListener(CaptureJournal &journal, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, journal))
{ }

WebhookListener::~WebhookListener() { stop(); }

bool WebhookListener::start(const ListenerOptions &options, QString *error)
{
    stop();
    if (!options.path.startsWith(u'/') || options.path.contains(u'?')
        || options.path.contains(u'#')) {
        *error = QStringLiteral("the listener path must start with \"/\" and hold no query");
        return false;
    }
    const ConnectionLimits &limits = options.limits;
    if (limits.maxHeaderBytes < 256 || limits.maxBodyBytes < 1 || limits.idleTimeoutMs < 1
        || limits.maxConnections < 1) {
        *error = QStringLiteral(
            "the connection limits must be positive (and the head cap at least 256 bytes)");
        return false;
    }
    const bool wantTls = !options.tlsCertificatePath.isEmpty() || !options.tlsKeyPath.isEmpty();
    if (wantTls && (options.tlsCertificatePath.isEmpty() || options.tlsKeyPath.isEmpty())) {
        *error = QStringLiteral("HTTPS needs both a certificate file and a private key file");
        return false;
    }
    const auto accept = [this](QTcpSocket *socket, bool tls) { d->accept(socket, tls); };
    std::unique_ptr<QTcpServer> server;
    if (wantTls) {
        QSslConfiguration configuration;
        if (!loadTlsConfiguration(options.tlsCertificatePath, options.tlsKeyPath, &configuration,
                                  error))
            return false;
        auto tlsServer = std::make_unique<TlsServer>(accept);
        tlsServer->setSslConfiguration(configuration);
        server = std::move(tlsServer);
    } else {
        server = std::make_unique<PlainServer>(accept);
    }
    server->setListenBacklogSize(std::max(128, limits.maxConnections));
    if (!server->listen(options.address, options.port)) {
        *error = QStringLiteral("cannot listen on %1 port %2: %3")
                     .arg(options.address.toString())
                     .arg(options.port)
                     .arg(server->errorString());
        return false;
    }
    if (options.address == QHostAddress::Any || options.address == QHostAddress::AnyIPv4
        || options.address == QHostAddress::AnyIPv6) {
        qCWarning(lcListener)
            << "the webhook listener accepts connections from other machines on port"
            << server->serverPort();
    }
    d->options = options;
    d->path = options.path.toUtf8();
    d->secret = options.secretToken.toUtf8();
    d->tls = wantTls;
    d->server = std::move(server);
    d->counts.fill(0);
    d->requests = 0;
    d->seenIds.clear();
    d->journaledIds.clear();
    d->handled.clear();
    d->clock.start();
    return true;
}

void WebhookListener::stop()
{
    if (d->server)
        d->server->close();
    d->server.reset();
    const QSet<ListenerConnection *> open = d->connections;
    for (ListenerConnection *connection : open)
        connection->closeNow(QStringLiteral("the listener stopped"));
    // Updates read in full are journaled (durable data is never worse), but not answered.
    while (d->writer->batchesInFlight() > 0 || !d->batch.isEmpty()) {
        d->flush();
        d->writer->finishNow();
    }
}

bool WebhookListener::isListening() const { return d->server && d->server->isListening(); }

const ListenerOptions &WebhookListener::options() const { return d->options; }

quint16 WebhookListener::port() const { return d->server ? d->server->serverPort() : 0; }

bool WebhookListener::isTls() const { return d->server && d->tls; }

QUrl WebhookListener::localUrl() const
{
    if (!isListening())
        return {};
    QHostAddress host = d->options.address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(d->tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(port());
    url.setPath(d->options.path);
    return url;
}

bool WebhookListener::setReply(const ListenerReply &reply, QString *error)
{
    if (!reply.methodBody.isEmpty() && !d->check.isMethodReply(reply.methodBody, error))
        return false;
    d->reply = reply;
    return true;
}

ListenerReply WebhookListener::reply() const { return d->reply; }

void WebhookListener::setFault(const ListenerFault &fault) { d->fault = fault; }

ListenerFault WebhookListener::fault() const { return d->fault; }

qint64 WebhookListener::count(WebhookVerdict verdict) const
{
    return d->counts[std::size_t(verdict)];
}

qint64 WebhookListener::requestCount() const { return d->requests; }

int WebhookListener::connectionCount() const { return int(d->connections.size()); }

} // namespace UpdateInspector
