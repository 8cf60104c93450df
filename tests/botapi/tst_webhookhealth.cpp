// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// explainWebhookError over the last_error_message texts users report (wordings as they appear in
// public bug reports), and webhookWarnings: every warning present when its condition holds and
// absent when it does not.
#include "webhookhealth.h"

#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {
const QString kToken = u"123456789:TEST-fake-token-not-a-real-bot"_s;

WebhookInfo webhookAt(const QString &url)
{
    WebhookInfo info;
    info.url = url;
    info.maxConnections = 40;
    return info;
}

QStringList idsOf(const QList<HealthWarning> &warnings)
{
    QStringList ids;
    for (const HealthWarning &w : warnings)
        ids.append(w.id);
    return ids;
}

QString messageOf(const QList<HealthWarning> &warnings, const QString &id)
{
    for (const HealthWarning &w : warnings) {
        if (w.id == id)
            return w.message;
    }
    return {};
}
} // namespace

class tst_WebhookHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void explain_data();
    void explain();
    void explainEmptyAndUnknown();
    void healthy();
    void notThisListener_data();
    void notThisListener();
    void noWebhook();
    void pendingGrowing();
    void allowedUpdates_data();
    void allowedUpdates();
    void pollerConflict();
    void lastError();
    void tokensAreRedacted();
};

void tst_WebhookHealth::explain_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("meaningPart");

    QTest::newRow("502") << u"Wrong response from the webhook: 502 Bad Gateway"_s << u"proxy in front of your bot"_s;
    QTest::newRow("404") << u"Wrong response from the webhook: 404 Not Found"_s << u"path does not exist"_s;
    QTest::newRow("500") << u"Wrong response from the webhook: 500 Internal Server Error"_s
                         << u"crashed or threw an exception"_s;
    QTest::newRow("401") << u"Wrong response from the webhook: 401 Unauthorized"_s << u"asked for authentication"_s;
    QTest::newRow("403") << u"Wrong response from the webhook: 403 Forbidden"_s << u"firewall, CDN or WAF"_s;
    QTest::newRow("429") << u"Wrong response from the webhook: 429 Too Many Requests"_s << u"rate limit"_s;
    QTest::newRow("400") << u"Wrong response from the webhook: 400 Bad Request"_s << u"bad request"_s;
    QTest::newRow("405") << u"Wrong response from the webhook: 405 Method Not Allowed"_s << u"POST"_s;
    QTest::newRow("503") << u"Wrong response from the webhook: 503 Service Unavailable"_s << u"unavailable"_s;
    QTest::newRow("504") << u"Wrong response from the webhook: 504 Gateway Timeout"_s << u"gave up waiting"_s;
    QTest::newRow("301") << u"Wrong response from the webhook: 301 Moved Permanently"_s
                         << u"does not follow redirects"_s;
    QTest::newRow("308 without a phrase") << u"Wrong response from the webhook: 308"_s << u"redirect"_s;
    QTest::newRow("413") << u"Wrong response from the webhook: 413 Request Entity Too Large"_s << u"too large"_s;
    QTest::newRow("other 4xx") << u"Wrong response from the webhook: 418 I'm a teapot"_s << u"client error"_s;
    QTest::newRow("other 5xx") << u"Wrong response from the webhook: 520 Unknown Error"_s << u"server error"_s;
    QTest::newRow("malformed") << u"Wrong response from the webhook: malformed HTTP response"_s
                               << u"did not send an HTTP response"_s;
    QTest::newRow("refused") << u"Connection refused"_s << u"nothing listens on that port"_s;
    QTest::newRow("connect timeout") << u"Connection timed out"_s << u"firewall drops"_s;
    QTest::newRow("read timeout") << u"Read timeout expired"_s << u"60 seconds"_s;
    QTest::newRow("write timeout") << u"Write timeout expired"_s << u"stalled"_s;
    QTest::newRow("reset") << u"Connection reset by peer"_s << u"closed the connection without answering"_s;
    QTest::newRow("closed") << u"Remote end closed connection without response"_s << u"without answering"_s;
    QTest::newRow("dns") << u"Failed to resolve host: Name or service not known"_s << u"DNS"_s;
    QTest::newRow("dns, musl wording") << u"Failed to resolve host: Name does not resolve"_s << u"DNS"_s;
    QTest::newRow("verify, OpenSSL 1.0")
        << u"SSL error {336134278, error:14090086:SSL routines:ssl3_get_server_certificate:certificate verify failed}"_s
        << u"could not verify your server's certificate"_s;
    QTest::newRow("verify, OpenSSL 1.1")
        << u"SSL error {error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed}"_s
        << u"full chain"_s;
    QTest::newRow("verify, OpenSSL 3") << u"SSL error {error:0A000086:SSL routines::certificate verify failed}"_s
                                       << u"upload it with setWebhook"_s;
    QTest::newRow("verify, self-signed link form")
        << u"https://core.telegram.org/bots/self-signed{error:0A000086:SSL routines::certificate verify failed}"_s
        << u"could not verify"_s;
    QTest::newRow("wrong version number")
        << u"SSL error {336130315, error:1408F10B:SSL routines:ssl3_get_record:wrong version number}"_s
        << u"does not speak TLS"_s;
    QTest::newRow("unknown state") << u"SSL error {error:140840FF:SSL routines:ssl3_connect:unknown state}"_s
                                   << u"does not speak TLS"_s;
    QTest::newRow("handshake failure")
        << u"SSL error {error:0A000410:SSL routines::sslv3 alert handshake failure}"_s << u"TLS handshake"_s;
    QTest::newRow("emulator's TLS text") << u"SSL error {error:The host name did not match any of the valid hosts}"_s
                                         << u"TLS error"_s;
    QTest::newRow("ports (setWebhook)")
        << u"Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"_s
        << u"ports 443, 80, 88 and 8443"_s;
    QTest::newRow("https (setWebhook)") << u"Bad Request: bad webhook: An HTTPS URL must be provided for webhook"_s
                                        << u"https://"_s;
    QTest::newRow("reserved (setWebhook)") << u"Bad Request: bad webhook: IP address 10.0.0.1 is reserved"_s
                                           << u"private or reserved"_s;
    QTest::newRow("IPv6 (setWebhook)") << u"Bad Request: bad webhook: IPv6-only addresses are not allowed"_s
                                       << u"IPv4"_s;
    QTest::newRow("dns (setWebhook)")
        << u"Bad Request: bad webhook: Failed to resolve host: Temporary failure in name resolution"_s << u"DNS"_s;
    QTest::newRow("surrounding space") << u"  Connection refused \n"_s << u"nothing listens"_s;
    QTest::newRow("case") << u"connection REFUSED"_s << u"nothing listens"_s;
}

