// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "httprequestparser.h"

#include "httpchunkedbody_p.h"

#include <algorithm>
#include <limits>

namespace UpdateInspector {

namespace {
using HttpSyntax::isOws;
using HttpSyntax::trimOws;
using HttpSyntax::withoutCr;

constexpr qsizetype kMaxReportedTarget = 2048;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// Field values may hold visible characters, spaces, tabs and obs-text; no other control bytes
// (a bare CR inside a line is one of them).
bool isFieldValue(QByteArrayView value)
{
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool isTargetByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7f;
}

// Calls `visit` with each comma-separated element of a header value, trimmed, skipping empties.
template<typename Visit> bool forEachListElement(QByteArrayView value, Visit visit)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView element = trimOws(comma < 0 ? value : value.first(comma));
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
        if (!element.isEmpty() && !visit(element))
            return false;
    }
    return true;
}
} // namespace

QByteArrayView HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

QByteArrayView HttpRequest::path() const
{
    QByteArrayView rest(target);
    if (!rest.startsWith('/')) {
        // absolute-form (a proxy-style request): drop "scheme://authority"
        const qsizetype scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.sliced(scheme + 3);
            const qsizetype slash = rest.indexOf('/');
            rest = slash < 0 ? QByteArrayView("/") : rest.sliced(slash);
        }
    }
    const auto end
        = std::find_if(rest.begin(), rest.end(), [](char c) { return c == '?' || c == '#'; });
    return rest.first(end - rest.begin());
}

HttpRequestParser::HttpRequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes)
    , m_maxBodyBytes(maxBodyBytes)
{ }

void HttpRequestParser::reset()
{
    m_stage = Stage::Head;
    m_started = false;
    m_headRead = false;
    m_lineStart = 0;
    m_remaining = 0;
    m_trailerBytes = 0;
    m_closeRequested = false;
    m_keepAliveRequested = false;
    m_request = HttpRequest();
    m_error.clear();
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    reset();
    return request;
}

HttpRequestParser::Result HttpRequestParser::fail(Result result, const QString &error)
{
    m_error = error;
    return result;
}

HttpRequestParser::Result HttpRequestParser::parse(QByteArrayView data, qsizetype *consumed)
{
    qsizetype pos = 0;
    // Stops where the chunked framing could not be read on.
    const auto stopChunked = [&](const HttpChunkedBody::Step &step) {
        *consumed = pos;
        return step.error.isEmpty() ? step.result : fail(step.result, step.error);
    };
    for (;;) {
        switch (m_stage) {
        case Stage::Head: {
            const Result result = parseHead(data, &pos);
            if (m_stage == Stage::Head || result != Result::NeedMore) {
                *consumed = pos;
                return result;
            }
            break;
        }
        case Stage::Body:
        case Stage::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, data.size() - pos);
            m_request.body.append(data.sliced(pos, qsizetype(take)));
            pos += qsizetype(take);
            m_remaining -= take;
            if (m_remaining > 0) {
                *consumed = pos;
                return Result::NeedMore;
            }
            m_stage = m_stage == Stage::Body ? Stage::Done : Stage::ChunkEnd;
            break;
        }
        case Stage::ChunkSize: {
            const auto step
                = HttpChunkedBody::readSizeLine(data, pos, m_request.body.size(), m_maxBodyBytes);
            if (!step.read)
                return stopChunked(step);
            pos = step.next;
            m_remaining = step.chunkSize;
            m_stage = step.chunkSize == 0 ? Stage::Trailer : Stage::ChunkData;
            break;
        }
        case Stage::ChunkEnd: {
            const auto step = HttpChunkedBody::readDataEnd(data, pos);
            if (!step.read)
                return stopChunked(step);
            pos = step.next;
            m_stage = Stage::ChunkSize;
            break;
        }
        case Stage::Trailer: {
            const auto step
                = HttpChunkedBody::readTrailerLine(data, pos, m_trailerBytes, m_maxHeaderBytes);
            if (!step.read)
                return stopChunked(step);
            m_trailerBytes += step.next - pos;
            pos = step.next;
            if (step.endsTrailer)
                m_stage = Stage::Done;
            break; // trailer fields are read past, not kept
        }
        case Stage::Done:
            *consumed = pos;
            return Result::Complete;
        }
    }
}

