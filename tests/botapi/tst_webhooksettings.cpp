// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// WebhookCalls against the real emulator on loopback (cloud and --local rules): setWebhook as JSON
// and as multipart with a certificate, deleteWebhook, getWebhookInfo, the service's own words; and
// the exact request shapes, captured by a small HTTP server.
#include "botapiclient.h"
#include "emulatorserver.h"
#include "webhookhealth.h"
#include "webhookinfo.h"
#include "webhooksettings.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {
const QString kToken = u"123456789:TEST-fake-token-not-a-real-bot"_s;
const QString kTokenSecret = u"TEST-fake-token-not-a-real-bot"_s;
const QByteArray kUpdate = QByteArrayLiteral("{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1,"
                                             "\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"hi\"}}");

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(UI_TEST_DATA_DIR "/certs/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

// What a call ended with, copied in its finished() handler (the call deletes itself afterwards).
struct Answer
{
    bool finished = false;
    BotApiError error;
    QJsonValue result;
    QString described;
};

// One captured request: the headers that matter and the body as sent.
struct Captured
{
    QByteArray contentType;
    QByteArray body;
};

// An HTTP server that records each request and answers like a Bot API that set the webhook.
struct CaptureServer
{
    QHttpServer http;
    QTcpServer *tcp = nullptr; // owned by `http` once bound
    QList<Captured> requests;

    bool listen(QObject *context)
    {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0) || !http.bind(server.get()))
            return false;
        tcp = server.release();
        http.setMissingHandler(context, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            requests.append({request.value("Content-Type"), request.body()});
            responder.write(QByteArrayLiteral("{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}"),
                            "application/json");
        });
        return true;
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(tcp->serverPort())); }
};

struct FormPart
{
    QByteArray disposition;
    QByteArray contentType;
    QByteArray body;
};

// A multipart/form-data body split into its parts, keyed by the name in Content-Disposition.
QHash<QByteArray, FormPart> splitForm(const QByteArray &contentType, const QByteArray &body)
{
    QHash<QByteArray, FormPart> parts;
    const qsizetype at = contentType.indexOf("boundary=");
    if (at < 0)
        return parts;
    QByteArray boundary = contentType.mid(at + 9);
    if (boundary.startsWith('"'))
        boundary = boundary.mid(1, boundary.size() - 2);
    const QByteArray delimiter = "--" + boundary;
    qsizetype position = body.indexOf(delimiter);
    while (position >= 0) {
        const qsizetype start = position + delimiter.size();
        if (body.mid(start, 2) == "--")
            break;
        const qsizetype next = body.indexOf(delimiter, start);
        if (next < 0)
            break;
        // "\r\n" headers "\r\n\r\n" body "\r\n"
        const QByteArray part = body.mid(start + 2, next - start - 4);
        const qsizetype split = part.indexOf("\r\n\r\n");
        FormPart form;
        for (const QByteArray &line : part.left(split).split('\n')) {
            const QByteArray trimmed = line.trimmed();
            if (trimmed.toLower().startsWith("content-disposition:"))
                form.disposition = trimmed.mid(20).trimmed();
            else if (trimmed.toLower().startsWith("content-type:"))
                form.contentType = trimmed.mid(13).trimmed();
        }
        form.body = part.mid(split + 4);
        const qsizetype nameAt = form.disposition.indexOf("name=\"");
        const qsizetype nameEnd = form.disposition.indexOf('"', nameAt + 6);
        const QByteArray name = form.disposition.mid(nameAt + 6, nameEnd - nameAt - 6);
        parts.insert(name, form);
        position = next;
    }
    return parts;
}
} // namespace

