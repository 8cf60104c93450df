// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The webhook listener over real loopback sockets and a real capture journal: HTTP and HTTPS
// (a generated certificate, trusted as a CA by the client), durability before the answer, the
// verdicts, the caps (413 without reading, 431, 408, the connection limit), faults, replies,
// group commit, batching of the request signal and redaction.
#include "capturejournal.h"
#include "logreader.h"
#include "selfsignedcertificate.h"
#include "updatestore.h"
#include "webhooklistener.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace UpdateInspector;

namespace {
const QString kPath = QStringLiteral("/hook");
const QString kFakeToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");

// A webhook body as Telegram sends it: a line break after "update_id":N,
QByteArray updateBody(qint64 id, const QByteArray &text = "hi")
{
    return "{\"update_id\":" + QByteArray::number(id)
        + ",\n\"message\":{\"message_id\":1,\"date\":1700000000,\"chat\":{\"id\":7,\"type\":"
          "\"private\"},"
          "\"text\":\""
        + text + "\"}}";
}

QByteArray postRequest(const QByteArray &body, const QByteArray &extraHeaders = {},
                       const QByteArray &path = "/hook")
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// A raw client that collects everything the server sends and notices when it closes.
struct RawClient
{
    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QIODevice::readyRead, &socket,
                         [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QAbstractSocket::disconnected, &socket, [this] {
            if (socket.bytesAvailable() > 0)
                received += socket.readAll();
            closed = true;
        });
        socket.connectToHost(QHostAddress(QStringLiteral("127.0.0.1")), port);
    }
    int answers() const { return int(received.count("HTTP/1.1 ")); }

    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
};

// A listener on an ephemeral loopback port with its journal in a temporary folder; collects
// what it signals.
struct Harness
{
    Harness()
    {
        QFETCH_GLOBAL(CaptureJournal::Sync, sync); // every test runs with both ways of syncing
        journal.setSync(sync);
        QString error;
        journalOk = dir.isValid() && journal.open(journalPath(), &error);
        QObject::connect(&listener, &WebhookListener::requestsHandled, &listener,
                         [this](const QList<WebhookRequest> &requests) {
                             records += requests;
                             ++handledEmissions;
                         });
        QObject::connect(&listener, &WebhookListener::captured, &listener,
                         [this](const QList<UpdateRecord> &list) { captured.push_back(list); });
    }

    ~Harness() { listener.disconnect(); } // stop() in its destructor may still signal

    bool start(ListenerOptions options = {})
    {
        options.address = QHostAddress(QStringLiteral("127.0.0.1"));
        if (options.path == QStringLiteral("/"))
            options.path = kPath;
        return journalOk && listener.start(options, &startError);
    }

    QString journalPath() const { return dir.filePath(QStringLiteral("capture.jsonl")); }
    QUrl url(const QString &pathAndQuery = kPath) const
    {
        QUrl url = listener.localUrl();
        const qsizetype question = pathAndQuery.indexOf(u'?');
        url.setPath(pathAndQuery.left(question));
        if (question >= 0)
            url.setQuery(pathAndQuery.mid(question + 1));
        return url;
    }

    // The updates in the journal file as bytes, exactly as the log reader gives them back.
    QList<QByteArray> journaled() const
    {
        UpdateStore store;
        LogReader reader;
        reader.readFile(journalPath(), store);
        QList<QByteArray> raws;
        for (qsizetype row = 0; row < store.size(); ++row)
            raws.append(store.raw(row).toByteArray());
        return raws;
    }

    std::unique_ptr<QNetworkReply> post(const QByteArray &body,
                                        const QList<QPair<QByteArray, QByteArray>> &headers = {},
                                        const QString &path = kPath)
    {
        QNetworkRequest request(url(path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        return std::unique_ptr<QNetworkReply>(nam.post(request, body));
    }

    QTemporaryDir dir;
    CaptureJournal journal;
    bool journalOk = false;
    WebhookListener listener {journal};
    QNetworkAccessManager nam;
    QString startError;
    QList<WebhookRequest> records;
    int handledEmissions = 0;
    std::vector<QList<UpdateRecord>> captured;
};
} // namespace

class TestWebhookListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void journalsBeforeAnswering();
    void servesHttpsWithGeneratedCertificate();
    void reportsFailedTlsHandshakes();
    void refusesBadStarts();
    void givesLocalUrl();
    void judgesRequests_data();
    void judgesRequests();
    void answersTooLargeBodyWithoutReadingIt();
    void answersContinueAndReadsChunkedBodies();
    void answersHugeHeadWith431();
    void timesOutTricklingClientWhileServingOthers();
    void timesOutSilentClientButNotIdleKeepAlive();
    void turnsAwayConnectionsOverLimit();
    void recordsTruncatedBody();
    void marksDuplicatesAndRedeliveries();
    void injectsStatusFaults_data();
    void injectsStatusFaults();
    void injectsFaultsByCountAndShare();
    void closesConnectionOnCloseFault();
    void stallsAfterJournaling();
    void repliesWithMethod();
    void commitsPipelinedUpdatesAsOneGroup();
    void commitsConcurrentClients();
    void answers500WhenJournalFails();
    void redactsTokensAndSecret();
    void knowsTelegramRanges_data();
    void knowsTelegramRanges();
    void stopClosesEverything();
};

// Periodic: appended on the listener's thread after each event-loop turn; EachAppend: on the
// journal thread, batches queued behind the one being written.
void TestWebhookListener::initTestCase_data()
{
    QTest::addColumn<CaptureJournal::Sync>("sync");
    QTest::newRow("periodic") << CaptureJournal::Sync::Periodic;
    QTest::newRow("each append") << CaptureJournal::Sync::EachAppend;
}