HttpRequestParser::Result HttpRequestParser::parseHead(QByteArrayView data, qsizetype *consumed)
{
    qsizetype skipped = 0;
    if (!m_started) {
        // Blank lines before a request line are allowed (some clients send CRLF after a body).
        while (skipped < data.size() && (data[skipped] == '\r' || data[skipped] == '\n'))
            ++skipped;
        *consumed = skipped;
        if (skipped == data.size())
            return Result::NeedMore;
        m_started = true;
    }
    const QByteArrayView head = data.sliced(skipped);
    for (;;) {
        const qsizetype lineEnd = head.indexOf('\n', m_lineStart);
        if (lineEnd < 0) {
            return head.size() > m_maxHeaderBytes
                ? fail(Result::HeadTooLarge,
                       QStringLiteral("the request head is larger than %1 bytes")
                           .arg(m_maxHeaderBytes))
                : Result::NeedMore;
        }
        const bool blank = withoutCr(head.sliced(m_lineStart, lineEnd - m_lineStart)).isEmpty();
        if (blank && m_lineStart > 0) {
            if (lineEnd + 1 > m_maxHeaderBytes)
                return fail(Result::HeadTooLarge,
                            QStringLiteral("the request head is larger than %1 bytes")
                                .arg(m_maxHeaderBytes));
            *consumed = skipped + lineEnd + 1;
            const Result result = readHead(head.first(m_lineStart));
            m_headRead = result == Result::NeedMore;
            return m_headRead ? startBody() : result;
        }
        m_lineStart = lineEnd + 1;
        if (m_lineStart > m_maxHeaderBytes)
            return fail(
                Result::HeadTooLarge,
                QStringLiteral("the request head is larger than %1 bytes").arg(m_maxHeaderBytes));
    }
}

HttpRequestParser::Result HttpRequestParser::readHead(QByteArrayView head)
{
    qsizetype lineEnd = head.indexOf('\n');
    const QByteArrayView requestLine = withoutCr(head.first(lineEnd));
    const qsizetype space1 = requestLine.indexOf(' ');
    const qsizetype space2 = space1 < 0 ? -1 : requestLine.indexOf(' ', space1 + 1);
    if (space1 <= 0 || space2 <= space1 + 1)
        return fail(Result::Malformed,
                    QStringLiteral("the request line is not \"METHOD target HTTP/1.1\""));
    const QByteArrayView method = requestLine.first(space1);
    const QByteArrayView target = requestLine.sliced(space1 + 1, space2 - space1 - 1);
    const QByteArrayView version = requestLine.sliced(space2 + 1);
    if (!isToken(method))
        return fail(Result::Malformed, QStringLiteral("the request method is not a token"));
    if (!std::all_of(target.begin(), target.end(), isTargetByte))
        return fail(Result::Malformed,
                    QStringLiteral("the request target contains control characters"));
    if (version == "HTTP/1.1")
        m_request.minorVersion = 1;
    else if (version == "HTTP/1.0")
        m_request.minorVersion = 0;
    else
        return fail(Result::Malformed, QStringLiteral("the HTTP version is not 1.1 or 1.0"));
    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();

    bool sawLength = false;
    while (lineEnd + 1 < head.size()) {
        const qsizetype start = lineEnd + 1;
        lineEnd = head.indexOf('\n', start);
        const Result result
            = readHeader(withoutCr(head.sliced(start, lineEnd - start)), &sawLength);
        if (result != Result::NeedMore)
            return result;
    }
    if (m_request.chunked && sawLength) {
        // Both framings at once is how requests get smuggled: the chunked one wins (RFC 9112),
        // and the connection is not trusted with another request.
        m_request.contentLength = -1;
        m_request.keepAlive = false;
    }
    if (m_request.minorVersion == 1 && m_request.header("host").isNull())
        return fail(Result::Malformed, QStringLiteral("an HTTP/1.1 request without a Host header"));
    return Result::NeedMore;
}