class tst_WebhookSettings : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;
    std::unique_ptr<EmulatorServer> m_server;
    EmulatedBot *m_bot = nullptr;
    std::unique_ptr<BotApiClient> m_client;

    void startEmulator(bool localMode)
    {
        m_client.reset();
        m_server.reset();
        EmulatorServer::Options options;
        options.settings.localMode = localMode;
        m_server = std::make_unique<EmulatorServer>(options);
        QString error;
        QVERIFY2(m_server->listen(&error), qPrintable(error));
        m_bot = m_server->addBot(kToken, &error);
        QVERIFY2(m_bot, qPrintable(error));
        m_client = std::make_unique<BotApiClient>(&m_network);
        m_client->setEndpoint({m_server->baseUrl(), kToken, false});
    }

    static Answer run(BotApiCall *call)
    {
        Answer answer;
        QSignalSpy spy(call, &BotApiCall::finished);
        if (!spy.isValid())
            return answer;
        connect(call, &BotApiCall::finished, call, [&answer, call] {
            answer.finished = true;
            answer.error = call->error();
            answer.result = call->result();
            answer.described = WebhookCalls::describeAnswer(*call);
        });
        spy.wait(10000);
        return answer;
    }

    WebhookInfo info()
    {
        const Answer answer = run(WebhookCalls::getWebhookInfo(*m_client));
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
    void jsonRequestShape();
    void multipartRequestShape();
    void derCertificateIsOctetStream();
    void fileNameCannotBreakTheHeader();
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

    Answer answer = run(WebhookCalls::setWebhook(*m_client, settings));
    QVERIFY(answer.finished);
    QVERIFY2(!answer.error.isError(), qPrintable(answer.error.message()));
    QCOMPARE(answer.result, QJsonValue(true));
    QCOMPARE(answer.described, u"Webhook was set"_s);

    QVERIFY(m_bot->webhook().has_value());
    QCOMPARE(m_bot->webhook()->secretToken, QByteArray("s3cret_-X"));
    QVERIFY(m_bot->webhook()->certificatePem.isEmpty());

    const WebhookInfo current = info();
    QCOMPARE(current.url, settings.url);
    QVERIFY(!current.hasCustomCertificate);
    QCOMPARE(current.maxConnections, 7);
    QCOMPARE(current.ipAddress, u"127.0.0.1"_s); // localhost, as the emulator shows it
    QVERIFY(current.allowedUpdatesGiven);
    QCOMPARE(current.allowedUpdates, (QStringList{u"message"_s, u"chat_member"_s}));

    // The same settings again: the service's other wording.
    answer = run(WebhookCalls::setWebhook(*m_client, settings));
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
    QVERIFY(m_bot->inject(kUpdate) > 0);
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

    const Answer answer = run(WebhookCalls::setWebhook(*m_client, settings));
    QVERIFY(answer.finished);
    QVERIFY2(!answer.error.isError(), qPrintable(answer.error.message()));
    QCOMPARE(answer.described, u"Webhook was set"_s);

    // The service got every form field and the certificate byte for byte.
    QVERIFY(m_bot->webhook().has_value());
    QCOMPARE(m_bot->webhook()->certificatePem, settings.certificatePem);
    QCOMPARE(m_bot->webhook()->secretToken, QByteArray("form-secret_1"));
    QCOMPARE(m_bot->webhook()->ipAddress, u"127.0.0.1"_s);

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
    QCOMPARE(run(WebhookCalls::setWebhook(*m_client, settings)).described, u"Webhook was set"_s);
    QVERIFY(!info().hasCustomCertificate);
}

void tst_WebhookSettings::maxConnections()
{
    startEmulator(false);
    WebhookSettings settings;
    settings.url = u"https://localhost/a"_s;
    settings.maxConnections = 0; // not sent: the service's default
    QCOMPARE(run(WebhookCalls::setWebhook(*m_client, settings)).described, u"Webhook was set"_s);
    QCOMPARE(info().maxConnections, 40);

    settings.maxConnections = 500; // clamped, not rejected (what the preflight's warning says)
    const Answer answer = run(WebhookCalls::setWebhook(*m_client, settings));
    QVERIFY(!answer.error.isError());
    QCOMPARE(info().maxConnections, 100);

    settings.maxConnections = -3;
    QVERIFY(!run(WebhookCalls::setWebhook(*m_client, settings)).error.isError());
    QCOMPARE(info().maxConnections, 1);
}

