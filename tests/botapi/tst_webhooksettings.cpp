// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// WebhookCalls against the real emulator on loopback (cloud and --local rules): setWebhook as JSON
// and as multipart with a certificate, deleteWebhook, getWebhookInfo, the service's own words.
// The exact request shapes are in tst_webhookrequestshape.
#include "emulatedbotclient.h"
#include "botapiclient.h"
#include "emulatorserver.h"
#include "webhookcapture.h"
#include "webhookhealth.h"
#include "webhookinfo.h"
#include "webhooksettings.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {
const QString kTokenSecret = u"TEST-fake-token-not-a-real-bot"_s;
const QByteArray kUpdate = QByteArrayLiteral("{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1,"
                                             "\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"hi\"}}");
} // namespace

class tst_WebhookSettings : public QObject
{
    Q_OBJECT

private:
    EmulatedBotClient m_emulator;

    void startEmulator(bool localMode)
    {
        QString error;
        QVERIFY2(m_emulator.start(kToken, localMode, &error), qPrintable(error));
    }

    WebhookInfo info()
    {
        const Answer answer = run(WebhookCalls::getWebhookInfo(*m_emulator.client));
        if (!answer.finished || answer.error.isError())
            qWarning("getWebhookInfo failed: %s", qPrintable(answer.error.message()));
        return WebhookInfo::fromJson(answer.result.toObject());
    }

private Q_SLOTS:
    void setAsJson();
    void setWithCertificate_data();
    void setWithCertificate();
    void maxConnections();
    void deleteWebhook();
    void serviceErrors_data();
    void serviceErrors();
    void describeNetworkErrorHidesToken();
    void describeUnfinishedCall();
};

void tst_WebhookSettings::setAsJson()
{
    startEmulator(false);
    WebhookSettings settings;
    settings.url = u"https://localhost:8443/hook/path"_s; // a name: the emulator accepts it under cloud rules
    settings.secretToken = u"s3cret_-X"_s;
    settings.maxConnections = 7;
    settings.sendAllowedUpdates = true;
    settings.allowedUpdates = {u"message"_s, u"chat_member"_s};

    Answer answer = run(WebhookCalls::setWebhook(*m_emulator.client, settings));
    QVERIFY(answer.finished);
    QVERIFY2(!answer.error.isError(), qPrintable(answer.error.message()));
    QCOMPARE(answer.result, QJsonValue(true));
    QCOMPARE(answer.described, u"Webhook was set"_s);

    QVERIFY(m_emulator.bot->webhook().has_value());
    QCOMPARE(m_emulator.bot->webhook()->secretToken, QByteArray("s3cret_-X"));
    QVERIFY(m_emulator.bot->webhook()->certificatePem.isEmpty());

    const WebhookInfo current = info();
    QCOMPARE(current.url, settings.url);
    QVERIFY(!current.hasCustomCertificate);
    QCOMPARE(current.maxConnections, 7);
    QCOMPARE(current.ipAddress, u"127.0.0.1"_s); // localhost, as the emulator shows it
    QVERIFY(current.allowedUpdatesGiven);
    QCOMPARE(current.allowedUpdates, (QStringList{u"message"_s, u"chat_member"_s}));

    // The same settings again: the service's other wording.
    answer = run(WebhookCalls::setWebhook(*m_emulator.client, settings));
    QCOMPARE(answer.described, u"Webhook is already set"_s);
}


void tst_WebhookSettings::setWithCertificate_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("self-signed PEM") << u"selfsigned-dns.pem"_s;
    QTest::newRow("CA-issued PEM") << u"ca-signed.pem"_s;
}


