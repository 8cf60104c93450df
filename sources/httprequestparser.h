// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace UpdateInspector {

// One HTTP/1.x request as it came in (nothing redacted yet).
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent: "/path?query", or absolute-form "http://host/path"
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values without OWS
    QByteArray body; // chunked framing removed
    int minorVersion = 1; // HTTP/1.<minorVersion>
    bool keepAlive = true; // the connection may carry another request after this one
    bool expectsContinue = false; // Expect: 100-continue
    qint64 contentLength = -1; // declared; -1 when none (or chunked)
    bool chunked = false;

    // The first header of that (lower-case) name; null when absent.
    QByteArrayView header(QByteArrayView lowerName) const;
    // The target's path: no query or fragment, no scheme and authority.
    QByteArrayView path() const;
};

// An incremental HTTP/1.1 request parser for one connection, working on the connection's own
// buffer. The head is parsed only once it is complete (at most maxHeaderBytes), body bytes are
// taken as they come. Caps are checked before anything is buffered: a declared Content-Length or
// a chunk size over maxBodyBytes stops at once, so a huge body is never read.
class HttpRequestParser
{
public:
    enum class Result {
        NeedMore, // everything given was used (or is needed again): call again with more
        Complete, // request() holds a whole request; takeRequest() before parsing on
        Malformed, // 400: errorText() says why
        HeadTooLarge, // 431
        BodyTooLarge, // 413
    };

    HttpRequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes);

    // Parses from `data`, which must begin where the previous call's `consumed` ended. Head
    // bytes are consumed only once the head is complete, so while the result is NeedMore the
    // caller keeps the unconsumed rest and passes it again with what arrives next. Stops after
    // one complete request (pipelined ones stay in `data`).
    Result parse(QByteArrayView data, qsizetype *consumed);

    // A request has begun (bytes other than the blank lines allowed between requests).
    bool hasStarted() const { return m_started; }
    // The head is parsed and the body is being read (request() has the head).
    bool isReadingBody() const { return m_stage != Stage::Head; }
    // The head was read (also when its body was then refused): request() has method and headers.
    bool hasHead() const { return m_headRead; }
    const HttpRequest &request() const { return m_request; }
    HttpRequest takeRequest(); // and get ready for the next request
    QString errorText() const { return m_error; }
    void reset();

    // The method and target of a request line at the start of `data`, for reporting requests
    // that failed before their head was complete. False when the first line is not there yet.
    static bool peekRequestLine(QByteArrayView data, QByteArray *method, QByteArray *target);

private:
    enum class Stage { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailer, Done };

    Result parseHead(QByteArrayView data, qsizetype *consumed);
    Result readHead(QByteArrayView head);
    Result readHeader(QByteArrayView line, bool *sawLength);
    Result startBody();
    Result fail(Result result, const QString &error);

    qint64 m_maxHeaderBytes;
    qint64 m_maxBodyBytes;
    Stage m_stage = Stage::Head;
    bool m_started = false;
    bool m_headRead = false;
    qsizetype m_lineStart = 0; // where the head's next unexamined line starts
    qint64 m_remaining = 0; // body or chunk bytes still to come
    qint64 m_trailerBytes = 0;
    bool m_closeRequested = false; // Connection: close
    bool m_keepAliveRequested = false; // Connection: keep-alive (what HTTP/1.0 needs)
    HttpRequest m_request;
    QString m_error;
};

} // namespace UpdateInspector
