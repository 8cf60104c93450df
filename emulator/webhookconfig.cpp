// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookconfig.h"

#include "apiparams.h"

#include <QHostAddress>

namespace UpdateInspector {

namespace {
constexpr int MaxSecretTokenLength = 256;
constexpr qsizetype MaxCertificateSize = 3 << 20;
constexpr int CloudMaxConnections = 100;
constexpr int LocalMaxConnections = 100000;
constexpr int DefaultMaxConnections = 40;

ApiReply badRequest(const QString &what)
{
    return ApiReply::error(400, QStringLiteral("Bad Request: ") + what);
}

bool isSecretTokenCharacter(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')
           || c == u'_' || c == u'-';
}

// Addresses the cloud will not deliver to: loopback, private, link-local, multicast, ...
bool isReservedIPv4(const QHostAddress &address)
{
    const quint32 ip = address.toIPv4Address();
    const auto in = [ip](quint32 net, int bits) { return (ip >> (32 - bits)) == (net >> (32 - bits)); };
    return in(0x00000000, 8) || in(0x0A000000, 8) || in(0x64400000, 10) || in(0x7F000000, 8)
           || in(0xA9FE0000, 16) || in(0xAC100000, 12) || in(0xC0000000, 24) || in(0xC0000200, 24)
           || in(0xC0A80000, 16) || in(0xC6120000, 15) || in(0xC6336400, 24) || in(0xCB007100, 24)
           || in(0xE0000000, 4) || in(0xF0000000, 4);
}

// The cloud's rule for an address it would connect to (the URL's literal host or ip_address).
std::optional<ApiReply> checkCloudAddress(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return badRequest(QStringLiteral("bad webhook: IPv6-only addresses are not allowed"));
    if (isReservedIPv4(address))
        return badRequest(QStringLiteral("bad webhook: IP address %1 is reserved").arg(address.toString()));
    return std::nullopt;
}

const ApiParams::File *certificateFile(const ApiParams &params)
{
    if (const ApiParams::File *file = params.file(QStringLiteral("certificate")))
        return file;
    const QString reference = params.string(QStringLiteral("certificate"));
    if (reference.startsWith(u"attach://"))
        return params.file(reference.sliced(9));
    return nullptr;
}
} // namespace

std::variant<WebhookConfig, ApiReply> checkSetWebhook(const ApiParams &params, bool localMode)
{
    WebhookConfig config;
    const QString urlText = params.string(QStringLiteral("url")).trimmed();
    if (urlText.isEmpty())
        return config; // removes the webhook

    const QUrl url(urlText, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"https" && scheme != u"http"))
        return badRequest(QStringLiteral("invalid webhook URL specified"));
    if (!localMode && scheme != u"https")
        return badRequest(QStringLiteral("bad webhook: An HTTPS URL must be provided for webhook"));
    const int port = url.port(scheme == u"https" ? 443 : 80);
    if (!localMode && port != 443 && port != 80 && port != 88 && port != 8443)
        return badRequest(QStringLiteral("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"));
    const QHostAddress literalHost(url.host());
    if (!localMode && !literalHost.isNull()) {
        if (auto error = checkCloudAddress(literalHost))
            return *error;
    }
    config.url = url;

    const QString ipAddress = params.string(QStringLiteral("ip_address")).trimmed();
    if (!ipAddress.isEmpty()) {
        const QHostAddress address(ipAddress);
        if (address.isNull())
            return badRequest(QStringLiteral("invalid IP address specified"));
        if (!localMode) {
            if (auto error = checkCloudAddress(address))
                return *error;
        }
        config.ipAddress = address.toString();
    }

    const QString secret = params.string(QStringLiteral("secret_token"));
    if (secret.size() > MaxSecretTokenLength)
        return badRequest(QStringLiteral("secret token is too long"));
    if (!std::all_of(secret.cbegin(), secret.cend(), isSecretTokenCharacter))
        return badRequest(QStringLiteral("secret token contains unallowed characters"));
    config.secretToken = secret.toLatin1();

    // Clamped, not rejected, as the service does.
    const std::optional<qint64> maxConnections = params.integer(QStringLiteral("max_connections"));
    const qint64 limit = localMode ? LocalMaxConnections : CloudMaxConnections;
    config.maxConnections = int(std::clamp<qint64>(maxConnections.value_or(DefaultMaxConnections), 1, limit));

    if (const ApiParams::File *certificate = certificateFile(params)) {
        if (certificate->data.size() > MaxCertificateSize)
            return badRequest(QStringLiteral("certificate size is too big"));
        config.certificatePem = certificate->data;
    }
    return config;
}

} // namespace UpdateInspector
