// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "guardedtcpserver.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <limits>

#if defined(Q_OS_WIN)
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace UpdateInspector {

namespace {
// How long a rejected connection may keep sending after our answer before it is aborted.
constexpr int kLingerMs = 2000;
constexpr QByteArrayView kCrlf("\r\n");

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// Walks a chunked body starting at `pos`; counts chunk data against the cap.
GuardedTcpServer::Inspection inspectChunked(QByteArrayView data, qsizetype pos, qint64 maxBodyBytes)
{
    using Inspection = GuardedTcpServer::Inspection;
    qint64 total = 0;
    for (;;) {
        const qsizetype lineEnd = data.indexOf(kCrlf, pos);
        if (lineEnd < 0)
            return Inspection::Incomplete;
        QByteArrayView sizeText = data.sliced(pos, lineEnd - pos);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText = sizeText.first(semicolon);
        bool ok = false;
        const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return Inspection::Complete; // malformed: Qt HTTP Server rejects it itself
        if (size > maxBodyBytes - total)
            return Inspection::BodyTooLarge;
        total += size;
        if (size == 0) {
            // Last chunk: an empty trailer section ends the request.
            if (data.sliced(lineEnd + 2).startsWith(kCrlf))
                return Inspection::Complete;
            return data.indexOf(QByteArrayView("\r\n\r\n"), lineEnd) >= 0 ? Inspection::Complete
                                                                          : Inspection::Incomplete;
        }
        pos = lineEnd + 2 + size + 2;
        if (pos > data.size())
            return Inspection::Incomplete;
    }
}
} // namespace

// Watches one connection. Its readyRead connection is made before Qt HTTP Server's, so it sees
// every byte first and can answer and drop the connection before the HTTP layer buffers more.
class ConnectionGuard final : public QObject
{
public:
    ConnectionGuard(GuardedTcpServer *server, QTcpSocket *socket)
        : QObject(socket)
        , m_server(server)
        , m_socket(socket)
        , m_peer(socket->peerAddress())
        , m_limits(server->limits())
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::timedOut);
        connect(socket, &QIODevice::readyRead, this, &ConnectionGuard::inspectPending);
        connect(socket, &QIODevice::bytesWritten, this, &ConnectionGuard::written);
        m_timer.start(m_limits.idleTimeoutMs);
    }

private:
    enum class State { Idle, InRequest, AwaitingResponse, Closing };

    // The bytes of the request in progress. Qt HTTP Server reads a request inside a QIODevice
    // transaction until it is complete, so what it has already parsed is only visible after a
    // rollback; the transaction is then restored to the same position.
    QByteArray pendingRequestBytes()
    {
        if (!m_socket->isTransactionStarted())
            return m_socket->peek(m_socket->bytesAvailable());
        const qint64 unread = m_socket->bytesAvailable();
        m_socket->rollbackTransaction();
        QByteArray all = m_socket->peek(m_socket->bytesAvailable());
        m_socket->startTransaction();
        m_socket->skip(all.size() - unread);
        return all;
    }

    void inspectPending()
    {
        if (m_state == State::Closing) {
            m_socket->readAll(); // drained, never answered
            return;
        }
        const QByteArray pending = pendingRequestBytes();
        if (pending.isEmpty())
            return;
        switch (GuardedTcpServer::inspect(pending, m_limits)) {
        case GuardedTcpServer::Inspection::HeadTooLarge:
            reject(431, "Request Header Fields Too Large",
                   QStringLiteral("request head over %1 bytes").arg(m_limits.maxHeaderBytes));
            return;
        case GuardedTcpServer::Inspection::BodyTooLarge:
            reject(413, "Content Too Large",
                   QStringLiteral("request body over %1 bytes").arg(m_limits.maxBodyBytes));
            return;
        case GuardedTcpServer::Inspection::Incomplete:
            // The deadline runs from a request's first byte, so a trickling client cannot hold
            // the connection by sending a byte now and then.
            if (m_state == State::Idle) {
                m_state = State::InRequest;
                m_timer.start(m_limits.idleTimeoutMs);
            }
            return;
        case GuardedTcpServer::Inspection::Complete:
            // A handler may answer late on purpose (a stall fault); that is not the client's fault.
            if (m_state != State::AwaitingResponse) {
                m_state = State::AwaitingResponse;
                m_timer.stop();
            }
            return;
        }
    }

    void written()
    {
        if (m_socket->bytesToWrite() > 0)
            return;
        if (m_state == State::AwaitingResponse) {
            // Keep-alive: the next request starts from a clean slate.
            m_state = State::Idle;
            m_timer.start(m_limits.idleTimeoutMs);
        } else if (m_state == State::Closing) {
            // Half-close so the client sees the end of our answer while we drain what it still
            // sends; closing with unread data would reset the connection and could lose the answer.
#if defined(Q_OS_WIN)
            ::shutdown(SOCKET(m_socket->socketDescriptor()), SD_SEND);
#else
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#endif
        }
    }

    void timedOut()
    {
        switch (m_state) {
        case State::Closing:
            m_socket->abort();
            return;
        case State::AwaitingResponse:
            return;
        case State::Idle:
            reject(408, "Request Timeout",
                   QStringLiteral("no request within %1 ms").arg(m_limits.idleTimeoutMs));
            return;
        case State::InRequest:
            reject(408, "Request Timeout",
                   QStringLiteral("request not complete within %1 ms").arg(m_limits.idleTimeoutMs));
            return;
        }
    }

    void reject(int status, QByteArrayView phrase, const QString &reason)
    {
        m_state = State::Closing;
        // Qt HTTP Server must not see this request: detach its reader (this also skips it for the
        // emission in progress) and drop everything buffered.
        QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
        connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::inspectPending);
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->readAll();
        m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + phrase.toByteArray()
                        + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        m_timer.start(kLingerMs);
        if (m_server)
            Q_EMIT m_server->rejected(m_peer, status, reason);
    }

    QPointer<GuardedTcpServer> m_server;
    QTcpSocket *m_socket;
    QHostAddress m_peer;
    ConnectionLimits m_limits;
    QTimer m_timer;
    State m_state = State::Idle;
};