void TestWebhookListener::journalsBeforeAnswering()
{
    Harness h;
    QVERIFY2(h.start(), qPrintable(h.startError));
    QVERIFY(h.listener.isListening());
    QVERIFY(!h.listener.isTls());
    QVERIFY(h.listener.port() != 0);

    const QByteArray body = updateBody(1001);
    auto reply = h.post(body);
    QList<QByteArray> journaledAtAnswer;
    connect(reply.get(), &QNetworkReply::finished, this,
            [&] { journaledAtAnswer = h.journaled(); });
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(reply.get()), 200);
    QVERIFY(reply->readAll().isEmpty());
    // Durable before the answer, byte for byte (the line break after update_id included).
    QCOMPARE(journaledAtAnswer, QList<QByteArray> {body});

    QCOMPARE(h.captured.size(), std::size_t(1));
    QCOMPARE(h.captured.front().size(), 1);
    QCOMPARE(h.captured.front().first().raw, body);
    QCOMPARE(h.captured.front().first().source, UpdateSource::Webhook);

    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    const WebhookRequest &record = h.records.first();
    QCOMPARE(record.verdict, WebhookVerdict::Accepted);
    QCOMPARE(record.status, 200);
    QCOMPARE(record.updateId, 1001);
    QCOMPARE(record.method, QByteArray("POST"));
    QCOMPARE(record.path, kPath);
    QCOMPARE(record.peer, QStringLiteral("127.0.0.1"));
    QVERIFY(record.peerPort != 0);
    QCOMPARE(record.body, body);
    QVERIFY(record.latencyUs >= 0 && record.latencyUs < 10'000'000);
    QVERIFY(qAbs(record.receivedMs - QDateTime::currentMSecsSinceEpoch()) < 60000);
    QCOMPARE(record.receivedMs, h.captured.front().first().receivedMs);
    QCOMPARE(record.badges, std::uint8_t(NoBadges));
    bool sawContentType = false;
    for (const auto &[name, value] : record.headers) {
        QCOMPARE(name, name.toLower());
        sawContentType = sawContentType || (name == "content-type" && value == "application/json");
    }
    QVERIFY(sawContentType);
    QCOMPARE(h.listener.count(WebhookVerdict::Accepted), 1);
    QCOMPARE(h.listener.requestCount(), 1);
}

void TestWebhookListener::servesHttpsWithGeneratedCertificate()
{
    Harness h;
    GeneratedCertificate generated;
    QString error;
    QVERIFY(generateSelfSignedCertificate(QStringLiteral("127.0.0.1"), 2, &generated, &error));
    const QString certificatePath = h.dir.filePath(QStringLiteral("cert.pem"));
    const QString keyPath = h.dir.filePath(QStringLiteral("key.pem"));
    QVERIFY(saveCertificate(generated, certificatePath, keyPath, &error));
    ListenerOptions options;
    options.tlsCertificatePath = certificatePath;
    options.tlsKeyPath = keyPath;
    QVERIFY2(h.start(options), qPrintable(h.startError));
    QVERIFY(h.listener.isTls());
    QCOMPARE(h.listener.localUrl().scheme(), QStringLiteral("https"));

    // Trusted the way a careful client does it: our certificate as the only CA, names checked.
    QNetworkRequest request(h.url());
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(generated.certificatePem));
    request.setSslConfiguration(tls);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    for (int id = 1; id <= 2; ++id) {
        std::unique_ptr<QNetworkReply> reply(h.nam.post(request, updateBody(id)));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
        QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
        QCOMPARE(statusOf(reply.get()), 200);
    }
    QCOMPARE(h.journaled(), (QList<QByteArray> {updateBody(1), updateBody(2)}));
    QCOMPARE(h.listener.count(WebhookVerdict::Accepted), 2);
}

void TestWebhookListener::reportsFailedTlsHandshakes()
{
    Harness h;
    GeneratedCertificate generated;
    QString error;
    QVERIFY(generateSelfSignedCertificate(QStringLiteral("127.0.0.1"), 2, &generated, &error));
    QVERIFY(saveCertificate(generated, h.dir.filePath(QStringLiteral("c.pem")),
                            h.dir.filePath(QStringLiteral("k.pem")), &error));
    ListenerOptions options;
    options.tlsCertificatePath = h.dir.filePath(QStringLiteral("c.pem"));
    options.tlsKeyPath = h.dir.filePath(QStringLiteral("k.pem"));
    QVERIFY2(h.start(options), qPrintable(h.startError));

    // A client that does not trust the certificate gives up during the handshake.
    auto reply = h.post(updateBody(5));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
    QCOMPARE(reply->error(), QNetworkReply::SslHandshakeFailedError);
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QCOMPARE(h.records.at(0).verdict, WebhookVerdict::BadRequest);
    QCOMPARE(h.records.at(0).status, 0);
    QVERIFY2(h.records.at(0).reason.startsWith(QStringLiteral("TLS handshake failed: ")),
             qPrintable(h.records.at(0).reason));
    QVERIFY(h.records.at(0).reason.size() > 22); // with the TLS library's words

    // Plain HTTP to the HTTPS port is answered in clear text and recorded as such.
    RawClient plain(h.listener.port());
    QVERIFY(plain.socket.waitForConnected(5000));
    plain.socket.write(postRequest(updateBody(6)));
    QTRY_VERIFY_WITH_TIMEOUT(plain.closed, 10000);
    QVERIFY2(plain.received.startsWith("HTTP/1.1 400 Bad Request\r\n"), plain.received.constData());
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 2, 5000);
    QVERIFY(h.records.at(1).reason.contains(QStringLiteral("plain HTTP")));
    QCOMPARE(h.records.at(1).path, kPath);
    QVERIFY(h.journaled().isEmpty());

    // The listener is still serving. (QNAM keys its connection cache without the TLS
    // configuration: drop the untrusting connection first.)
    h.nam.clearConnectionCache();
    QNetworkRequest request(h.url());
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(generated.certificatePem));
    request.setSslConfiguration(tls);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    std::unique_ptr<QNetworkReply> good(h.nam.post(request, updateBody(7)));
    QTRY_VERIFY_WITH_TIMEOUT(good->isFinished(), 15000);
    QVERIFY2(good->error() == QNetworkReply::NoError, qPrintable(good->errorString()));
    QCOMPARE(statusOf(good.get()), 200);
}

