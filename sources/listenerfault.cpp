// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listenerfault.h"

#include <algorithm>

namespace UpdateInspector {

namespace {
constexpr int kMaxStallSeconds = 3600;
constexpr int kMaxRetryAfterSeconds = 86400;

// A whole number in [min, max] or false.
bool readInt(QStringView text, int min, int max, int *value)
{
    bool ok = false;
    const int number = text.toInt(&ok);
    if (!ok || number < min || number > max || text.startsWith(u'+'))
        return false;
    *value = number;
    return true;
}

// What may stand before an "xN" count: a kind, with its value.
bool isKindWord(QStringView text)
{
    const QStringView kind = text.first(text.contains(u':') ? text.indexOf(u':') : text.size());
    return kind == u"stall" || kind == u"close"
        || (kind.size() == 3
            && std::all_of(kind.begin(), kind.end(), [](QChar c) { return c.isDigit(); }));
}
} // namespace

bool ListenerFault::parse(const QString &text, ListenerFault *fault, QString *error)
{
    const QString spec = text.trimmed().toLower();
    if (spec == u"none" || spec == u"off") {
        *fault = ListenerFault();
        return true;
    }
    const auto failWith = [&](const QString &why) {
        *error
            = QStringLiteral("\"%1\" is not a listener fault: %2 (use 500, 502, 429, 429:SECONDS, "
                             "stall, stall:SECONDS or close, optionally with xN or @P%)")
                  .arg(text.trimmed(), why);
        return false;
    };

    ListenerFault result;
    QStringView rest(spec);
    // The selector: "xN" (a count) or "@P%" (a share), at the end.
    if (const qsizetype at = rest.indexOf(u'@'); at >= 0) {
        QStringView share = rest.sliced(at + 1);
        rest = rest.first(at);
        if (!share.endsWith(u'%'))
            return failWith(QStringLiteral("a share is written as @P% (e.g. @50%)"));
        bool ok = false;
        const double percent = share.chopped(1).toDouble(&ok);
        if (!ok || !(percent > 0.0) || percent > 100.0)
            return failWith(QStringLiteral("the share must be more than 0% and at most 100%"));
        result.share = percent / 100.0;
    } else if (const qsizetype x = rest.lastIndexOf(u'x'); x >= 0 && isKindWord(rest.first(x))) {
        if (!readInt(rest.sliced(x + 1), 0, 1000000, &result.remaining))
            return failWith(QStringLiteral("the count after x must be a whole number (e.g. x3)"));
        rest = rest.first(x);
    }

    const qsizetype colon = rest.indexOf(u':');
    const QStringView kind = colon < 0 ? rest : rest.first(colon);
    const QStringView argument = colon < 0 ? QStringView() : rest.sliced(colon + 1);
    if (kind == u"stall") {
        result.kind = Kind::Stall;
        if (colon >= 0 && !readInt(argument, 1, kMaxStallSeconds, &result.stallSeconds))
            return failWith(
                QStringLiteral("the stall must last 1 to %1 seconds").arg(kMaxStallSeconds));
    } else if (kind == u"close") {
        result.kind = Kind::Close;
        if (colon >= 0)
            return failWith(QStringLiteral("close takes no value"));
    } else if (readInt(kind, 400, 599, &result.status) && kind.size() == 3) {
        result.kind = Kind::Status;
        if (colon >= 0) {
            if (result.status != 429)
                return failWith(QStringLiteral("only 429 takes a Retry-After value"));
            if (!readInt(argument, 1, kMaxRetryAfterSeconds, &result.retryAfterSeconds))
                return failWith(QStringLiteral("Retry-After must be 1 to %1 seconds")
                                    .arg(kMaxRetryAfterSeconds));
        }
    } else {
        return failWith(QStringLiteral("unknown kind (a status must be 400 to 599)"));
    }
    *fault = result;
    return true;
}

QString ListenerFault::describe() const
{
    if (!isActive()) // also a counted fault whose updates are used up: it does nothing any more
        return QStringLiteral("none");
    QString text;
    switch (kind) {
    case Kind::None:
        break;
    case Kind::Status:
        text = QString::number(status);
        if (status == 429 && retryAfterSeconds > 0)
            text += u':' + QString::number(retryAfterSeconds);
        break;
    case Kind::Stall:
        text = QStringLiteral("stall:") + QString::number(stallSeconds);
        break;
    case Kind::Close:
        text = QStringLiteral("close");
        break;
    }
    if (remaining >= 0)
        text += u'x' + QString::number(remaining);
    else if (share < 1.0)
        text += u'@' + QString::number(share * 100.0, 'g', 4) + u'%';
    return text;
}

} // namespace UpdateInspector
