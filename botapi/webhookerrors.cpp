// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The dictionary of last_error_message texts (and setWebhook's "bad webhook" reasons) in plain
// words. The wordings are the ones the service writes, as users have reported them.
#include "webhookhealth.h"

#include "bottoken.h"

#include <QRegularExpression>

namespace UpdateInspector {

namespace {

// What a webhook's own HTTP status usually means, for "Wrong response from the webhook: NNN ...".
QString explainStatus(int status)
{
    switch (status) {
    case 301:
    case 302:
    case 303:
    case 307:
    case 308:
        return QStringLiteral("Your server answered with a redirect, and Telegram does not follow redirects. "
                              "Set the webhook to the final URL (often https:// instead of http://, or with or "
                              "without a trailing slash or www).");
    case 400:
        return QStringLiteral("Your server rejected the update as a bad request. Your framework may expect a "
                              "different body or content type, or the handler failed on this update; answer 200 "
                              "to every update you receive, even ones you ignore.");
    case 401:
        return QStringLiteral("Your server (or a proxy in front of it) asked for authentication. If you check the "
                              "X-Telegram-Bot-Api-Secret-Token header, make sure it matches the secret_token you "
                              "set; user:password in the URL is sent as Basic authentication.");
    case 403:
        return QStringLiteral("Your server refused the request. Usually a firewall, CDN or WAF rule (e.g. "
                              "Cloudflare bot protection) blocks Telegram's servers, a CSRF check rejects the "
                              "POST, or a secret-token check fails; let Telegram's requests through to this path.");
    case 404:
        return QStringLiteral("The URL's path does not exist on your server. Check that the path set in the "
                              "webhook is exactly the route your bot listens on (a token or prefix in the path, "
                              "a missing or extra slash).");
    case 405:
        return QStringLiteral("Your server does not accept POST at this URL. The webhook route must take POST "
                              "requests (Telegram never sends GET).");
    case 413:
        return QStringLiteral("Your server or proxy found the update too large. Raise the request body limit "
                              "(e.g. nginx client_max_body_size) for the webhook path.");
    case 429:
        return QStringLiteral("Your server (or a proxy's rate limit) said it gets too many requests. Exempt "
                              "Telegram's requests from the rate limit or raise it; Telegram retries, honouring "
                              "a Retry-After header.");
    case 500:
        return QStringLiteral("Your bot crashed or threw an exception while handling the update. Look at your "
                              "server's error log for this request; until it answers 2xx, the update is retried "
                              "and later ones from the same chat wait.");
    case 502:
        return QStringLiteral("A proxy in front of your bot (nginx, a tunnel, a load balancer) could not reach "
                              "the bot behind it: the bot process is not running, crashed, or listens on another "
                              "port than the proxy forwards to.");
    case 503:
        return QStringLiteral("Your server says it is unavailable: the app is stopped, restarting, asleep "
                              "(free hosting plans) or overloaded.");
    case 504:
        return QStringLiteral("A proxy in front of your bot gave up waiting for it. Answer the webhook at once "
                              "and do slow work afterwards.");
    default:
        break;
    }
    if (status >= 200 && status < 300)
        return QStringLiteral("Any 2xx answer counts as delivered; this one did not, so the answer was probably "
                              "malformed.");
    if (status >= 400 && status < 500)
        return QStringLiteral("Your server refused the update with a client error. Answer 200 to every update "
                              "you receive, even ones you ignore.");
    if (status >= 500)
        return QStringLiteral("Your server or a proxy in front of it failed with a server error; check their "
                              "logs.");
    return QStringLiteral("Telegram only counts a 2xx answer as delivered.");
}

QString explainSsl(const QString &message)
{
    if (message.contains(u"wrong version number", Qt::CaseInsensitive)
        || message.contains(u"unknown state", Qt::CaseInsensitive)
        || message.contains(u"packet length too long", Qt::CaseInsensitive))
        return QStringLiteral("Telegram started HTTPS, but what answers on that port does not speak TLS: the "
                              "listener serves plain HTTP there. Enable TLS on that port (give it the "
                              "certificate and key) or put an HTTPS proxy in front.");
    if (message.contains(u"expired", Qt::CaseInsensitive))
        return QStringLiteral("Your server's certificate has expired. Renew it (and upload the new one if it is "
                              "self-signed).");
    if (message.contains(u"verify failed", Qt::CaseInsensitive))
        return QStringLiteral("Telegram could not verify your server's certificate. Serve the full chain (the "
                              "certificate plus its intermediates, e.g. fullchain.pem); for a self-signed "
                              "certificate upload it with setWebhook; its CN/subjectAltName must match the "
                              "URL's host.");
    if (message.contains(u"handshake failure", Qt::CaseInsensitive) || message.contains(u"alert", Qt::CaseInsensitive))
        return QStringLiteral("The TLS handshake with your server failed: the server rejected Telegram's "
                              "connection (no shared TLS version or cipher, or a missing certificate for this "
                              "host name). Check the server's TLS settings and that it serves a certificate for "
                              "this host.");
    return QStringLiteral("A TLS error happened while connecting to your server. Check that it serves a valid "
                          "certificate for the URL's host with the full chain (or that you uploaded your "
                          "self-signed one).");
}

struct Entry
{
    const char16_t *fragment; // matched case-insensitively anywhere in the message
    const char16_t *meaning;
};

// Checked in order; the first fragment found wins.
const Entry kEntries[] = {
    {u"Connection refused",
     u"Telegram reached the address, but nothing listens on that port (or a firewall actively rejects it). "
     u"Start the bot's HTTPS server on the URL's port, or forward that port to it."},
    {u"Connection timed out",
     u"Telegram could not connect at all: a firewall drops the packets, the port is not forwarded, or the "
     u"address (or ip_address) is wrong. Check that the port is open to the internet."},
    {u"Read timeout expired",
     u"Your server accepted the update but did not answer within 60 seconds. Answer the webhook at once (200) "
     u"and do slow work afterwards."},
    {u"Write timeout expired",
     u"Telegram could not send the update to your server in time: the connection stalled. Check the server's "
     u"and proxy's load and network."},
    {u"Connection reset by peer",
     u"Your server (or something in front of it) closed the connection without answering: the process "
     u"crashed or was restarted, or a proxy or firewall cut it."},
    {u"Remote end closed connection",
     u"Your server closed the connection without answering: the handler crashed or the process restarted."},
    {u"malformed HTTP response",
     u"What answers at the URL did not send an HTTP response: another protocol listens on that port."},
    {u"Failed to resolve host",
     u"Telegram could not look up the URL's host name in DNS. Check the spelling and that the domain has a "
     u"public A record (or set ip_address)."},
    {u"Webhook can be set up only on ports",
     u"The service only delivers to ports 443, 80, 88 and 8443. Listen on one of them or forward one to your "
     u"listener."},
    {u"An HTTPS URL must be provided",
     u"The service only delivers to https:// URLs (http:// works only with a local Bot API server)."},
    {u"IPv6-only addresses are not allowed",
     u"The service only delivers to IPv4 addresses: give the host an A record or set ip_address to an IPv4 "
     u"address."},
    {u"is reserved",
     u"The address is private or reserved (e.g. 127.x, 10.x, 192.168.x), which Telegram cannot reach. Use your "
     u"public IPv4 address."},
    {u"invalid webhook URL specified",
     u"The service could not read the URL: it must be a complete http(s):// URL with a host."},
    {u"invalid IP address specified",
     u"ip_address must be a literal IP address such as 203.0.113.7."},
    {u"secret token contains unallowed characters",
     u"secret_token may only use the characters A-Z, a-z, 0-9, _ and -."},
    {u"secret token is too long",
     u"secret_token may be at most 256 characters long."},
    {u"certificate size is too big",
     u"The uploaded certificate file is over 3 MiB: upload only the public certificate (one PEM file)."},
};

} // namespace

QString explainWebhookError(const QString &lastErrorMessage)
{
    const QString message = lastErrorMessage.trimmed();
    if (message.isEmpty())
        return {};
    static const QRegularExpression statusPattern(QStringLiteral("Wrong response from the webhook: (\\d{3})\\b"),
                                                  QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch status = statusPattern.match(message);
    if (status.hasMatch())
        return explainStatus(status.captured(1).toInt());
    // "SSL error {...}"; reported also as "https://core.telegram.org/bots/self-signed{error:...}".
    if (message.contains(u"SSL error", Qt::CaseInsensitive) || message.contains(u"SSL routines", Qt::CaseInsensitive))
        return explainSsl(message);
    for (const Entry &entry : kEntries) {
        if (message.contains(QStringView(entry.fragment), Qt::CaseInsensitive))
            return QString::fromUtf16(entry.meaning);
    }
    return BotToken::redact(QStringLiteral("Telegram reported \"%1\". This message is not in this app's "
                                           "dictionary; check that the webhook URL reaches your bot and that it "
                                           "answers 200 quickly.").arg(message));
}

} // namespace UpdateInspector