void tst_WebhookSettings::setWithCertificate()
{
    QFETCH(QString, fixture);
    startEmulator(true); // --local rules: an http URL and a loopback ip_address are allowed
    QVERIFY(m_emulator.bot->inject(kUpdate) > 0);
    QCOMPARE(info().pendingUpdateCount, 1);

    WebhookSettings settings;
    settings.url = u"http://127.0.0.1:9/hook"_s;
    settings.certificatePem = readFixture(fixture);
    settings.certificateFileName = u"public.pem"_s;
    settings.ipAddress = u"127.0.0.1"_s;
    settings.maxConnections = 55;
    settings.sendAllowedUpdates = true;
    settings.allowedUpdates = {u"message_reaction"_s, u"message"_s};
    settings.dropPendingUpdates = true; // nothing stays queued, so nothing is delivered
    settings.secretToken = u"form-secret_1"_s;

    const Answer answer = run(WebhookCalls::setWebhook(*m_emulator.client, settings));
    QVERIFY(answer.finished);
    QVERIFY2(!answer.error.isError(), qPrintable(answer.error.message()));
    QCOMPARE(answer.described, u"Webhook was set"_s);

    // The service got every form field and the certificate byte for byte.
    QVERIFY(m_emulator.bot->webhook().has_value());
    QCOMPARE(m_emulator.bot->webhook()->certificatePem, settings.certificatePem);
    QCOMPARE(m_emulator.bot->webhook()->secretToken, QByteArray("form-secret_1"));
    QCOMPARE(m_emulator.bot->webhook()->ipAddress, u"127.0.0.1"_s);

    const WebhookInfo current = info();
    QVERIFY(current.hasCustomCertificate);
    QCOMPARE(current.url, settings.url);
    QCOMPARE(current.maxConnections, 55);
    QCOMPARE(current.pendingUpdateCount, 0);
    QVERIFY(current.allowedUpdatesGiven);
    QCOMPARE(QSet<QString>(current.allowedUpdates.cbegin(), current.allowedUpdates.cend()),
             (QSet<QString>{u"message"_s, u"message_reaction"_s}));

    // Setting it again without the certificate drops it: has_custom_certificate goes back to false.
    settings.certificatePem.clear();
    QCOMPARE(run(WebhookCalls::setWebhook(*m_emulator.client, settings)).described, u"Webhook was set"_s);
    QVERIFY(!info().hasCustomCertificate);
}


void tst_WebhookSettings::maxConnections()
{
    startEmulator(false);
    WebhookSettings settings;
    settings.url = u"https://localhost/a"_s;
    settings.maxConnections = 0; // not sent: the service's default
    QCOMPARE(run(WebhookCalls::setWebhook(*m_emulator.client, settings)).described, u"Webhook was set"_s);
    QCOMPARE(info().maxConnections, 40);

    settings.maxConnections = 500; // clamped, not rejected (what the preflight's warning says)
    const Answer answer = run(WebhookCalls::setWebhook(*m_emulator.client, settings));
    QVERIFY(!answer.error.isError());
    QCOMPARE(info().maxConnections, 100);

    settings.maxConnections = -3;
    QVERIFY(!run(WebhookCalls::setWebhook(*m_emulator.client, settings)).error.isError());
    QCOMPARE(info().maxConnections, 1);
}


void tst_WebhookSettings::deleteWebhook()
{
    startEmulator(false);
    WebhookSettings settings;
    settings.url = u"https://localhost:88/x"_s;
    QCOMPARE(run(WebhookCalls::setWebhook(*m_emulator.client, settings)).described, u"Webhook was set"_s);
    QVERIFY(info().hasWebhook());

    Answer answer = run(WebhookCalls::deleteWebhook(*m_emulator.client, false));
    QCOMPARE(answer.result, QJsonValue(true));
    QCOMPARE(answer.described, u"Webhook was deleted"_s);
    QVERIFY(!info().hasWebhook());
    QVERIFY(!m_emulator.bot->webhook().has_value());

    // Without a webhook (so nothing is delivered): drop_pending_updates decides the queue's fate.
    QVERIFY(m_emulator.bot->inject(kUpdate) > 0);
    QVERIFY(m_emulator.bot->inject(kUpdate) > 0);
    answer = run(WebhookCalls::deleteWebhook(*m_emulator.client, false));
    QCOMPARE(answer.described, u"Webhook is already deleted"_s);
    QCOMPARE(info().pendingUpdateCount, 2);
    answer = run(WebhookCalls::deleteWebhook(*m_emulator.client, true));
    QCOMPARE(answer.described, u"Webhook is already deleted"_s);
    QCOMPARE(info().pendingUpdateCount, 0);
}


