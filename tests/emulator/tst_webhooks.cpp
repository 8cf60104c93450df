// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// setWebhook / deleteWebhook / getWebhookInfo and delivery, against the real emulator and a real
// webhook endpoint over loopback.
#include "emulatorfixture.h"
#include "webhooksink.h"

#include <QHttpMultiPart>
#include <QJsonArray>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");

QByteArray textIn(qint64 chat, int n)
{
    return QStringLiteral("{\"message\":{\"message_id\":%2,\"date\":1700000000,\"chat\":{\"id\":%1,\"type\":\"private\"},"
                          "\"from\":{\"id\":%1,\"is_bot\":false,\"first_name\":\"A\"},\"text\":\"m%2\"}}")
        .arg(chat)
        .arg(n)
        .toUtf8();
}
} // namespace

class TestWebhooks : public QObject
{
    Q_OBJECT

private:
    EmulatorFixture m_emu;

    void startServer(bool localMode)
    {
        EmulatorServer::Options options;
        options.settings.localMode = localMode;
        options.settings.delivery.retryBaseMs = 100;
        options.settings.delivery.retryCapMinMs = 400;
        options.settings.delivery.retryCapMaxMs = 400;
        options.settings.delivery.timeoutMs = 2000;
        QString error;
        QVERIFY2(m_emu.start(options, kToken, &error), qPrintable(error));
    }
    QJsonObject info() { return m_emu.client->call(QStringLiteral("getWebhookInfo")).result().toObject(); }

private Q_SLOTS:
    void cleanup() { m_emu.stop(); }

