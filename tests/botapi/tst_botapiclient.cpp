// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The Bot API client against the real emulator over loopback (answers, API errors, faults,
// uploads) and against a tiny fixed-answer server for what the emulator never sends; every error
// is checked for the token in its texts and in the log.
#include "emulatedbotclient.h"
#include "botapiclient.h"
#include "bottoken.h"
#include "emulatorserver.h"

#include <QElapsedTimer>
#include <QHttpHeaders>
#include <QHttpMultiPart>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kOtherToken = QStringLiteral("987654321:TEST-another-fake-token-here");
// Too long to be a token (over 80 characters), still token-shaped enough to be redacted.
const QString kLongToken = QStringLiteral("123456789:TEST-") + QString(66, u'x');

QString secretOf(const QString &token)
{
    return token.mid(token.indexOf(u':') + 1);
}

// Every message logged while the test runs (all categories: a leak may come from anywhere).
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(QString::fromLatin1(context.category ? context.category : "default") + u": " + message);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

QStringList takeLog()
{
    QMutexLocker lock(&g_logMutex);
    return std::exchange(g_log, {});
}

// What a call ended with, copied in its finished() handler (the call deletes itself after).
struct Outcome
{
    int finishedCount = 0;
    bool isFinished = false;
    BotApiError error;
    QJsonValue result;
    QByteArray body;
    int httpStatus = 0;
    qint64 elapsedMs = 0;
};

// A server answering every request with one fixed response, for answers the emulator never gives.
struct FixedServer
{
    QHttpServer http;
    QTcpServer *tcp = nullptr; // owned by `http` once bound
    int status = 200;
    QHttpHeaders headers;
    QByteArray body;
    QStringList paths; // of the requests received

    bool listen(QObject *context)
    {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0) || !http.bind(server.get()))
            return false;
        tcp = server.release();
        http.setMissingHandler(context, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            paths.append(request.url().path());
            responder.write(body, headers, QHttpServerResponder::StatusCode(status));
        });
        return true;
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(tcp->serverPort())); }
};
} // namespace

class tst_BotApiClient : public QObject
{
    Q_OBJECT

private:
    EmulatedBotClient m_emulator;

    void startEmulator(bool localMode)
    {
        QString error;
        QVERIFY2(m_emulator.start(kToken, localMode, &error), qPrintable(error));
    }

    // Waits for `call` to finish; true when finished() came exactly once and the call deleted
    // itself afterwards.
    bool await(BotApiCall *call, Outcome &out, int timeoutMs = 10000)
    {
        QElapsedTimer clock;
        clock.start();
        QPointer<BotApiCall> guard(call);
        QSignalSpy spy(call, &BotApiCall::finished);
        if (!spy.isValid())
            return false;
        const QMetaObject::Connection copy = connect(call, &BotApiCall::finished, call, [&out, &clock, call] {
            ++out.finishedCount;
            out.isFinished = call->isFinished();
            out.error = call->error();
            out.result = call->result();
            out.body = call->body();
            out.httpStatus = call->httpStatus();
            out.elapsedMs = clock.elapsed();
        });
        const bool gone = QTest::qWaitFor([&] { return guard.isNull(); }, timeoutMs);
        if (!gone)
            disconnect(copy); // `out` and `clock` go out of scope
        return gone && spy.size() == 1 && out.finishedCount == 1 && out.isFinished;
    }