HttpRequestParser::Result HttpRequestParser::readHeader(QByteArrayView line, bool *sawLength)
{
    if (!line.isEmpty() && isOws(line.front()))
        return fail(Result::Malformed,
                    QStringLiteral("a folded header line (obsolete line folding)"));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return fail(Result::Malformed, QStringLiteral("a header line that is not \"Name: value\""));
    const QByteArrayView value = trimOws(line.sliced(colon + 1));
    if (!isFieldValue(value))
        return fail(Result::Malformed,
                    QStringLiteral("a header value contains control characters"));
    QByteArray name = line.first(colon).toByteArray().toLower();

    if (name == "content-length") {
        if (!std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })
            || value.isEmpty()) {
            return fail(Result::Malformed, QStringLiteral("Content-Length is not a number"));
        }
        // Digits past 18 do not fit qint64 and are far over any cap anyway.
        const qint64 length
            = value.size() > 18 ? std::numeric_limits<qint64>::max() : value.toLongLong();
        if (*sawLength && length != m_request.contentLength)
            return fail(Result::Malformed, QStringLiteral("two different Content-Length headers"));
        *sawLength = true;
        m_request.contentLength = length;
    } else if (name == "transfer-encoding") {
        QByteArrayView unsupported;
        forEachListElement(value, [&](QByteArrayView coding) {
            if (coding.compare("chunked", Qt::CaseInsensitive) == 0)
                m_request.chunked = true;
            else
                unsupported = coding;
            return unsupported.isNull();
        });
        if (!unsupported.isNull())
            return fail(Result::Malformed,
                        QStringLiteral("the transfer coding \"%1\" is not supported")
                            .arg(QLatin1StringView(unsupported.left(40))));
    } else if (name == "connection") {
        forEachListElement(value, [&](QByteArrayView option) {
            if (option.compare("close", Qt::CaseInsensitive) == 0)
                m_closeRequested = true;
            else if (option.compare("keep-alive", Qt::CaseInsensitive) == 0)
                m_keepAliveRequested = true;
            return true;
        });
    } else if (name == "expect") {
        m_request.expectsContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
    }
    m_request.headers.append({std::move(name), value.toByteArray()});
    return Result::NeedMore;
}

HttpRequestParser::Result HttpRequestParser::startBody()
{
    // HTTP/1.0 closes unless asked to keep the connection; HTTP/1.1 keeps it unless told.
    const bool keep = m_request.minorVersion == 1 ? !m_closeRequested
                                                  : m_keepAliveRequested && !m_closeRequested;
    m_request.keepAlive = m_request.keepAlive && keep;
    if (m_request.chunked) {
        m_stage = Stage::ChunkSize;
    } else if (m_request.contentLength > m_maxBodyBytes) {
        // Refused before a byte of it is read.
        return fail(Result::BodyTooLarge,
                    QStringLiteral("the declared body is larger than %1 bytes (Content-Length: %2)")
                        .arg(m_maxBodyBytes)
                        .arg(QLatin1StringView(m_request.header("content-length").left(30))));
    } else if (m_request.contentLength > 0) {
        // Reserve what is declared, but not a client's word for a whole megabyte per connection.
        m_request.body.reserve(qsizetype(std::min<qint64>(m_request.contentLength, 64 * 1024)));
        m_remaining = m_request.contentLength;
        m_stage = Stage::Body;
    } else {
        m_stage = Stage::Done;
    }
    return Result::NeedMore;
}

bool HttpRequestParser::peekRequestLine(QByteArrayView data, QByteArray *method, QByteArray *target)
{
    while (!data.isEmpty() && (data.front() == '\r' || data.front() == '\n'))
        data = data.sliced(1);
    const qsizetype lineEnd = data.indexOf('\n');
    const QByteArrayView line = withoutCr(lineEnd < 0 ? data : data.first(lineEnd));
    const qsizetype space1 = line.indexOf(' ');
    if (space1 <= 0 || space1 > 32 || !isToken(line.first(space1)))
        return false;
    QByteArrayView rest = line.sliced(space1 + 1);
    if (const qsizetype space2 = rest.indexOf(' '); space2 >= 0)
        rest = rest.first(space2);
    *method = line.first(space1).toByteArray();
    *target = rest.left(kMaxReportedTarget).toByteArray();
    return true;
}

} // namespace UpdateInspector
