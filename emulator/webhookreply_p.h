// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QString>

#include <optional>

namespace UpdateInspector::Internal {

// What a webhook answered to one delivery, or why it did not answer.
struct WebhookResponse
{
    int status = 0; // 0: no HTTP answer, see `error`
    QByteArray reasonPhrase;
    QByteArray contentType;
    std::optional<qint64> retryAfter; // seconds, as sent
    QByteArray body; // gzip decoded; empty when it was over ResponseParser::MaxBodySize
    QString error;   // a transport failure, in the service's words
};

// Reads one HTTP/1.x response at a time from a connection's bytes: the status line (reason phrase
// kept), the headers, and a body sized by Content-Length, chunked, or running until the close.
// Interim 1xx answers are skipped. A body over MaxBodySize ends the response at once with an empty
// body (its status still counts) and the connection must not be reused; a gzip body is decoded.
class ResponseParser
{
public:
    enum class Result { NeedMore, Done, Invalid };
    static constexpr qsizetype MaxHeadSize = 64 * 1024;
    static constexpr qsizetype MaxBodySize = 1024 * 1024;

    Result feed(const QByteArray &bytes);
    // The peer closed the connection: Done when that was the end of a body read until the close.
    Result finishAtClose();
    // Whether any byte of a response has arrived since the last take().
    bool hasStarted() const { return m_started; }
    // After Done: whether the connection can carry another request.
    bool keepAlive() const;
    // The finished response; the parser is ready for the next one.
    WebhookResponse take();

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, UntilClose, Done };
    Result parse();
    Result parseHead(QByteArrayView head);
    bool parseHeader(QByteArrayView name, QByteArrayView value);
    Result done();

    QByteArray m_buffer;
    qsizetype m_pos = 0;
    State m_state = State::Head;
    WebhookResponse m_response;
    qint64 m_remaining = 0;
    std::optional<qint64> m_contentLength;
    bool m_started = false;
    bool m_chunked = false;
    bool m_http11 = true;
    bool m_closeToken = false;
    bool m_keepAliveToken = false;
    bool m_gzip = false;
    bool m_oversized = false;
};

// getWebhookInfo's last_error_message for an HTTP answer that is not 2xx.
QString wrongResponseMessage(int status, const QByteArray &reasonPhrase);
// ... for a transport failure (no HTTP answer); `sslText` is the first certificate error, if any.
QString transportErrorMessage(QAbstractSocket::SocketError error, const QString &qtText,
                              const QString &sslText);
// ... for a webhook URL whose scheme is neither http nor https (QNetworkAccessManager's words).
QString unknownProtocolMessage(const QString &scheme);
// ... for an answer that is not HTTP/1.x.
QString malformedResponseMessage();

// Whether a 2xx body is a Bot API call ("reply with a method"), judged by its Content-Type.
bool isMethodCall(const QByteArray &contentType, const QByteArray &body);

} // namespace UpdateInspector::Internal