void tst_WebhookSettings::serviceErrors_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("ipAddress");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<bool>("withCertificate");
    QTest::addColumn<QString>("expected");

    const QString https = u"https://localhost/hook"_s;
    QTest::newRow("http in the cloud") << u"http://localhost/hook"_s << QString() << QString() << false
                                       << u"Bad Request: bad webhook: An HTTPS URL must be provided for webhook"_s;
    QTest::newRow("http in the cloud, multipart")
        << u"http://localhost/hook"_s << QString() << QString() << true
        << u"Bad Request: bad webhook: An HTTPS URL must be provided for webhook"_s;
    QTest::newRow("port") << u"https://localhost:8080/hook"_s << QString() << QString() << false
                          << u"Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"_s;
    QTest::newRow("reserved ip_address") << https << u"10.1.2.3"_s << QString() << false
                                         << u"Bad Request: bad webhook: IP address 10.1.2.3 is reserved"_s;
    QTest::newRow("IPv6 ip_address") << https << u"2001:db8::1"_s << QString() << true
                                     << u"Bad Request: bad webhook: IPv6-only addresses are not allowed"_s;
    QTest::newRow("not an ip_address") << https << u"not-an-ip"_s << QString() << false
                                       << u"Bad Request: invalid IP address specified"_s;
    QTest::newRow("not a URL") << u"localhost/hook"_s << QString() << QString() << false
                               << u"Bad Request: invalid webhook URL specified"_s;
    QTest::newRow("secret characters") << https << QString() << u"bad secret!"_s << false
                                       << u"Bad Request: secret token contains unallowed characters"_s;
    QTest::newRow("secret length") << https << QString() << QString(257, u'a') << true
                                   << u"Bad Request: secret token is too long"_s;
}


void tst_WebhookSettings::serviceErrors()
{
    QFETCH(QString, url);
    QFETCH(QString, ipAddress);
    QFETCH(QString, secret);
    QFETCH(bool, withCertificate);
    QFETCH(QString, expected);
    startEmulator(false);

    WebhookSettings settings;
    settings.url = url;
    settings.ipAddress = ipAddress;
    settings.secretToken = secret;
    if (withCertificate)
        settings.certificatePem = readFixture(u"selfsigned-dns.pem"_s);
    const Answer answer = run(WebhookCalls::setWebhook(*m_emulator.client, settings));
    QVERIFY(answer.finished);
    QCOMPARE(answer.error.kind, BotApiError::Kind::Api);
    QCOMPARE(answer.error.errorCode, 400);
    QCOMPARE(answer.described, expected);
    QVERIFY(!m_emulator.bot->webhook().has_value());
    // Every one of the service's refusals is in the dictionary (not the generic "not in the
    // dictionary" text).
    QVERIFY2(!explainWebhookError(answer.described).contains(u"not in this app's dictionary"_s),
             qPrintable(explainWebhookError(answer.described)));
}


void tst_WebhookSettings::describeNetworkErrorHidesToken()
{
    // A port nobody listens on: bind one, note it, close it.
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    BotApiClient client(&m_emulator.network);
    client.setEndpoint({QUrl(u"http://127.0.0.1:%1"_s.arg(closedPort)), kToken, false});
    WebhookSettings settings;
    settings.url = u"https://localhost/bot"_s + kToken; // a token in the webhook path, as people do
    const Answer answer = run(WebhookCalls::setWebhook(client, settings));
    QVERIFY(answer.finished);
    QCOMPARE(answer.error.kind, BotApiError::Kind::Network);
    QVERIFY2(answer.described.contains(u"connection refused"_s), qPrintable(answer.described));
    QVERIFY(!answer.described.contains(kTokenSecret));

    // An unknown bot: the service's description, still without the token.
    startEmulator(false);
    BotApiClient stranger(&m_emulator.network);
    stranger.setEndpoint({m_emulator.server->baseUrl(), u"555555:TEST-unknown-fake-token-here"_s, false});
    const Answer refused = run(WebhookCalls::getWebhookInfo(stranger));
    QCOMPARE(refused.error.kind, BotApiError::Kind::Api);
    QVERIFY(!refused.described.isEmpty());
    QVERIFY(!refused.described.contains(u"TEST-unknown-fake-token-here"_s));
}


void tst_WebhookSettings::describeUnfinishedCall()
{
    startEmulator(false);
    BotApiCall *call = WebhookCalls::getWebhookInfo(*m_emulator.client);
    QCOMPARE(WebhookCalls::describeAnswer(*call), u"no answer yet"_s);
    QCOMPARE(run(call).described, u"OK"_s); // a result without a description
}

QTEST_GUILESS_MAIN(tst_WebhookSettings)
#include "tst_webhooksettings.moc"
