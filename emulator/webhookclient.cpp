// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookclient_p.h"

#include "webhookconfig.h"

#include <QNetworkProxy>
#include <QTcpSocket>
#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslError>
#include <QSslSocket>
#endif

#include <algorithm>

using namespace Qt::StringLiterals;

namespace UpdateInspector::Internal {

namespace {

// The Host header: what the URL names, also when the connection goes to a fixed address.
QByteArray hostHeader(const QUrl &url)
{
    QString host = url.host(QUrl::FullyEncoded);
    if (host.contains(u':'))
        host = u'[' + host + u']';
    const int defaultPort = url.scheme() == "https"_L1 ? 443 : 80;
    if (url.port() >= 0 && url.port() != defaultPort)
        host += u':' + QString::number(url.port());
    return host.toLatin1();
}

// Path and query as the URL has them; "/" for an empty path.
QByteArray requestTarget(const QUrl &url)
{
    QByteArray target =
        url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (!target.startsWith('/'))
        target.prepend('/');
    return target;
}

// Closes a socket that may be the one whose signal is running: deleted on the next turn.
void closeSocket(QTcpSocket *socket)
{
    socket->disconnect();
    socket->abort();
    socket->deleteLater();
}

} // namespace

struct WebhookClient::Connection
{
    QTcpSocket *socket = nullptr;
    ResponseParser parser;
    quint64 ticket = 0; // the request in flight; 0 while idle
    QByteArray body;    // the request's, kept for a retry on a fresh connection
    bool halfBody = false;
    bool ready = false; // connected (and encrypted, for TLS): a request can be written
    bool idle = false;  // in m_idle
    int served = 0;     // answers completed on this connection
    QString sslError;   // the first certificate error of the handshake
};

WebhookClient::WebhookClient(const WebhookConfig &config, QObject *parent)
    : QObject(parent)
{
    const QUrl &url = config.url;
    const QString scheme = url.scheme();
    m_tls = scheme == "https"_L1;
#if QT_CONFIG(ssl)
    if (scheme != "http"_L1 && !m_tls)
#else
    if (scheme != "http"_L1)
#endif
        m_unsupportedScheme = scheme;
    m_peerName = url.host(QUrl::FullyEncoded);
    m_connectHost = config.ipAddress.isEmpty() ? m_peerName : config.ipAddress;
    m_port = quint16(url.port(m_tls ? 443 : 80));

    m_head = "POST " + requestTarget(url) + " HTTP/1.1\r\nHost: " + hostHeader(url)
        + "\r\nContent-Type: application/json\r\nContent-Length: ";
    m_headTail = "\r\nConnection: keep-alive\r\nAccept-Encoding: gzip, deflate\r\n";
    if (!config.secretToken.isEmpty())
        m_headTail += "X-Telegram-Bot-Api-Secret-Token: " + config.secretToken + "\r\n";
    if (!url.userInfo().isEmpty()) {
        const QString credentials =
            url.userName(QUrl::FullyDecoded) + u':' + url.password(QUrl::FullyDecoded);
        m_headTail += "Authorization: Basic " + credentials.toUtf8().toBase64() + "\r\n";
    }
    m_headTail += "\r\n";
#if QT_CONFIG(ssl)
    if (m_tls && config.hasCustomCertificate()) {
        // The uploaded self-signed certificate is trusted on top of the system's CAs.
        m_ssl = QSslConfiguration::defaultConfiguration();
        m_ssl.addCaCertificates(QSslCertificate::fromData(config.certificatePem, QSsl::Pem));
        m_customSsl = true;
    }
#endif
}

WebhookClient::~WebhookClient()
{
    for (const auto &[key, connection] : m_connections)
        closeSocket(connection->socket);
}

void WebhookClient::post(quint64 ticket, const QByteArray &body, bool halfBody)
{
    ++m_posting;
    if (!m_unsupportedScheme.isEmpty()) {
        WebhookResponse response;
        response.error = unknownProtocolMessage(m_unsupportedScheme);
        report(ticket, std::move(response));
        --m_posting;
        return;
    }
    Connection *connection = nullptr;
    if (m_idle.empty()) {
        connection = open();
    } else {
        connection = m_idle.back();
        m_idle.pop_back();
        connection->idle = false;
    }
    connection->ticket = ticket;
    connection->body = body;
    connection->halfBody = halfBody;
    m_busy[ticket] = connection;
    send(connection); // may fail at once; the connection may be gone afterwards
    --m_posting;
}

void WebhookClient::abort(quint64 ticket)
{
    m_pending.erase(ticket);
    const auto it = m_busy.find(ticket);
    if (it == m_busy.end())
        return;
    Connection *connection = it->second;
    m_busy.erase(it);
    connection->ticket = 0;
    discard(connection);
}

WebhookClient::Connection *WebhookClient::open()
{
    auto owned = std::make_unique<Connection>();
    Connection *connection = owned.get();
#if QT_CONFIG(ssl)
    if (m_tls) {
        auto *ssl = new QSslSocket();
        if (m_customSsl)
            ssl->setSslConfiguration(m_ssl);
        connect(ssl, &QSslSocket::encrypted, ssl, [this, connection] {
            connection->ready = true;
            send(connection);
        });
        connect(ssl, &QSslSocket::sslErrors, ssl, [connection](const QList<QSslError> &errors) {
            if (connection->sslError.isEmpty() && !errors.isEmpty())
                connection->sslError = errors.constFirst().errorString();
        });
        connection->socket = ssl;
    }
#endif
    if (!connection->socket)
        connection->socket = new QTcpSocket();
    QTcpSocket *socket = connection->socket;
    socket->setProxy(QNetworkProxy::NoProxy);
    connect(socket, &QAbstractSocket::connected, socket, [this, connection] {
        onConnected(connection);
    });
    connect(socket, &QIODevice::readyRead, socket, [this, connection] { onReadyRead(connection); });
    connect(socket, &QAbstractSocket::errorOccurred, socket,
            [this, connection](QAbstractSocket::SocketError error) { onError(connection, error); });
    connect(socket, &QAbstractSocket::disconnected, socket, [this, connection] {
        onError(connection, QAbstractSocket::RemoteHostClosedError);
    });
    m_connections.emplace(connection, std::move(owned));
    return connection;
}

// Connects, or writes the request when connected. Must be the last use of `connection`: a
// failure may be handled (and the connection discarded) before it returns.
void WebhookClient::send(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    if (!connection->ready) {
#if QT_CONFIG(ssl)
        if (m_tls) {
            static_cast<QSslSocket *>(socket)->connectToHostEncrypted(m_connectHost, m_port,
                                                                     m_peerName);
            return;
        }
#endif
        socket->connectToHost(m_connectHost, m_port);
        return;
    }
    const QByteArray &body = connection->body;
    const QByteArray length = QByteArray::number(body.size());
    const qsizetype bodyBytes = connection->halfBody ? body.size() / 2 : body.size();
    QByteArray request;
    request.reserve(m_head.size() + length.size() + m_headTail.size() + bodyBytes);
    request.append(m_head).append(length).append(m_headTail).append(body.first(bodyBytes));
    socket->write(request);
    socket->flush(); // now, not on the next turn of the event loop
}

void WebhookClient::onConnected(Connection *connection)
{
    // Without it a request or answer split in two segments waits ~40 ms for a delayed ACK.
    connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_tls)
        return; // encrypted() sends
    connection->ready = true;
    send(connection);
}

