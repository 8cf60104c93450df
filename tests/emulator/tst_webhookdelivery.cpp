// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "faultplan.h"
#include "gzip.h"
#include "updatequeue.h"
#include "webhookclient_p.h"
#include "webhookconfig.h"
#include "webhookdelivery.h"
#include "webhookreply_p.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {

// A self-signed certificate for webhook.test, localhost and 127.0.0.1 (P-256, valid to 2126).
const QByteArray kTestKey = "-----BEGIN PRIVATE KEY-----\n"
                            "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKuuUzbevYhl/YTM7\n"
                            "9hG2WCM9WngKA2gfzRXAPS4jaMOhRANCAATymXlmIv29EAz1dlBqalZTVoJ+INdz\n"
                            "mKpQFO3HiGKjVTJMDquI7KWn2k77weOnrGlJ28kLpVum2q+CR50yebTJ\n"
                            "-----END PRIVATE KEY-----\n";
const QByteArray kTestCertificate = "-----BEGIN CERTIFICATE-----\n"
                                    "MIIBrzCCAVWgAwIBAgIUAu0iaD6qdUr7Y7WOmYQmKKj9PacwCgYIKoZIzj0EAwIw\n"
                                    "FzEVMBMGA1UEAwwMd2ViaG9vay50ZXN0MCAXDTI2MTEyMTIwNTczOVoYDzIxMjYx\n"
                                    "MDI4MjA1NzM5WjAXMRUwEwYDVQQDDAx3ZWJob29rLnRlc3QwWTATBgcqhkjOPQIB\n"
                                    "BggqhkjOPQMBBwNCAATymXlmIv29EAz1dlBqalZTVoJ+INdzmKpQFO3HiGKjVTJM\n"
                                    "DquI7KWn2k77weOnrGlJ28kLpVum2q+CR50yebTJo30wezAdBgNVHQ4EFgQUxnUi\n"
                                    "rMkQU7S3q3a+PE+VSxiaTH0wHwYDVR0jBBgwFoAUxnUirMkQU7S3q3a+PE+VSxia\n"
                                    "TH0wDwYDVR0TAQH/BAUwAwEB/zAoBgNVHREEITAfggx3ZWJob29rLnRlc3SCCWxv\n"
                                    "Y2FsaG9zdIcEfwAAATAKBggqhkjOPQQDAgNIADBFAiB0B6mUmtyWa43kyaJ9co8l\n"
                                    "g4uHpnZvio5wlhgsrJFZlAIhANxekZbK4N5tt/N7bFyFNvZv8eZG0GX8pUclAAIl\n"
                                    "LXig\n"
                                    "-----END CERTIFICATE-----\n";

const QByteArray kNginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                             "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                             "</body>\r\n</html>\r\n";

// An update as the service queues it: {"update_id":N, a newline, then the rest.
QByteArray updateJson(qint64 id, qint64 chat, int padding = 0)
{
    return "{\"update_id\":" + QByteArray::number(id) + ",\n\"message\":{\"message_id\":"
        + QByteArray::number(id) + ",\"chat\":{\"id\":" + QByteArray::number(chat)
        + ",\"type\":\"private\"},\"date\":1763755680,\"text\":\"hi " + QByteArray(padding, 'x')
        + "\"}}";
}

void push(UpdateQueue &queue, qint64 id, qint64 key, int padding = 0)
{
    QueuedUpdate update;
    update.updateId = id;
    update.json = updateJson(id, key, padding);
    update.kind = UpdateKind::Message;
    update.orderKey = key;
    queue.push(std::move(update));
}

WebhookConfig configFor(const QUrl &url, int maxConnections = 40)
{
    WebhookConfig config;
    config.url = url;
    config.maxConnections = maxConnections;
    return config;
}

DeliveryTiming fastTiming()
{
    DeliveryTiming timing;
    timing.retryBaseMs = 50;
    timing.retryCapMinMs = 200;
    timing.retryCapMaxMs = 200;
    timing.retryAfterMaxSeconds = 5;
    timing.timeoutMs = 5000;
    return timing;
}

QList<qint64> idsOf(const QSignalSpy &spy)
{
    QList<qint64> ids;
    for (const QList<QVariant> &args : spy)
        ids.append(args.at(0).toLongLong());
    return ids;
}

struct Spies
{
    explicit Spies(WebhookDelivery &delivery)
        : delivered(&delivery, &WebhookDelivery::delivered)
        , failed(&delivery, &WebhookDelivery::failed)
        , replyCall(&delivery, &WebhookDelivery::replyCall)
    {
    }
    bool isValid() const { return delivered.isValid() && failed.isValid() && replyCall.isValid(); }

    QSignalSpy delivered;
    QSignalSpy failed;
    QSignalSpy replyCall;
};

// One request as the webhook saw it.
struct Hit
{
    QByteArray body;
    QHttpHeaders headers;
    QByteArray target; // path and query, as sent
    bool post = false;
    qint64 updateId = 0;
    qint64 key = 0;
    qint64 atMs = 0;
};

// How the webhook answers one request.
struct Answer
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    int holdMs = 0; // answer after this long; < 0: never
};

// A webhook: a real QHttpServer on 127.0.0.1 that records what arrives and measures concurrency.
class Sink final : public QObject
{
public:
    Sink() { m_clock.start(); }

    bool listen(bool tls = false)
    {
        QTcpServer *tcp = tls ? makeSslServer() : new QTcpServer();
        if (!tcp->listen(QHostAddress::LocalHost, 0) || !m_server.bind(tcp)) {
            delete tcp;
            return false;
        }
        m_port = tcp->serverPort();
        m_server.setMissingHandler(
            this, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
                onRequest(request, responder);
            });
        return true;
    }

    QUrl url(const QString &target = u"/hook"_s, const QString &host = u"127.0.0.1"_s,
             const QString &scheme = u"http"_s) const
    {
        return QUrl(scheme + u"://"_s + host + u':' + QString::number(m_port) + target);
    }
    quint16 port() const { return m_port; }
    qint64 now() const { return m_clock.elapsed(); }

    QList<qint64> ids() const
    {
        QList<qint64> result;
        for (const Hit &hit : hits)
            result.append(hit.updateId);
        return result;
    }
    QList<qint64> times(qint64 updateId) const
    {
        QList<qint64> result;
        for (const Hit &hit : hits) {
            if (hit.updateId == updateId)
                result.append(hit.atMs);
        }
        return result;
    }

    std::function<Answer(const Hit &)> policy;
    QList<Hit> hits;
    int inFlight = 0;
    int maxInFlight = 0;
    int maxInFlightPerKey = 0;
    int orderViolations = 0; // an update arrived after a later one of its key

