// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "listenerfault.h"
#include "updaterecord.h"
#include "webhookrequest.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>

#include <array>
#include <memory>

namespace UpdateInspector {

class CaptureJournal;

// Caps enforced below the HTTP layer, per connection.
struct ConnectionLimits
{
    qint64 maxHeaderBytes = 16 * 1024; // request line + headers; over it: 431
    qint64 maxBodyBytes = 1 << 20;     // declared or chunked body; over it: 413, never read
    int idleTimeoutMs = 30000;         // idle, or a request not complete in this time: 408
    int maxConnections = 256;          // more are closed at once (reported as 503)
};

struct ListenerOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost); // Any only on request (warn)
    quint16 port = 0;                   // 0: an ephemeral port (see WebhookListener::port())
    QString path = QStringLiteral("/"); // the request target's path must equal it (query ignored)
    QString secretToken;                // empty: no X-Telegram-Bot-Api-Secret-Token check
    QString tlsCertificatePath;         // PEM; with tlsKeyPath: HTTPS, otherwise plain HTTP
    QString tlsKeyPath;                 // PEM private key (unencrypted)
    ConnectionLimits limits;
};

// What an acknowledged update is answered with.
struct ListenerReply
{
    // Empty: 200 with no body. Otherwise a reply-with-method JSON object ({"method":"sendMessage",
    // ...}) sent with Content-Type: application/json; checked by setReply().
    QByteArray methodBody;
};

// The local webhook listener: a small HTTP/1.1 server (keep-alive, Content-Length and chunked
// bodies) on QTcpServer, or QSslServer for HTTPS. It is not Qt HTTP Server: that one buffers whole
// bodies without a limit, never times a client out and measured below the throughput and p99
// targets before any work was done (docs/PERFORMANCE.md). Every request becomes a WebhookRequest;
// an accepted update is appended to the capture journal before its 2xx is sent: written on this
// thread after each event-loop turn, or, when the journal flushes each append to the disk, on a
// journal thread, one append and one fdatasync for all updates waiting (a group commit).
class WebhookListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookListener)

public:
    explicit WebhookListener(CaptureJournal &journal, QObject *parent = nullptr);
    ~WebhookListener() override;

    // Binds and starts serving. False with a plain-words `error` when the address/port cannot be
    // bound or the certificate/key cannot be read or do not belong together.
    bool start(const ListenerOptions &options, QString *error);
    void stop(); // closes the server and every connection; answers nothing still pending
    bool isListening() const;
    const ListenerOptions &options() const;
    quint16 port() const;   // the bound port (the ephemeral one when options().port was 0)
    bool isTls() const;
    // http(s)://ADDRESS:PORT/path as reachable from this machine (loopback for Any).
    QUrl localUrl() const;

    // False (with `error`) when methodBody is not a JSON object with a string "method".
    bool setReply(const ListenerReply &reply, QString *error);
    ListenerReply reply() const;
    void setFault(const ListenerFault &fault); // replaces the current one; ListenerFault{} clears
    ListenerFault fault() const;               // with `remaining` counted down

    // Counters since start().
    qint64 count(WebhookVerdict verdict) const;
    qint64 requestCount() const;
    int connectionCount() const;

Q_SIGNALS:
    // Updates now durable in the journal, in arrival order; emitted before any of them is answered.
    void captured(const QList<UpdateInspector::UpdateRecord> &records);
    // Requests answered (or closed) since the last emission, in order; emitted once per event-loop
    // turn at most, so a receiver is not called per request under load.
    void requestsHandled(const QList<UpdateInspector::WebhookRequest> &requests);

private:
    friend class ListenerConnection;
    struct Private;
    std::unique_ptr<Private> d;
};

// Telegram's documented webhook source ranges (149.154.160.0/20, 91.108.4.0/22). PROTOCOL.md marks
// them unverified: UI text must say so.
bool isInTelegramWebhookRange(const QHostAddress &address);

} // namespace UpdateInspector
