// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listenerconnection_p.h"

#include <QDateTime>
#include <QSslSocket>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <sys/socket.h>

namespace UpdateInspector {

namespace {
// How long a connection that was answered and half-closed may keep sending before it is aborted.
constexpr int kLingerMs = 2000;
constexpr qsizetype kMaxRecordedBody = 64 * 1024;
constexpr char kTlsHandshakeRecord = 0x16;

void appendReason(WebhookRequest &record, const QString &why)
{
    record.reason = record.reason.isEmpty() ? why : record.reason + QStringLiteral("; ") + why;
}
} // namespace

ListenerConnection::ListenerConnection(WebhookListener::Private &listener, QTcpSocket *socket,
                                       bool tls)
    : QObject(listener.q)
    , m_listener(listener)
    , m_socket(socket)
    , m_peer(UpdateInspector::peerText(socket->peerAddress()))
    , m_peerPort(socket->peerPort())
    , m_telegramRange(isInTelegramWebhookRange(socket->peerAddress()))
    , m_idleTimeoutMs(listener.options.limits.idleTimeoutMs)
    , m_parser(listener.options.limits.maxHeaderBytes, listener.options.limits.maxBodyBytes)
    , m_idleSinceNs(listener.nowNs())
    , m_handshaking(tls)
{
    socket->setParent(this);
    connect(socket, &QIODevice::readyRead, this, &ListenerConnection::readIncoming);
    connect(socket, &QIODevice::bytesWritten, this, &ListenerConnection::halfCloseWhenFlushed);
    connect(socket, &QAbstractSocket::errorOccurred, this, &ListenerConnection::handleSocketError);
    connect(socket, &QAbstractSocket::disconnected, this, [this] {
        if (!m_inputClosed && m_socket->bytesAvailable() > 0)
            readIncoming();
        teardown(QStringLiteral("the client closed the connection before the answer"));
    });
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        connect(ssl, &QSslSocket::encryptedBytesWritten, this,
                &ListenerConnection::halfCloseWhenFlushed);
        connect(ssl, &QSslSocket::encrypted, this, [this] {
            m_handshaking = false;
            m_idleSinceNs = m_listener.nowNs(); // the handshake does not use up the idle time
            readIncoming();
        });
    }
    // The timer runs all the time; checkIdle() decides when it fires, so a request costs no timer
    // calls on the fast path.
    m_idleTimer.start(m_idleTimeoutMs, this);
}