void tst_WebhookHealth::explain()
{
    QFETCH(QString, message);
    QFETCH(QString, meaningPart);
    const QString meaning = explainWebhookError(message);
    QVERIFY2(meaning.contains(meaningPart), qPrintable(meaning));
    QVERIFY2(!meaning.contains(u"not in this app's dictionary"_s), qPrintable(meaning));
    // One to three sentences.
    const qsizetype sentences = meaning.count(u". "_s) + 1;
    QVERIFY2(sentences <= 3, qPrintable(meaning));
}

void tst_WebhookHealth::explainEmptyAndUnknown()
{
    QCOMPARE(explainWebhookError(QString()), QString());
    QCOMPARE(explainWebhookError(u"   "_s), QString());
    const QString unknown = explainWebhookError(u"Something entirely new happened"_s);
    QVERIFY2(unknown.contains(u"\"Something entirely new happened\""_s), qPrintable(unknown));
    QVERIFY(unknown.contains(u"not in this app's dictionary"_s));
    // An unknown message quoting a URL with a token is redacted.
    const QString withToken = explainWebhookError(u"odd failure at https://h/bot"_s + kToken);
    QVERIFY2(!withToken.contains(u"TEST-fake-token"_s), qPrintable(withToken));
    QVERIFY(withToken.contains(u"123456789:***"_s));
}

void tst_WebhookHealth::healthy()
{
    // A webhook at the listener, no error, nothing pending, no poller: no warning at all.
    HealthContext context;
    context.listenerUrl = QUrl(u"https://bot.example.com/hook"_s);
    context.listenerRunning = true;
    QCOMPARE(idsOf(webhookWarnings(webhookAt(u"https://bot.example.com/hook"_s), context)), QStringList());
    // No webhook and nothing of ours running: nothing to say either.
    QCOMPARE(idsOf(webhookWarnings(WebhookInfo(), HealthContext())), QStringList());
}