void TestWebhookListener::refusesBadStarts()
{
    Harness h;
    QString error;
    GeneratedCertificate first;
    GeneratedCertificate second;
    QVERIFY(generateSelfSignedCertificate(QStringLiteral("a.test"), 1, &first, &error));
    QVERIFY(generateSelfSignedCertificate(QStringLiteral("a.test"), 1, &second, &error));
    const QString cert1 = h.dir.filePath(QStringLiteral("c1.pem"));
    const QString key1 = h.dir.filePath(QStringLiteral("k1.pem"));
    const QString cert2 = h.dir.filePath(QStringLiteral("c2.pem"));
    const QString key2 = h.dir.filePath(QStringLiteral("k2.pem"));
    QVERIFY(saveCertificate(first, cert1, key1, &error));
    QVERIFY(saveCertificate(second, cert2, key2, &error));

    const auto startWith = [&](const QString &certificate, const QString &key) {
        ListenerOptions options;
        options.tlsCertificatePath = certificate;
        options.tlsKeyPath = key;
        const bool ok = h.start(options);
        return ok ? QString() : h.startError;
    };
    QVERIFY(startWith(h.dir.filePath(QStringLiteral("missing.pem")), key1)
                .contains(QStringLiteral("cannot read the certificate")));
    QVERIFY(startWith(cert1, key1 + QStringLiteral(".nope"))
                .contains(QStringLiteral("cannot read the private key")));
    QVERIFY(startWith(key1, key1).contains(QStringLiteral("no PEM certificate")));
    QVERIFY(startWith(cert1, cert1).contains(QStringLiteral("no unencrypted PEM private key")));
    QVERIFY(startWith(cert1, key2).contains(QStringLiteral("does not belong")));
    QVERIFY(startWith(cert1, QString()).contains(QStringLiteral("both")));
    QVERIFY(!h.listener.isListening());
    QCOMPARE(startWith(cert2, key2), QString());

    // A port that is taken.
    Harness other;
    ListenerOptions options;
    options.port = h.listener.port();
    QVERIFY(!other.start(options));
    QVERIFY2(other.startError.contains(QStringLiteral("cannot listen")),
             qPrintable(other.startError));
}

void TestWebhookListener::givesLocalUrl()
{
    CaptureJournal journal;
    WebhookListener listener(journal);
    QCOMPARE(listener.localUrl(), QUrl());
    QString error;
    ListenerOptions options;
    options.path = QStringLiteral("/tg/hook");
    options.address = QHostAddress::AnyIPv4;
    QVERIFY2(listener.start(options, &error), qPrintable(error));
    QCOMPARE(listener.localUrl().toString(),
             QStringLiteral("http://127.0.0.1:%1/tg/hook").arg(listener.port()));
    options.address = QHostAddress::LocalHostIPv6;
    if (!listener.start(options, &error))
        QSKIP("no IPv6 loopback here");
    QCOMPARE(listener.localUrl().toString(),
             QStringLiteral("http://[::1]:%1/tg/hook").arg(listener.port()));
    listener.stop();
    QVERIFY(!listener.isListening());
    QCOMPARE(listener.port(), quint16(0));
}

void TestWebhookListener::judgesRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("secretHeader"); // "-": not sent
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<WebhookVerdict>("verdict");
    QTest::addColumn<QString>("reason");

    const QByteArray ok = updateBody(77);
    const QByteArray secret = "Secret_123-abc";
    QTest::newRow("accepted") << QByteArray("POST") << kPath << secret << ok << 200
                              << WebhookVerdict::Accepted << "";
    QTest::newRow("query ignored") << QByteArray("POST") << kPath + QStringLiteral("?a=1") << secret
                                   << ok << 200 << WebhookVerdict::Accepted << "";
    QTest::newRow("wrong path") << QByteArray("POST") << QStringLiteral("/other") << secret << ok
                                << 404 << WebhookVerdict::WrongPath << "path";
    QTest::newRow("GET") << QByteArray("GET") << kPath << secret << QByteArray() << 405
                         << WebhookVerdict::WrongMethod << "GET";
    QTest::newRow("no secret") << QByteArray("POST") << kPath << QByteArray("-") << ok << 403
                               << WebhookVerdict::WrongSecret << "missing";
    QTest::newRow("wrong secret") << QByteArray("POST") << kPath << QByteArray("Secret_123-abd")
                                  << ok << 403 << WebhookVerdict::WrongSecret << "does not match";
    QTest::newRow("not JSON") << QByteArray("POST") << kPath << secret << QByteArray("update_id=1")
                              << 400 << WebhookVerdict::BadRequest << "not JSON";
    QTest::newRow("bad UTF-8") << QByteArray("POST") << kPath << secret
                               << QByteArray("{\"update_id\":1,\"message\":\"\xff\xfe\"}") << 400
                               << WebhookVerdict::BadRequest << "UTF-8";
    QTest::newRow("array") << QByteArray("POST") << kPath << secret << QByteArray("[1,2]") << 400
                           << WebhookVerdict::BadRequest << "not an object";
    QTest::newRow("no update_id") << QByteArray("POST") << kPath << secret
                                  << QByteArray("{\"message\":{}}") << 400
                                  << WebhookVerdict::BadRequest << "without update_id";
    QTest::newRow("only update_id")
        << QByteArray("POST") << kPath << secret << QByteArray("{\"update_id\":3}") << 400
        << WebhookVerdict::BadRequest << "no other field";
    QTest::newRow("negative id") << QByteArray("POST") << kPath << secret
                                 << QByteArray("{\"update_id\":-3,\"x\":1}") << 400
                                 << WebhookVerdict::BadRequest << "whole number";
    QTest::newRow("string id") << QByteArray("POST") << kPath << secret
                               << QByteArray("{\"update_id\":\"3\",\"x\":1}") << 400
                               << WebhookVerdict::BadRequest << "whole number";
}

