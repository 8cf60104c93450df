// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QPair>
#include <QString>

#include <cstdint>

namespace UpdateInspector {

// What the webhook listener made of one HTTP request.
enum class WebhookVerdict : std::uint8_t {
    Accepted,        // a POST with an Update (and the right secret): journaled, answered 2xx
    Redelivered,     // an update_id already journaled in this run: answered 2xx, not stored twice
    Faulted,         // a valid update answered with a configured fault (not journaled)
    WrongSecret,     // 403: secret header missing or not the configured one
    WrongMethod,     // 405: not POST
    WrongPath,       // 404: not the configured path
    TooLarge,        // 413: body over the cap (never read)
    HeadTooLarge,    // 431: request head over the cap
    BadRequest,      // 400: not JSON (or invalid UTF-8), not an Update, malformed HTTP
    TimedOut,        // 408: idle connection or a request not complete in time
    Overloaded,      // 503: more connections than allowed (closed at once)
    JournalFailed,   // 500: the capture journal could not make the update durable
};
inline constexpr int WebhookVerdictCount = int(WebhookVerdict::JournalFailed) + 1;

// Short stable name ("accepted", "wrong-secret", ...) for logs, the CLI and tables.
QLatin1StringView verdictName(WebhookVerdict verdict);
// True for Accepted and Redelivered: the update reached us and was acknowledged.
bool isAcknowledged(WebhookVerdict verdict);

enum WebhookBadge : std::uint8_t {
    NoBadges = 0,
    SecretMatched = 1 << 0,   // a secret is configured and the header carried it
    TelegramRange = 1 << 1,   // the peer lies in Telegram's documented webhook ranges (unverified list)
    DuplicateUpdate = 1 << 2, // the update_id was seen in an earlier request of this run
};

// One request as the listener saw it. Paths and header values are redacted (a bot token in a
// webhook path is common); the body is kept as received (truncated only for rejected requests).
struct WebhookRequest
{
    std::int64_t receivedMs = 0;   // when the request was complete (ms since the epoch, UTC)
    QString peer;                  // the remote address as text ("127.0.0.1", "::1")
    quint16 peerPort = 0;
    QByteArray method;             // empty when the request line could not be read
    QString path;                  // redacted target
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values redacted
    QByteArray body;
    int status = 0;                // the status answered (0: the connection was closed instead)
    QByteArray responseBody;       // what was answered (a reply-with-method body, an error text)
    std::int64_t latencyUs = 0;    // from the request being complete to the answer being written
    WebhookVerdict verdict = WebhookVerdict::BadRequest;
    std::uint8_t badges = NoBadges;
    std::int64_t updateId = 0;     // 0 when the body was not an Update
    QString reason;                // for rejections and faults, in plain words
};

} // namespace UpdateInspector