private:
    static QTcpServer *makeSslServer()
    {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(QSslCertificate(kTestCertificate, QSsl::Pem));
        ssl.setPrivateKey(QSslKey(kTestKey, QSsl::Ec, QSsl::Pem));
        auto *server = new QSslServer();
        server->setSslConfiguration(ssl);
        return server;
    }

    void onRequest(const QHttpServerRequest &request, QHttpServerResponder &responder)
    {
        Hit hit;
        hit.body = request.body();
        hit.headers = request.headers();
        hit.target = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        hit.post = request.method() == QHttpServerRequest::Method::Post;
        hit.atMs = now();
        const QJsonObject update = QJsonDocument::fromJson(hit.body).object();
        hit.updateId = update.value("update_id"_L1).toInteger();
        hit.key = update.value("message"_L1)["chat"_L1]["id"_L1].toInteger();
        hits.append(hit);
        track(hit);
        const Answer answer = policy ? policy(hit) : Answer{};
        if (answer.holdMs == 0) {
            respond(responder, hit.key, answer);
            return;
        }
        const int ticket = ++m_lastTicket;
        m_held.emplace(ticket, std::make_unique<QHttpServerResponder>(std::move(responder)));
        if (answer.holdMs > 0) {
            QTimer::singleShot(answer.holdMs, this, [this, ticket, key = hit.key, answer] {
                const auto it = m_held.find(ticket);
                respond(*it->second, key, answer);
                m_held.erase(it);
            });
        }
    }

    void track(const Hit &hit)
    {
        maxInFlight = std::max(maxInFlight, ++inFlight);
        if (hit.key == 0)
            return;
        maxInFlightPerKey = std::max(maxInFlightPerKey, ++m_perKey[hit.key]);
        qint64 &last = m_lastIdOfKey[hit.key];
        if (hit.updateId < last)
            ++orderViolations;
        last = std::max(last, hit.updateId);
    }

    void respond(QHttpServerResponder &responder, qint64 key, const Answer &answer)
    {
        --inFlight;
        if (key != 0)
            --m_perKey[key];
        QHttpHeaders headers;
        if (!answer.contentType.isEmpty())
            headers.append(QHttpHeaders::WellKnownHeader::ContentType, answer.contentType);
        for (const auto &[name, value] : answer.headers)
            headers.append(name, value);
        responder.write(answer.body, headers, QHttpServerResponder::StatusCode(answer.status));
    }

    QElapsedTimer m_clock;
    QHttpServer m_server;
    quint16 m_port = 0;
    QHash<qint64, int> m_perKey;
    QHash<qint64, qint64> m_lastIdOfKey;
    int m_lastTicket = 0;
    // After m_server, so held answers go before the server they belong to.
    std::map<int, std::unique_ptr<QHttpServerResponder>> m_held;
};

// A webhook below HTTP: answers each complete request with `response` (raw bytes; empty = close
// the connection instead) and keeps every byte each connection sent. Options: close after each
// answer, answer only the first request of a connection, or only `answerLimit` requests in all,
// or never answer (and keep the connection).
class RawSink final : public QObject
{
public:
    ~RawSink() override
    {
        // Sockets dying with m_server emit disconnected(): not into half-destroyed members.
        const QList<QTcpSocket *> sockets = m_server.findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            socket->disconnect(this);
    }

    bool listen(int backlog = 50)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
        m_server.setListenBacklogSize(backlog);
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/hook"_s.arg(m_server.serverPort())); }

    // Body bytes received and Content-Length announced, per request head seen on a connection.
    static std::pair<qsizetype, qsizetype> bodyAndLength(const QByteArray &bytes)
    {
        const qsizetype headerEnd = bytes.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return {-1, -1};
        return {bytes.size() - headerEnd - 4, contentLength(bytes.first(headerEnd))};
    }

    QByteArray response;
    bool closeAfterResponse = false;
    bool answerFirstOnly = false;
    int answerLimit = -1; // < 0: no limit
    bool silent = false;
    int completeRequests = 0;
    int connections = 0;
    QList<QByteArray> closedConnections;
    QList<QByteArray> requests;    // each complete request, bytes as sent
    QList<QByteArray> firstChunks; // the first read on each connection

private:
    static qsizetype contentLength(const QByteArray &head)
    {
        for (const QByteArray &line : head.split('\n')) {
            const QByteArray lower = line.trimmed().toLower();
            if (lower.startsWith("content-length:"))
                return lower.sliced(15).trimmed().toLongLong();
        }
        return 0;
    }

    // Removes one complete request from the front of `buffer`; false while one is incomplete.
    static bool takeRequest(QByteArray &buffer, QByteArray *request = nullptr)
    {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return false;
        const qsizetype total = headerEnd + 4 + contentLength(buffer.first(headerEnd));
        if (buffer.size() < total)
            return false;
        if (request)
            *request = buffer.first(total);
        buffer.remove(0, total);
        return true;
    }

    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            ++connections;
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                closedConnections.append(m_seen.take(socket));
                m_pending.remove(socket);
                m_served.remove(socket);
                socket->deleteLater();
            });
        }
    }

    void read(QTcpSocket *socket)
    {
        const QByteArray chunk = socket->readAll();
        if (!m_seen.contains(socket))
            firstChunks.append(chunk);
        m_seen[socket] += chunk;
        QByteArray &pending = m_pending[socket];
        pending += chunk;
        QByteArray request;
        while (takeRequest(pending, &request)) {
            ++completeRequests;
            requests.append(request);
            if (silent)
                continue;
            const bool answer = !response.isEmpty() && !(answerFirstOnly && m_served[socket] > 0)
                && (answerLimit < 0 || m_answered < answerLimit);
            if (!answer) {
                socket->disconnectFromHost();
                return;
            }
            ++m_served[socket];
            ++m_answered;
            socket->write(response);
            if (closeAfterResponse) {
                socket->disconnectFromHost();
                return;
            }
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_seen;
    QHash<QTcpSocket *, QByteArray> m_pending;
    QHash<QTcpSocket *, int> m_served;
    int m_answered = 0;
};

QByteArray gzipped(const QByteArray &data)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    GzipWriter writer(&buffer);
    if (!writer.write(data) || !writer.finish())
        return {};
    return buffer.data();
}

} // namespace

class TestWebhookDelivery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deliversEachUpdateOnce();
    void sendsCredentialsAndFixedAddress();
    void keepsOrderPerKey();
    void respectsMaxConnections_data();
    void respectsMaxConnections();
    void retriesWithBackoff();
    void honoursRetryAfter();
    void clampsRetryAfter();
    void failureMessages_data();
    void failureMessages();
    void replyWithMethod_data();
    void replyWithMethod();
    void https_data();
    void https();
    void stallFault();
    void dropFault();
    void duplicateFault();
    void skipsUpdatesThatLeftTheQueue();
    void destructionAbortsQuietly();
    void startScalesTo100k();
    void throughput();
    // The HTTP client of our own (WebhookClient, ResponseParser).
    void requestOnTheWire();
    void reusesKeepAliveConnections_data();
    void reusesKeepAliveConnections();
    void rawAnswers_data();
    void rawAnswers();
    void reusedConnectionClosedIsRetriedOnce();
    void malformedAnswer();
    void responseParser_data();
    void responseParser();
    void clientPool_data();
    void clientPool();
    void maxConnectionsAbove255();
    void connectionsCappedAt1000();
    void destroyedByItsOwnSignal_data();
    void destroyedByItsOwnSignal();
};