void tst_WebhookSettings::deleteWebhook()
{
    startEmulator(false);
    WebhookSettings settings;
    settings.url = u"https://localhost:88/x"_s;
    QCOMPARE(run(WebhookCalls::setWebhook(*m_client, settings)).described, u"Webhook was set"_s);
    QVERIFY(info().hasWebhook());

    Answer answer = run(WebhookCalls::deleteWebhook(*m_client, false));
    QCOMPARE(answer.result, QJsonValue(true));
    QCOMPARE(answer.described, u"Webhook was deleted"_s);
    QVERIFY(!info().hasWebhook());
    QVERIFY(!m_bot->webhook().has_value());

    // Without a webhook (so nothing is delivered): drop_pending_updates decides the queue's fate.
    QVERIFY(m_bot->inject(kUpdate) > 0);
    QVERIFY(m_bot->inject(kUpdate) > 0);
    answer = run(WebhookCalls::deleteWebhook(*m_client, false));
    QCOMPARE(answer.described, u"Webhook is already deleted"_s);
    QCOMPARE(info().pendingUpdateCount, 2);
    answer = run(WebhookCalls::deleteWebhook(*m_client, true));
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
    const Answer answer = run(WebhookCalls::setWebhook(*m_client, settings));
    QVERIFY(answer.finished);
    QCOMPARE(answer.error.kind, BotApiError::Kind::Api);
    QCOMPARE(answer.error.errorCode, 400);
    QCOMPARE(answer.described, expected);
    QVERIFY(!m_bot->webhook().has_value());
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
    BotApiClient client(&m_network);
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
    BotApiClient stranger(&m_network);
    stranger.setEndpoint({m_server->baseUrl(), u"555555:TEST-unknown-fake-token-here"_s, false});
    const Answer refused = run(WebhookCalls::getWebhookInfo(stranger));
    QCOMPARE(refused.error.kind, BotApiError::Kind::Api);
    QVERIFY(!refused.described.isEmpty());
    QVERIFY(!refused.described.contains(u"TEST-unknown-fake-token-here"_s));
}

void tst_WebhookSettings::describeUnfinishedCall()
{
    startEmulator(false);
    BotApiCall *call = WebhookCalls::getWebhookInfo(*m_client);
    QCOMPARE(WebhookCalls::describeAnswer(*call), u"no answer yet"_s);
    QCOMPARE(run(call).described, u"OK"_s); // a result without a description
}

void tst_WebhookSettings::jsonRequestShape()
{
    CaptureServer capture;
    QVERIFY(capture.listen(this));
    BotApiClient client(&m_network);
    client.setEndpoint({capture.url(), kToken, false});

    WebhookSettings settings;
    settings.url = u"https://bot.example.com/hook"_s;
    settings.maxConnections = 0;
    QVERIFY(run(WebhookCalls::setWebhook(client, settings)).finished);
    QCOMPARE(capture.requests.size(), 1);
    QCOMPARE(capture.requests[0].contentType, QByteArray("application/json"));
    // Only the URL: empty and zero values are left out, not sent as "" or 0.
    QCOMPARE(QJsonDocument::fromJson(capture.requests[0].body).object(),
             (QJsonObject{{u"url"_s, settings.url}}));

    settings.maxConnections = 12;
    settings.ipAddress = u"203.0.113.9"_s;
    settings.secretToken = u"abc"_s;
    settings.sendAllowedUpdates = true; // [] is sent: it means the default set
    settings.dropPendingUpdates = true;
    QVERIFY(run(WebhookCalls::setWebhook(client, settings)).finished);
    QCOMPARE(capture.requests.size(), 2);
    const QJsonObject expected{{u"url"_s, settings.url},
                               {u"max_connections"_s, 12},
                               {u"ip_address"_s, u"203.0.113.9"_s},
                               {u"secret_token"_s, u"abc"_s},
                               {u"allowed_updates"_s, QJsonArray()},
                               {u"drop_pending_updates"_s, true}};
    QCOMPARE(QJsonDocument::fromJson(capture.requests[1].body).object(), expected);

    QVERIFY(run(WebhookCalls::deleteWebhook(client, true)).finished);
    QCOMPARE(QJsonDocument::fromJson(capture.requests[2].body).object(),
             (QJsonObject{{u"drop_pending_updates"_s, true}}));
    QVERIFY(run(WebhookCalls::deleteWebhook(client, false)).finished);
    QCOMPARE(QJsonDocument::fromJson(capture.requests[3].body).object(), QJsonObject());
}