void WebhookClient::onReadyRead(Connection *connection)
{
    const QByteArray bytes = connection->socket->readAll();
    if (connection->ticket == 0) {
        discard(connection); // an idle connection has nothing to say (a 408 before closing, ...)
        return;
    }
    switch (connection->parser.feed(bytes)) {
    case ResponseParser::Result::NeedMore:
        return;
    case ResponseParser::Result::Done:
        complete(connection);
        return;
    case ResponseParser::Result::Invalid:
        fail(connection, malformedResponseMessage(), false);
        return;
    }
}

void WebhookClient::onError(Connection *connection, QAbstractSocket::SocketError error)
{
    if (connection->ticket == 0) {
        discard(connection); // closed while idle: forget it
        return;
    }
    if (error == QAbstractSocket::RemoteHostClosedError) {
        if (connection->socket->bytesAvailable() > 0) // what came with the close
            connection->parser.feed(connection->socket->readAll());
        if (connection->parser.finishAtClose() == ResponseParser::Result::Done) {
            complete(connection); // a body that ran until the close, or came just before it
            return;
        }
    }
    const QTcpSocket *socket = connection->socket;
    fail(connection, transportErrorMessage(error, socket->errorString(), connection->sslError),
         true);
}

void WebhookClient::complete(Connection *connection)
{
    const quint64 ticket = std::exchange(connection->ticket, 0);
    m_busy.erase(ticket);
    // After a half body (the Drop fault) the webhook still waits for the rest: out of step.
    const bool reusable = connection->parser.keepAlive() && !connection->halfBody;
    WebhookResponse response = connection->parser.take();
    if (reusable) {
        connection->body.clear();
        ++connection->served;
        connection->idle = true;
        m_idle.push_back(connection);
    } else {
        discard(connection);
    }
    report(ticket, std::move(response)); // last: the receiver may post, abort or destroy us
}

void WebhookClient::fail(Connection *connection, const QString &message, bool mayRetry)
{
    const quint64 ticket = std::exchange(connection->ticket, 0);
    const bool retry = mayRetry && connection->served > 0 && !connection->parser.hasStarted();
    const QByteArray body = std::move(connection->body);
    const bool halfBody = connection->halfBody;
    discard(connection);
    if (retry) {
        Connection *fresh = open(); // served == 0: it is never retried in turn
        fresh->ticket = ticket;
        fresh->body = body;
        fresh->halfBody = halfBody;
        m_busy[ticket] = fresh;
        send(fresh);
        return;
    }
    m_busy.erase(ticket);
    WebhookResponse response;
    response.error = message;
    report(ticket, std::move(response));
}

void WebhookClient::discard(Connection *connection)
{
    if (connection->idle)
        m_idle.erase(std::find(m_idle.begin(), m_idle.end(), connection));
    closeSocket(connection->socket);
    m_connections.erase(connection);
}

void WebhookClient::report(quint64 ticket, WebhookResponse response)
{
    if (m_posting == 0) {
        Q_EMIT finished(ticket, response);
        return;
    }
    // Failed inside post(): the caller is still busy with its books, so it hears on the next turn.
    m_pending.insert_or_assign(ticket, std::move(response));
    QMetaObject::invokeMethod(
        this,
        [this, ticket] {
            auto node = m_pending.extract(ticket);
            if (!node.empty())
                Q_EMIT finished(ticket, node.mapped());
        },
        Qt::QueuedConnection);
}

} // namespace UpdateInspector::Internal
