// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "timestamp.h"

#include <QDateTime>
#include <QTimeZone>

#include <cstdio>

namespace UpdateInspector {

namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

bool digits(QByteArrayView text, qsizetype at, int count, unsigned &out)
{
    out = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[at + i];
        if (c < '0' || c > '9')
            return false;
        out = out * 10 + unsigned(c - '0');
    }
    return true;
}

} // namespace

QByteArray formatTimestamp(std::int64_t ms)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::UTC);
    const QDate date = t.date();
    const QTime time = t.time();
    char buffer[32];
    const int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                date.year(), date.month(), date.day(), time.hour(), time.minute(),
                                time.second(), time.msec());
    return QByteArray(buffer, n);
}

std::optional<std::int64_t> parseTimestamp(QByteArrayView text)
{
    // Fast path: exactly YYYY-MM-DDTHH:MM:SS.mmmZ
    unsigned y, mo, d, h, mi, s, ms;
    if (text.size() == 24 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':'
        && text[16] == ':' && text[19] == '.' && text[23] == 'Z' && digits(text, 0, 4, y)
        && digits(text, 5, 2, mo) && digits(text, 8, 2, d) && digits(text, 11, 2, h)
        && digits(text, 14, 2, mi) && digits(text, 17, 2, s) && digits(text, 20, 3, ms)
        && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 61) {
        const std::int64_t days = daysFromCivil(y, mo, d);
        return ((days * 24 + h) * 60 + mi) * 60000 + std::int64_t(s) * 1000 + ms;
    }
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(text), Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    return t.toMSecsSinceEpoch();
}

} // namespace UpdateInspector
