// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The listener's small helpers: redaction of what a request shows, the answers' bytes, and
// Telegram's webhook address ranges.
#include "webhooklistener_p.h"

#include "bottoken.h"
#include "secrettoken.h"

#include <QHostAddress>

namespace UpdateInspector {

namespace {
const QByteArray kSecretHeader = QByteArrayLiteral("x-telegram-bot-api-secret-token");

// Cheap pre-check: a token has a colon (or %3A) after digits; most values have neither.
bool mayHoldToken(QByteArrayView text)
{
    return text.contains(':') || text.contains("%3") || text.contains("%3a");
}
} // namespace

QString redactedText(QByteArrayView text)
{
    const QString decoded = QString::fromUtf8(text);
    return mayHoldToken(text) ? BotToken::redact(decoded) : decoded;
}

QList<QPair<QByteArray, QByteArray>>
redactedHeaders(const QList<QPair<QByteArray, QByteArray>> &headers, QByteArrayView secret)
{
    QList<QPair<QByteArray, QByteArray>> result = headers; // shared until a value must change
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const auto &[name, value] = headers.at(i);
        if (!secret.isEmpty() && name == kSecretHeader
            && SecretToken::equalsConstantTime(value, secret))
            result[i].second
                = QByteArrayLiteral("***"); // the configured secret stays out of records
        else if (mayHoldToken(value))
            result[i].second = BotToken::redact(QString::fromUtf8(value)).toUtf8();
    }
    return result;
}

QByteArray statusPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    default:
        return status >= 500 ? QByteArrayLiteral("Server Error")
                             : QByteArrayLiteral("Client Error");
    }
}

QByteArray httpResponse(int status, QByteArrayView extraHeaders, QByteArrayView body, bool close,
                        bool http10KeepAlive)
{
    QByteArray out;
    out.reserve(96 + extraHeaders.size() + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusPhrase(status)
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (!body.isEmpty() && !extraHeaders.contains("Content-Type:"))
        out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += extraHeaders;
    if (close)
        out += "Connection: close\r\n";
    else if (http10KeepAlive)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    out += body;
    return out;
}

QString peerText(const QHostAddress &address)
{
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; show them as the IPv4 they are.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

bool isInTelegramWebhookRange(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 ip = address.toIPv4Address(&isV4); // also for ::ffff:a.b.c.d
    if (!isV4)
        return false;
    // 149.154.160.0/20 and 91.108.4.0/22
    constexpr quint32 net1 = (149u << 24) | (154u << 16) | (160u << 8);
    constexpr quint32 net2 = (91u << 24) | (108u << 16) | (4u << 8);
    return (ip & 0xFFFFF000u) == net1 || (ip & 0xFFFFFC00u) == net2;
}

} // namespace UpdateInspector