void TestWebhookListener::judgesRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, secretHeader);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(WebhookVerdict, verdict);
    QFETCH(QString, reason);

    Harness h;
    ListenerOptions options;
    options.secretToken = QStringLiteral("Secret_123-abc");
    QVERIFY2(h.start(options), qPrintable(h.startError));
    QNetworkRequest request(h.url(path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (secretHeader != "-")
        request.setRawHeader("X-Telegram-Bot-Api-Secret-Token", secretHeader);
    std::unique_ptr<QNetworkReply> reply(h.nam.sendCustomRequest(request, method, body));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(statusOf(reply.get()), status);
    if (status == 405)
        QCOMPARE(reply->rawHeader("Allow"), QByteArray("POST"));

    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    const WebhookRequest &record = h.records.first();
    QCOMPARE(record.verdict, verdict);
    QCOMPARE(record.status, status);
    QVERIFY2(record.reason.contains(reason), qPrintable(record.reason));
    QVERIFY(!record.reason.contains(QStringLiteral("Secret_123-abc"))); // never the expected secret
    QCOMPARE(h.listener.count(verdict), 1);
    QCOMPARE(h.journaled().size(), verdict == WebhookVerdict::Accepted ? 1 : 0);
    if (verdict == WebhookVerdict::Accepted)
        QCOMPARE(record.badges & SecretMatched, int(SecretMatched));
    else
        QVERIFY(!record.responseBody.isEmpty());
}

void TestWebhookListener::answersTooLargeBodyWithoutReadingIt()
{
    Harness h;
    QVERIFY(h.start());
    const qint64 rssBefore = residentKiB();
    QElapsedTimer clock;
    clock.start();
    RawClient client(h.listener.port());
    QVERIFY(client.socket.waitForConnected(5000));
    // 200 MB declared; only the head and a first slice of the body are sent.
    client.socket.write(
        "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 209715200\r\n\r\n"
        + QByteArray(64 * 1024, '{'));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 413 Content Too Large\r\n"),
             client.received.constData());
    QVERIFY(client.received.contains("Connection: close\r\n"));
    QVERIFY(clock.elapsed() < 8000);
    QVERIFY(residentKiB() - rssBefore < 32 * 1024); // nothing close to 200 MB was buffered

    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QCOMPARE(h.records.first().verdict, WebhookVerdict::TooLarge);
    QCOMPARE(h.records.first().status, 413);
    QCOMPARE(h.records.first().method, QByteArray("POST"));
    QVERIFY(h.records.first().body.size() <= 64 * 1024);
    QVERIFY(h.records.first().reason.contains(QStringLiteral("209715200")));

    // With Expect: 100-continue the client is told before it sends anything.
    RawClient polite(h.listener.port());
    QVERIFY(polite.socket.waitForConnected(5000));
    polite.socket.write("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: "
                        "100-continue\r\nContent-Length: 5000000\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(polite.closed, 10000);
    QVERIFY2(polite.received.startsWith("HTTP/1.1 413 "), polite.received.constData());
    QVERIFY(!polite.received.contains("100 Continue"));
    QCOMPARE(h.listener.count(WebhookVerdict::TooLarge), 2);
}

void TestWebhookListener::answersContinueAndReadsChunkedBodies()
{
    Harness h;
    QVERIFY(h.start());
    RawClient client(h.listener.port());
    QVERIFY(client.socket.waitForConnected(5000));
    const QByteArray body = updateBody(501);
    client.socket.write(
        "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.received.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), 5000);
    client.socket.write(body);
    QTRY_COMPARE_WITH_TIMEOUT(client.answers(), 2, 5000);
    QVERIFY(client.received.contains("HTTP/1.1 200 OK\r\n"));

    // A chunked body on the same keep-alive connection, split mid-chunk.
    const QByteArray chunked = updateBody(502);
    client.received.clear();
    client.socket.write(
        "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + QByteArray::number(20, 16) + "\r\n" + chunked.left(20));
    client.socket.flush();
    QTest::qWait(50);
    client.socket.write("\r\n" + QByteArray::number(chunked.size() - 20, 16) + "\r\n"
                        + chunked.mid(20) + "\r\n0\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(client.answers(), 1, 5000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 200 OK\r\n"), client.received.constData());
    QCOMPARE(h.journaled(), (QList<QByteArray> {body, chunked}));
    QVERIFY(!client.closed);

    // HTTP/1.0 closes after the answer unless it asks to keep the connection.
    RawClient old(h.listener.port());
    QVERIFY(old.socket.waitForConnected(5000));
    const QByteArray third = updateBody(503);
    old.socket.write("POST /hook HTTP/1.0\r\nContent-Length: " + QByteArray::number(third.size())
                     + "\r\n\r\n" + third);
    QTRY_VERIFY_WITH_TIMEOUT(old.closed, 5000);
    QVERIFY2(old.received.startsWith("HTTP/1.1 200 OK\r\n"), old.received.constData());
    QVERIFY(old.received.contains("Connection: close\r\n"));
    QCOMPARE(h.journaled().size(), 3);
}

void TestWebhookListener::answersHugeHeadWith431()
{
    Harness h;
    QVERIFY(h.start());
    RawClient client(h.listener.port());
    QVERIFY(client.socket.waitForConnected(5000));
    client.socket.write("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fill: "
                        + QByteArray(64 * 1024, 'h') + "\r\nContent-Length: 2\r\n\r\n{}");
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
             client.received.constData());
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QCOMPARE(h.records.first().verdict, WebhookVerdict::HeadTooLarge);
    QCOMPARE(h.records.first().path,
             kPath); // from the request line, though the head was never whole

    // Malformed requests are answered 400 and closed; the listener goes on.
    RawClient broken(h.listener.port());
    QVERIFY(broken.socket.waitForConnected(5000));
    broken.socket.write("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: lots\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(broken.closed, 10000);
    QVERIFY(broken.received.startsWith("HTTP/1.1 400 Bad Request\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 2, 5000);
    QVERIFY(h.records.at(1).reason.contains(QStringLiteral("Content-Length")));

    // HEAD is answered 405 without a body (a body would be read as the next answer).
    RawClient head(h.listener.port());
    QVERIFY(head.socket.waitForConnected(5000));
    head.socket.write("HEAD /hook HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /hook HTTP/1.1\r\nHost: "
                      "127.0.0.1\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(head.answers(), 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(head.received.endsWith("Method Not Allowed\n"), 5000);
    QCOMPARE(head.received.count("HTTP/1.1 405 Method Not Allowed\r\n"), 2);
    QCOMPARE(head.received.count("Method Not Allowed\n"), 1); // only the GET's body

    auto reply = h.post(updateBody(1));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(statusOf(reply.get()), 200);
}

void TestWebhookListener::timesOutTricklingClientWhileServingOthers()
{
    Harness h;
    ListenerOptions options;
    options.limits.idleTimeoutMs = 800;
    QVERIFY(h.start(options));

    RawClient slow(h.listener.port());
    QVERIFY(slow.socket.waitForConnected(5000));
    const QByteArray request = postRequest(updateBody(9));
    qsizetype sent = 0;
    QTimer trickle;
    connect(&trickle, &QTimer::timeout, &slow.socket, [&] {
        if (sent < request.size() && slow.socket.state() == QAbstractSocket::ConnectedState)
            slow.socket.write(request.mid(sent++, 1));
    });
    QElapsedTimer clock;
    clock.start();
    trickle.start(50); // ~20 bytes a second: would take many seconds to finish

    // Another client is answered while the slow one holds its connection.
    auto reply = h.post(updateBody(10));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
    QCOMPARE(statusOf(reply.get()), 200);

    QTRY_VERIFY_WITH_TIMEOUT(slow.closed, 10000);
    QVERIFY2(slow.received.startsWith("HTTP/1.1 408 Request Timeout\r\n"),
             slow.received.constData());
    QVERIFY(sent < request.size()); // cut off, though it kept sending
    QVERIFY(clock.elapsed() < 6000);
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.count(WebhookVerdict::TimedOut), 1, 5000);
    for (const WebhookRequest &record : std::as_const(h.records)) {
        if (record.verdict == WebhookVerdict::TimedOut) {
            QCOMPARE(record.status, 408);
            QVERIFY(record.reason.contains(QStringLiteral("not complete within 800 ms")));
        }
    }
    QCOMPARE(h.journaled(), QList<QByteArray> {updateBody(10)});
}

void TestWebhookListener::timesOutSilentClientButNotIdleKeepAlive()
{
    Harness h;
    ListenerOptions options;
    options.limits.idleTimeoutMs = 300;
    QVERIFY(h.start(options));

    RawClient silent(h.listener.port());
    QVERIFY(silent.socket.waitForConnected(5000));
    QTRY_VERIFY_WITH_TIMEOUT(silent.closed, 5000);
    QVERIFY2(silent.received.startsWith("HTTP/1.1 408 "), silent.received.constData());
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QVERIFY(h.records.first().reason.contains(QStringLiteral("no request within 300 ms")));

    // A keep-alive connection idle after an answer is closed quietly: no 408 crossing a request.
    RawClient served(h.listener.port());
    QVERIFY(served.socket.waitForConnected(5000));
    served.socket.write(postRequest(updateBody(1)));
    QTRY_VERIFY_WITH_TIMEOUT(served.closed, 5000);
    QCOMPARE(served.answers(), 1);
    QVERIFY(served.received.startsWith("HTTP/1.1 200 OK\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.connectionCount(), 0, 5000);
    QCOMPARE(h.listener.requestCount(), 2);
}

void TestWebhookListener::turnsAwayConnectionsOverLimit()
{
    Harness h;
    ListenerOptions options;
    options.limits.maxConnections = 20;
    QVERIFY(h.start(options));

    // One normal client, then idle ones up to the limit.
    RawClient normal(h.listener.port());
    QVERIFY(normal.socket.waitForConnected(5000));
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 19; ++i) {
        idle.push_back(std::make_unique<RawClient>(h.listener.port()));
        QVERIFY(idle.back()->socket.waitForConnected(5000));
    }
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.connectionCount(), 20, 5000);
    normal.socket.write(postRequest(updateBody(1)));
    QTRY_COMPARE_WITH_TIMEOUT(normal.answers(), 1, 5000);

    // Beyond the limit: closed at once, nothing written, recorded as overloaded (503).
    std::vector<std::unique_ptr<RawClient>> extra;
    for (int i = 0; i < 5; ++i)
        extra.push_back(std::make_unique<RawClient>(h.listener.port()));
    for (const auto &client : extra)
        QTRY_VERIFY_WITH_TIMEOUT(client->closed, 5000);
    for (const auto &client : extra)
        QVERIFY(client->received.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.count(WebhookVerdict::Overloaded), 5, 5000);
    for (const WebhookRequest &record : std::as_const(h.records)) {
        if (record.verdict == WebhookVerdict::Overloaded) {
            QCOMPARE(record.status, 503);
            QVERIFY(record.reason.contains(QStringLiteral("more than 20 connections")));
        }
    }
    QCOMPARE(h.listener.connectionCount(), 20);
    for (const auto &client : idle)
        QVERIFY(!client->closed);

    // The admitted clients are still served.
    normal.socket.write(postRequest(updateBody(2)));
    QTRY_COMPARE_WITH_TIMEOUT(normal.answers(), 2, 5000);
    idle.front()->socket.write(postRequest(updateBody(3)));
    QTRY_COMPARE_WITH_TIMEOUT(idle.front()->answers(), 1, 5000);
    QCOMPARE(h.journaled().size(), 3);
}

void TestWebhookListener::recordsTruncatedBody()
{
    Harness h;
    QVERIFY(h.start());
    RawClient client(h.listener.port());
    QVERIFY(client.socket.waitForConnected(5000));
    client.socket.write(
        "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"update_id\"");
    client.socket.flush();
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.connectionCount(), 1, 5000);
    QTest::qWait(100);
    client.socket.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    const WebhookRequest &record = h.records.first();
    QCOMPARE(record.verdict, WebhookVerdict::BadRequest);
    QCOMPARE(record.status, 0);
    QCOMPARE(record.reason, QStringLiteral("connection closed mid-request"));
    QCOMPARE(record.method, QByteArray("POST"));
    QCOMPARE(record.path, kPath);
    QCOMPARE(record.body, QByteArray("{\"update_id\""));
    QVERIFY(h.journaled().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.connectionCount(), 0, 5000);
}

void TestWebhookListener::marksDuplicatesAndRedeliveries()
{
    Harness h;
    QVERIFY(h.start());
    ListenerFault fault;
    fault.kind = ListenerFault::Kind::Status;
    fault.status = 502;
    fault.remaining = 1;
    h.listener.setFault(fault);

    // 42: faulted first (not journaled), then accepted; 42 again: redelivered, not stored twice.
    QList<int> statuses;
    for (int i = 0; i < 3; ++i) {
        auto reply = h.post(updateBody(42));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        statuses << statusOf(reply.get());
    }
    QCOMPARE(statuses, (QList<int> {502, 200, 200}));
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 3, 5000);
    QCOMPARE(h.records.at(0).verdict, WebhookVerdict::Faulted);
    QCOMPARE(h.records.at(0).badges & DuplicateUpdate, 0);
    QCOMPARE(h.records.at(1).verdict, WebhookVerdict::Accepted);
    QCOMPARE(h.records.at(1).badges & DuplicateUpdate,
             int(DuplicateUpdate)); // seen when it faulted
    QCOMPARE(h.records.at(2).verdict, WebhookVerdict::Redelivered);
    QCOMPARE(h.records.at(2).badges & DuplicateUpdate, int(DuplicateUpdate));
    QCOMPARE(h.journaled(), QList<QByteArray> {updateBody(42)});
    QCOMPARE(h.listener.fault().remaining, 0);
    QCOMPARE(h.listener.count(WebhookVerdict::Redelivered), 1);
}

void TestWebhookListener::injectsStatusFaults_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::newRow("500") << "500" << 500 << QByteArray();
    QTest::newRow("502") << "502" << 502 << QByteArray();
    QTest::newRow("429") << "429" << 429 << QByteArray();
    QTest::newRow("429 retry") << "429:7" << 429 << QByteArray("7");
}

void TestWebhookListener::injectsStatusFaults()
{
    QFETCH(QString, spec);
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    Harness h;
    QVERIFY(h.start());
    ListenerFault fault;
    QString error;
    QVERIFY(ListenerFault::parse(spec, &fault, &error));
    h.listener.setFault(fault);
    auto reply = h.post(updateBody(8));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(statusOf(reply.get()), status);
    QCOMPARE(reply->rawHeader("Retry-After"), retryAfter);
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QCOMPARE(h.records.first().verdict, WebhookVerdict::Faulted);
    QCOMPARE(h.records.first().status, status);
    QCOMPARE(h.records.first().updateId, 8);
    QVERIFY(h.records.first().reason.contains(spec));
    QVERIFY(h.journaled().isEmpty());
    QVERIFY(h.captured.empty());
}

void TestWebhookListener::injectsFaultsByCountAndShare()
{
    Harness h;
    QVERIFY(h.start());
    ListenerFault fault;
    QString error;
    QVERIFY(ListenerFault::parse(QStringLiteral("500x2"), &fault, &error));
    h.listener.setFault(fault);
    QList<int> statuses;
    for (int id = 1; id <= 3; ++id) {
        auto reply = h.post(updateBody(id));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        statuses << statusOf(reply.get());
    }
    QCOMPARE(statuses, (QList<int> {500, 500, 200}));
    QVERIFY(!h.listener.fault().isActive());

    // A share: about half of 200 updates, pipelined on one connection.
    QVERIFY(ListenerFault::parse(QStringLiteral("503@50%"), &fault, &error));
    h.listener.setFault(fault);
    RawClient client(h.listener.port());
    QVERIFY(client.socket.waitForConnected(5000));
    QByteArray burst;
    for (int id = 100; id < 300; ++id)
        burst += postRequest(updateBody(id));
    client.socket.write(burst);
    QTRY_COMPARE_WITH_TIMEOUT(client.answers(), 200, 20000);
    const int faulted = int(client.received.count("HTTP/1.1 503 "));
    QVERIFY2(faulted > 40 && faulted < 160,
             qPrintable(QString::number(faulted))); // p(outside) < 1e-15
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.count(WebhookVerdict::Faulted), 2 + faulted, 5000);
    QCOMPARE(h.journaled().size(), 1 + 200 - faulted);
}