void TestWebhookDelivery::deliversEachUpdateOnce()
{
    Sink sink;
    QVERIFY(sink.listen());
    UpdateQueue queue;
    QHash<qint64, QByteArray> sent;
    for (qint64 id = 1000; id < 1060; ++id) {
        push(queue, id, id % 5);
        sent.insert(id, queue.find(id)->json);
    }
    FaultPlan faults(1);
    WebhookConfig config = configFor(sink.url(u"/hook/secret-path?x=1&y=a%20b"_s), 4);
    config.secretToken = "s3cr3t_TOKEN-1";
    WebhookDelivery delivery(queue, config, fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    delivery.enqueue(1000);   // already on its way: not sent twice
    delivery.enqueue(999999); // not in the queue: ignored
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 60, 10000);
    QTest::qWait(100); // nothing more may arrive

    QCOMPARE(sink.hits.size(), 60);
    QCOMPARE(spies.failed.count(), 0);
    QCOMPARE(spies.replyCall.count(), 0);
    QVERIFY(queue.isEmpty());
    QCOMPARE(delivery.inFlight(), 0);
    QSet<qint64> seen;
    for (const Hit &hit : std::as_const(sink.hits)) {
        QVERIFY(!seen.contains(hit.updateId));
        seen.insert(hit.updateId);
        QVERIFY(hit.post);
        QCOMPARE(hit.body, sent.value(hit.updateId)); // byte for byte, newline included
        QCOMPARE(hit.target, "/hook/secret-path?x=1&y=a%20b");
        QCOMPARE(hit.headers.value(QHttpHeaders::WellKnownHeader::ContentType), "application/json");
        QCOMPARE(hit.headers.value("X-Telegram-Bot-Api-Secret-Token"), "s3cr3t_TOKEN-1");
        QVERIFY(!hit.headers.contains(QHttpHeaders::WellKnownHeader::Authorization));
    }
    QCOMPARE(seen.size(), 60);
}

void TestWebhookDelivery::sendsCredentialsAndFixedAddress()
{
    Sink sink;
    QVERIFY(sink.listen());
    sink.policy = [](const Hit &) {
        Answer answer;
        answer.headers = {{"Set-Cookie", "session=1; Path=/"}};
        return answer;
    };
    UpdateQueue queue;
    push(queue, 1, 9);
    push(queue, 2, 9);
    FaultPlan faults(1);
    // webhook.invalid is never resolved: ip_address says where to connect.
    WebhookConfig config = configFor(sink.url(u"/hook"_s, u"bot:p%40ss@webhook.invalid"_s));
    config.ipAddress = u"127.0.0.1"_s;
    WebhookDelivery delivery(queue, config, fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 2, 5000);
    QCOMPARE(spies.failed.count(), 0);
    QCOMPARE(sink.hits.size(), 2);
    const QByteArray host = "webhook.invalid:" + QByteArray::number(sink.port());
    for (const Hit &hit : std::as_const(sink.hits)) {
        QCOMPARE(hit.headers.value(QHttpHeaders::WellKnownHeader::Host), host);
        QCOMPARE(hit.headers.value(QHttpHeaders::WellKnownHeader::Authorization),
                 "Basic " + QByteArray("bot:p@ss").toBase64());
        QCOMPARE(hit.target, "/hook");
        QVERIFY(!hit.headers.contains(QHttpHeaders::WellKnownHeader::Cookie)); // no cookie jar
    }
}

void TestWebhookDelivery::keepsOrderPerKey()
{
    Sink sink;
    QVERIFY(sink.listen());
    sink.policy = [](const Hit &hit) {
        Answer answer;
        answer.holdMs = 1 + int(hit.updateId * 7 % 10); // uneven, so a free-for-all would reorder
        return answer;
    };
    UpdateQueue queue;
    qint64 id = 1;
    // Runs of one chat back to back, so queue order alone would put a chat on several connections.
    for (int round = 0; round < 5; ++round) {
        for (qint64 key = 1; key <= 8; ++key) {
            for (int i = 0; i < 5; ++i)
                push(queue, id++, -1000 - key); // group chats: negative ids
        }
        push(queue, id++, 0);
    }
    const int total = int(id - 1);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url(), 8), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), total, 20000);
    QCOMPARE(sink.hits.size(), total);
    QCOMPARE(sink.orderViolations, 0);
    QCOMPARE(sink.maxInFlightPerKey, 1); // never two of one chat at once...
    QVERIFY2(sink.maxInFlight > 1, "different chats should be delivered in parallel");
    QVERIFY(sink.maxInFlight <= 8);
    QVERIFY(queue.isEmpty());
}

void TestWebhookDelivery::respectsMaxConnections_data()
{
    QTest::addColumn<int>("maxConnections");
    QTest::newRow("1") << 1;
    QTest::newRow("3") << 3;
    QTest::newRow("10, above Qt's default of 6 per host") << 10;
}

void TestWebhookDelivery::respectsMaxConnections()
{
    QFETCH(int, maxConnections);
    Sink sink;
    QVERIFY(sink.listen());
    int observedInFlight = 0;
    WebhookDelivery *deliveryPtr = nullptr;
    sink.policy = [&](const Hit &) {
        observedInFlight = std::max(observedInFlight, deliveryPtr->inFlight());
        Answer answer;
        answer.holdMs = 40;
        return answer;
    };
    UpdateQueue queue;
    const int total = 4 * maxConnections;
    for (qint64 id = 1; id <= total; ++id)
        push(queue, id, 0);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url(), maxConnections), fastTiming(), faults);
    deliveryPtr = &delivery;
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QCOMPARE(delivery.inFlight(), maxConnections);
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), total, 10000);
    QCOMPARE(sink.maxInFlight, maxConnections); // reached, never passed
    QCOMPARE(observedInFlight, maxConnections);
}

void TestWebhookDelivery::retriesWithBackoff()
{
    Sink sink;
    QVERIFY(sink.listen());
    int attemptsOfFirst = 0;
    sink.policy = [&](const Hit &hit) {
        Answer answer;
        if (hit.updateId == 1 && ++attemptsOfFirst <= 5)
            answer.status = 500;
        return answer;
    };
    UpdateQueue queue;
    push(queue, 1, 7);
    push(queue, 2, 7); // behind 1 in its chat
    push(queue, 3, 8); // another chat: not held up
    FaultPlan faults(1);
    DeliveryTiming timing = fastTiming();
    timing.retryBaseMs = 50;
    timing.retryCapMinMs = timing.retryCapMaxMs = 120;
    WebhookDelivery delivery(queue, configFor(sink.url(), 4), timing, faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 3, 10000);
    QCOMPARE(spies.failed.count(), 5);
    for (const QList<QVariant> &args : std::as_const(spies.failed)) {
        QCOMPARE(args.at(0).toLongLong(), 1);
        QCOMPARE(args.at(1).toString(), u"Wrong response from the webhook: 500 Internal Server Error"_s);
    }
    QCOMPARE(idsOf(spies.delivered), (QList<qint64>{3, 1, 2}));
    QCOMPARE(sink.ids(), (QList<qint64>{1, 3, 1, 1, 1, 1, 1, 2}));

    // Immediately, then 50, 100, then capped at 120 ms.
    const QList<qint64> times = sink.times(1);
    QCOMPARE(times.size(), 6);
    const QList<qint64> expected{0, 50, 100, 120, 120};
    for (int i = 0; i < expected.size(); ++i) {
        const qint64 gap = times.at(i + 1) - times.at(i);
        const QByteArray what = "gap " + QByteArray::number(i) + " = " + QByteArray::number(gap)
            + " ms, expected ~" + QByteArray::number(expected.at(i));
        QVERIFY2(gap >= expected.at(i) - 2, what.constData());
        QVERIFY2(gap <= expected.at(i) + (i == 0 ? 40 : 250), what.constData());
    }
}

