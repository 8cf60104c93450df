// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// Faults on purpose, against the real emulator over loopback: per-bot API faults (429, 502 as
// HTML, 500, drop, stall; counted or by share), bad requests the server must survive, and webhook
// delivery faults (duplicate, drop, stall) seen by a webhook sink.
#include "emulatorfixture.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kOtherToken = QStringLiteral("987654321:TEST-another-fake-token-here");
const QByteArray kText = "{\"message\":{\"message_id\":1,\"date\":1700000000,"
                         "\"chat\":{\"id\":42,\"type\":\"private\"},\"from\":{\"id\":42,\"is_bot\":false,"
                         "\"first_name\":\"A\"},\"text\":\"hi\"}}";

FaultSpec spec(FaultKind kind, int count, double share = 0.0)
{
    return FaultSpec{kind, count, share};
}

// A webhook endpoint: records every complete request and answers 200.
struct WebhookSink
{
    struct Hit { qint64 updateId = 0; QByteArray body; qint64 atMs = 0; };
    QHttpServer http;
    QTcpServer *tcp = nullptr; // owned by `http` once bound
    QList<Hit> hits;
    int connections = 0;
    QElapsedTimer clock;

    bool listen(QObject *context)
    {
        clock.start();
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0) || !http.bind(server.get()))
            return false;
        tcp = server.release();
        QObject::connect(tcp, &QTcpServer::newConnection, context, [this] { ++connections; });
        http.setMissingHandler(context, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            const QByteArray body = request.body();
            hits.append({QJsonDocument::fromJson(body).object().value(QLatin1StringView("update_id")).toInteger(),
                         body, clock.elapsed()});
            responder.write(QHttpServerResponder::StatusCode::Ok);
        });
        return true;
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hook").arg(tcp->serverPort()); }
};
} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private:
    EmulatorFixture m_emu;

    void startServer(const EmulatorServer::Options &options = {})
    {
        QString error;
        QVERIFY2(m_emu.start(options, kToken, &error), qPrintable(error));
    }
    ApiResult getMe(ApiClient &client) { return client.call(QStringLiteral("getMe")); }
    // Bytes written by hand on a fresh connection.
    void sendRaw(QTcpSocket &socket, const QByteArray &bytes)
    {
        socket.connectToHost(QHostAddress::LocalHost, m_emu.server->port());
        QVERIFY(socket.waitForConnected(5000));
        QCOMPARE(socket.write(bytes), bytes.size());
        QVERIFY(socket.waitForBytesWritten(5000));
    }
    void sendGetMe(QTcpSocket &socket)
    {
        sendRaw(socket, "POST /bot" + kToken.toUtf8() + "/getMe HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup() { m_emu.stop(); }

    void answeredFaults_data()
    {
        QTest::addColumn<FaultKind>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("description"); // empty: the body is not JSON at all
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::newRow("429") << FaultKind::TooManyRequests << 429 << QByteArray("application/json")
                             << QStringLiteral("Too Many Requests: retry after 7") << QByteArray("7");
        QTest::newRow("502 html") << FaultKind::BadGatewayHtml << 502 << QByteArray("text/html") << QString()
                                  << QByteArray();
        QTest::newRow("500") << FaultKind::InternalError << 500 << QByteArray("application/json")
                             << QStringLiteral("Internal Server Error") << QByteArray();
    }
    void answeredFaults()
    {
        QFETCH(FaultKind, kind);
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, description);
        QFETCH(QByteArray, retryAfter);
        FaultSpec faults = spec(kind, 2);
        faults.retryAfter = 7;
        m_emu.bot->apiFaults().set(faults);
        QVERIFY(m_emu.bot->apiFaults().isActive());
        for (int i = 0; i < 2; ++i) {
            const ApiResult result = getMe(*m_emu.client);
            QCOMPARE(result.status, status);
            QVERIFY(result.contentType.startsWith(contentType));
            QCOMPARE(result.retryAfter, retryAfter);
            if (description.isEmpty()) {
                QVERIFY(QJsonDocument::fromJson(result.body).isNull());
                QVERIFY(result.body.contains("<title>502 Bad Gateway</title>"));
                QVERIFY(result.body.contains("nginx"));
                continue;
            }
            QCOMPARE(result.envelope.value(QLatin1StringView("ok")).toBool(true), false);
            QCOMPARE(result.envelope.value(QLatin1StringView("error_code")).toInt(), status);
            QCOMPARE(result.description(), description);
            const QJsonObject parameters = result.envelope.value(QLatin1StringView("parameters")).toObject();
            QCOMPARE(parameters.value(QLatin1StringView("retry_after")).toInt(-1), retryAfter.isEmpty() ? -1 : 7);
        }
        QVERIFY(!m_emu.bot->apiFaults().isActive());
        const ApiResult after = getMe(*m_emu.client);
        QVERIFY(after.ok() && after.retryAfter.isEmpty());
    }

    void dropClosesTheConnection()
    {
        // On the wire: one complete request, and the connection closes without a byte of answer.
        m_emu.bot->apiFaults().set(spec(FaultKind::Drop, 1));
        QTcpSocket socket;
        QSignalSpy closed(&socket, &QTcpSocket::disconnected);
        QSignalSpy answered(&socket, &QTcpSocket::readyRead);
        QVERIFY(closed.isValid());
        QVERIFY(answered.isValid());
        sendGetMe(socket);
        QVERIFY(closed.wait(5000));
        QCOMPARE(answered.size(), 0);
        QVERIFY(!m_emu.bot->apiFaults().isActive());
        QVERIFY(getMe(*m_emu.client).ok());

        // A Qt client sees a closed connection and no HTTP status. (QNetworkAccessManager quietly
        // resends a request whose connection closed before any answer, so keep dropping.)
        m_emu.bot->apiFaults().set(spec(FaultKind::Drop, 100));
        const ApiResult dropped = getMe(*m_emu.client);
        QCOMPARE(dropped.status, 0);
        QVERIFY2(dropped.error == QNetworkReply::RemoteHostClosedError, qPrintable(QString::number(dropped.error)));
        QVERIFY(dropped.body.isEmpty());
        QVERIFY2(dropped.elapsedMs < 2000, qPrintable(QString::number(dropped.elapsedMs)));
        m_emu.bot->apiFaults().clear();
        QVERIFY(getMe(*m_emu.client).ok());
    }

    void stallOutlastsTheClient()
    {
        FaultSpec faults = spec(FaultKind::Stall, 1);
        faults.stallMs = 1500;
        m_emu.bot->apiFaults().set(faults);
        QElapsedTimer sinceStall;
        sinceStall.start();
        ApiClient impatient(m_emu.server->baseUrl(), kToken);
        impatient.setTransferTimeout(300);
        const ApiResult stalled = getMe(impatient);
        QCOMPARE(stalled.status, 0);
        QVERIFY2(stalled.error == QNetworkReply::OperationCanceledError || stalled.error == QNetworkReply::TimeoutError,
                 qPrintable(QString::number(stalled.error)));
        QVERIFY2(stalled.elapsedMs >= 250 && stalled.elapsedMs < 1200, qPrintable(QString::number(stalled.elapsedMs)));
        // Others are served while the stall goes on, the impatient client too.
        QVERIFY(getMe(*m_emu.client).ok());
        QVERIFY(getMe(impatient).ok());
        QVERIFY(sinceStall.elapsed() < 1500);
        // Let the stall run out: destroying the server during a stall is not what this tests.
        QTest::qWait(int(1700 - sinceStall.elapsed()));
    }

    void stallHoldsTheConnectionForStallMs()
    {
        FaultSpec faults = spec(FaultKind::Stall, 1);
        faults.stallMs = 1500;
        m_emu.bot->apiFaults().set(faults);
        QTcpSocket socket;
        QSignalSpy closed(&socket, &QTcpSocket::disconnected);
        QSignalSpy answered(&socket, &QTcpSocket::readyRead);
        QVERIFY(closed.isValid());
        QVERIFY(answered.isValid());
        QElapsedTimer clock;
        clock.start();
        sendGetMe(socket);
        QTRY_VERIFY_WITH_TIMEOUT(!m_emu.bot->apiFaults().isActive(), 5000); // the stall has begun
        for (int i = 0; i < 3; ++i)
            QVERIFY(getMe(*m_emu.client).ok());
        QCOMPARE(closed.size(), 0);
        QVERIFY(closed.wait(5000));
        QVERIFY2(clock.elapsed() >= 1450 && clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(answered.size(), 0); // silence, then the close
        QVERIFY(getMe(*m_emu.client).ok());
    }

    void shareFollowsTheSeed()
    {
        // The same seed draws the same faults, request by request.
        m_emu.bot->apiFaults() = FaultPlan(20261121);
        m_emu.bot->apiFaults().set(spec(FaultKind::InternalError, 0, 0.3));
        FaultPlan reference(20261121);
        reference.set(spec(FaultKind::InternalError, 0, 0.3));
        int failed = 0;
        for (int i = 0; i < 200; ++i) {
            const bool expectFault = reference.next() != FaultKind::None;
            const ApiResult result = getMe(*m_emu.client);
            QCOMPARE(result.status, expectFault ? 500 : 200);
            failed += expectFault;
        }
        QVERIFY2(failed >= 30 && failed <= 90, qPrintable(QString::number(failed)));
        QVERIFY(m_emu.bot->apiFaults().isActive()); // a share does not run out
    }

    void planStatistics_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("share");
        QTest::newRow("share 0.3") << 1u << 0 << 0.3;
        QTest::newRow("share 0.3, other seed") << 987654u << 0 << 0.3;
        QTest::newRow("share 0.05") << 2u << 0 << 0.05;
        QTest::newRow("share 0.9") << 3u << 0 << 0.9;
        QTest::newRow("share 1") << 4u << 0 << 1.0;
        QTest::newRow("count 5, then share 0.25") << 5u << 5 << 0.25;
        QTest::newRow("count 3 only") << 6u << 3 << 0.0;
    }
    void planStatistics()
    {
        QFETCH(quint32, seed);
        QFETCH(int, count);
        QFETCH(double, share);
        FaultPlan plan(seed);
        FaultSpec faults = spec(FaultKind::Drop, count, share);
        faults.stallMs = 1234;
        plan.set(faults);
        for (int i = 0; i < count; ++i)
            QCOMPARE(plan.next(), FaultKind::Drop);
        // The parameters of the fault just drawn stay readable (the bot builds its reply after next()).
        QCOMPARE(plan.spec().stallMs, 1234);
        QCOMPARE(plan.isActive(), share > 0);
        constexpr int draws = 1000;
        int hits = 0;
        for (int i = 0; i < draws; ++i) {
            const FaultKind kind = plan.next();
            QVERIFY(kind == FaultKind::None || kind == FaultKind::Drop);
            hits += kind == FaultKind::Drop;
        }
        const double expected = share * draws;
        QVERIFY2(std::abs(hits - expected) <= 0.06 * draws, qPrintable(QString::number(hits)));
    }

    void faultsArePerBot()
    {
        EmulatedBot *other = m_emu.server->addBot(kOtherToken);
        QVERIFY(other);
        ApiClient otherClient(m_emu.server->baseUrl(), kOtherToken);
        m_emu.bot->apiFaults().set(spec(FaultKind::InternalError, 3));
        for (int i = 0; i < 3; ++i)
            QVERIFY(getMe(otherClient).ok());
        m_emu.client->setTestEnvironment(true); // the test-environment twin has its own plan too
        QVERIFY(getMe(*m_emu.client).ok());
        m_emu.client->setTestEnvironment(false);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(getMe(*m_emu.client).status, 500);
        QVERIFY(getMe(*m_emu.client).ok());
    }

    void getUpdatesIsFaultedToo()
    {
        QVERIFY(m_emu.bot->inject(kText) > 0);
        FaultSpec faults = spec(FaultKind::TooManyRequests, 1);
        faults.retryAfter = 3;
        m_emu.bot->apiFaults().set(faults);
        const ApiResult limited = m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 5}});
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.retryAfter, QByteArray("3"));
        QCOMPARE(limited.envelope.value(QLatin1StringView("parameters")).toObject().value(QLatin1StringView("retry_after")).toInt(), 3);
        QCOMPARE(limited.description(), QStringLiteral("Too Many Requests: retry after 3"));
        // The update was not handed out: the retry gets it.
        const ApiResult retried = m_emu.client->call(QStringLiteral("getUpdates"));
        QVERIFY(retried.ok());
        QCOMPARE(retried.result().toArray().size(), 1);
    }

    void badBodiesAre400_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        const QByteArray open = "--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42";
        QTest::newRow("no closing boundary") << QByteArray("multipart/form-data; boundary=XyZ") << open
                                             << QStringLiteral("the multipart body ends early (no closing boundary)");
        QTest::newRow("no boundary parameter") << QByteArray("multipart/form-data") << (open + "\r\n--XyZ--")
                                               << QStringLiteral("multipart/form-data without a boundary");
        QTest::newRow("json not an object") << QByteArray("application/json") << QByteArray("[42]")
                                            << QStringLiteral("can't parse JSON object");
    }
    void badBodiesAre400()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        const ApiResult result = m_emu.client->raw(QStringLiteral("sendMessage"), contentType, body);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.envelope.value(QLatin1StringView("error_code")).toInt(), 400);
        QCOMPARE(result.description(), QStringLiteral("Bad Request: ") + reason);
        QVERIFY(m_emu.bot->calls().isEmpty()); // never reached the bot
        QVERIFY(getMe(*m_emu.client).ok());
    }

    void survivesBrokenConnections_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("binary garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xff\xfe", 13);
        QTest::newRow("not http") << QByteArray("HELLO THERE\r\n\r\n");
        QTest::newRow("half a request line") << QByteArray("POST /bot123456789:AAH");
        const QByteArray head = "POST /bot" + kToken.toUtf8() + "/sendMessage HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        QTest::newRow("headers, no end") << (head + "Content-Type: application/json\r\n");
        QTest::newRow("body cut short") << (head + "Content-Length: 500\r\n\r\n{\"chat_id\":42,\"te");
    }
    void survivesBrokenConnections()
    {
        QFETCH(QByteArray, bytes);
        m_emu.bot->apiFaults().set(spec(FaultKind::InternalError, 1));
        QTcpSocket socket;
        sendRaw(socket, bytes);
        QTest::qWait(100); // let the server read (and perhaps answer) it
        socket.abort();
        QTest::qWait(50);
        // Nothing reached the bot: its one fault is still waiting for a real request.
        QVERIFY(m_emu.bot->calls().isEmpty());
        QVERIFY(m_emu.bot->apiFaults().isActive());
        QCOMPARE(getMe(*m_emu.client).status, 500);
        QVERIFY(getMe(*m_emu.client).ok());
    }

    void webhookDeliveryFaults_data()
    {
        QTest::addColumn<FaultKind>("kind");
        QTest::addColumn<int>("arrivals");
        QTest::addColumn<int>("minDelayMs");
        QTest::addColumn<int>("maxDelayMs");
        QTest::addColumn<int>("minConnections");
        QTest::newRow("no fault") << FaultKind::None << 1 << 0 << 500 << 1;
        QTest::newRow("duplicate") << FaultKind::Duplicate << 2 << 0 << 1000 << 1;
        QTest::newRow("drop") << FaultKind::Drop << 1 << 150 << 2000 << 2; // cut off, then retried
        QTest::newRow("stall") << FaultKind::Stall << 1 << 550 << 2000 << 1;
    }
    void webhookDeliveryFaults()
    {
        QFETCH(FaultKind, kind);
        QFETCH(int, arrivals);
        QFETCH(int, minDelayMs);
        QFETCH(int, maxDelayMs);
        QFETCH(int, minConnections);
        cleanup();
        EmulatorServer::Options options;
        options.settings.localMode = true;
        options.settings.delivery.retryBaseMs = 50;
        options.settings.delivery.retryCapMinMs = 200;
        options.settings.delivery.retryCapMaxMs = 400;
        options.settings.delivery.timeoutMs = 3000;
        startServer(options);
        WebhookSink sink;
        QVERIFY(sink.listen(this));
        QSignalSpy delivered(m_emu.bot, &EmulatedBot::webhookDelivered);
        QVERIFY(delivered.isValid());
        const ApiResult set = m_emu.client->call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), sink.url()}});
        QVERIFY2(set.ok(), set.body.constData());
        FaultSpec faults = spec(kind, kind == FaultKind::None ? 0 : 1);
        faults.stallMs = 600;
        m_emu.bot->deliveryFaults().set(faults);

        const qint64 injectedAt = sink.clock.elapsed();
        const qint64 id = m_emu.bot->inject(kText);
        QVERIFY(id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(sink.hits.size(), arrivals, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 5000);
        QTest::qWait(300); // nothing more comes
        QCOMPARE(sink.hits.size(), arrivals);
        QCOMPARE(delivered.size(), 1);
        QCOMPARE(delivered.at(0).at(0).toLongLong(), id);
        for (const WebhookSink::Hit &hit : std::as_const(sink.hits)) {
            QCOMPARE(hit.updateId, id);
            QCOMPARE(hit.body, sink.hits.constFirst().body); // complete, byte for byte the same
        }
        QVERIFY(sink.hits.constFirst().body.contains("\"text\":\"hi\""));
        const qint64 delay = sink.hits.constFirst().atMs - injectedAt;
        QVERIFY2(delay >= minDelayMs && delay <= maxDelayMs, qPrintable(QString::number(delay)));
        QVERIFY2(sink.connections >= minConnections, qPrintable(QString::number(sink.connections)));
        QVERIFY(m_emu.bot->queue().isEmpty());
        QVERIFY(!m_emu.bot->deliveryFaults().isActive());
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