void TestWebhookListener::closesConnectionOnCloseFault()
{
    Harness h;
    QVERIFY(h.start());
    ListenerFault fault;
    fault.kind = ListenerFault::Kind::Close;
    fault.remaining = 1;
    h.listener.setFault(fault);
    RawClient client(h.listener.port());
    QVERIFY(client.socket.waitForConnected(5000));
    client.socket.write(postRequest(updateBody(31)));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 5000);
    QVERIFY(client.received.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QCOMPARE(h.records.first().verdict, WebhookVerdict::Faulted);
    QCOMPARE(h.records.first().status, 0);
    QVERIFY(h.journaled().isEmpty());

    // The retry is accepted.
    RawClient retry(h.listener.port());
    QVERIFY(retry.socket.waitForConnected(5000));
    retry.socket.write(postRequest(updateBody(31)));
    QTRY_COMPARE_WITH_TIMEOUT(retry.answers(), 1, 5000);
    QVERIFY(retry.received.startsWith("HTTP/1.1 200 OK\r\n"));
    QCOMPARE(h.journaled(), QList<QByteArray> {updateBody(31)});
}

void TestWebhookListener::stallsAfterJournaling()
{
    Harness h;
    QVERIFY(h.start());
    ListenerFault fault;
    QString error;
    QVERIFY(ListenerFault::parse(QStringLiteral("stall:1x1"), &fault, &error));
    h.listener.setFault(fault);
    QElapsedTimer clock;
    clock.start();
    auto reply = h.post(updateBody(61));
    // Journaled long before the answer comes.
    QTRY_COMPARE_WITH_TIMEOUT(h.journaled(), QList<QByteArray> {updateBody(61)}, 5000);
    QVERIFY(!reply->isFinished() || clock.elapsed() >= 950);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QVERIFY(clock.elapsed() >= 950);
    QCOMPARE(statusOf(reply.get()), 200);
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QCOMPARE(h.records.first().verdict, WebhookVerdict::Accepted);
    QVERIFY(h.records.first().reason.contains(QStringLiteral("stall")));
    QVERIFY(h.records.first().latencyUs >= 900000);

    // A client that gives up during the stall: journaled, recorded as not answered.
    QVERIFY(ListenerFault::parse(QStringLiteral("stall:5x1"), &fault, &error));
    h.listener.setFault(fault);
    RawClient client(h.listener.port());
    QVERIFY(client.socket.waitForConnected(5000));
    client.socket.write(postRequest(updateBody(62)));
    QTRY_COMPARE_WITH_TIMEOUT(h.journaled().size(), 2, 5000);
    client.socket.abort();
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 2, 5000);
    QCOMPARE(h.records.at(1).status, 0);
    QCOMPARE(h.records.at(1).verdict, WebhookVerdict::Accepted);
    QVERIFY(h.records.at(1).reason.contains(QStringLiteral("not answered")));
}

