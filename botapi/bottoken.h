// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QString>

namespace UpdateInspector {

// A bot token is "<bot user id>:<secret>". These functions are the one place that knows its shape,
// so that a token never leaks into a log line, an error message, a title or an export.
namespace BotToken {

// The shape the Bot API server accepts: a user id of 1..2^54-1 without a leading zero, a colon,
// at most 80 characters in all, no '/'.
bool isWellFormed(QStringView token);

// The bot's user id (the part before the colon); 0 when the token is not well formed.
qint64 botId(QStringView token);

// "123456:***": what may be shown of a token.
QString redacted(QStringView token);

// `text` with every token-shaped substring (in URLs, messages, anywhere) replaced by its
// redacted form.
QString redact(QStringView text);

} // namespace BotToken
} // namespace UpdateInspector
