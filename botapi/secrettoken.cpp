// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "secrettoken.h"

#include <QRandomGenerator>

namespace UpdateInspector::SecretToken {

namespace {
constexpr QLatin1StringView kAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

bool isAllowed(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '_' || u == '-';
}
} // namespace

bool isValid(QStringView token, QString *problem)
{
    auto fail = [problem](const QString &text) {
        if (problem)
            *problem = text;
        return false;
    };
    if (token.size() > MaxLength)
        return fail(QStringLiteral("the secret token has %1 characters; at most %2 are allowed")
                        .arg(token.size()).arg(MaxLength));
    for (qsizetype i = 0; i < token.size(); ++i) {
        if (!isAllowed(token[i])) {
            const QString shown = token[i].isSpace() ? QStringLiteral("a space") : QStringLiteral("'%1'").arg(token[i]);
            return fail(QStringLiteral("the secret token may only contain A-Z, a-z, 0-9, _ and -; "
                                       "character %1 is %2").arg(i + 1).arg(shown));
        }
    }
    return true;
}

QString generate(int length)
{
    length = qBound(1, length, MaxLength);
    QString token;
    token.reserve(length);
    // 64 symbols: six random bits choose one with no bias.
    QRandomGenerator *random = QRandomGenerator::system();
    for (int i = 0; i < length; ++i)
        token.append(QChar(kAlphabet[random->bounded(int(kAlphabet.size()))]));
    return token;
}

bool equalsConstantTime(QByteArrayView a, QByteArrayView b)
{
    // Every byte of the expected value is visited whatever the input, so the time says nothing
    // about how much of a guess was right.
    unsigned difference = a.size() == b.size() ? 0u : 1u;
    for (qsizetype i = 0; i < b.size(); ++i) {
        const unsigned char left = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        difference |= left ^ static_cast<unsigned char>(b[i]);
    }
    return difference == 0;
}

} // namespace UpdateInspector::SecretToken