void TestWebhookListener::repliesWithMethod()
{
    Harness h;
    QVERIFY(h.start());
    QString error;
    ListenerReply reply;
    for (const QByteArray &bad :
         {QByteArray("[]"), QByteArray("{\"chat_id\":1}"), QByteArray("{\"method\":5}"),
          QByteArray("{\"method\":\"sendMessage\"")}) {
        reply.methodBody = bad;
        QVERIFY(!h.listener.setReply(reply, &error));
        QVERIFY(!error.isEmpty());
    }
    QVERIFY(h.listener.reply().methodBody.isEmpty());
    reply.methodBody = "{\"method\":\"sendMessage\",\"chat_id\":7,\"text\":\"pong\"}";
    QVERIFY2(h.listener.setReply(reply, &error), qPrintable(error));
    auto answer = h.post(updateBody(1));
    QTRY_VERIFY_WITH_TIMEOUT(answer->isFinished(), 10000);
    QCOMPARE(statusOf(answer.get()), 200);
    QCOMPARE(answer->header(QNetworkRequest::ContentTypeHeader).toString(),
             QStringLiteral("application/json"));
    QCOMPARE(answer->readAll(), reply.methodBody);
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QCOMPARE(h.records.first().responseBody, reply.methodBody);
}

void TestWebhookListener::commitsPipelinedUpdatesAsOneGroup()
{
    Harness h;
    QVERIFY(h.start());
    RawClient client(h.listener.port());
    QVERIFY(client.socket.waitForConnected(5000));
    QByteArray burst;
    QList<QByteArray> bodies;
    for (int id = 1; id <= 20; ++id) {
        bodies << updateBody(id);
        // One bad request in the middle: its 404 must come back in its place.
        burst += postRequest(bodies.last(), {}, id == 10 ? "/elsewhere" : "/hook");
    }
    client.socket.write(burst);
    QTRY_COMPARE_WITH_TIMEOUT(client.answers(), 20, 10000);
    // Answers in request order.
    const QList<QByteArray> lines = client.received.split('\n');
    QList<int> statuses;
    for (const QByteArray &line : lines) {
        if (line.startsWith("HTTP/1.1 "))
            statuses << line.mid(9, 3).toInt();
    }
    QCOMPARE(statuses.size(), 20);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(statuses.at(i), i == 9 ? 404 : 200);

    bodies.removeAt(9);
    QCOMPARE(h.journaled(), bodies);
    // Each update captured exactly once, in few appends (the burst arrives in one or two reads).
    QList<QByteArray> captured;
    for (const auto &group : h.captured) {
        for (const UpdateRecord &record : group)
            captured << record.raw;
    }
    QCOMPARE(captured, bodies);
    QVERIFY2(h.captured.size() <= 3, qPrintable(QString::number(h.captured.size())));
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 20, 5000);
    QVERIFY2(h.handledEmissions <= 3, qPrintable(QString::number(h.handledEmissions)));
    for (int i = 0; i < 20; ++i)
        QCOMPARE(h.records.at(i).updateId, i == 9 ? 0 : i + 1);
}