    void cloudValidation_data()
    {
        QTest::addColumn<QJsonObject>("params");
        QTest::addColumn<QString>("description"); // empty = accepted
        const auto url = [](const char *u) { return QJsonObject{{QStringLiteral("url"), QLatin1StringView(u)}}; };
        QTest::newRow("https 443") << url("https://203.0.114.7/hook") << QString();
        QTest::newRow("https 8443") << url("https://203.0.114.7:8443/hook") << QString();
        QTest::newRow("https 88") << url("https://hooks.example.org:88/x") << QString();
        QTest::newRow("http") << url("http://203.0.114.7/hook")
                              << QStringLiteral("Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        QTest::newRow("port 8080") << url("https://203.0.114.7:8080/hook")
                                   << QStringLiteral("Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
        QTest::newRow("loopback") << url("https://127.0.0.1/hook")
                                  << QStringLiteral("Bad Request: bad webhook: IP address 127.0.0.1 is reserved");
        QTest::newRow("not a url") << url("https:///nohost") << QStringLiteral("Bad Request: invalid webhook URL specified");
        QTest::newRow("ftp") << url("ftp://203.0.114.7/x") << QStringLiteral("Bad Request: invalid webhook URL specified");
        QJsonObject secret = url("https://203.0.114.7/hook");
        secret.insert(QStringLiteral("secret_token"), QString(257, u'a'));
        QTest::newRow("secret too long") << secret << QStringLiteral("Bad Request: secret token is too long");
        secret.insert(QStringLiteral("secret_token"), QStringLiteral("has space"));
        QTest::newRow("secret bad chars") << secret << QStringLiteral("Bad Request: secret token contains unallowed characters");
        secret.insert(QStringLiteral("secret_token"), QString(256, u'Z') );
        QTest::newRow("secret 256 ok") << secret << QString();
        QJsonObject ip = url("https://hooks.example.org/hook");
        ip.insert(QStringLiteral("ip_address"), QStringLiteral("::1"));
        QTest::newRow("ipv6 address") << ip << QStringLiteral("Bad Request: bad webhook: IPv6-only addresses are not allowed");
        ip.insert(QStringLiteral("ip_address"), QStringLiteral("192.168.1.2"));
        QTest::newRow("private address") << ip << QStringLiteral("Bad Request: bad webhook: IP address 192.168.1.2 is reserved");
        ip.insert(QStringLiteral("ip_address"), QStringLiteral("not-an-ip"));
        QTest::newRow("bad address") << ip << QStringLiteral("Bad Request: invalid IP address specified");
    }
    void cloudValidation()
    {
        QFETCH(QJsonObject, params);
        QFETCH(QString, description);
        startServer(false);
        const ApiResult result = m_emu.client->call(QStringLiteral("setWebhook"), params);
        if (description.isEmpty()) {
            QVERIFY2(result.ok(), qPrintable(result.description()));
            QCOMPARE(result.description(), QStringLiteral("Webhook was set"));
        } else {
            QCOMPARE(result.status, 400);
            QCOMPARE(result.description(), description);
            QCOMPARE(info().value(QLatin1StringView("url")).toString(), QString());
        }
    }

    void localModeAllowsHttpAnyPort()
    {
        startServer(true);
        const ApiResult result = m_emu.client->call(QStringLiteral("setWebhook"),
                                                {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:8081/hook")},
                                                 {QStringLiteral("max_connections"), 500}});
        QVERIFY2(result.ok(), qPrintable(result.description()));
        QCOMPARE(info().value(QLatin1StringView("max_connections")).toInt(), 500);
    }

    void maxConnectionsClamped_data()
    {
        QTest::addColumn<QJsonValue>("given");
        QTest::addColumn<int>("expected");
        QTest::newRow("absent") << QJsonValue() << 40;
        QTest::newRow("0") << QJsonValue(0) << 1;
        QTest::newRow("7") << QJsonValue(7) << 7;
        QTest::newRow("500") << QJsonValue(500) << 100;
    }
    void maxConnectionsClamped()
    {
        QFETCH(QJsonValue, given);
        QFETCH(int, expected);
        startServer(false);
        QJsonObject params{{QStringLiteral("url"), QStringLiteral("https://203.0.114.7/hook")}};
        if (!given.isNull())
            params.insert(QStringLiteral("max_connections"), given);
        QVERIFY(m_emu.client->call(QStringLiteral("setWebhook"), params).ok());
        QCOMPARE(info().value(QLatin1StringView("max_connections")).toInt(), expected);
    }

    void certificateUpload()
    {
        startServer(false);
        auto *multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        QHttpPart url;
        url.setHeader(QNetworkRequest::ContentDispositionHeader, QByteArray("form-data; name=\"url\""));
        url.setBody("https://203.0.114.7:8443/hook");
        QHttpPart certificate;
        certificate.setHeader(QNetworkRequest::ContentDispositionHeader,
                              QByteArray("form-data; name=\"certificate\"; filename=\"cert.pem\""));
        certificate.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-pem-file"));
        certificate.setBody("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        multi->append(url);
        multi->append(certificate);
        QVERIFY(m_emu.client->multipart(QStringLiteral("setWebhook"), multi).ok());
        QCOMPARE(info().value(QLatin1StringView("has_custom_certificate")).toBool(), true);
        QVERIFY(m_emu.bot->webhook()->certificatePem.startsWith("-----BEGIN CERTIFICATE-----"));

        auto *tooBig = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        certificate.setBody(QByteArray((3 << 20) + 1, 'x'));
        tooBig->append(url);
        tooBig->append(certificate);
        const ApiResult refused = m_emu.client->multipart(QStringLiteral("setWebhook"), tooBig);
        QCOMPARE(refused.description(), QStringLiteral("Bad Request: certificate size is too big"));
    }

    void setDeleteDescriptionsAndInfo()
    {
        startServer(true);
        QCOMPARE(m_emu.client->call(QStringLiteral("deleteWebhook")).description(), QStringLiteral("Webhook is already deleted"));
        QJsonObject info0 = info();
        QCOMPARE(info0.value(QLatin1StringView("url")).toString(), QString());
        QVERIFY(!info0.contains(QLatin1StringView("max_connections")));
        QVERIFY(!info0.contains(QLatin1StringView("allowed_updates"))); // the default set is not shown

        const QJsonObject params{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/hook")},
                                 {QStringLiteral("allowed_updates"), QJsonArray{QStringLiteral("message"), QStringLiteral("chat_member")}}};
        QCOMPARE(m_emu.client->call(QStringLiteral("setWebhook"), params).description(), QStringLiteral("Webhook was set"));
        QCOMPARE(m_emu.client->call(QStringLiteral("setWebhook"), params).description(), QStringLiteral("Webhook is already set"));
        const QJsonObject set = info();
        QCOMPARE(set.value(QLatin1StringView("url")).toString(), QStringLiteral("http://127.0.0.1:9/hook"));
        QCOMPARE(set.value(QLatin1StringView("ip_address")).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(set.value(QLatin1StringView("has_custom_certificate")).toBool(true), false);
        QCOMPARE(set.value(QLatin1StringView("allowed_updates")).toArray(),
                 (QJsonArray{QStringLiteral("message"), QStringLiteral("chat_member")}));
        QCOMPARE(m_emu.client->call(QStringLiteral("deleteWebhook")).description(), QStringLiteral("Webhook was deleted"));
        QCOMPARE(info().value(QLatin1StringView("url")).toString(), QString());
    }

    void dropPendingUpdates()
    {
        startServer(true);
        for (int i = 0; i < 4; ++i)
            QVERIFY(m_emu.bot->inject(textIn(1, i)) > 0);
        QCOMPARE(info().value(QLatin1StringView("pending_update_count")).toInt(), 4);
        QVERIFY(m_emu.client->call(QStringLiteral("deleteWebhook"), {{QStringLiteral("drop_pending_updates"), true}}).ok());
        QCOMPARE(info().value(QLatin1StringView("pending_update_count")).toInt(), 0);
        QVERIFY(m_emu.bot->inject(textIn(1, 5)) > 0);
        QVERIFY(m_emu.client->form(QStringLiteral("setWebhook"),
                               QUrlQuery{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/x")},
                                         {QStringLiteral("drop_pending_updates"), QStringLiteral("true")}}).ok());
        QCOMPARE(m_emu.bot->queue().size(), 0);
    }

    void deliveryInOrderPerChatWithSecret()
    {
        startServer(true);
        WebhookSink sink;
        QVERIFY(sink.listen());
        const QString secret = QStringLiteral("s3cr3t_-TOKEN");
        QVERIFY(m_emu.client->call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), sink.url()},
                                                             {QStringLiteral("secret_token"), secret},
                                                             {QStringLiteral("max_connections"), 10}}).ok());
        const int perChat = 30;
        QList<qint64> injected;
        for (int n = 0; n < perChat; ++n) {
            for (qint64 chat = 1; chat <= 5; ++chat)
                injected.append(m_emu.bot->inject(textIn(chat, n)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(sink.accepted.size(), injected.size(), 20000);
        QHash<qint64, qint64> lastInChat;
        QSet<qint64> seen;
        for (const SinkRequest &request : std::as_const(sink.accepted)) {
            QCOMPARE(request.secret, secret.toUtf8());
            const QByteArray start = "{\"update_id\":" + QByteArray::number(request.updateId) + ",\n\"message\"";
            QVERIFY(request.body.startsWith(start));
            QVERIFY2(request.updateId > lastInChat.value(request.chatId), "per-chat order broken");
            lastInChat.insert(request.chatId, request.updateId);
            QVERIFY2(!seen.contains(request.updateId), "delivered twice");
            seen.insert(request.updateId);
        }
        QCOMPARE(seen.size(), injected.size());
        QTRY_COMPARE_WITH_TIMEOUT(info().value(QLatin1StringView("pending_update_count")).toInt(), 0, 5000);
    }

    void retriesAfterWebhookErrors()
    {
        startServer(true);
        WebhookSink sink;
        QVERIFY(sink.listen());
        int failuresLeft = 3;
        sink.answer = [&failuresLeft](const SinkRequest &) {
            return failuresLeft-- > 0 ? std::pair{502, QByteArray("<html>bad gateway</html>")} : std::pair{200, QByteArray()};
        };
        QVERIFY(m_emu.client->call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), sink.url()}}).ok());
        QElapsedTimer timer;
        timer.start();
        const qint64 id = m_emu.bot->inject(textIn(7, 1));
        QTRY_COMPARE_WITH_TIMEOUT(sink.accepted.size(), 1, 10000);
        // Immediately, then 100 ms, then 200 ms (the test's base): at least 300 ms in all.
        QVERIFY2(timer.elapsed() >= 280, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(sink.requests.size(), 4);
        QCOMPARE(sink.accepted.constFirst().updateId, id);
        const QJsonObject after = info();
        QCOMPARE(after.value(QLatin1StringView("last_error_message")).toString(),
                 QStringLiteral("Wrong response from the webhook: 502 Bad Gateway"));
        QVERIFY(after.value(QLatin1StringView("last_error_date")).toInteger() > 1700000000);
        QCOMPARE(after.value(QLatin1StringView("pending_update_count")).toInt(), 0);
    }