void tst_WebhookSettings::multipartRequestShape()
{
    CaptureServer capture;
    QVERIFY(capture.listen(this));
    BotApiClient client(&m_network);
    client.setEndpoint({capture.url(), kToken, false});

    WebhookSettings settings;
    settings.url = u"https://bot.example.com:8443/hook"_s;
    settings.certificatePem = readFixture(u"selfsigned-dns.pem"_s);
    settings.certificateFileName = u"my cert.pem"_s;
    settings.maxConnections = 7;
    settings.sendAllowedUpdates = true;
    settings.allowedUpdates = {u"message"_s, u"chat_member"_s};
    settings.dropPendingUpdates = true;
    settings.secretToken = u"t0k_-"_s;
    const Answer answer = run(WebhookCalls::setWebhook(client, settings));
    QCOMPARE(answer.described, u"Webhook was set"_s);

    QCOMPARE(capture.requests.size(), 1);
    const Captured &request = capture.requests[0];
    QVERIFY2(request.contentType.startsWith("multipart/form-data; boundary="), request.contentType.constData());
    const QHash<QByteArray, FormPart> parts = splitForm(request.contentType, request.body);
    QCOMPARE(parts.size(), 6); // url, max_connections, allowed_updates, drop, secret, certificate; no ip_address

    const FormPart certificate = parts.value("certificate");
    QCOMPARE(certificate.disposition, QByteArray("form-data; name=\"certificate\"; filename=\"my cert.pem\""));
    QCOMPARE(certificate.contentType, QByteArray("application/x-pem-file"));
    QCOMPARE(certificate.body, settings.certificatePem);

    QCOMPARE(parts.value("url").body, settings.url.toUtf8());
    QCOMPARE(parts.value("max_connections").body, QByteArray("7"));
    QCOMPARE(parts.value("allowed_updates").body, QByteArray("[\"message\",\"chat_member\"]"));
    QCOMPARE(parts.value("drop_pending_updates").body, QByteArray("true"));
    QCOMPARE(parts.value("secret_token").body, QByteArray("t0k_-"));
    QVERIFY(!parts.contains("ip_address"));
    // Form fields are plain fields, not files.
    QVERIFY(!parts.value("url").disposition.contains("filename"));
}

void tst_WebhookSettings::derCertificateIsOctetStream()
{
    CaptureServer capture;
    QVERIFY(capture.listen(this));
    BotApiClient client(&m_network);
    client.setEndpoint({capture.url(), kToken, false});

    const QList<QSslCertificate> pem = QSslCertificate::fromData(readFixture(u"ca-signed.pem"_s));
    QCOMPARE(pem.size(), 1);
    WebhookSettings settings;
    settings.url = u"https://bot.example.com/hook"_s;
    settings.certificatePem = pem.first().toDer();
    QVERIFY(run(WebhookCalls::setWebhook(client, settings)).finished);
    QCOMPARE(capture.requests.size(), 1);
    const FormPart certificate =
        splitForm(capture.requests[0].contentType, capture.requests[0].body).value("certificate");
    QCOMPARE(certificate.contentType, QByteArray("application/octet-stream"));
    QCOMPARE(certificate.body, settings.certificatePem);
    QVERIFY(certificate.disposition.contains("filename=\"certificate.pem\"")); // the default name
}

void tst_WebhookSettings::fileNameCannotBreakTheHeader()
{
    CaptureServer capture;
    QVERIFY(capture.listen(this));
    BotApiClient client(&m_network);
    client.setEndpoint({capture.url(), kToken, false});

    WebhookSettings settings;
    settings.url = u"https://bot.example.com/hook"_s;
    settings.certificatePem = readFixture(u"selfsigned-dns.pem"_s);
    settings.certificateFileName = u"evil\"; name=\"url.pem"_s;
    QVERIFY(run(WebhookCalls::setWebhook(client, settings)).finished);
    QCOMPARE(capture.requests.size(), 1);
    const QHash<QByteArray, FormPart> parts = splitForm(capture.requests[0].contentType, capture.requests[0].body);
    QCOMPARE(parts.value("certificate").disposition,
             QByteArray("form-data; name=\"certificate\"; filename=\"evil; name=url.pem\""));
    QCOMPARE(parts.value("url").body, settings.url.toUtf8());
}

QTEST_GUILESS_MAIN(tst_WebhookSettings)
#include "tst_webhooksettings.moc"
