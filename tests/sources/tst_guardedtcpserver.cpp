// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The connection guard under a real QHttpServer over loopback: normal and keep-alive requests pass,
// oversized heads and bodies, idle and trickling clients and surplus connections are turned away
// while other clients are still served.
#include "guardedtcpserver.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace UpdateInspector;

namespace {
struct Listener
{
    explicit Listener(const ConnectionLimits &limits)
        : tcp(new GuardedTcpServer(limits))
    {
        http.route(QStringLiteral("/hook"), QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
                       ++handled;
                       lastBodySize = request.body().size();
                       responder.write(QByteArray("ok"), "text/plain");
                   });
        if (tcp->listen(QHostAddress(QStringLiteral("127.0.0.1")), 0) && http.bind(tcp))
            port = tcp->serverPort();
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(port)); }

    QHttpServer http;
    GuardedTcpServer *tcp; // owned by http after bind()
    quint16 port = 0;
    int handled = 0;
    qint64 lastBodySize = -1;
};

// A raw client that collects everything the server sends and notices when it closes.
struct RawClient
{
    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QIODevice::readyRead, &socket, [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QAbstractSocket::disconnected, &socket, [this] {
            if (socket.bytesAvailable() > 0)
                received += socket.readAll();
            closed = true;
        });
        socket.connectToHost(QHostAddress(QStringLiteral("127.0.0.1")), port);
    }

    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
};

QByteArray postHead(qint64 contentLength)
{
    return "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
           + QByteArray::number(contentLength) + "\r\n\r\n";
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
} // namespace

class TestGuardedTcpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inspectsHeads();
    void servesNormalPostsWithKeepAlive();
    void rejectsDeclaredHugeBody();
    void rejectsChunkedBodyOverCap();
    void rejectsHugeHead();
    void timesOutTricklingClientWhileServingOthers();
    void timesOutIdleConnection();
    void closesConnectionsOverLimit();
};

void TestGuardedTcpServer::inspectsHeads()
{
    const ConnectionLimits limits{.maxHeaderBytes = 100, .maxBodyBytes = 10};
    using I = GuardedTcpServer::Inspection;
    QCOMPARE(GuardedTcpServer::inspect("POST / HTTP/1.1\r\nHost: a\r\n", limits), I::Incomplete);
    QCOMPARE(GuardedTcpServer::inspect("GET / HTTP/1.1\r\n\r\n", limits), I::Complete);
    QCOMPARE(GuardedTcpServer::inspect("POST / HTTP/1.1\r\ncOnTeNt-LeNgTh: 3\r\n\r\nab", limits), I::Incomplete);
    QCOMPARE(GuardedTcpServer::inspect("POST / HTTP/1.1\r\ncontent-length:3\r\n\r\nabc", limits), I::Complete);
    QCOMPARE(GuardedTcpServer::inspect("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits), I::BodyTooLarge);
    QCOMPARE(GuardedTcpServer::inspect("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", limits),
             I::BodyTooLarge);
    QCOMPARE(GuardedTcpServer::inspect(QByteArray(101, 'a'), limits), I::HeadTooLarge);
    const QByteArray chunkedHead = "POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n";
    QCOMPARE(GuardedTcpServer::inspect(QByteArray(chunkedHead + "5\r\nabcde\r\n"), limits), I::Incomplete);
    QCOMPARE(GuardedTcpServer::inspect(QByteArray(chunkedHead + "5\r\nabcde\r\n0\r\n\r\n"), limits), I::Complete);
    QCOMPARE(GuardedTcpServer::inspect(QByteArray(chunkedHead + "5\r\nabcde\r\n6\r\n"), limits), I::BodyTooLarge);
}

void TestGuardedTcpServer::servesNormalPostsWithKeepAlive()
{
    Listener listener(ConnectionLimits{});
    QVERIFY(listener.port != 0);
    QSignalSpy rejected(listener.tcp, &GuardedTcpServer::rejected);
    QVERIFY(rejected.isValid());

    QNetworkAccessManager nam;
    QNetworkRequest request(listener.url());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    for (int i = 0; i < 2; ++i) {
        std::unique_ptr<QNetworkReply> reply(nam.post(request, QByteArray(600, 'x')));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(statusOf(reply.get()), 200);
        QCOMPARE(reply->readAll(), QByteArray("ok"));
    }
    QCOMPARE(listener.handled, 2);
    QCOMPARE(listener.lastBodySize, 600);
    QCOMPARE(listener.tcp->connectionCount(), 1); // the second request reused the connection

    // A body of exactly the cap, arriving in many reads, is still accepted.
    std::unique_ptr<QNetworkReply> reply(nam.post(request, QByteArray(1 << 20, 'y')));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(statusOf(reply.get()), 200);
    QCOMPARE(listener.lastBodySize, 1 << 20);
    QCOMPARE(rejected.count(), 0);
}

void TestGuardedTcpServer::rejectsDeclaredHugeBody()
{
    Listener listener(ConnectionLimits{});
    QVERIFY(listener.port != 0);
    QSignalSpy rejected(listener.tcp, &GuardedTcpServer::rejected);
    QVERIFY(rejected.isValid());

    QElapsedTimer clock;
    clock.start();
    RawClient client(listener.port);
    QVERIFY(client.socket.waitForConnected(5000));
    client.socket.write(postHead(200LL * 1024 * 1024) + QByteArray(4096, '{'));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 3000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 413 Content Too Large\r\n"), client.received.constData());
    QVERIFY(client.received.contains("Connection: close"));
    QVERIFY(clock.elapsed() < 2000);
    QCOMPARE(listener.handled, 0);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(1).toInt(), 413);
    QCOMPARE(rejected.at(0).at(0).value<QHostAddress>(), QHostAddress(QStringLiteral("127.0.0.1")));
}

void TestGuardedTcpServer::rejectsChunkedBodyOverCap()
{
    Listener listener(ConnectionLimits{.maxBodyBytes = 1000});
    QVERIFY(listener.port != 0);
    QSignalSpy rejected(listener.tcp, &GuardedTcpServer::rejected);
    QVERIFY(rejected.isValid());

    RawClient client(listener.port);
    QVERIFY(client.socket.waitForConnected(5000));
    client.socket.write("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "258\r\n" + QByteArray(600, 'a') + "\r\n");
    client.socket.flush();
    QTest::qWait(100);
    QVERIFY(!client.closed); // 600 bytes are within the cap
    client.socket.write("258\r\n" + QByteArray(600, 'b') + "\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 3000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 413 "), client.received.constData());
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(1).toInt(), 413);
    QCOMPARE(listener.handled, 0);
}

