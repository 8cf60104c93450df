// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// What a webhook answers: the HTTP response parser, the service's error wording, and whether a 2xx
// body is a method call.
#include "webhookreply_p.h"

#include "gzip.h"
#include "multipart_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace UpdateInspector::Internal {

namespace {

constexpr qsizetype kMaxLineSize = 1024; // a chunk-size line

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

QLatin1StringView standardReasonPhrase(int status)
{
    switch (status) {
    case 300: return "Multiple Choices"_L1;
    case 301: return "Moved Permanently"_L1;
    case 302: return "Found"_L1;
    case 303: return "See Other"_L1;
    case 304: return "Not Modified"_L1;
    case 307: return "Temporary Redirect"_L1;
    case 308: return "Permanent Redirect"_L1;
    case 400: return "Bad Request"_L1;
    case 401: return "Unauthorized"_L1;
    case 402: return "Payment Required"_L1;
    case 403: return "Forbidden"_L1;
    case 404: return "Not Found"_L1;
    case 405: return "Method Not Allowed"_L1;
    case 406: return "Not Acceptable"_L1;
    case 408: return "Request Timeout"_L1;
    case 409: return "Conflict"_L1;
    case 410: return "Gone"_L1;
    case 411: return "Length Required"_L1;
    case 413: return "Content Too Large"_L1;
    case 414: return "URI Too Long"_L1;
    case 415: return "Unsupported Media Type"_L1;
    case 421: return "Misdirected Request"_L1;
    case 422: return "Unprocessable Content"_L1;
    case 429: return "Too Many Requests"_L1;
    case 500: return "Internal Server Error"_L1;
    case 501: return "Not Implemented"_L1;
    case 502: return "Bad Gateway"_L1;
    case 503: return "Service Unavailable"_L1;
    case 504: return "Gateway Timeout"_L1;
    case 505: return "HTTP Version Not Supported"_L1;
    }
    return {};
}

QByteArray mimeTypeOf(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mime = semicolon < 0 ? contentType : contentType.first(semicolon);
    return mime.trimmed().toLower();
}

// True for a part whose Content-Disposition names it "method" and whose value is not empty.
bool isMethodPart(QByteArrayView part)
{
    const qsizetype headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    const QByteArray headers = part.first(headerEnd).toByteArray().toLower();
    for (qsizetype at = headers.indexOf("name="); at >= 0; at = headers.indexOf("name=", at + 1)) {
        const char before = at > 0 ? headers.at(at - 1) : ';';
        if (before != ';' && before != ' ' && before != '\t')
            continue; // "filename=" and the like
        const QByteArrayView name = QByteArrayView(headers).sliced(at + 5);
        if (name.startsWith("\"method\"") || name.startsWith("method;") || name == "method")
            return !part.sliced(headerEnd + 4).trimmed().isEmpty();
    }
    return false;
}

bool multipartHasMethod(const QByteArray &contentType, const QByteArray &body)
{
    const QByteArray boundary = multipartBoundary(contentType);
    if (boundary.isEmpty())
        return false;
    const QByteArray delimiter = "--" + boundary;
    qsizetype at = body.indexOf(delimiter);
    while (at >= 0) {
        const qsizetype start = at + delimiter.size();
        const qsizetype next = body.indexOf(delimiter, start);
        if (next < 0)
            break;
        if (isMethodPart(QByteArrayView(body).sliced(start, next - start)))
            return true;
        at = next;
    }
    return false;
}

} // namespace