void TestWebhookDelivery::honoursRetryAfter()
{
    Sink sink;
    QVERIFY(sink.listen());
    int attemptsOfFirst = 0;
    sink.policy = [&](const Hit &hit) {
        Answer answer;
        if (hit.updateId == 1 && ++attemptsOfFirst == 1) {
            answer.status = 429;
            answer.contentType = "application/json";
            answer.body = "{\"ok\":false}";
            answer.headers = {{"Retry-After", "1"}};
        }
        return answer;
    };
    UpdateQueue queue;
    push(queue, 1, 7);
    push(queue, 2, 8);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url()), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 2, 5000);
    QCOMPARE(spies.failed.count(), 1);
    QCOMPARE(spies.failed.at(0).at(1).toString(),
             u"Wrong response from the webhook: 429 Too Many Requests"_s);
    QCOMPARE(idsOf(spies.delivered), (QList<qint64>{2, 1})); // the other chat did not wait
    const QList<qint64> times = sink.times(1);
    QCOMPARE(times.size(), 2);
    const qint64 gap = times.at(1) - times.at(0);
    QVERIFY2(gap >= 998 && gap < 1500, QByteArray::number(gap).constData()); // not "immediately"
}

void TestWebhookDelivery::clampsRetryAfter()
{
    Sink sink;
    QVERIFY(sink.listen());
    int attempts = 0;
    sink.policy = [&](const Hit &) {
        Answer answer;
        ++attempts;
        if (attempts == 1)
            answer.status = 500;
        if (attempts == 2) {
            answer.status = 503;
            answer.headers = {{"Retry-After", "3600"}};
        }
        return answer;
    };
    UpdateQueue queue;
    push(queue, 1, 7);
    FaultPlan faults(1);
    DeliveryTiming timing = fastTiming();
    timing.retryBaseMs = 5000; // what the second retry would wait without Retry-After
    timing.retryAfterMaxSeconds = 0;
    WebhookDelivery delivery(queue, configFor(sink.url()), timing, faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 1, 3000);
    QCOMPARE(spies.failed.count(), 2);
    QCOMPARE(spies.failed.at(1).at(1).toString(),
             u"Wrong response from the webhook: 503 Service Unavailable"_s);
}

void TestWebhookDelivery::failureMessages_data()
{
    QTest::addColumn<QString>("webhook");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("expected");

    const auto wrong = [](const char *tail) {
        return u"Wrong response from the webhook: "_s + QLatin1StringView(tail);
    };
    QTest::newRow("502 with nginx html") << u"http"_s << 502 << QByteArray() << wrong("502 Bad Gateway");
    QTest::newRow("404") << u"http"_s << 404 << QByteArray() << wrong("404 Not Found");
    QTest::newRow("500") << u"http"_s << 500 << QByteArray() << wrong("500 Internal Server Error");
    QTest::newRow("401") << u"http"_s << 401 << QByteArray() << wrong("401 Unauthorized");
    QTest::newRow("302 not followed") << u"http"_s << 302 << QByteArray() << wrong("302 Found");
    QTest::newRow("the webhook's own reason phrase")
        << u"raw"_s << 0 << QByteArray("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n")
        << wrong("500 Oops");
    QTest::newRow("empty reason phrase")
        << u"raw"_s << 0 << QByteArray("HTTP/1.1 503 \r\nContent-Length: 0\r\n\r\n")
        << wrong("503 Service Unavailable");
    QTest::newRow("closed without answer")
        << u"raw"_s << 0 << QByteArray() << u"Connection reset by peer"_s;
    QTest::newRow("refused") << u"closed port"_s << 0 << QByteArray() << u"Connection refused"_s;
    QTest::newRow("read timeout") << u"silent"_s << 0 << QByteArray() << u"Read timeout expired"_s;
    QTest::newRow("anything else: Qt's words")
        << u"ftp"_s << 0 << QByteArray() << u"Protocol \"ftp\" is unknown"_s;
}

void TestWebhookDelivery::failureMessages()
{
    QFETCH(QString, webhook);
    QFETCH(int, status);
    QFETCH(QByteArray, raw);
    QFETCH(QString, expected);

    Sink sink;
    QVERIFY(sink.listen());
    sink.policy = [status, webhook](const Hit &) {
        Answer answer;
        answer.status = status;
        answer.holdMs = webhook == "silent"_L1 ? -1 : 0;
        if (status == 502) {
            answer.contentType = "text/html";
            answer.body = kNginx502;
        }
        if (status == 302)
            answer.headers = {{"Location", "/elsewhere"}};
        return answer;
    };
    RawSink rawSink;
    QVERIFY(rawSink.listen());
    rawSink.response = raw;
    QUrl url = sink.url();
    if (webhook == "raw"_L1) {
        url = rawSink.url();
    } else if (webhook == "closed port"_L1) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        url.setPort(probe.serverPort());
        probe.close(); // a port nobody listens on any more
    } else if (webhook == "ftp"_L1) {
        url.setScheme(u"ftp"_s);
    }

    UpdateQueue queue;
    push(queue, 1, 7);
    FaultPlan faults(1);
    DeliveryTiming timing = fastTiming();
    timing.retryBaseMs = 60000; // only the first attempt and its immediate retry
    timing.timeoutMs = 300;
    WebhookDelivery delivery(queue, configFor(url), timing, faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    QElapsedTimer clock;
    clock.start();
    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.failed.count(), 2, 5000);
    if (webhook == "silent"_L1)
        QVERIFY(clock.elapsed() >= 2 * timing.timeoutMs - 10);
    for (const QList<QVariant> &args : std::as_const(spies.failed)) {
        QCOMPARE(args.at(0).toLongLong(), 1);
        QCOMPARE(args.at(1).toString(), expected);
    }
    QCOMPARE(spies.delivered.count(), 0);
    QVERIFY(queue.find(1)); // still pending
    for (const Hit &hit : std::as_const(sink.hits))
        QCOMPARE(hit.target, "/hook"); // a redirect is not followed
}

void TestWebhookDelivery::replyWithMethod_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("isCall");

    const QByteArray multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n"
                                 "--XyZ\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\n"
                                 "sendMessage\r\n--XyZ--\r\n";
    const QByteArray fileNamedMethod = "--XyZ\r\nContent-Disposition: form-data; name=\"document\"; "
                                       "filename=\"method\"\r\n\r\ndata\r\n--XyZ--\r\n";
    const QByteArray json = "{\"method\":\"sendMessage\",\"chat_id\":42,\"text\":\"hi\"}";
    QTest::newRow("json") << QByteArray("application/json") << json << true;
    QTest::newRow("json with charset") << QByteArray("application/json; charset=utf-8") << json << true;
    QTest::newRow("json without method") << QByteArray("application/json") << QByteArray("{\"ok\":true}") << false;
    QTest::newRow("json method not a string") << QByteArray("application/json") << QByteArray("{\"method\":5}") << false;
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                          << QByteArray("method=sendMessage&chat_id=42&text=hi") << true;
    QTest::newRow("multipart") << QByteArray("multipart/form-data; boundary=XyZ") << multipart << true;
    QTest::newRow("multipart, only a file named method")
        << QByteArray("multipart/form-data; boundary=\"XyZ\"") << fileNamedMethod << false;
    QTest::newRow("text/plain") << QByteArray("text/plain") << QByteArray("method=sendMessage") << false;
    QTest::newRow("empty") << QByteArray("application/json") << QByteArray() << false;
}

