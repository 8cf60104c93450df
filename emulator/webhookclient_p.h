// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhookreply_p.h"

#include <QObject>
#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#endif

#include <memory>
#include <unordered_map>
#include <vector>

namespace UpdateInspector {
struct WebhookConfig;
}

namespace UpdateInspector::Internal {

// The HTTP/1.1 client of one webhook (one scheme, host and port), on QTcpSocket / QSslSocket:
// QNetworkAccessManager's per-request machinery (its HTTP thread, reply objects, header maps) was
// what limited delivery. Each POST goes out in one write, as the service sends it: Host (the URL's,
// also when config.ipAddress says where to connect), Content-Type: application/json,
// Content-Length, Connection: keep-alive, Accept-Encoding: gzip, deflate, then the secret-token
// header and Basic credentials from the URL when set; no User-Agent.
//
// Connections are kept alive in a pool and reused, newest first; one request per connection at a
// time (no pipelining). The caller bounds how many requests are in flight, and so how many
// connections are open. A connection that fails, is cut off or answers out of step is closed and
// never reused. A request that fails on a reused connection before any byte of an answer came (the
// webhook closed it while idle, as keep-alive servers do) is sent once more on a fresh connection,
// as browsers do; a request on a fresh connection is never retried here.
class WebhookClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookClient)

public:
    // Each connection is a file descriptor: beyond this, a webhook's max_connections is clamped.
    static constexpr int MaxConnections = 1000;

    explicit WebhookClient(const WebhookConfig &config, QObject *parent = nullptr);
    ~WebhookClient() override;

    // Starts one POST; finished() reports it, never from inside post() itself. `halfBody` (the
    // Drop fault): Content-Length announces the whole body but only its first half is written.
    void post(quint64 ticket, const QByteArray &body, bool halfBody = false);
    // Cuts a request off (its connection is closed); finished() does not come for it.
    void abort(quint64 ticket);

    int openConnections() const { return int(m_connections.size()); }
    int idleConnections() const { return int(m_idle.size()); }

Q_SIGNALS:
    // The answer, or the transport failure (response.status 0, response.error set). A receiver
    // may post(), abort() or destroy the client.
    void finished(quint64 ticket, const UpdateInspector::Internal::WebhookResponse &response);

private:
    struct Connection;

    Connection *open();
    void send(Connection *connection);
    void onConnected(Connection *connection);
    void onReadyRead(Connection *connection);
    void onError(Connection *connection, QAbstractSocket::SocketError error);
    void complete(Connection *connection);
    void fail(Connection *connection, const QString &message, bool mayRetry);
    void discard(Connection *connection);
    void report(quint64 ticket, WebhookResponse response);

    QByteArray m_head;     // the request head up to the Content-Length value
    QByteArray m_headTail; // the rest of the head after it
    QString m_connectHost; // config.ipAddress, else the URL's host
    QString m_peerName;    // the URL's host: what TLS verifies
    quint16 m_port = 0;
    bool m_tls = false;
    QString m_unsupportedScheme; // set: every post() fails with "Protocol ... is unknown"
#if QT_CONFIG(ssl)
    QSslConfiguration m_ssl;
    bool m_customSsl = false;
#endif
    int m_posting = 0; // inside post(): answers are reported from the event loop
    std::unordered_map<Connection *, std::unique_ptr<Connection>> m_connections;
    std::vector<Connection *> m_idle;                       // most recently used last
    std::unordered_map<quint64, Connection *> m_busy;       // ticket -> its connection
    std::unordered_map<quint64, WebhookResponse> m_pending; // reported on the next turn
};

} // namespace UpdateInspector::Internal