GuardedTcpServer::GuardedTcpServer(const ConnectionLimits &limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
}

GuardedTcpServer::Inspection GuardedTcpServer::inspect(QByteArrayView data, const ConnectionLimits &limits)
{
    const qsizetype headEnd = data.indexOf(QByteArrayView("\r\n\r\n"));
    if (headEnd < 0)
        return data.size() > limits.maxHeaderBytes ? Inspection::HeadTooLarge : Inspection::Incomplete;
    if (headEnd + 4 > limits.maxHeaderBytes)
        return Inspection::HeadTooLarge;

    qint64 contentLength = 0;
    bool chunked = false;
    const QByteArrayView head = data.first(headEnd);
    qsizetype lineStart = head.indexOf(kCrlf); // the request line carries no header
    while (lineStart >= 0) {
        lineStart += 2;
        qsizetype lineEnd = head.indexOf(kCrlf, lineStart);
        const QByteArrayView line = head.sliced(lineStart, (lineEnd < 0 ? head.size() : lineEnd) - lineStart);
        lineStart = lineEnd;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArrayView name = line.first(colon).trimmed();
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (ok)
                contentLength = qMax(contentLength, length);
            else if (isDigits(value)) // too many digits for qint64
                contentLength = std::numeric_limits<qint64>::max();
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            chunked = chunked || value.toByteArray().toLower().contains("chunked");
        }
    }

    if (chunked)
        return inspectChunked(data, headEnd + 4, limits.maxBodyBytes);
    if (contentLength > limits.maxBodyBytes)
        return Inspection::BodyTooLarge;
    return data.size() - (headEnd + 4) >= contentLength ? Inspection::Complete : Inspection::Incomplete;
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_connections >= m_limits.maxConnections) {
        const QHostAddress peer = socket->peerAddress();
        socket->abort();
        delete socket;
        Q_EMIT rejected(peer, 503, QStringLiteral("more than %1 connections").arg(m_limits.maxConnections));
        return;
    }
    // Qt HTTP Server writes a response's head and body separately; with Nagle's algorithm the body
    // would wait for the client's delayed ACK (~40 ms a response).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    ++m_connections;
    connect(socket, &QObject::destroyed, this, [this] { --m_connections; });
    new ConnectionGuard(this, socket); // before addPendingConnection: its readyRead runs first
    addPendingConnection(socket);
}

} // namespace UpdateInspector