void tst_WebhookHealth::notThisListener_data()
{
    QTest::addColumn<QString>("webhook");
    QTest::addColumn<QString>("listener");
    QTest::addColumn<bool>("warned");
    const QString listener = u"https://bot.example.com:8443/hook"_s;
    QTest::newRow("same") << listener << listener << false;
    QTest::newRow("trailing slash") << u"https://bot.example.com:8443/hook/"_s << listener << false;
    QTest::newRow("host case") << u"https://BOT.example.com:8443/hook"_s << listener << false;
    QTest::newRow("default port written out") << u"https://bot.example.com:443/hook"_s
                                              << u"https://bot.example.com/hook"_s << false;
    QTest::newRow("other path") << u"https://bot.example.com:8443/other"_s << listener << true;
    QTest::newRow("other port") << u"https://bot.example.com:88/hook"_s << listener << true;
    QTest::newRow("other host") << u"https://old.example.com:8443/hook"_s << listener << true;
    QTest::newRow("other scheme") << u"http://bot.example.com:8443/hook"_s << listener << true;
    QTest::newRow("no listener URL") << u"https://elsewhere.example.com/"_s << QString() << false;
    QTest::newRow("no webhook") << QString() << listener << false;
}

void tst_WebhookHealth::notThisListener()
{
    QFETCH(QString, webhook);
    QFETCH(QString, listener);
    QFETCH(bool, warned);
    HealthContext context;
    context.listenerUrl = QUrl(listener);
    const QList<HealthWarning> warnings = webhookWarnings(webhookAt(webhook), context);
    QCOMPARE(idsOf(warnings).contains(u"not-this-listener"_s), warned);
    if (warned) {
        const QString message = messageOf(warnings, u"not-this-listener"_s);
        QVERIFY2(message.contains(webhook) && message.contains(listener), qPrintable(message));
    }
}

void tst_WebhookHealth::noWebhook()
{
    HealthContext context;
    context.listenerRunning = true;
    QList<HealthWarning> warnings = webhookWarnings(WebhookInfo(), context);
    QCOMPARE(idsOf(warnings), QStringList{u"no-webhook"_s});
    QVERIFY(warnings.first().message.contains(u"nothing points at the running listener"_s));

    context.listenerRunning = false;
    QVERIFY(webhookWarnings(WebhookInfo(), context).isEmpty());
    context.listenerRunning = true;
    QVERIFY(!idsOf(webhookWarnings(webhookAt(u"https://a.example.com/"_s), context)).contains(u"no-webhook"_s));
}

void tst_WebhookHealth::pendingGrowing()
{
    WebhookInfo info = webhookAt(u"https://bot.example.com/hook"_s);
    info.pendingUpdateCount = 57;
    HealthContext context;
    context.pendingGrowing = true;
    QList<HealthWarning> warnings = webhookWarnings(info, context);
    QCOMPARE(idsOf(warnings), QStringList{u"pending-growing"_s});
    QVERIFY2(warnings.first().message.contains(u"57 updates are waiting"_s), qPrintable(warnings.first().message));

    context.pendingGrowing = false;
    QVERIFY(webhookWarnings(info, context).isEmpty());
    // Growing with no webhook is a poller's business, not the webhook's.
    context.pendingGrowing = true;
    QVERIFY(webhookWarnings(WebhookInfo(), context).isEmpty());
}

void tst_WebhookHealth::allowedUpdates_data()
{
    QTest::addColumn<bool>("webhook");
    QTest::addColumn<bool>("given");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("expected"); // the missing kinds named; empty: no warning
    QTest::newRow("both missing") << true << true << QStringList{u"message"_s}
                                  << u"leaves out chat_member and message_reaction"_s;
    QTest::newRow("chat_member missing") << true << true << QStringList{u"message"_s, u"message_reaction"_s}
                                         << u"leaves out chat_member:"_s;
    QTest::newRow("message_reaction missing") << true << true << QStringList{u"message"_s, u"chat_member"_s}
                                              << u"leaves out message_reaction:"_s;
    QTest::newRow("both listed") << true << true << QStringList{u"chat_member"_s, u"message_reaction"_s} << QString();
    QTest::newRow("not given") << true << false << QStringList() << QString();
    QTest::newRow("no webhook") << false << true << QStringList{u"message"_s} << QString();
}

