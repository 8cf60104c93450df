// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "bottoken.h"

#include <QRegularExpression>

#include <algorithm>

namespace UpdateInspector::BotToken {

namespace {
constexpr qint64 MaxBotId = (qint64(1) << 54) - 1;
constexpr qsizetype MaxTokenLength = 80;

// A run of digits, a colon and a secret of URL-safe characters. The secret part of real tokens
// is 35 characters; anything of 20 or more is treated as one so near-misses are hidden too.
// The colon may be percent-encoded (a token in a query string).
const QRegularExpression &tokenPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("(?<![0-9])([1-9][0-9]{0,17})(?::|%3[Aa])[A-Za-z0-9_-]{20,}"));
    return pattern;
}
} // namespace

bool isWellFormed(QStringView token)
{
    if (token.isEmpty() || token.size() > MaxTokenLength || token.contains(u'/'))
        return false;
    const qsizetype colon = token.indexOf(u':');
    if (colon <= 0 || token.front() == u'0')
        return false;
    // Digits only: toLongLong() alone would also take "+5" and " 5", which the server refuses.
    const QStringView digits = token.first(colon);
    if (!std::all_of(digits.begin(), digits.end(), [](QChar c) { return c >= u'0' && c <= u'9'; }))
        return false;
    bool ok = false;
    const qint64 id = digits.toLongLong(&ok);
    return ok && id >= 1 && id <= MaxBotId;
}

qint64 botId(QStringView token)
{
    return isWellFormed(token) ? token.first(token.indexOf(u':')).toLongLong() : 0;
}

QString redacted(QStringView token)
{
    const qsizetype colon = token.indexOf(u':');
    if (colon <= 0)
        return QStringLiteral("***");
    return token.first(colon).toString() + QLatin1StringView(":***");
}

QString redact(QStringView text)
{
    QString result = text.toString();
    result.replace(tokenPattern(), QStringLiteral("\\1:***"));
    return result;
}

} // namespace UpdateInspector::BotToken