void TestWebhookDelivery::replyWithMethod()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(bool, isCall);

    Sink sink;
    QVERIFY(sink.listen());
    sink.policy = [&](const Hit &) {
        Answer answer;
        answer.contentType = contentType;
        answer.body = body;
        return answer;
    };
    UpdateQueue queue;
    push(queue, 5, 7);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url()), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 1, 5000);
    QTest::qWait(20);
    QCOMPARE(spies.replyCall.count(), isCall ? 1 : 0);
    if (isCall) {
        QCOMPARE(spies.replyCall.at(0).at(0).toLongLong(), 5);
        QCOMPARE(spies.replyCall.at(0).at(1).toByteArray(), contentType);
        QCOMPARE(spies.replyCall.at(0).at(2).toByteArray(), body);
    }
}

void TestWebhookDelivery::https_data()
{
    QTest::addColumn<bool>("uploadCertificate");
    QTest::newRow("self-signed, uploaded") << true;
    QTest::newRow("self-signed, not uploaded") << false;
}

void TestWebhookDelivery::https()
{
    QFETCH(bool, uploadCertificate);
    Sink sink;
    QVERIFY(sink.listen(true));
    UpdateQueue queue;
    push(queue, 1, 7);
    FaultPlan faults(1);
    WebhookConfig config = configFor(sink.url(u"/hook"_s, u"webhook.test"_s, u"https"_s));
    config.ipAddress = u"127.0.0.1"_s; // the certificate names webhook.test, we connect to an IP
    if (uploadCertificate)
        config.certificatePem = kTestCertificate;
    DeliveryTiming timing = fastTiming();
    timing.retryBaseMs = 60000;
    WebhookDelivery delivery(queue, config, timing, faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    if (uploadCertificate) {
        QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 1, 5000);
        QCOMPARE(spies.failed.count(), 0);
        QCOMPARE(sink.hits.size(), 1);
        QCOMPARE(sink.hits.at(0).headers.value(QHttpHeaders::WellKnownHeader::Host),
                 "webhook.test:" + QByteArray::number(sink.port()));
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(spies.failed.count(), 2, 5000);
        const QString message = spies.failed.at(0).at(1).toString();
        qInfo() << "untrusted certificate:" << message;
        QVERIFY2(message.startsWith("SSL error {error:"_L1) && message.endsWith(u'}'),
                 qPrintable(message));
        QCOMPARE(sink.hits.size(), 0);
        QCOMPARE(spies.delivered.count(), 0);
    }
}

void TestWebhookDelivery::stallFault()
{
    Sink sink;
    QVERIFY(sink.listen());
    UpdateQueue queue;
    push(queue, 1, 1);
    push(queue, 2, 2);
    push(queue, 3, 1);
    FaultPlan faults(1);
    FaultSpec spec;
    spec.kind = FaultKind::Stall;
    spec.count = 1;
    spec.stallMs = 300;
    faults.set(spec);
    WebhookDelivery delivery(queue, configFor(sink.url(), 4), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    const qint64 startMs = sink.now();
    delivery.start();
    QCOMPARE(delivery.inFlight(), 1); // the stalled update holds no connection
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 3, 5000);
    QCOMPARE(sink.ids(), (QList<qint64>{2, 1, 3}));
    QVERIFY(sink.times(2).at(0) - startMs < 250);
    QVERIFY(sink.times(1).at(0) - startMs >= 298); // held back for stallMs
    QCOMPARE(spies.failed.count(), 0);
    QVERIFY(!faults.isActive());
}

void TestWebhookDelivery::dropFault()
{
    RawSink sink;
    QVERIFY(sink.listen());
    sink.response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    UpdateQueue queue;
    push(queue, 1, 7, 1000);
    const qsizetype bodySize = queue.find(1)->json.size();
    FaultPlan faults(1);
    FaultSpec spec;
    spec.kind = FaultKind::Drop;
    spec.count = 1;
    faults.set(spec);
    WebhookDelivery delivery(queue, configFor(sink.url()), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 1, 5000);
    QCOMPARE(spies.failed.count(), 0); // the emulator's own fault, not the webhook's
    QCOMPARE(sink.completeRequests, 1);
    QVERIFY(queue.isEmpty());
    // The cut connection carried half the body under a Content-Length for all of it.
    QTRY_COMPARE_WITH_TIMEOUT(sink.closedConnections.size(), 1, 5000);
    const auto [received, announced] = RawSink::bodyAndLength(sink.closedConnections.at(0));
    QCOMPARE(announced, bodySize);
    QCOMPARE(received, bodySize / 2);
}

void TestWebhookDelivery::duplicateFault()
{
    Sink sink;
    QVERIFY(sink.listen());
    sink.policy = [](const Hit &hit) {
        Answer answer;
        if (hit.updateId == 1) {
            answer.contentType = "application/json";
            answer.body = "{\"method\":\"sendMessage\",\"chat_id\":5,\"text\":\"once\"}";
        }
        return answer;
    };
    UpdateQueue queue;
    push(queue, 1, 5);
    push(queue, 2, 5);
    FaultPlan faults(1);
    FaultSpec spec;
    spec.kind = FaultKind::Duplicate;
    spec.count = 1;
    faults.set(spec);
    WebhookDelivery delivery(queue, configFor(sink.url()), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(sink.hits.size(), 3, 5000);
    QTest::qWait(50);
    QCOMPARE(sink.ids(), (QList<qint64>{1, 1, 2})); // the copy comes before the chat's next update
    QCOMPARE(sink.hits.at(0).body, sink.hits.at(1).body);
    QCOMPARE(idsOf(spies.delivered), (QList<qint64>{1, 2})); // delivered once
    QCOMPARE(idsOf(spies.replyCall), (QList<qint64>{1, 1}));  // both answers carried a call
    QCOMPARE(spies.failed.count(), 0);
    QVERIFY(queue.isEmpty());
}

void TestWebhookDelivery::skipsUpdatesThatLeftTheQueue()
{
    Sink sink;
    QVERIFY(sink.listen());
    sink.policy = [](const Hit &hit) {
        Answer answer;
        answer.status = hit.updateId == 1 ? 500 : 200;
        return answer;
    };
    UpdateQueue queue;
    push(queue, 1, 3);
    push(queue, 2, 3);
    push(queue, 3, 0);
    FaultPlan faults(1);
    DeliveryTiming timing = fastTiming();
    timing.retryBaseMs = 200;
    WebhookDelivery delivery(queue, configFor(sink.url(), 1), timing, faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());
    // After its second failure update 1 "expires" while it waits for its retry.
    QObject::connect(&delivery, &WebhookDelivery::failed, &delivery,
                     [&queue, &spies](qint64 id, const QString &) {
                         if (spies.failed.count() == 2)
                             queue.remove(id);
                     });

    delivery.start();
    queue.remove(3); // dropped while it waited for a connection
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 1, 5000);
    QTest::qWait(300);
    QCOMPARE(idsOf(spies.delivered), (QList<qint64>{2}));
    QCOMPARE(spies.failed.count(), 2);
    QCOMPARE(sink.ids(), (QList<qint64>{1, 1, 2}));
    QVERIFY(queue.isEmpty());
    QCOMPARE(delivery.inFlight(), 0);
}

