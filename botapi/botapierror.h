// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QString>

namespace UpdateInspector {

// Why a Bot API call did not give a result, as a client must tell the cases apart.
struct BotApiError
{
    enum class Kind {
        None,
        Network,     // no HTTP answer: refused, reset, host not found, TLS, ...
        Timeout,     // no answer within the call's time limit
        HttpStatus,  // an HTTP error whose body is not the Bot API envelope (e.g. nginx's 502 page)
        Api,         // {"ok":false,"error_code":N,"description":...}
        BadResponse, // HTTP 2xx, but the body is not a Bot API envelope
    };

    Kind kind = Kind::None;
    int httpStatus = 0;       // 0 without an HTTP answer
    int errorCode = 0;        // the envelope's error_code (Api)
    QString description;      // the envelope's description, or the network/HTTP reason; redacted
    // HttpStatus, BadResponse: what came instead of the envelope ("an HTML page?", "an empty
    // body", "a redirect to ..."); redacted.
    QString detail;
    int retryAfter = -1;      // parameters.retry_after (or a Retry-After header); -1 when absent
    qint64 migrateToChatId = 0; // parameters.migrate_to_chat_id; 0 when absent

    bool isError() const { return kind != Kind::None; }
    // One line in plain words for logs and the UI, e.g. "HTTP 502 Bad Gateway: the answer is not a
    // Bot API response (an HTML page?)" or "Conflict: terminated by other getUpdates request; ...
    // (409)". Never holds a token.
    QString message() const;
};

} // namespace UpdateInspector
