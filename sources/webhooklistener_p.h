// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updateidset.h"
#include "updatecheck_p.h"
#include "webhooklistener.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QTcpServer>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace UpdateInspector {

class JournalThread;
class ListenerConnection;
struct HttpRequest;

// One request and its answer, from the moment the request is complete until the answer is
// written (or the connection is gone). Answers leave a connection in request order.
struct Exchange
{
    WebhookRequest record;
    QByteArray response; // the bytes to write once ready
    qint64 completeNs = 0; // the listener's clock when the request was complete
    int stallMs = 0; // a Stall fault: hold the ready answer this long
    bool ready = false; // false while waiting for the journal
    bool journal = false; // its body is appended with the batch
    bool closeAfter = false; // close the connection once written
    bool dropConnection = false; // the Close fault: no answer, the connection is dropped
    bool orphaned = false; // the connection went away while the answer was pending
    ListenerConnection *connection = nullptr; // valid while not orphaned
};
using ExchangePtr = std::shared_ptr<Exchange>;

struct WebhookListener::Private
{
    Private(WebhookListener *owner, CaptureJournal &captureJournal);

    // From the servers: a new socket (the limit is checked here).
    void accept(QTcpSocket *socket, bool overTls);
    // From connections.
    ExchangePtr judge(ListenerConnection &connection, const HttpRequest &request);
    void connectionClosed(ListenerConnection *connection);
    void
    finish(Exchange &exchange); // the record is final: count it and queue it for requestsHandled
    void finish(WebhookRequest record);
    qint64 nowNs() const { return clock.nsecsElapsed(); }

    void scheduleFlush();
    void flush(); // the group commit: one append for the batch (on the journal thread), then the answers
    void complete(const QList<ExchangePtr> &pending, const QList<UpdateRecord> &records, bool durable,
                  const QString &error);
    void emitHandled();
    bool faultHits();
    QByteArray ackResponse(const HttpRequest &request, QByteArray *body) const;
    bool pathMatches(QByteArrayView path) const;

    WebhookListener *q;
    CaptureJournal &journal;
    std::unique_ptr<JournalThread> writer; // the journal's only user while the listener lives
    ListenerOptions options;
    ListenerReply reply;
    ListenerFault fault;
    QByteArray path; // options.path as bytes
    QByteArray secret; // options.secretToken as bytes
    std::unique_ptr<QTcpServer> server;
    bool tls = false;
    QSet<ListenerConnection *> connections;
    UpdateCheck check;
    QElapsedTimer clock;

    std::array<qint64, WebhookVerdictCount> counts {};
    qint64 requests = 0;
    UpdateIdSet seenIds; // every valid update of this run (faulted ones too)
    UpdateIdSet journaledIds; // journaled, or in a batch being journaled

    QList<ExchangePtr> batch; // waiting for the next flush
    bool flushQueued = false;
    static constexpr int CommitDelayMs = 1;
    QTimer commitTimer; // a batch waits at most CommitDelayMs for other connections' requests
    qsizetype inFlight = 0; // requests in the batches being made durable
    QList<WebhookRequest> handled;
    bool handledQueued = false;
};

// Shared by the listener and its connections.
QString peerText(const QHostAddress &address); // IPv4-mapped IPv6 shown as IPv4
QString redactedText(QByteArrayView text);
QList<QPair<QByteArray, QByteArray>>
redactedHeaders(const QList<QPair<QByteArray, QByteArray>> &headers, QByteArrayView secret);
// "HTTP/1.1 STATUS Phrase" with Content-Length, the extra header lines and the body.
QByteArray httpResponse(int status, QByteArrayView extraHeaders, QByteArrayView body, bool close,
                        bool http10KeepAlive = false);
QByteArray statusPhrase(int status);

} // namespace UpdateInspector
