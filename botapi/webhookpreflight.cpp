// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The preflight's URL, address, limit, secret and allowed_updates checks (the certificate's are in
// webhookpreflight_certificate.cpp, the reachability probe in webhookpreflight_probe.cpp).
#include "webhookpreflight.h"

#include "bottoken.h"
#include "secrettoken.h"
#include "updatekind.h"
#include "webhookpreflight_p.h"

#include <QHostAddress>

#include <algorithm>

namespace UpdateInspector {

using Internal::finding;
using Severity = PreflightFinding::Severity;

namespace {

constexpr int CloudMaxConnections = 100;
constexpr int LocalMaxConnections = 100000; // telegram-bot-api --local (A10)

// The IPv4 ranges the cloud refuses to deliver to (A7; the list the emulator enforces too).
bool isReservedIPv4(const QHostAddress &address)
{
    static const char *const ranges[] = {
        "0.0.0.0/8",     "10.0.0.0/8",      "100.64.0.0/10",   "127.0.0.0/8",     "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.0/24",    "192.0.2.0/24",    "192.168.0.0/16",  "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",    "240.0.0.0/4",
    };
    return std::any_of(std::begin(ranges), std::end(ranges), [&address](const char *range) {
        return address.isInSubnet(QHostAddress::parseSubnet(QLatin1StringView(range)));
    });
}

// The cloud's rule for an address it would connect to; empty when the address is acceptable.
QString cloudAddressProblem(const QHostAddress &address, const QString &what)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return what + QStringLiteral(" is an IPv6 address; Telegram only delivers webhooks to IPv4 addresses.");
    if (isReservedIPv4(address))
        return what + QStringLiteral(" is in a private or reserved range (%1); Telegram cannot reach it. Use the "
                                     "public IPv4 address of your server or router.").arg(address.toString());
    return {};
}

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// The URL's checks; returns the URL when it is good enough for the certificate checks.
QUrl checkUrl(const WebhookSettings &settings, bool cloud, QList<PreflightFinding> *findings)
{
    const QString text = settings.url.trimmed();
    const QString field = QStringLiteral("url");
    if (text.isEmpty()) {
        findings->append(finding(Severity::Problem, field,
                                 QStringLiteral("The webhook URL is empty. Enter the HTTPS address Telegram should "
                                                "post updates to (to remove the webhook, delete it instead).")));
        return {};
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) {
        findings->append(finding(Severity::Problem, field,
                                 BotToken::redact(QStringLiteral("The webhook URL cannot be read as a URL (%1).")
                                                      .arg(url.errorString()))));
        return {};
    }
    const QString scheme = url.scheme().toLower();
    if (url.isRelative() || url.host().isEmpty()) {
        findings->append(finding(Severity::Problem, field,
                                 QStringLiteral("The webhook URL is not absolute: it needs a scheme and a host, "
                                                "e.g. https://bot.example.com/webhook.")));
        return {};
    }
    if (scheme != u"https" && scheme != u"http") {
        findings->append(finding(Severity::Problem, field,
                                 QStringLiteral("The webhook URL starts with %1://; only https:// (and http:// on a "
                                                "local Bot API server) can receive webhooks.").arg(scheme)));
        return {};
    }
    if (scheme == u"http") {
        if (cloud)
            findings->append(finding(Severity::Problem, field,
                                     QStringLiteral("Telegram only delivers to HTTPS URLs: use https:// with a "
                                                    "certificate (a self-signed one works if you upload it), or a "
                                                    "tunnel that gives you an https:// address.")));
        else
            findings->append(finding(Severity::Note, field,
                                     QStringLiteral("http:// is fine with a local Bot API server (telegram-bot-api "
                                                    "--local or the emulator); the cloud would refuse it.")));
    }
    const int port = url.port(scheme == u"https" ? 443 : 80);
    if (cloud && port != 443 && port != 80 && port != 88 && port != 8443)
        findings->append(finding(Severity::Problem, field,
                                 QStringLiteral("Port %1 is not allowed: Telegram only delivers webhooks to ports "
                                                "443, 80, 88 and 8443. Listen on one of them, or forward one of "
                                                "them to your listener.").arg(port)));
    const QHostAddress literalHost(url.host());
    if (cloud && !literalHost.isNull()) {
        const QString problem = cloudAddressProblem(literalHost, QStringLiteral("The URL's host ") + url.host());
        if (!problem.isEmpty())
            findings->append(finding(Severity::Problem, field, problem));
    }
    return url;
}

void checkIpAddress(const QString &ipAddress, bool cloud, QList<PreflightFinding> *findings)
{
    const QString text = ipAddress.trimmed();
    if (text.isEmpty())
        return;
    const QString field = QStringLiteral("ip_address");
    const QHostAddress address(text);
    if (address.isNull()) {
        findings->append(finding(Severity::Problem, field,
                                 QStringLiteral("ip_address \"%1\" is not an IP address; give a literal address "
                                                "such as 203.0.113.7 (or leave it empty to use DNS).").arg(text)));
        return;
    }
    if (cloud) {
        const QString problem = cloudAddressProblem(address, QStringLiteral("ip_address ") + text);
        if (!problem.isEmpty())
            findings->append(finding(Severity::Problem, field, problem));
    }
}

void checkMaxConnections(int maxConnections, bool cloud, QList<PreflightFinding> *findings)
{
    if (maxConnections == 0) // not sent: the service keeps its default (40)
        return;
    const int limit = cloud ? CloudMaxConnections : LocalMaxConnections;
    if (maxConnections >= 1 && maxConnections <= limit)
        return;
    // The service clamps rather than rejects (A7), so this does not block sending.
    findings->append(finding(Severity::Warning, QStringLiteral("max_connections"),
                             QStringLiteral("max_connections %1 is outside 1–%2: the service accepts it but uses "
                                            "%3 instead.").arg(maxConnections).arg(limit)
                                 .arg(std::clamp(maxConnections, 1, limit))));
}

void checkSecretToken(const QString &secretToken, QList<PreflightFinding> *findings)
{
    QString problem;
    if (!SecretToken::isValid(secretToken, &problem))
        findings->append(finding(Severity::Problem, QStringLiteral("secret_token"), capitalized(problem) + u'.'));
}

void checkAllowedUpdates(const WebhookSettings &settings, QList<PreflightFinding> *findings)
{
    if (!settings.sendAllowedUpdates)
        return;
    const QString field = QStringLiteral("allowed_updates");
    QStringList unknown;
    QList<UpdateKind> listed;
    for (const QString &name : settings.allowedUpdates) {
        const UpdateKind kind = kindFromKey(name.toUtf8());
        if (kind == UpdateKind::Unknown)
            unknown.append(u'"' + name + u'"');
        else
            listed.append(kind);
    }
    if (!unknown.isEmpty())
        findings->append(finding(Severity::Warning, field,
                                 QStringLiteral("allowed_updates lists names that are not update types: %1. The "
                                                "service ignores them (a list of only unknown names means the "
                                                "default set); update types are written in lower case, e.g. "
                                                "\"message\", \"callback_query\".").arg(unknown.join(u", "))));
    const bool defaultSet = listed.isEmpty();
    QStringList missingOptIn;
    for (int k = 1; k < UpdateKindCount; ++k) {
        const auto kind = UpdateKind(k);
        if (isOptInKind(kind) && (defaultSet || !listed.contains(kind)))
            missingOptIn.append(QString(kindName(kind)));
    }
    if (missingOptIn.isEmpty())
        return;
    const QString start = defaultSet ? QStringLiteral("An empty allowed_updates means the default set, which "
                                                      "leaves out %1.")
                                     : QStringLiteral("allowed_updates leaves out %1.");
    findings->append(finding(Severity::Note, field,
                             start.arg(missingOptIn.join(u", "))
                                 + QStringLiteral(" These types are opt-in: the bot only gets them when they are "
                                                  "listed.")));
}

} // namespace

bool isCloudApi(const QUrl &apiBaseUrl)
{
    QString host = apiBaseUrl.host();
    if (host.endsWith(u'.'))
        host.chop(1);
    return host.compare(u"api.telegram.org", Qt::CaseInsensitive) == 0;
}

QList<PreflightFinding> preflightWebhook(const WebhookSettings &settings, const PreflightContext &context,
                                         const QByteArray &servedCertificatePem)
{
    const bool cloud = isCloudApi(context.apiBaseUrl);
    QList<PreflightFinding> findings;
    const QUrl url = checkUrl(settings, cloud, &findings);
    Internal::checkCertificates(settings, context, url, servedCertificatePem, &findings);
    checkIpAddress(settings.ipAddress, cloud, &findings);
    checkMaxConnections(settings.maxConnections, cloud, &findings);
    checkSecretToken(settings.secretToken, &findings);
    checkAllowedUpdates(settings, &findings);
    return findings;
}

bool hasProblems(const QList<PreflightFinding> &findings)
{
    return std::any_of(findings.cbegin(), findings.cend(), [](const PreflightFinding &f) {
        return f.severity == PreflightFinding::Severity::Problem;
    });
}

} // namespace UpdateInspector