void TestWebhookDelivery::destructionAbortsQuietly()
{
    Sink sink;
    QVERIFY(sink.listen());
    sink.policy = [](const Hit &) {
        Answer answer;
        answer.holdMs = -1;
        return answer;
    };
    UpdateQueue queue;
    for (qint64 id = 1; id <= 5; ++id)
        push(queue, id, id);
    FaultPlan faults(1);
    auto delivery = std::make_unique<WebhookDelivery>(queue, configFor(sink.url(), 5),
                                                      fastTiming(), faults);
    Spies spies(*delivery);
    QVERIFY(spies.isValid());

    delivery->start();
    QTRY_COMPARE_WITH_TIMEOUT(sink.hits.size(), 5, 5000);
    QCOMPARE(delivery->inFlight(), 5);
    delivery.reset();
    QCOMPARE(spies.delivered.count(), 0);
    QCOMPARE(spies.failed.count(), 0);
    QTest::qWait(50);
    QCOMPARE(queue.size(), 5); // still pending
}

void TestWebhookDelivery::startScalesTo100k()
{
    Sink sink;
    QVERIFY(sink.listen());
    sink.policy = [](const Hit &) {
        Answer answer;
        answer.holdMs = -1;
        return answer;
    };
    UpdateQueue queue;
    for (qint64 id = 1; id <= 100000; ++id)
        push(queue, id, id % 4 == 0 ? 0 : id % 1000);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url(), 40), fastTiming(), faults);

    QElapsedTimer clock;
    clock.start();
    delivery.start();
    for (qint64 id = 100001; id <= 110000; ++id) {
        push(queue, id, id % 1000);
        delivery.enqueue(id);
    }
    const qint64 ms = clock.elapsed();
    qInfo("start() over 100,000 queued updates plus 10,000 enqueue(): %lld ms", ms);
    QVERIFY2(ms < 5000, QByteArray::number(ms).constData());
    QCOMPARE(delivery.inFlight(), 40);
    QTRY_COMPARE_WITH_TIMEOUT(sink.hits.size(), 40, 10000);
}

void TestWebhookDelivery::throughput()
{
    Sink sink;
    QVERIFY(sink.listen());
    constexpr int total = 20000;
    UpdateQueue queue;
    for (qint64 id = 1; id <= total; ++id)
        push(queue, id, id % 3 == 0 ? 0 : 1 + id % 997);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url(), 40), fastTiming(), faults);
    int delivered = 0;
    QObject::connect(&delivery, &WebhookDelivery::delivered, &delivery,
                     [&delivered](qint64) { ++delivered; });
    QSignalSpy failed(&delivery, &WebhookDelivery::failed);
    QVERIFY(failed.isValid());

    QElapsedTimer clock;
    clock.start();
    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(delivered, total, 60000);
    const qint64 ms = std::max<qint64>(clock.elapsed(), 1);
    qInfo("%d updates delivered in %lld ms: %.0f updates/s", total, ms, total * 1000.0 / ms);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(sink.hits.size(), total);
    const QList<qint64> ids = sink.ids();
    QCOMPARE(QSet<qint64>(ids.cbegin(), ids.cend()).size(), total);
    QCOMPARE(sink.orderViolations, 0);
    QVERIFY(queue.isEmpty());
}

void TestWebhookDelivery::requestOnTheWire()
{
    RawSink sink;
    QVERIFY(sink.listen());
    sink.response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    UpdateQueue queue;
    push(queue, 1, 7);
    const QByteArray body = queue.find(1)->json;
    FaultPlan faults(1);
    QUrl url = sink.url();
    url.setUserInfo(u"bot:p%40ss"_s);
    url.setQuery(u"x=1&y=a%20b"_s);
    WebhookConfig config = configFor(url);
    config.secretToken = "s3cr3t";
    WebhookDelivery delivery(queue, config, fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 1, 5000);
    const QByteArray expected = "POST /hook?x=1&y=a%20b HTTP/1.1\r\n"
                                "Host: 127.0.0.1:" + QByteArray::number(url.port()) + "\r\n"
                                "Content-Type: application/json\r\n"
                                "Content-Length: " + QByteArray::number(body.size()) + "\r\n"
                                "Connection: keep-alive\r\n"
                                "Accept-Encoding: gzip, deflate\r\n"
                                "X-Telegram-Bot-Api-Secret-Token: s3cr3t\r\n"
                                "Authorization: Basic " + QByteArray("bot:p@ss").toBase64() + "\r\n"
                                "\r\n" + body;
    QCOMPARE(sink.requests, QList<QByteArray>{expected});
    QCOMPARE(sink.firstChunks.at(0), expected); // one write, so one segment (no User-Agent either)
}

void TestWebhookDelivery::reusesKeepAliveConnections_data()
{
    QTest::addColumn<int>("chats");
    QTest::addColumn<int>("maxConnections");
    QTest::newRow("one chat: one connection") << 1 << 8;
    QTest::newRow("4 chats over at most 2") << 4 << 2;
    QTest::newRow("8 chats over at most 8") << 8 << 8;
}

void TestWebhookDelivery::reusesKeepAliveConnections()
{
    QFETCH(int, chats);
    QFETCH(int, maxConnections);
    RawSink sink;
    QVERIFY(sink.listen());
    sink.response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    UpdateQueue queue;
    constexpr int total = 40;
    for (qint64 id = 1; id <= total; ++id)
        push(queue, id, 1 + id % chats);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url(), maxConnections), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), total, 5000);
    QCOMPARE(spies.failed.count(), 0);
    QCOMPARE(sink.completeRequests, total);
    QVERIFY2(sink.connections >= 1 && sink.connections <= std::min(chats, maxConnections),
             QByteArray::number(sink.connections).constData());
    QTest::qWait(20);
    QCOMPARE(sink.closedConnections.size(), 0); // kept alive, idle in the pool
}