    // No part of `token`'s secret in what the user or a log may see; the call was logged, redacted.
    void verifyRedacted(const Outcome &out, const QString &token)
    {
        const QString secret = secretOf(token);
        const QStringList texts{out.error.description, out.error.detail, out.error.message(),
                                m_emulator.client->endpoint().displayName()};
        for (const QString &text : texts)
            QVERIFY2(!text.contains(secret), qPrintable(text));
        const QStringList log = takeLog();
        bool logged = false;
        for (const QString &line : log) {
            QVERIFY2(!line.contains(secret), qPrintable(line));
            logged = logged
                     || (line.startsWith(u"updateinspector.botapi: POST ")
                         && line.contains(u"/bot" + BotToken::redacted(token) + u'/'));
        }
        QVERIFY2(logged, qPrintable(log.join(u'\n')));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("updateinspector.botapi.debug=true"));
        g_previousHandler = qInstallMessageHandler(captureMessage);
    }
    void cleanupTestCase() { qInstallMessageHandler(g_previousHandler); }
    void init()
    {
        startEmulator(false);
        takeLog();
    }
    void cleanup()
    {
        m_emulator.stop();
    }

    void methodUrl_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<bool>("testEnvironment");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("displayName");
        const QString path = QStringLiteral("/bot") + kToken + QStringLiteral("/getMe");
        QTest::newRow("cloud") << QStringLiteral("https://api.telegram.org") << false
                               << QString(u"https://api.telegram.org" + path)
                               << QStringLiteral("https://api.telegram.org, bot 123456789");
        QTest::newRow("cloud, trailing slash") << QStringLiteral("https://api.telegram.org/") << false
                                               << QString(u"https://api.telegram.org" + path)
                                               << QStringLiteral("https://api.telegram.org, bot 123456789");
        QTest::newRow("test environment")
            << QStringLiteral("https://api.telegram.org") << true
            << QString(u"https://api.telegram.org/bot" + kToken + u"/test/getMe")
            << QStringLiteral("https://api.telegram.org, bot 123456789 (test environment)");
        QTest::newRow("local server") << QStringLiteral("http://10.0.0.5:8081") << false
                                      << QString(u"http://10.0.0.5:8081" + path)
                                      << QStringLiteral("http://10.0.0.5:8081, bot 123456789");
        QTest::newRow("reverse proxy path") << QStringLiteral("https://host.example/tg") << false
                                            << QString(u"https://host.example/tg" + path)
                                            << QStringLiteral("https://host.example/tg, bot 123456789");
        QTest::newRow("reverse proxy path/") << QStringLiteral("https://host.example/a/tg/") << false
                                             << QString(u"https://host.example/a/tg" + path)
                                             << QStringLiteral("https://host.example/a/tg, bot 123456789");
    }
    void methodUrl()
    {
        QFETCH(QString, base);
        QFETCH(bool, testEnvironment);
        QFETCH(QString, url);
        QFETCH(QString, displayName);
        const BotApiEndpoint endpoint{QUrl(base), kToken, testEnvironment};
        QCOMPARE(endpoint.methodUrl(QStringLiteral("getMe")).toString(), url);
        QCOMPARE(endpoint.displayName(), displayName);
        QVERIFY(!endpoint.displayName().contains(secretOf(kToken)));
    }

    void displayNameOfOddTokens()
    {
        BotApiEndpoint endpoint{QUrl(QStringLiteral("https://api.telegram.org")), kLongToken, false};
        QCOMPARE(endpoint.displayName(), QStringLiteral("https://api.telegram.org, bot 123456789:***"));
        endpoint.token.clear();
        QCOMPARE(endpoint.displayName(), QStringLiteral("https://api.telegram.org, bot (no token)"));
        // A token pasted into the base URL is not shown either.
        endpoint.baseUrl = QUrl(u"https://host.example/bot" + kToken);
        QVERIFY(!endpoint.displayName().contains(secretOf(kToken)));
    }

    void getMe()
    {
        Outcome out;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe")), out));
        QCOMPARE(out.error.kind, BotApiError::Kind::None);
        QVERIFY(!out.error.isError());
        QCOMPARE(out.httpStatus, 200);
        const QJsonObject me = out.result.toObject();
        QCOMPARE(me.value(QLatin1StringView("id")).toInteger(), 123456789);
        QCOMPARE(me.value(QLatin1StringView("is_bot")).toBool(), true);
        QVERIFY(out.body.startsWith("{\"ok\":true,\"result\":{"));
        const QStringList log = takeLog();
        const QString expected = u"updateinspector.botapi: POST " + m_emulator.server->baseUrl().toString()
                                 + u"/bot123456789:***/getMe -> 200 in ";
        QVERIFY2(log.size() == 1 && log.first().startsWith(expected) && log.first().endsWith(u" ms"),
                 qPrintable(log.join(u'\n')));
    }

    void bodyOnlySkipsTheResultButNotErrors()
    {
        Outcome out;
        QVERIFY(await(m_emulator.client->callForBody(QStringLiteral("getMe"), {}, 5000), out));
        QVERIFY(!out.error.isError());
        QVERIFY(!out.result.isObject()); // not parsed: the caller reads the body
        QVERIFY(out.body.startsWith("{\"ok\":true,\"result\":{"));
        // An error is still parsed into its parts.
        Outcome failed;
        QVERIFY(await(m_emulator.client->callForBody(QStringLiteral("sendMesage"), {}, 5000), failed));
        QCOMPARE(failed.error.kind, BotApiError::Kind::Api);
        QCOMPARE(failed.error.errorCode, 404);
        takeLog();
    }

    void jsonBody()
    {
        Outcome out;
        const QJsonObject params{{QStringLiteral("chat_id"), 42}, {QStringLiteral("text"), QStringLiteral("hi")}};
        QVERIFY(await(m_emulator.client->call(QStringLiteral("sendMessage"), params), out));
        QVERIFY2(!out.error.isError(), qPrintable(out.error.message()));
        QCOMPARE(out.result.toObject().value(QLatin1StringView("text")).toString(), QStringLiteral("hi"));
        QCOMPARE(m_emulator.bot->calls().last().params.value(QLatin1StringView("chat_id")).toInteger(), 42);
    }

    void apiErrors_data()
    {
        QTest::addColumn<bool>("localMode");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("method");
        QTest::addColumn<FaultKind>("fault");
        QTest::addColumn<int>("errorCode");
        QTest::addColumn<QString>("description");
        QTest::addColumn<int>("retryAfter");
        QTest::addColumn<QString>("message");
        const QString getMe = QStringLiteral("getMe");
        QTest::newRow("401 unknown token") << false << kOtherToken << getMe << FaultKind::None << 401
                                           << QStringLiteral("Unauthorized") << -1
                                           << QStringLiteral("Unauthorized (401)");
        QTest::newRow("404 malformed token") << false << kLongToken << getMe << FaultKind::None << 404
                                             << QStringLiteral("Not Found") << -1 << QStringLiteral("Not Found (404)");
        QTest::newRow("401 malformed token, local")
            << true << kLongToken << getMe << FaultKind::None << 401
            << QStringLiteral("Unauthorized: invalid token specified") << -1
            << QStringLiteral("Unauthorized: invalid token specified (401)");
        QTest::newRow("404 unknown method") << false << kToken << QStringLiteral("getNothing") << FaultKind::None
                                            << 404 << QStringLiteral("Not Found") << -1
                                            << QStringLiteral("Not Found (404)");
        QTest::newRow("404 unknown method, local") << true << kToken << QStringLiteral("getNothing")
                                                   << FaultKind::None << 404
                                                   << QStringLiteral("Not Found: method not found") << -1
                                                   << QStringLiteral("Not Found: method not found (404)");
        QTest::newRow("429") << false << kToken << getMe << FaultKind::TooManyRequests << 429
                             << QStringLiteral("Too Many Requests: retry after 3") << 3
                             << QStringLiteral("Too Many Requests: retry after 3 (429)");
        QTest::newRow("500") << false << kToken << getMe << FaultKind::InternalError << 500
                             << QStringLiteral("Internal Server Error") << -1
                             << QStringLiteral("Internal Server Error (500)");
    }
    void apiErrors()
    {
        QFETCH(bool, localMode);
        QFETCH(QString, token);
        QFETCH(QString, method);
        QFETCH(FaultKind, fault);
        QFETCH(int, errorCode);
        QFETCH(QString, description);
        QFETCH(int, retryAfter);
        QFETCH(QString, message);
        if (localMode)
            startEmulator(true);
        if (token == kLongToken)
            QVERIFY(!BotToken::isWellFormed(token));
        m_emulator.client->setEndpoint({m_emulator.server->baseUrl(), token, false});
        FaultSpec spec;
        spec.kind = fault;
        spec.count = fault == FaultKind::None ? 0 : 1;
        spec.retryAfter = 3;
        m_emulator.bot->apiFaults().set(spec);

        Outcome out;
        QVERIFY(await(m_emulator.client->call(method), out));
        QCOMPARE(out.error.kind, BotApiError::Kind::Api);
        QCOMPARE(out.error.errorCode, errorCode);
        QCOMPARE(out.error.httpStatus, errorCode);
        QCOMPARE(out.httpStatus, errorCode);
        QCOMPARE(out.error.description, description);
        QCOMPARE(out.error.retryAfter, retryAfter);
        QCOMPARE(out.error.migrateToChatId, 0);
        QCOMPARE(out.error.message(), message);
        QVERIFY(out.result.isNull());
        verifyRedacted(out, token);
    }

    void conflictWhileWebhookSet()
    {
        startEmulator(true); // an http webhook on any port needs --local
        Outcome set;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("setWebhook"),
                                     {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/x")}}),
                      set));
        QVERIFY2(!set.error.isError(), qPrintable(set.error.message()));
        QCOMPARE(set.result, QJsonValue(true));
        Outcome out;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 5}}), out));
        const QString description = QStringLiteral("Conflict: can't use getUpdates method while webhook is active; "
                                                   "use deleteWebhook to delete the webhook first");
        QCOMPARE(out.error.kind, BotApiError::Kind::Api);
        QCOMPARE(out.error.errorCode, 409);
        QCOMPARE(out.error.description, description);
        QCOMPARE(out.error.message(), description + QStringLiteral(" (409)"));
        verifyRedacted(out, kToken);
    }

    void conflictWithAnotherPoll()
    {
        const QJsonObject poll{{QStringLiteral("timeout"), 5}};
        BotApiCall *older = m_emulator.client->call(QStringLiteral("getUpdates"), poll, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_emulator.bot->hasPendingPoll(), 5000);
        BotApiCall *newer = m_emulator.client->call(QStringLiteral("getUpdates"), poll, 10000);
        Outcome out;
        QVERIFY(await(older, out)); // the older long poll is the one that fails
        newer->abort();
        const QString description = QStringLiteral("Conflict: terminated by other getUpdates request; "
                                                   "make sure that only one bot instance is running");
        QCOMPARE(out.error.kind, BotApiError::Kind::Api);
        QCOMPARE(out.error.errorCode, 409);
        QCOMPARE(out.error.description, description);
        QCOMPARE(out.error.message(), description + QStringLiteral(" (409)"));
        verifyRedacted(out, kToken);
    }

    void badGatewayHtml()
    {
        m_emulator.bot->apiFaults().set(FaultSpec{FaultKind::BadGatewayHtml, 1});
        Outcome out;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe")), out));
        QCOMPARE(out.error.kind, BotApiError::Kind::HttpStatus);
        QCOMPARE(out.error.httpStatus, 502);
        QCOMPARE(out.httpStatus, 502);
        QCOMPARE(out.error.errorCode, 0);
        QCOMPARE(out.error.description, QStringLiteral("502 Bad Gateway"));
        QCOMPARE(out.error.message(),
                 QStringLiteral("HTTP 502 Bad Gateway: the answer is not a Bot API response (an HTML page?)"));
        QVERIFY(out.body.contains("<title>502 Bad Gateway</title>"));
        verifyRedacted(out, kToken);
    }

    void timeout()
    {
        FaultSpec spec{FaultKind::Stall, 1};
        spec.stallMs = 3000;
        m_emulator.bot->apiFaults().set(spec);
        Outcome out;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe"), {}, 300), out));
        QCOMPARE(out.error.kind, BotApiError::Kind::Timeout);
        QCOMPARE(out.error.httpStatus, 0);
        QCOMPARE(out.error.description, QStringLiteral("no answer within 0.3 s"));
        QCOMPARE(out.error.message(), QStringLiteral("no answer within 0.3 s"));
        QVERIFY2(out.elapsedMs >= 290 && out.elapsedMs < 1500, qPrintable(QString::number(out.elapsedMs)));
        verifyRedacted(out, kToken);
        // The client goes on while the stalled connection is still open on the server.
        Outcome next;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe"), {}, 300), next));
        QVERIFY2(!next.error.isError(), qPrintable(next.error.message()));
    }

    void timeoutZeroMeansNone()
    {
        FaultSpec spec{FaultKind::Stall, 1};
        spec.stallMs = 600;
        m_emulator.bot->apiFaults().set(spec);
        Outcome out;
        // The stall ends with the server closing the connection; Qt then sends the request once
        // more, and that one is answered: nothing on our side gave up in between.
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe"), {}, 0), out));
        QVERIFY2(!out.error.isError(), qPrintable(out.error.message()));
        QVERIFY2(out.elapsedMs >= 550, qPrintable(QString::number(out.elapsedMs)));
    }

    void droppedConnection()
    {
        // Qt resends a request whose connection closed before any answer once: keep dropping.
        m_emulator.bot->apiFaults().set(FaultSpec{FaultKind::Drop, 100});
        Outcome out;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe")), out));
        QCOMPARE(out.error.kind, BotApiError::Kind::Network);
        QCOMPARE(out.error.httpStatus, 0);
        QCOMPARE(out.error.description, QStringLiteral("connection closed by the server"));
        QCOMPARE(out.error.message(), QStringLiteral("connection closed by the server"));
        verifyRedacted(out, kToken);
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        m_emulator.client->setEndpoint({QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), kToken, false});
        Outcome out;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe")), out));
        QCOMPARE(out.error.kind, BotApiError::Kind::Network);
        QCOMPARE(out.httpStatus, 0);
        const QString expected = QStringLiteral("connection refused by 127.0.0.1:%1").arg(port);
        QCOMPARE(out.error.description, expected);
        QCOMPARE(out.error.message(), expected);
        verifyRedacted(out, kToken);
    }

    void abortEndsTheCallOnce()
    {
        BotApiCall *call = m_emulator.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 5}}, 10000);
        QPointer<BotApiCall> guard(call);
        QSignalSpy finished(call, &BotApiCall::finished);
        QVERIFY(finished.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(m_emulator.bot->hasPendingPoll(), 5000);
        BotApiError error;
        connect(call, &BotApiCall::finished, call, [&error, call] { error = call->error(); });
        call->abort();
        QCOMPARE(finished.size(), 1); // before abort() returns
        QCOMPARE(error.kind, BotApiError::Kind::Network);
        QCOMPARE(error.message(), QStringLiteral("aborted"));
        call->abort(); // a second abort does nothing
        QCOMPARE(finished.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), 2000);
        QTest::qWait(100);
        QCOMPARE(finished.size(), 1);
    }

    void deletingARunningCall()
    {
        BotApiCall *call = m_emulator.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 5}}, 300);
        QTRY_VERIFY_WITH_TIMEOUT(m_emulator.bot->hasPendingPoll(), 5000);
        int finished = 0;
        connect(call, &BotApiCall::finished, this, [&finished] { ++finished; });
        delete call; // the timer and the reply go with it
        QTest::qWait(500);
        QCOMPARE(finished, 0);
        Outcome out;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe")), out));
        QVERIFY(!out.error.isError());
    }

    void multipartUpload()
    {
        auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        QPointer<QHttpMultiPart> guard(multipart);
        QHttpPart chat;
        chat.setHeader(QNetworkRequest::ContentDispositionHeader, QStringLiteral("form-data; name=\"chat_id\""));
        chat.setBody("42");
        QHttpPart document;
        document.setHeader(QNetworkRequest::ContentDispositionHeader,
                           QStringLiteral("form-data; name=\"document\"; filename=\"notes.txt\""));
        document.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("text/plain"));
        document.setBody("hello, file");
        multipart->append(chat);
        multipart->append(document);

        Outcome out;
        QVERIFY(await(m_emulator.client->callMultipart(QStringLiteral("sendDocument"), multipart), out));
        QVERIFY2(!out.error.isError(), qPrintable(out.error.message()));
        QVERIFY(out.result.toObject().contains(QLatin1StringView("message_id")));
        const RecordedCall &recorded = m_emulator.bot->calls().last();
        QCOMPARE(recorded.method, QStringLiteral("sendDocument"));
        const QJsonObject file = recorded.params.value(QLatin1StringView("document")).toObject();
        QCOMPARE(file.value(QLatin1StringView("file_name")).toString(), QStringLiteral("notes.txt"));
        QCOMPARE(file.value(QLatin1StringView("size")).toInteger(), 11);
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), 2000); // went with the reply
    }

    void fixedAnswers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("headerName");
        QTest::addColumn<QByteArray>("headerValue");
        QTest::addColumn<BotApiError::Kind>("kind");
        QTest::addColumn<int>("errorCode");
        QTest::addColumn<int>("retryAfter");
        QTest::addColumn<qint64>("migrateTo");
        QTest::addColumn<QString>("message");
        const QByteArray json("application/json");
        QTest::newRow("migrate_to_chat_id")
            << 400 << json
            << QByteArray("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was "
                          "upgraded to a supergroup chat\",\"parameters\":{\"migrate_to_chat_id\":-1001234567890123}}")
            << QByteArray() << QByteArray() << BotApiError::Kind::Api << 400 << -1 << qint64(-1001234567890123)
            << QStringLiteral("Bad Request: group chat was upgraded to a supergroup chat (400); the group is now "
                              "the supergroup -1001234567890123");
        QTest::newRow("Retry-After header only")
            << 429 << json << QByteArray("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests\"}")
            << QByteArray("Retry-After") << QByteArray("9") << BotApiError::Kind::Api << 429 << 9 << qint64(0)
            << QStringLiteral("Too Many Requests (429); retry after 9 s");
        QTest::newRow("no error_code") << 403 << json << QByteArray("{\"ok\":false,\"description\":\"Forbidden\"}")
                                       << QByteArray() << QByteArray() << BotApiError::Kind::Api << 403 << -1
                                       << qint64(0) << QStringLiteral("Forbidden (403)");
        QTest::newRow("token in a description")
            << 400 << json
            << QByteArray("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: bot" + kToken.toUtf8()
                          + "\\nagain\"}")
            << QByteArray() << QByteArray() << BotApiError::Kind::Api << 400 << -1 << qint64(0)
            << QStringLiteral("Bad Request: bot123456789:*** again (400)");
        QTest::newRow("200 html") << 200 << QByteArray("text/html") << QByteArray("<html><body>hi</body></html>")
                                  << QByteArray() << QByteArray() << BotApiError::Kind::BadResponse << 0 << -1
                                  << qint64(0)
                                  << QStringLiteral("HTTP 200 OK, but the answer is not a Bot API response "
                                                    "(an HTML page?)");
        QTest::newRow("200 empty") << 200 << json << QByteArray() << QByteArray() << QByteArray()
                                   << BotApiError::Kind::BadResponse << 0 << -1 << qint64(0)
                                   << QStringLiteral("HTTP 200 OK, but the answer is not a Bot API response "
                                                     "(an empty body)");
        QTest::newRow("200 without ok") << 200 << json << QByteArray("{\"result\":1}") << QByteArray() << QByteArray()
                                        << BotApiError::Kind::BadResponse << 0 << -1 << qint64(0)
                                        << QStringLiteral("HTTP 200 OK, but the answer is not a Bot API response "
                                                          "(JSON without a boolean \"ok\")");
        QTest::newRow("200 ok without result")
            << 200 << json << QByteArray("{\"ok\":true}") << QByteArray() << QByteArray()
            << BotApiError::Kind::BadResponse << 0 << -1 << qint64(0)
            << QStringLiteral("HTTP 200 OK, but the answer is not a Bot API response "
                              "(\"ok\":true without a \"result\")");
        QTest::newRow("503 text with Retry-After")
            << 503 << QByteArray("text/plain") << QByteArray("down for maintenance") << QByteArray("Retry-After")
            << QByteArray("7") << BotApiError::Kind::HttpStatus << 0 << 7 << qint64(0)
            << QStringLiteral("HTTP 503 Service Unavailable: the answer is not a Bot API response (not JSON but "
                              "text/plain); retry after 7 s");
        QTest::newRow("302 not followed")
            << 302 << QByteArray("text/html") << QByteArray("<html>moved</html>") << QByteArray("Location")
            << QByteArray("http://127.0.0.1:1/elsewhere/bot" + kToken.toUtf8() + "/getMe")
            << BotApiError::Kind::HttpStatus << 0 << -1 << qint64(0)
            << QStringLiteral("HTTP 302 Found: the answer is not a Bot API response (a redirect to "
                              "http://127.0.0.1:1/elsewhere/bot123456789:***/getMe)");
    }
    void fixedAnswers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, headerName);
        QFETCH(QByteArray, headerValue);
        QFETCH(BotApiError::Kind, kind);
        QFETCH(int, errorCode);
        QFETCH(int, retryAfter);
        QFETCH(qint64, migrateTo);
        QFETCH(QString, message);
        FixedServer server;
        QVERIFY(server.listen(this));
        server.status = status;
        server.body = body;
        server.headers.append(QHttpHeaders::WellKnownHeader::ContentType, contentType);
        if (!headerName.isEmpty())
            server.headers.append(headerName, headerValue);
        // Behind a path, as a reverse proxy would have it.
        QUrl base = server.url();
        base.setPath(QStringLiteral("/tg"));
        m_emulator.client->setEndpoint({base, kToken, false});

        Outcome out;
        QVERIFY(await(m_emulator.client->call(QStringLiteral("getMe")), out));
        QCOMPARE(server.paths, QStringList{u"/tg/bot" + kToken + u"/getMe"}); // one request: no redirect followed
        QCOMPARE(out.error.kind, kind);
        QCOMPARE(out.httpStatus, status);
        QCOMPARE(out.error.httpStatus, status);
        QCOMPARE(out.error.errorCode, errorCode);
        QCOMPARE(out.error.retryAfter, retryAfter);
        QCOMPARE(out.error.migrateToChatId, migrateTo);
        QCOMPARE(out.error.message(), message);
        QCOMPARE(out.body, body);
        verifyRedacted(out, kToken);
    }

    void messageWording_data()
    {
        QTest::addColumn<BotApiError>("error");
        QTest::addColumn<QString>("message");
        BotApiError none;
        QTest::newRow("none") << none << QStringLiteral("no error");
        BotApiError api;
        api.kind = BotApiError::Kind::Api;
        api.errorCode = 409;
        api.description = QStringLiteral("Conflict: terminated by other getUpdates request; make sure that only one "
                                         "bot instance is running");
        QTest::newRow("409") << api
                             << QStringLiteral("Conflict: terminated by other getUpdates request; make sure that only "
                                               "one bot instance is running (409)");
        BotApiError bare = api;
        bare.description.clear();
        bare.errorCode = 418;
        QTest::newRow("no description") << bare << QStringLiteral("error (418)");
        BotApiError network;
        network.kind = BotApiError::Kind::Network;
        // Unredacted on purpose: message() must not trust that description was redacted.
        network.description = u"Error transferring http://127.0.0.1:9/bot" + kToken + u"/getMe - server replied:\nx";
        QTest::newRow("network") << network
                                 << QStringLiteral("Error transferring http://127.0.0.1:9/bot123456789:***/getMe - "
                                                   "server replied: x");
        BotApiError timeout;
        timeout.kind = BotApiError::Kind::Timeout;
        timeout.description = QStringLiteral("no answer within 40 s");
        QTest::newRow("timeout") << timeout << QStringLiteral("no answer within 40 s");
        BotApiError http;
        http.kind = BotApiError::Kind::HttpStatus;
        http.httpStatus = 504;
        http.description = QStringLiteral("504");
        QTest::newRow("http, unknown phrase, no detail")
            << http << QStringLiteral("HTTP 504: the answer is not a Bot API response");
    }
    void messageWording()
    {
        QFETCH(BotApiError, error);
        QFETCH(QString, message);
        QCOMPARE(error.message(), message);
    }
};

QTEST_GUILESS_MAIN(tst_BotApiClient)
#include "tst_botapiclient.moc"