ResponseParser::Result ResponseParser::feed(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return m_state == State::Done ? Result::Done : Result::NeedMore;
    m_started = true;
    if (m_buffer.isEmpty())
        m_buffer = bytes; // shared, not copied: the usual case is a whole answer in one read
    else
        m_buffer.append(bytes);
    const Result result = parse();
    if (result == Result::NeedMore && m_pos > 0) { // keep only what is not parsed yet
        if (m_pos == m_buffer.size())
            m_buffer.clear();
        else
            m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    return result;
}

ResponseParser::Result ResponseParser::finishAtClose()
{
    if (m_state == State::UntilClose) {
        m_closeToken = true;
        return done();
    }
    return m_state == State::Done ? Result::Done : Result::NeedMore;
}

bool ResponseParser::keepAlive() const
{
    // Bytes past the answer were never asked for: the connection is out of step, not reusable.
    return m_state == State::Done && !m_oversized && !m_closeToken && (m_http11 || m_keepAliveToken)
           && m_pos == m_buffer.size();
}

WebhookResponse ResponseParser::take()
{
    WebhookResponse response = std::move(m_response);
    *this = ResponseParser();
    return response;
}

ResponseParser::Result ResponseParser::parse()
{
    const QByteArrayView buffer(m_buffer);
    while (m_state != State::Done) {
        const qsizetype available = buffer.size() - m_pos;
        qsizetype eol = -1;
        switch (m_state) {
        case State::Head: {
            const qsizetype end = buffer.indexOf("\r\n\r\n", m_pos);
            if (end < 0)
                return available > MaxHeadSize ? Result::Invalid : Result::NeedMore;
            const QByteArrayView head = buffer.sliced(m_pos, end - m_pos);
            m_pos = end + 4;
            const Result result = parseHead(head);
            if (result == Result::Invalid || m_state == State::Done)
                return result;
            break;
        }
        case State::Body:
        case State::ChunkData: {
            const qsizetype size = std::min<qint64>(available, m_remaining);
            m_response.body.append(buffer.sliced(m_pos, size));
            m_pos += size;
            m_remaining -= size;
            if (m_remaining > 0)
                return Result::NeedMore;
            if (m_state == State::Body)
                return done();
            m_state = State::ChunkEnd;
            break;
        }
        case State::ChunkSize: {
            eol = buffer.indexOf("\r\n", m_pos);
            if (eol < 0)
                return available > kMaxLineSize ? Result::Invalid : Result::NeedMore;
            QByteArrayView line = buffer.sliced(m_pos, eol - m_pos);
            m_pos = eol + 2;
            if (const qsizetype semicolon = line.indexOf(';'); semicolon >= 0)
                line = line.first(semicolon); // chunk extensions
            bool ok = false;
            const qint64 size = line.trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0)
                return Result::Invalid;
            if (m_response.body.size() + size > MaxBodySize) {
                m_oversized = true;
                return done();
            }
            m_remaining = size;
            m_state = size == 0 ? State::Trailers : State::ChunkData;
            break;
        }
        case State::ChunkEnd:
            if (available < 2)
                return Result::NeedMore;
            if (buffer.sliced(m_pos, 2) != "\r\n")
                return Result::Invalid;
            m_pos += 2;
            m_state = State::ChunkSize;
            break;
        case State::Trailers:
            eol = buffer.indexOf("\r\n", m_pos);
            if (eol < 0)
                return available > MaxHeadSize ? Result::Invalid : Result::NeedMore;
            if (std::exchange(m_pos, eol + 2) == eol)
                return done(); // the empty line after the trailers
            break;
        case State::UntilClose:
            if (m_response.body.size() + available > MaxBodySize) {
                m_oversized = true;
                return done();
            }
            m_response.body.append(buffer.sliced(m_pos));
            m_pos = buffer.size();
            return Result::NeedMore;
        case State::Done:
            break;
        }
    }
    return Result::Done;
}

ResponseParser::Result ResponseParser::parseHead(QByteArrayView head)
{
    // HTTP/1.x SP 3DIGIT [SP reason-phrase]
    qsizetype eol = head.indexOf("\r\n");
    const QByteArrayView statusLine = eol < 0 ? head : head.first(eol);
    bool ok = false;
    const int status = statusLine.size() >= 12 ? statusLine.sliced(9, 3).toInt(&ok) : 0;
    if (!ok || !statusLine.startsWith("HTTP/1.") || statusLine.at(8) != ' ' || status < 100
        || (statusLine.size() > 12 && statusLine.at(12) != ' '))
        return Result::Invalid;
    if (status == 101)
        return Result::Invalid; // we never asked for an upgrade
    if (status < 200)
        return Result::NeedMore; // interim (100 Continue and the like): the real one follows
    m_http11 = statusLine.at(7) != '0';
    m_response.status = status;
    m_response.reasonPhrase = statusLine.size() > 13 ? statusLine.sliced(13).toByteArray() : QByteArray();
    for (qsizetype pos = eol < 0 ? head.size() : eol + 2; pos < head.size(); pos = eol + 2) {
        eol = head.indexOf("\r\n", pos);
        if (eol < 0)
            eol = head.size();
        const QByteArrayView line = head.sliced(pos, eol - pos);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !parseHeader(line.first(colon).trimmed(), line.sliced(colon + 1).trimmed()))
            return Result::Invalid;
    }
    if (status == 204 || status == 304)
        return done();
    if (m_chunked) {
        m_state = State::ChunkSize;
    } else if (m_contentLength) {
        m_oversized = *m_contentLength > MaxBodySize;
        if (m_oversized || *m_contentLength == 0)
            return done();
        m_remaining = *m_contentLength;
        m_state = State::Body;
    } else {
        m_state = State::UntilClose;
    }
    return Result::NeedMore;
}