void TestWebhookDelivery::rawAnswers_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<bool>("closeAfterResponse");
    QTest::addColumn<int>("connections"); // for three updates of one chat, one after the other
    QTest::addColumn<QByteArray>("call");  // the reply call's body; empty: none

    const QByteArray json = "{\"method\":\"sendMessage\",\"chat_id\":7,\"text\":\"hi\"}";
    const QByteArray ok = "HTTP/1.1 200 OK\r\n";
    const QByteArray jsonHead = ok + "Content-Type: application/json\r\n";
    const QByteArray length = "Content-Length: " + QByteArray::number(json.size()) + "\r\n";
    const QByteArray gz = gzipped(json);
    QTest::newRow("Content-Length") << ok + "Content-Length: 0\r\n\r\n" << false << 1 << QByteArray();
    QTest::newRow("Content-Length, with a call") << jsonHead + length + "\r\n" + json << false << 1 << json;
    QTest::newRow("chunked, with a call")
        << jsonHead + "Transfer-Encoding: chunked\r\n\r\n10;ext=1\r\n" + json.first(16) + "\r\n"
               + QByteArray::number(json.size() - 16, 16) + "\r\n" + json.sliced(16)
               + "\r\n0\r\nX-Trailer: 1\r\n\r\n"
        << false << 1 << json;
    QTest::newRow("gzip, with a call")
        << jsonHead + "Content-Encoding: gzip\r\nContent-Length: " + QByteArray::number(gz.size())
               + "\r\n\r\n" + gz
        << false << 1 << json;
    QTest::newRow("form, header names in odd case")
        << ok + "content-TYPE: application/x-www-form-urlencoded\r\nCONTENT-LENGTH: 27\r\n\r\n"
               "method=sendMessage&text=hi&"
        << false << 1 << QByteArray("method=sendMessage&text=hi&");
    QTest::newRow("Connection: close, the webhook closes")
        << ok + "Connection: close\r\nContent-Length: 0\r\n\r\n" << true << 3 << QByteArray();
    QTest::newRow("Connection: close, we close")
        << ok + "Connection: close\r\nContent-Length: 0\r\n\r\n" << false << 3 << QByteArray();
    QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") << false
                              << 3 << QByteArray();
    QTest::newRow("HTTP/1.0 keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")
        << false << 1 << QByteArray();
    QTest::newRow("body until the close") << jsonHead + "\r\n" + json << true << 3 << json;
    QTest::newRow("100 Continue first")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n") << false << 1
        << QByteArray();
    QTest::newRow("closed after a keep-alive answer")
        << ok + "Content-Length: 0\r\n\r\n" << true << 3 << QByteArray();
    QTest::newRow("body over 1 MiB: delivered, body dropped, connection closed")
        << jsonHead + "Content-Length: 2000000\r\n\r\n" + json << false << 3 << QByteArray();
}

void TestWebhookDelivery::rawAnswers()
{
    QFETCH(QByteArray, response);
    QFETCH(bool, closeAfterResponse);
    QFETCH(int, connections);
    QFETCH(QByteArray, call);
    RawSink sink;
    QVERIFY(sink.listen());
    sink.response = response;
    sink.closeAfterResponse = closeAfterResponse;
    UpdateQueue queue;
    for (qint64 id = 1; id <= 3; ++id)
        push(queue, id, 7);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url()), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 3, 5000);
    QTest::qWait(20);
    QCOMPARE(spies.failed.count(), 0);
    QCOMPARE(idsOf(spies.delivered), (QList<qint64>{1, 2, 3}));
    QCOMPARE(sink.completeRequests, 3);
    QCOMPARE(sink.connections, connections);
    QCOMPARE(spies.replyCall.count(), call.isEmpty() ? 0 : 3);
    for (const QList<QVariant> &args : std::as_const(spies.replyCall))
        QCOMPARE(args.at(2).toByteArray(), call);
}

void TestWebhookDelivery::reusedConnectionClosedIsRetriedOnce()
{
    // Every connection answers its first request and closes on the next, unanswered, as a
    // webhook whose keep-alive timeout races our reuse: the second try on a fresh one goes through.
    RawSink sink;
    QVERIFY(sink.listen());
    sink.response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    sink.answerFirstOnly = true;
    UpdateQueue queue;
    for (qint64 id = 1; id <= 3; ++id)
        push(queue, id, 7);
    FaultPlan faults(1);
    DeliveryTiming timing = fastTiming();
    timing.retryBaseMs = 60000;
    auto delivery = std::make_unique<WebhookDelivery>(queue, configFor(sink.url()), timing, faults);
    Spies spies(*delivery);
    QVERIFY(spies.isValid());
    delivery->start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.delivered.count(), 3, 5000);
    QCOMPARE(spies.failed.count(), 0);
    QCOMPARE(sink.connections, 3);
    QCOMPARE(sink.completeRequests, 5); // 1, 2 (cut), 2 again, 3 (cut), 3 again

    // Only once: when the fresh connection fails too, that is a failure.
    RawSink strict;
    QVERIFY(strict.listen());
    strict.response = sink.response;
    strict.answerLimit = 1;
    push(queue, 4, 8);
    push(queue, 5, 8);
    delivery = std::make_unique<WebhookDelivery>(queue, configFor(strict.url()), timing, faults);
    Spies strictSpies(*delivery);
    QVERIFY(strictSpies.isValid());
    int requestsAtFailure = 0;
    int connectionsAtFailure = 0;
    QObject::connect(delivery.get(), &WebhookDelivery::failed, delivery.get(), [&] {
        if (requestsAtFailure == 0) {
            requestsAtFailure = strict.completeRequests;
            connectionsAtFailure = strict.connections;
        }
    });
    delivery->start();
    QTRY_VERIFY_WITH_TIMEOUT(!strictSpies.failed.isEmpty(), 5000);
    QCOMPARE(idsOf(strictSpies.delivered), QList<qint64>{4});
    QCOMPARE(strictSpies.failed.at(0).at(0).toLongLong(), 5);
    QCOMPARE(strictSpies.failed.at(0).at(1).toString(), u"Connection reset by peer"_s);
    QCOMPARE(requestsAtFailure, 3); // 4; 5 on the reused connection; 5 on a fresh one
    QCOMPARE(connectionsAtFailure, 2);
}

void TestWebhookDelivery::malformedAnswer()
{
    RawSink sink;
    QVERIFY(sink.listen());
    sink.response = "ICY 200 OK\r\n\r\n";
    UpdateQueue queue;
    push(queue, 1, 7);
    FaultPlan faults(1);
    DeliveryTiming timing = fastTiming();
    timing.retryBaseMs = 60000;
    WebhookDelivery delivery(queue, configFor(sink.url()), timing, faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QTRY_COMPARE_WITH_TIMEOUT(spies.failed.count(), 2, 5000);
    for (const QList<QVariant> &args : std::as_const(spies.failed))
        QCOMPARE(args.at(1).toString(), u"Wrong response from the webhook: malformed HTTP response"_s);
    QCOMPARE(sink.connections, 2); // not reused after an answer out of step
}

void TestWebhookDelivery::responseParser_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("untilClose"); // complete only once the connection closes
    QTest::addColumn<int>("status");      // 0: invalid
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("Content-Length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                      "{\"ok\":true}")
        << false << 200 << QByteArray("OK") << QByteArray("{\"ok\":true}") << true;
    QTest::newRow("reason with spaces, Retry-After")
        << QByteArray("HTTP/1.1 429 Slow Down Please\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n")
        << false << 429 << QByteArray("Slow Down Please") << QByteArray() << true;
    QTest::newRow("no reason phrase") << QByteArray("HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n")
                                      << false << 503 << QByteArray() << QByteArray() << true;
    QTest::newRow("chunked")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "3\r\nabc\r\nA; x=y\r\n0123456789\r\n0\r\n\r\n")
        << false << 200 << QByteArray("OK") << QByteArray("abc0123456789") << true;
    QTest::newRow("interim 100, then 200")
        << QByteArray("HTTP/1.1 100 Continue\r\nX: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")
        << false << 200 << QByteArray("OK") << QByteArray("hi") << true;
    QTest::newRow("204 ignores a length")
        << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n") << false << 204
        << QByteArray("No Content") << QByteArray() << true;
    QTest::newRow("Connection: close")
        << QByteArray("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n") << false
        << 200 << QByteArray("OK") << QByteArray() << false;
    QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") << false
                              << 200 << QByteArray("OK") << QByteArray() << false;
    QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\nall of it") << true << 200
                                 << QByteArray("OK") << QByteArray("all of it") << false;
    QTest::newRow("bytes past the answer")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n") << false
        << 200 << QByteArray("OK") << QByteArray() << false;
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.9\r\n\r\n") << false << 0
                              << QByteArray() << QByteArray() << false;
    QTest::newRow("bad chunk size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << false << 0
        << QByteArray() << QByteArray() << false;
    QTest::newRow("two different lengths")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab") << false
        << 0 << QByteArray() << QByteArray() << false;
}

void TestWebhookDelivery::responseParser()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, untilClose);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, body);
    QFETCH(bool, keepAlive);
    using Internal::ResponseParser;

    // Whole, byte by byte, and in uneven pieces: the result is the same.
    for (const qsizetype step : {raw.size(), qsizetype(1), qsizetype(7)}) {
        ResponseParser parser;
        QVERIFY(!parser.hasStarted());
        ResponseParser::Result result = ResponseParser::Result::NeedMore;
        for (qsizetype at = 0; at < raw.size() && result != ResponseParser::Result::Invalid; at += step)
            result = parser.feed(raw.mid(at, step)); // bytes after Done stay unread: out of step
        QVERIFY(parser.hasStarted());
        if (status == 0) {
            QVERIFY(result == ResponseParser::Result::Invalid);
            continue;
        }
        if (untilClose) {
            QVERIFY(result == ResponseParser::Result::NeedMore);
            result = parser.finishAtClose();
        }
        QVERIFY(result == ResponseParser::Result::Done);
        QCOMPARE(parser.keepAlive(), keepAlive);
        const Internal::WebhookResponse response = parser.take();
        QCOMPARE(response.status, status);
        QCOMPARE(response.reasonPhrase, reason);
        QCOMPARE(response.body, body);
        QVERIFY(!parser.hasStarted());
    }
}