void ListenerConnection::readIncoming()
{
    if (m_closed)
        return;
    if (m_handshaking) {
        if (!m_tlsStarted)
            startTls();
        return;
    }
    if (m_inputClosed) {
        m_socket->skip(m_socket->bytesAvailable()); // drained, never buffered
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return;
    const qsizetype old = m_buffer.size();
    m_buffer.resize(old + qsizetype(available));
    const qint64 got = m_socket->read(m_buffer.data() + old, available);
    m_buffer.resize(old + qsizetype(qMax<qint64>(got, 0)));
    parseBuffer();
}

void ListenerConnection::startTls()
{
    char first = 0;
    if (m_socket->peek(&first, 1) != 1)
        return;
    if (first != kTlsHandshakeRecord) {
        // Plain HTTP to the HTTPS port, a common slip: say so in clear text.
        m_handshaking = false;
        m_buffer = m_socket->readAll();
        reject(400, WebhookVerdict::BadRequest,
               QStringLiteral("plain HTTP sent to the HTTPS listener (no TLS handshake)"),
               m_buffer);
        return;
    }
    m_tlsStarted = true;
    static_cast<QSslSocket *>(m_socket)->startServerEncryption();
}

void ListenerConnection::parseBuffer()
{
    qsizetype offset = 0;
    while (!m_inputClosed) {
        const bool wasStarted = m_parser.hasStarted();
        qsizetype used = 0;
        const auto result = m_parser.parse(QByteArrayView(m_buffer).sliced(offset), &used);
        offset += used;
        if (!wasStarted && m_parser.hasStarted())
            m_requestStartNs = m_listener.nowNs(); // the deadline runs from the first byte
        if (result == HttpRequestParser::Result::NeedMore) {
            sendContinueIfAsked();
            break;
        }
        if (result == HttpRequestParser::Result::Complete) {
            const HttpRequest request = m_parser.takeRequest();
            ExchangePtr exchange = m_listener.judge(*this, request);
            if (!request.keepAlive || exchange->closeAfter) {
                exchange->closeAfter = true;
                m_inputClosed = true;
            }
            m_queue.push_back(std::move(exchange));
            continue;
        }
        const QByteArrayView pending = QByteArrayView(m_buffer).sliced(offset);
        const QString reason = m_parser.errorText();
        if (result == HttpRequestParser::Result::HeadTooLarge)
            reject(431, WebhookVerdict::HeadTooLarge, reason, pending);
        else if (result == HttpRequestParser::Result::BodyTooLarge)
            reject(413, WebhookVerdict::TooLarge, reason, pending);
        else
            reject(400, WebhookVerdict::BadRequest, reason, pending);
        return; // reject() wrote what was ready and dropped the buffer
    }
    if (m_inputClosed)
        m_buffer.clear();
    else if (offset >= m_buffer.size())
        m_buffer.resize(0); // keeps the capacity for the next request
    else if (offset > 0)
        m_buffer.remove(0, offset);
    writeReadyAnswers();
}

void ListenerConnection::sendContinueIfAsked()
{
    const HttpRequest &request = m_parser.request();
    if (!m_parser.isReadingBody() || !request.expectsContinue || request.minorVersion != 1
        || m_continueSent || !m_queue.empty()) {
        return;
    }
    m_continueSent = true;
    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_socket->flush();
}

WebhookRequest ListenerConnection::partialRecord(QByteArrayView pending) const
{
    WebhookRequest record;
    record.receivedMs = QDateTime::currentMSecsSinceEpoch();
    record.peer = m_peer;
    record.peerPort = m_peerPort;
    if (m_parser.hasHead()) {
        const HttpRequest &request = m_parser.request();
        record.method = request.method;
        record.path = redactedText(request.target);
        record.headers = redactedHeaders(request.headers, m_listener.secret);
        record.body = request.body.left(kMaxRecordedBody);
    } else {
        QByteArray method;
        QByteArray target;
        if (HttpRequestParser::peekRequestLine(pending, &method, &target)) {
            record.method = method;
            record.path = redactedText(target);
        }
    }
    record.verdict = WebhookVerdict::BadRequest;
    return record;
}

void ListenerConnection::reject(int status, WebhookVerdict verdict, const QString &reason,
                                QByteArrayView pending)
{
    auto exchange = std::make_shared<Exchange>();
    exchange->record = partialRecord(pending);
    exchange->record.verdict = verdict;
    exchange->record.status = status;
    exchange->record.reason = reason;
    exchange->record.responseBody = statusPhrase(status) + '\n';
    exchange->response = httpResponse(status, {}, exchange->record.responseBody, true);
    exchange->completeNs = m_listener.nowNs();
    exchange->ready = true;
    exchange->closeAfter = true;
    m_queue.push_back(std::move(exchange));
    m_inputClosed = true;
    m_parser.reset();
    m_buffer.clear();
    m_socket->skip(m_socket->bytesAvailable());
    writeReadyAnswers();
}

void ListenerConnection::writeReadyAnswers()
{
    if (m_closed)
        return;
    QByteArray out;
    QVarLengthArray<ExchangePtr, 16> written;
    bool drop = false;
    while (!m_queue.empty()) {
        const ExchangePtr &front = m_queue.front();
        if (!front->ready)
            break;
        if (front->dropConnection) {
            drop = true;
            break;
        }
        if (front->stallMs > 0) {
            if (!m_stallTimer.isActive())
                m_stallTimer.start(front->stallMs, Qt::PreciseTimer, this);
            break;
        }
        out += front->response;
        const bool close = front->closeAfter;
        written.append(front);
        m_queue.pop_front();
        if (close) {
            m_closing = true;
            break;
        }
    }
    if (!out.isEmpty()) {
        m_socket->write(out); // one write for all ready answers, pushed to the kernel at once
        m_socket->flush();
    }
    const qint64 now = m_listener.nowNs();
    for (const ExchangePtr &exchange : std::as_const(written)) {
        exchange->record.latencyUs = (now - exchange->completeNs) / 1000;
        m_listener.finish(*exchange);
    }
    if (m_queue.empty()) {
        m_idleSinceNs = now;
        m_servedAny = m_servedAny || !written.empty();
    }
    if (drop) {
        const ExchangePtr exchange = m_queue.front();
        m_queue.pop_front();
        m_listener.finish(*exchange);
        m_inputClosed = true;
        m_socket->disconnectFromHost(); // whatever was written before still goes out
        return;
    }
    if (m_closing)
        startClosing();
}

void ListenerConnection::startClosing()
{
    m_inputClosed = true;
    m_idleTimer.stop();
    if (!m_lingerTimer.isActive())
        m_lingerTimer.start(kLingerMs, this);
    halfCloseWhenFlushed();
}

void ListenerConnection::halfCloseWhenFlushed()
{
    if (!m_closing || m_closed || m_socket->bytesToWrite() > 0)
        return;
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket); ssl && ssl->encryptedBytesToWrite() > 0)
        return;
    // Half-close so the client sees the end of our answer while we drain what it still sends:
    // closing with unread data would reset the connection and could lose the answer.
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
}