bool ResponseParser::parseHeader(QByteArrayView name, QByteArrayView value)
{
    bool ok = false;
    if (equalsIgnoringCase(name, "Content-Length")) {
        const qint64 length = value.toLongLong(&ok);
        if (!ok || length < 0 || (m_contentLength && *m_contentLength != length))
            return false;
        m_contentLength = length;
    } else if (equalsIgnoringCase(name, "Transfer-Encoding")) {
        m_chunked = value.toByteArray().toLower().contains("chunked");
    } else if (equalsIgnoringCase(name, "Connection")) {
        for (const QByteArray &token : value.toByteArray().split(',')) {
            m_closeToken = m_closeToken || equalsIgnoringCase(token.trimmed(), "close");
            m_keepAliveToken = m_keepAliveToken || equalsIgnoringCase(token.trimmed(), "keep-alive");
        }
    } else if (equalsIgnoringCase(name, "Content-Type")) {
        if (m_response.contentType.isEmpty())
            m_response.contentType = value.toByteArray();
    } else if (equalsIgnoringCase(name, "Retry-After")) {
        const qint64 seconds = value.toLongLong(&ok);
        if (ok)
            m_response.retryAfter = seconds;
    } else if (equalsIgnoringCase(name, "Content-Encoding")) {
        m_gzip = equalsIgnoringCase(value, "gzip") || equalsIgnoringCase(value, "x-gzip");
    }
    return true;
}

ResponseParser::Result ResponseParser::done()
{
    m_state = State::Done;
    QByteArray &body = m_response.body;
    if (m_oversized) {
        body.clear();
    } else if (m_gzip && isGzip(body)) {
        // Only to read a method call out of it; a body that does not decode is kept as it came.
        QByteArray plain;
        QString error;
        if (gunzip(body, 0, plain, &error))
            body = plain.size() <= MaxBodySize ? plain : QByteArray();
    }
    return Result::Done;
}

QString wrongResponseMessage(int status, const QByteArray &reasonPhrase)
{
    QString reason = QString::fromLatin1(reasonPhrase).trimmed();
    if (reason.isEmpty())
        reason = standardReasonPhrase(status);
    QString message = u"Wrong response from the webhook: "_s + QString::number(status);
    if (!reason.isEmpty())
        message += u' ' + reason;
    return message;
}

QString transportErrorMessage(QAbstractSocket::SocketError error, const QString &qtText,
                              const QString &sslText)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return u"Connection refused"_s;
    case QAbstractSocket::RemoteHostClosedError:
        return u"Connection reset by peer"_s;
    case QAbstractSocket::HostNotFoundError:
        return u"Failed to resolve host: Name or service not known"_s;
    case QAbstractSocket::SocketTimeoutError:
        return u"Read timeout expired"_s;
    case QAbstractSocket::SslHandshakeFailedError:
        return u"SSL error {error:%1}"_s.arg(sslText.isEmpty() ? qtText : sslText);
    default:
        return qtText;
    }
}

QString unknownProtocolMessage(const QString &scheme)
{
    return u"Protocol \"%1\" is unknown"_s.arg(scheme);
}

QString malformedResponseMessage()
{
    return u"Wrong response from the webhook: malformed HTTP response"_s;
}

bool isMethodCall(const QByteArray &contentType, const QByteArray &body)
{
    if (body.isEmpty())
        return false;
    const QByteArray mime = mimeTypeOf(contentType);
    if (mime == "application/json") {
        const QJsonValue method = QJsonDocument::fromJson(body).object().value("method"_L1);
        return method.isString() && !method.toString().isEmpty();
    }
    if (mime == "application/x-www-form-urlencoded")
        return !QUrlQuery(QString::fromUtf8(body)).queryItemValue(u"method"_s).isEmpty();
    if (mime == "multipart/form-data")
        return multipartHasMethod(contentType, body);
    return false;
}

} // namespace UpdateInspector::Internal