void TestWebhookDelivery::clientPool_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestWebhookDelivery::clientPool()
{
    QFETCH(bool, tls);
    Sink sink;
    QVERIFY(sink.listen(tls));
    WebhookConfig config = configFor(sink.url());
    if (tls) {
        config = configFor(sink.url(u"/hook"_s, u"webhook.test"_s, u"https"_s));
        config.ipAddress = u"127.0.0.1"_s;
        config.certificatePem = kTestCertificate;
    }
    Internal::WebhookClient client(config);
    QList<std::pair<quint64, int>> answers;
    QObject::connect(&client, &Internal::WebhookClient::finished, &client,
                     [&answers](quint64 ticket, const Internal::WebhookResponse &response) {
                         answers.append({ticket, response.status});
                     });

    for (quint64 ticket = 1; ticket <= 4; ++ticket)
        client.post(ticket, updateJson(qint64(ticket), qint64(ticket)));
    QCOMPARE(client.openConnections(), 4);
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 4, 5000);
    QCOMPARE(client.idleConnections(), 4);
    client.post(5, updateJson(5, 5));
    QCOMPARE(client.openConnections(), 4); // an idle one, reused
    QCOMPARE(client.idleConnections(), 3);
    client.post(6, updateJson(6, 6));
    client.abort(6); // cut off: no answer, and its connection is gone
    QCOMPARE(client.openConnections(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 5, 5000);
    QTest::qWait(20);
    QCOMPARE(answers.size(), 5);
    for (const auto &[ticket, status] : std::as_const(answers))
        QCOMPARE(status, 200);
    QCOMPARE(answers.constLast().first, quint64(5));
    QCOMPARE(client.idleConnections(), 3);
}

void TestWebhookDelivery::maxConnectionsAbove255()
{
    RawSink sink;
    QVERIFY(sink.listen(1000)); // all at once, not ~50 at a time on the kernel's SYN retries
    sink.silent = true;
    UpdateQueue queue;
    constexpr int connections = 300;
    for (qint64 id = 1; id <= connections + 10; ++id)
        push(queue, id, id);
    FaultPlan faults(1);
    WebhookDelivery delivery(queue, configFor(sink.url(), connections), fastTiming(), faults);
    Spies spies(delivery);
    QVERIFY(spies.isValid());

    delivery.start();
    QCOMPARE(delivery.inFlight(), connections);
    QTRY_COMPARE_WITH_TIMEOUT(sink.completeRequests, connections, 5000);
    QTest::qWait(50);
    QCOMPARE(sink.completeRequests, connections); // the rest wait for a free connection
    QCOMPARE(sink.connections, connections);
    QCOMPARE(spies.failed.count(), 0);
}

void TestWebhookDelivery::connectionsCappedAt1000()
{
    // An unknown scheme opens no socket at all, so the cap is seen without 1000 file descriptors.
    UpdateQueue queue;
    for (qint64 id = 1; id <= 1200; ++id)
        push(queue, id, 0);
    FaultPlan faults(1);
    WebhookConfig config = configFor(QUrl(u"ftp://127.0.0.1:21/hook"_s), 100000);
    WebhookDelivery delivery(queue, config, fastTiming(), faults);
    delivery.start();
    QCOMPARE(delivery.inFlight(), 1000);
    QCOMPARE(Internal::WebhookClient::MaxConnections, 1000);
}

void TestWebhookDelivery::destroyedByItsOwnSignal_data()
{
    QTest::addColumn<QString>("webhook");
    QTest::newRow("delivered") << u"200"_s;
    QTest::newRow("failed: an HTTP answer") << u"500"_s;
    QTest::newRow("failed: the connection closed") << u"close"_s;
    QTest::newRow("failed: refused") << u"closed port"_s;
    QTest::newRow("failed: timeout") << u"silent"_s;
}

// A receiver may destroy the delivery from delivered() or failed(), even when a socket's signal
// is what brought the news.
void TestWebhookDelivery::destroyedByItsOwnSignal()
{
    QFETCH(QString, webhook);
    RawSink sink;
    QVERIFY(sink.listen());
    if (webhook == "200"_L1)
        sink.response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    else if (webhook == "500"_L1)
        sink.response = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n";
    sink.silent = webhook == "silent"_L1;
    QUrl url = sink.url();
    if (webhook == "closed port"_L1) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        url.setPort(probe.serverPort());
        probe.close();
    }
    UpdateQueue queue;
    for (qint64 id = 1; id <= 4; ++id)
        push(queue, id, id);
    FaultPlan faults(1);
    DeliveryTiming timing = fastTiming();
    timing.timeoutMs = 100;
    auto delivery = std::make_unique<WebhookDelivery>(queue, configFor(url, 4), timing, faults);
    QObject context;
    int emitted = 0;
    const auto destroy = [&] {
        ++emitted;
        delivery.reset();
    };
    QObject::connect(delivery.get(), &WebhookDelivery::delivered, &context, destroy);
    QObject::connect(delivery.get(), &WebhookDelivery::failed, &context, destroy);

    delivery->start();
    QTRY_VERIFY_WITH_TIMEOUT(!delivery, 5000);
    QTest::qWait(200); // nothing else arrives, nothing crashes
    QCOMPARE(emitted, 1);
    QCOMPARE(queue.size(), webhook == "200"_L1 ? 3 : 4);
}

QTEST_GUILESS_MAIN(TestWebhookDelivery)
#include "tst_webhookdelivery.moc"