void TestGuardedTcpServer::rejectsHugeHead()
{
    Listener listener(ConnectionLimits{});
    QVERIFY(listener.port != 0);
    QSignalSpy rejected(listener.tcp, &GuardedTcpServer::rejected);
    QVERIFY(rejected.isValid());

    RawClient client(listener.port);
    QVERIFY(client.socket.waitForConnected(5000));
    client.socket.write("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fill: " + QByteArray(64 * 1024, 'h')
                        + "\r\nContent-Length: 2\r\n\r\n{}");
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 3000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
             client.received.constData());
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(1).toInt(), 431);
    QCOMPARE(listener.handled, 0);
}

void TestGuardedTcpServer::timesOutTricklingClientWhileServingOthers()
{
    Listener listener(ConnectionLimits{.idleTimeoutMs = 500});
    QVERIFY(listener.port != 0);
    QSignalSpy rejected(listener.tcp, &GuardedTcpServer::rejected);
    QVERIFY(rejected.isValid());

    RawClient slow(listener.port);
    QVERIFY(slow.socket.waitForConnected(5000));
    const QByteArray request = postHead(2) + "{}";
    qsizetype sent = 0;
    QTimer trickle;
    QObject::connect(&trickle, &QTimer::timeout, &slow.socket, [&] {
        if (sent < request.size() && slow.socket.state() == QAbstractSocket::ConnectedState)
            slow.socket.write(request.mid(sent++, 1));
    });
    QElapsedTimer clock;
    clock.start();
    trickle.start(100);

    // Another client is served while the slow one holds its connection.
    QTest::qWait(200);
    QNetworkAccessManager nam;
    QNetworkRequest good(listener.url());
    good.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    std::unique_ptr<QNetworkReply> reply(nam.post(good, QByteArray("{}")));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 2000);
    QCOMPARE(statusOf(reply.get()), 200);
    QVERIFY(!slow.closed);

    QTRY_VERIFY_WITH_TIMEOUT(slow.closed, 2000);
    QVERIFY(clock.elapsed() < 1200);
    QVERIFY2(slow.received.startsWith("HTTP/1.1 408 Request Timeout\r\n"), slow.received.constData());
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(1).toInt(), 408);
    QCOMPARE(listener.handled, 1);
}

void TestGuardedTcpServer::timesOutIdleConnection()
{
    Listener listener(ConnectionLimits{.idleTimeoutMs = 300});
    QVERIFY(listener.port != 0);
    QSignalSpy rejected(listener.tcp, &GuardedTcpServer::rejected);
    QVERIFY(rejected.isValid());

    RawClient idle(listener.port);
    QVERIFY(idle.socket.waitForConnected(5000));
    QTRY_VERIFY_WITH_TIMEOUT(idle.closed, 2000);
    QVERIFY(idle.received.startsWith("HTTP/1.1 408 "));
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(1).toInt(), 408);
    QTRY_COMPARE_WITH_TIMEOUT(listener.tcp->connectionCount(), 0, 3000);
}

void TestGuardedTcpServer::closesConnectionsOverLimit()
{
    Listener listener(ConnectionLimits{.maxConnections = 3});
    QVERIFY(listener.port != 0);
    QSignalSpy rejected(listener.tcp, &GuardedTcpServer::rejected);
    QVERIFY(rejected.isValid());

    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<RawClient>(listener.port));
        QVERIFY(clients.back()->socket.waitForConnected(5000));
    }
    QTRY_COMPARE_WITH_TIMEOUT(listener.tcp->connectionCount(), 3, 3000);
    RawClient fourth(listener.port);
    QTRY_VERIFY_WITH_TIMEOUT(fourth.closed, 3000);
    QVERIFY(fourth.received.isEmpty());
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(1).toInt(), 503);
    for (const auto &client : clients)
        QVERIFY(!client->closed);

    // The three still work.
    clients.front()->socket.write(postHead(2) + "{}");
    QTRY_VERIFY_WITH_TIMEOUT(clients.front()->received.startsWith("HTTP/1.1 200 "), 3000);
    QCOMPARE(listener.handled, 1);
}

QTEST_GUILESS_MAIN(TestGuardedTcpServer)
#include "tst_guardedtcpserver.moc"