void TestWebhookListener::commitsConcurrentClients()
{
    Harness h;
    QVERIFY(h.start());
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 8; ++i) {
        clients.push_back(std::make_unique<RawClient>(h.listener.port()));
        QVERIFY(clients.back()->socket.waitForConnected(5000));
    }
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.connectionCount(), 8, 5000);
    for (int i = 0; i < 8; ++i) {
        clients[std::size_t(i)]->socket.write(postRequest(updateBody(1000 + i)));
        clients[std::size_t(i)]->socket.flush();
    }
    for (const auto &client : clients)
        QTRY_COMPARE_WITH_TIMEOUT(client->answers(), 1, 10000);
    QList<qint64> ids;
    for (const auto &group : h.captured) {
        for (const UpdateRecord &record : group)
            ids << record.raw.mid(13, 4).toLongLong();
    }
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<qint64> {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007}));
    QCOMPARE(h.journaled().size(), 8);
    QVERIFY(h.captured.size() <= 8);
}

void TestWebhookListener::answers500WhenJournalFails()
{
    Harness h;
    QVERIFY(h.start());
    h.journal.close();
    auto reply = h.post(updateBody(5));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(statusOf(reply.get()), 500);
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000);
    QCOMPARE(h.records.first().verdict, WebhookVerdict::JournalFailed);
    QVERIFY2(h.records.first().reason.contains(QStringLiteral("not open")),
             qPrintable(h.records.first().reason));
    QVERIFY(h.captured.empty());

    // Once the journal works again, the retry is accepted (not taken for a redelivery).
    QString error;
    QVERIFY(h.journal.open(h.journalPath(), &error));
    auto retry = h.post(updateBody(5));
    QTRY_VERIFY_WITH_TIMEOUT(retry->isFinished(), 10000);
    QCOMPARE(statusOf(retry.get()), 200);
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 2, 5000);
    QCOMPARE(h.records.at(1).verdict, WebhookVerdict::Accepted);
    QCOMPARE(h.journaled(), QList<QByteArray> {updateBody(5)});
}