void ListenerConnection::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_idleTimer.timerId()) {
        checkIdle();
    } else if (event->timerId() == m_lingerTimer.timerId()) {
        m_lingerTimer.stop();
        closeNow(QStringLiteral("the connection was closed"));
    } else if (event->timerId() == m_stallTimer.timerId()) {
        m_stallTimer.stop();
        if (!m_queue.empty())
            m_queue.front()->stallMs = 0;
        writeReadyAnswers();
    } else {
        QObject::timerEvent(event);
    }
}

void ListenerConnection::checkIdle()
{
    if (m_closed || m_closing) {
        m_idleTimer.stop();
        return;
    }
    if (!m_queue.empty()) {
        // Waiting for our own answer (the journal, a stall) is not the client's fault.
        m_idleTimer.start(m_idleTimeoutMs, this);
        return;
    }
    const bool inRequest = m_parser.hasStarted();
    const qint64 deadline
        = (inRequest ? m_requestStartNs : m_idleSinceNs) + qint64(m_idleTimeoutMs) * 1000000;
    const qint64 left = deadline - m_listener.nowNs();
    if (left > 0) {
        m_idleTimer.start(int(left / 1000000) + 1, this);
        return;
    }
    if (m_handshaking) {
        WebhookRequest record = partialRecord({});
        record.verdict = WebhookVerdict::TimedOut;
        record.reason
            = QStringLiteral("TLS handshake not finished within %1 ms").arg(m_idleTimeoutMs);
        m_listener.finish(std::move(record));
        closeNow({});
    } else if (inRequest) {
        reject(408, WebhookVerdict::TimedOut,
               QStringLiteral("request not complete within %1 ms").arg(m_idleTimeoutMs), m_buffer);
    } else if (!m_servedAny) {
        reject(408, WebhookVerdict::TimedOut,
               QStringLiteral("no request within %1 ms").arg(m_idleTimeoutMs), {});
    } else {
        // An idle keep-alive connection between requests is closed quietly (as nginx does): a
        // 408 could cross a request the client is sending right now.
        m_idleTimer.stop();
        m_inputClosed = true;
        m_socket->disconnectFromHost();
    }
}

void ListenerConnection::handleSocketError(QAbstractSocket::SocketError error)
{
    if (m_closed || !m_tlsStarted || !m_handshaking)
        return; // the disconnected signal follows for the rest
    WebhookRequest record = partialRecord({});
    record.reason = QStringLiteral("TLS handshake failed: ") + m_socket->errorString();
    if (error == QAbstractSocket::RemoteHostClosedError)
        record.reason = QStringLiteral("TLS handshake failed: the client closed the connection");
    m_listener.finish(std::move(record));
    closeNow({});
}

void ListenerConnection::closeNow(const QString &why)
{
    teardown(why); // signals are disconnected before the socket is aborted
}

void ListenerConnection::teardown(const QString &why)
{
    if (m_closed)
        return;
    m_closed = true;
    m_idleTimer.stop();
    m_lingerTimer.stop();
    m_stallTimer.stop();
    disconnect(m_socket, nullptr, this, nullptr);
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();

    if (m_parser.hasStarted() && !m_inputClosed) {
        WebhookRequest record = partialRecord(m_buffer);
        record.reason = QStringLiteral("connection closed mid-request");
        m_listener.finish(std::move(record));
    }
    for (const ExchangePtr &exchange : m_queue) {
        if (!exchange->ready) {
            exchange->orphaned = true; // the flush records it once the journal has it
            continue;
        }
        exchange->record.status = 0;
        exchange->record.responseBody.clear();
        if (!why.isEmpty() && !exchange->dropConnection)
            appendReason(exchange->record, QStringLiteral("not answered: ") + why);
        m_listener.finish(*exchange);
    }
    m_queue.clear();
    m_buffer.clear();
    m_listener.connectionClosed(this);
    deleteLater();
}

} // namespace UpdateInspector