    void connectionRefusedIsReported()
    {
        startServer(true);
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        QVERIFY(m_emu.client->call(QStringLiteral("setWebhook"),
                               {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/hook").arg(port)}}).ok());
        m_emu.bot->inject(textIn(1, 1));
        QTRY_COMPARE_WITH_TIMEOUT(info().value(QLatin1StringView("last_error_message")).toString(),
                                  QStringLiteral("Connection refused"), 5000);
        QCOMPARE(info().value(QLatin1StringView("pending_update_count")).toInt(), 1);
    }

    void replyWithMethodIsExecutedAndRecorded()
    {
        startServer(true);
        WebhookSink sink;
        QVERIFY(sink.listen());
        sink.answer = [](const SinkRequest &request) {
            if (request.body.contains("\"text\":\"m1\""))
                return std::pair{200, QByteArray("{\"method\":\"getMe\"}")};
            if (request.body.contains("\"text\":\"m2\""))
                return std::pair{200, QByteArray("{\"method\":\"sendMesage\",\"chat_id\":1}")};
            return std::pair{200, QStringLiteral("{\"method\":\"sendMessage\",\"chat_id\":%1,\"text\":\"echo\"}")
                                      .arg(request.chatId).toUtf8()};
        };
        QVERIFY(m_emu.client->call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), sink.url()}}).ok());
        const qint64 first = m_emu.bot->inject(textIn(55, 0));
        const qint64 second = m_emu.bot->inject(textIn(55, 1));
        const qint64 third = m_emu.bot->inject(textIn(55, 2));
        QTRY_COMPARE_WITH_TIMEOUT(m_emu.bot->calls().size(), 3, 5000);
        const RecordedCall send = m_emu.bot->calls().at(0);
        QCOMPARE(send.method, QStringLiteral("sendMessage"));
        QCOMPARE(send.via, RecordedCall::Via::WebhookReply);
        QCOMPARE(send.updateId, first);
        QVERIFY(send.response.value(QLatin1StringView("ok")).toBool());
        QCOMPARE(send.params.value(QLatin1StringView("text")).toString(), QStringLiteral("echo"));
        const RecordedCall ignored = m_emu.bot->calls().at(1);
        QCOMPARE(ignored.method, QStringLiteral("getMe"));
        QCOMPARE(ignored.updateId, second);
        QVERIFY(ignored.ignored);
        const RecordedCall typo = m_emu.bot->calls().at(2); // not a Bot API method: the service's 404
        QCOMPARE(typo.updateId, third);
        QCOMPARE(typo.status, 404);
    }

    void deleteWebhookStopsDelivery()
    {
        startServer(true);
        WebhookSink sink;
        QVERIFY(sink.listen());
        sink.answer = [](const SinkRequest &) { return std::pair{500, QByteArray()}; };
        QVERIFY(m_emu.client->call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), sink.url()}}).ok());
        m_emu.bot->inject(textIn(1, 1));
        QTRY_VERIFY_WITH_TIMEOUT(!sink.requests.isEmpty(), 5000);
        QVERIFY(m_emu.client->call(QStringLiteral("deleteWebhook")).ok());
        const qsizetype seen = sink.requests.size();
        QTest::qWait(600);
        QCOMPARE(sink.requests.size(), seen);
        // What was not delivered can be polled now.
        QCOMPARE(m_emu.client->call(QStringLiteral("getUpdates")).result().toArray().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWebhooks)
#include "tst_webhooks.moc"