void tst_WebhookHealth::allowedUpdates()
{
    QFETCH(bool, webhook);
    QFETCH(bool, given);
    QFETCH(QStringList, names);
    QFETCH(QString, expected);
    WebhookInfo info = webhook ? webhookAt(u"https://bot.example.com/hook"_s) : WebhookInfo();
    info.allowedUpdatesGiven = given;
    info.allowedUpdates = names;
    const QList<HealthWarning> warnings = webhookWarnings(info, HealthContext());
    if (expected.isEmpty()) {
        QVERIFY(warnings.isEmpty());
    } else {
        QCOMPARE(idsOf(warnings), QStringList{u"allowed-updates"_s});
        QVERIFY2(warnings.first().message.contains(expected), qPrintable(warnings.first().message));
    }
}

void tst_WebhookHealth::pollerConflict()
{
    HealthContext context;
    context.pollerRunning = true;
    const QList<HealthWarning> warnings = webhookWarnings(webhookAt(u"https://bot.example.com/hook"_s), context);
    QCOMPARE(idsOf(warnings), QStringList{u"poller-conflict"_s});
    QVERIFY(warnings.first().message.contains(u"409"_s));
    QVERIFY(webhookWarnings(WebhookInfo(), context).isEmpty()); // polling without a webhook is fine
    context.pollerRunning = false;
    QVERIFY(webhookWarnings(webhookAt(u"https://bot.example.com/hook"_s), context).isEmpty());
}

void tst_WebhookHealth::lastError()
{
    WebhookInfo info = webhookAt(u"https://bot.example.com/hook"_s);
    info.lastErrorDate = 1511346679; // 2017-11-22 10:31:19 UTC
    info.lastErrorMessage = u"Wrong response from the webhook: 502 Bad Gateway"_s;
    QList<HealthWarning> warnings = webhookWarnings(info, HealthContext());
    QCOMPARE(idsOf(warnings), QStringList{u"last-error"_s});
    const QString message = warnings.first().message;
    QVERIFY2(message.contains(u"2017-11-22 10:31:19 UTC"_s), qPrintable(message));
    QVERIFY(message.contains(u"\"Wrong response from the webhook: 502 Bad Gateway\""_s));
    QVERIFY(message.contains(explainWebhookError(info.lastErrorMessage)));

    // The service keeps the last error after the webhook is deleted: still shown.
    WebhookInfo deleted;
    deleted.lastErrorDate = 1511346679;
    deleted.lastErrorMessage = u"Connection refused"_s;
    QCOMPARE(idsOf(webhookWarnings(deleted, HealthContext())), QStringList{u"last-error"_s});

    info.lastErrorDate = 0;
    QVERIFY(webhookWarnings(info, HealthContext()).isEmpty());
}

void tst_WebhookHealth::tokensAreRedacted()
{
    // People put the token in the webhook path; it must not reach a warning's text.
    WebhookInfo info = webhookAt(u"https://bot.example.com/"_s + kToken);
    info.lastErrorDate = 1;
    info.lastErrorMessage = u"odd failure at https://bot.example.com/"_s + kToken;
    HealthContext context;
    context.listenerUrl = QUrl(u"https://other.example.com/hook"_s);
    context.listenerRunning = true;
    context.pollerRunning = true;
    const QList<HealthWarning> warnings = webhookWarnings(info, context);
    QCOMPARE(idsOf(warnings), (QStringList{u"not-this-listener"_s, u"poller-conflict"_s, u"last-error"_s}));
    for (const HealthWarning &w : warnings)
        QVERIFY2(!w.message.contains(u"TEST-fake-token"_s), qPrintable(w.message));
    QVERIFY(messageOf(warnings, u"not-this-listener"_s).contains(u"123456789:***"_s));
}

QTEST_GUILESS_MAIN(tst_WebhookHealth)
#include "tst_webhookhealth.moc"