void TestWebhookListener::redactsTokensAndSecret()
{
    Harness h;
    ListenerOptions options;
    options.path = QStringLiteral("/bot/") + kFakeToken;
    options.secretToken = QStringLiteral("Top_Secret_value");
    QVERIFY(h.start(options));
    QVERIFY(h.listener.localUrl().toString().contains(
        kFakeToken)); // the URL itself is the caller's to guard

    auto reply = h.post(
        updateBody(3),
        {{"X-Telegram-Bot-Api-Secret-Token", "Top_Secret_value"}, {"X-Debug", kFakeToken.toUtf8()}},
        options.path + QStringLiteral("?token=") + kFakeToken);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(statusOf(reply.get()), 200);
    auto wrong
        = h.post(updateBody(4), {}, QStringLiteral("/bot/") + kFakeToken + QStringLiteral("x"));
    QTRY_VERIFY_WITH_TIMEOUT(wrong->isFinished(), 10000);
    QCOMPARE(statusOf(wrong.get()), 404);

    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 2, 5000);
    for (const WebhookRequest &record : std::as_const(h.records)) {
        QVERIFY2(!record.path.contains(QStringLiteral("TEST-fake-token")), qPrintable(record.path));
        QVERIFY(record.path.startsWith(QStringLiteral("/bot/123456789:***")));
        for (const auto &[name, value] : record.headers) {
            QVERIFY2(!value.contains("TEST-fake-token"), value.constData());
            QVERIFY(!value.contains("Top_Secret_value"));
        }
        QVERIFY(!record.reason.contains(QStringLiteral("TEST-fake-token")));
    }
    QCOMPARE(h.records.first().verdict, WebhookVerdict::Accepted);
    QCOMPARE(h.records.first().badges & SecretMatched, int(SecretMatched));
}

void TestWebhookListener::knowsTelegramRanges_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("inRange");
    QTest::newRow("149.154.160.0") << "149.154.160.0" << true;
    QTest::newRow("149.154.167.99") << "149.154.167.99" << true;
    QTest::newRow("149.154.175.255") << "149.154.175.255" << true;
    QTest::newRow("149.154.176.0") << "149.154.176.0" << false;
    QTest::newRow("149.154.159.255") << "149.154.159.255" << false;
    QTest::newRow("91.108.4.0") << "91.108.4.0" << true;
    QTest::newRow("91.108.7.255") << "91.108.7.255" << true;
    QTest::newRow("91.108.8.0") << "91.108.8.0" << false;
    QTest::newRow("91.108.3.255") << "91.108.3.255" << false;
    QTest::newRow("mapped") << "::ffff:149.154.161.5" << true;
    QTest::newRow("mapped outside") << "::ffff:127.0.0.1" << false;
    QTest::newRow("loopback") << "127.0.0.1" << false;
    QTest::newRow("ipv6") << "2001:67c:4e8::1" << false;
}

void TestWebhookListener::knowsTelegramRanges()
{
    QFETCH(QString, address);
    QFETCH(bool, inRange);
    QCOMPARE(isInTelegramWebhookRange(QHostAddress(address)), inRange);
}

void TestWebhookListener::stopClosesEverything()
{
    Harness h;
    QVERIFY(h.start());
    RawClient idle(h.listener.port());
    QVERIFY(idle.socket.waitForConnected(5000));
    RawClient midway(h.listener.port());
    QVERIFY(midway.socket.waitForConnected(5000));
    midway.socket.write("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{");
    QTRY_COMPARE_WITH_TIMEOUT(h.listener.connectionCount(), 2, 5000);
    QTest::qWait(50);
    h.listener.stop();
    QVERIFY(!h.listener.isListening());
    QCOMPARE(h.listener.connectionCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(idle.closed && midway.closed, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(h.records.size(), 1, 5000); // the request cut off midway
    QCOMPARE(h.records.first().status, 0);
}

QTEST_GUILESS_MAIN(TestWebhookListener)
#include "tst_webhooklistener.moc"
