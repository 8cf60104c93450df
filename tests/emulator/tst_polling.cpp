// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// getUpdates against the real emulator over loopback: identity, paths, tokens, encodings,
// offsets, clamps, allowed_updates, the long poll and its 409s, recorded calls.
#include "emulatorfixture.h"
#include "updatetemplates.h"

#include <QHttpMultiPart>
#include <QJsonArray>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QByteArray kText = "{\"message\":{\"message_id\":1,\"date\":1700000000,"
                         "\"chat\":{\"id\":42,\"type\":\"private\"},\"from\":{\"id\":42,\"is_bot\":false,"
                         "\"first_name\":\"A\"},\"text\":\"hi\"}}";
const QByteArray kMember = "{\"chat_member\":{\"chat\":{\"id\":-100,\"type\":\"group\",\"title\":\"g\"},"
                           "\"from\":{\"id\":5,\"is_bot\":false,\"first_name\":\"B\"},\"date\":1700000000,"
                           "\"old_chat_member\":{\"status\":\"left\",\"user\":{\"id\":6,\"is_bot\":false,\"first_name\":\"C\"}},"
                           "\"new_chat_member\":{\"status\":\"member\",\"user\":{\"id\":6,\"is_bot\":false,\"first_name\":\"C\"}}}}";

QList<qint64> updateIds(const ApiResult &result)
{
    QList<qint64> ids;
    for (const QJsonValue &update : result.result().toArray())
        ids.append(update.toObject().value(QLatin1StringView("update_id")).toInteger());
    return ids;
}
} // namespace

class TestPolling : public QObject
{
    Q_OBJECT

private:
    EmulatorFixture m_emu;

    void startServer(bool localMode = false)
    {
        EmulatorServer::Options options;
        options.settings.localMode = localMode;
        options.settings.firstUpdateId = 1000;
        QString error;
        QVERIFY2(m_emu.start(options, kToken, &error), qPrintable(error));
    }
    void injectTexts(int n)
    {
        for (int i = 0; i < n; ++i)
            QVERIFY(m_emu.bot->inject(kText) > 0);
    }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup() { m_emu.stop(); }

    void getMeNamesAnyCase()
    {
        for (const char *method : {"getMe", "getme", "GETME"}) {
            const ApiResult result = m_emu.client->call(QLatin1StringView(method));
            QCOMPARE(result.status, 200);
            QVERIFY(result.ok());
            const QJsonObject me = result.result().toObject();
            QCOMPARE(me.value(QLatin1StringView("id")).toInteger(), 123456789);
            QCOMPARE(me.value(QLatin1StringView("is_bot")).toBool(), true);
            QVERIFY(me.contains(QLatin1StringView("can_read_all_group_messages")));
        }
        QVERIFY(m_emu.bot->calls().isEmpty()); // getMe is not one of the bot's "outgoing" calls
    }

    void badPathsAndTokens_data()
    {
        QTest::addColumn<bool>("localMode");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("description");
        const QString unknown = QStringLiteral("/bot987654321:TEST-fake-token-not-a-real-bot/getMe");
        QTest::newRow("not /bot") << false << QStringLiteral("/getMe") << 404 << QStringLiteral("Not Found");
        QTest::newRow("no method") << false << QStringLiteral("/bot") + kToken + u'/' << 404 << QStringLiteral("Not Found");
        QTest::newRow("unknown token") << false << unknown << 401 << QStringLiteral("Unauthorized");
        QTest::newRow("malformed token, cloud") << false << QStringLiteral("/bot0123:abc/getMe") << 404
                                                << QStringLiteral("Not Found");
        QTest::newRow("malformed token, local") << true << QStringLiteral("/botnocolon/getMe") << 401
                                                << QStringLiteral("Unauthorized: invalid token specified");
        QTest::newRow("unknown method, cloud") << false << QStringLiteral("/bot") + kToken + u"/sendMesage" << 404
                                               << QStringLiteral("Not Found");
        QTest::newRow("unknown method, local") << true << QStringLiteral("/bot") + kToken + u"/sendMesage" << 404
                                               << QStringLiteral("Not Found: method not found");
    }
    void badPathsAndTokens()
    {
        QFETCH(bool, localMode);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QString, description);
        cleanup();
        startServer(localMode);
        QUrl url = m_emu.server->baseUrl();
        url.setPath(path);
        QNetworkAccessManager nam;
        const ApiResult result = ApiClient::finish(nam.get(QNetworkRequest(url)), 5000);
        QCOMPARE(result.status, status);
        QCOMPARE(result.envelope.value(QLatin1StringView("ok")).toBool(true), false);
        QCOMPARE(result.envelope.value(QLatin1StringView("error_code")).toInt(), status);
        QCOMPARE(result.description(), description);
        // The server is still up for a good request.
        QVERIFY(m_emu.client->call(QStringLiteral("getMe")).ok());
    }

    void unknownMethodIsRecorded()
    {
        QCOMPARE(m_emu.client->call(QStringLiteral("sendMesage")).status, 404);
        QCOMPARE(m_emu.bot->calls().size(), 1);
        QCOMPARE(m_emu.bot->calls().constFirst().method, QStringLiteral("sendMesage"));
        QCOMPARE(m_emu.bot->calls().constFirst().status, 404);
    }

    void testEnvironmentIsSeparate()
    {
        injectTexts(2);
        m_emu.client->setTestEnvironment(true);
        const ApiResult test = m_emu.client->call(QStringLiteral("getUpdates"));
        QVERIFY(test.ok());
        QCOMPARE(test.result().toArray().size(), 0);
        QVERIFY(m_emu.server->bot(kToken, true)->testEnvironment());
        QVERIFY(m_emu.server->bot(kToken, true)->inject(kText) > 0);
        QCOMPARE(m_emu.client->call(QStringLiteral("getUpdates")).result().toArray().size(), 1);
        m_emu.client->setTestEnvironment(false);
        QCOMPARE(m_emu.client->call(QStringLiteral("getUpdates")).result().toArray().size(), 2);
    }

    void updateIdsAndServiceForm()
    {
        m_emu.bot->setNextUpdateId(777);
        injectTexts(3);
        const ApiResult result = m_emu.client->call(QStringLiteral("getUpdates"));
        QCOMPARE(updateIds(result), (QList<qint64>{777, 778, 779}));
        // The service's own bytes: a newline after "update_id":N, then the payload as injected.
        QVERIFY(result.body.contains("{\"update_id\":777,\n\"message\":{\"message_id\":1,"));
    }

    void parameterEncodings_data()
    {
        QTest::addColumn<QString>("encoding");
        QTest::newRow("query") << QStringLiteral("query");
        QTest::newRow("form") << QStringLiteral("form");
        QTest::newRow("json") << QStringLiteral("json");
        QTest::newRow("multipart") << QStringLiteral("multipart");
    }
    void parameterEncodings()
    {
        QFETCH(QString, encoding);
        injectTexts(3);
        QVERIFY(m_emu.bot->inject(kMember) == 0); // not in the default set
        const QString allowed = QStringLiteral("[\"message\",\"chat_member\"]");
        ApiResult result;
        if (encoding == u"query") {
            result = m_emu.client->get(QStringLiteral("getUpdates"),
                                   QUrlQuery{{QStringLiteral("limit"), QStringLiteral("2")},
                                             {QStringLiteral("allowed_updates"), allowed}});
        } else if (encoding == u"form") {
            result = m_emu.client->form(QStringLiteral("getUpdates"),
                                    QUrlQuery{{QStringLiteral("limit"), QStringLiteral("2")},
                                              {QStringLiteral("allowed_updates"), allowed}});
        } else if (encoding == u"json") {
            result = m_emu.client->call(QStringLiteral("getUpdates"),
                                    QJsonObject{{QStringLiteral("limit"), 2},
                                                {QStringLiteral("allowed_updates"),
                                                 QJsonArray{QStringLiteral("message"), QStringLiteral("chat_member")}}});
        } else {
            auto *multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
            for (const auto &[name, value] : {std::pair{QByteArray("limit"), QByteArray("2")},
                                              std::pair{QByteArray("allowed_updates"), allowed.toUtf8()}}) {
                QHttpPart part;
                part.setHeader(QNetworkRequest::ContentDispositionHeader,
                               QByteArray(QByteArray("form-data; name=\"") + name + '"'));
                part.setBody(value);
                multi->append(part);
            }
            result = m_emu.client->multipart(QStringLiteral("getUpdates"), multi);
        }
        QCOMPARE(result.status, 200);
        QCOMPARE(result.result().toArray().size(), 2);
        // allowed_updates arrived as an array in every encoding: chat_member is queued now.
        QVERIFY(m_emu.bot->inject(kMember) > 0);
    }

    void unreadableBodyIs400()
    {
        const ApiResult result = m_emu.client->raw(QStringLiteral("getUpdates"), "application/json", "{\"limit\":");
        QCOMPARE(result.status, 400);
        QCOMPARE(result.description(), QStringLiteral("Bad Request: can't parse JSON object"));
        QVERIFY(m_emu.client->call(QStringLiteral("getMe")).ok());
    }

    void offsets()
    {
        injectTexts(5); // ids 1000..1004
        QCOMPARE(updateIds(m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("limit"), 2}})),
                 (QList<qint64>{1000, 1001}));
        // Without an offset nothing is confirmed: the same updates again.
        QCOMPARE(updateIds(m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("limit"), 2}})),
                 (QList<qint64>{1000, 1001}));
        // offset = last + 1 confirms them.
        QCOMPARE(updateIds(m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("offset"), 1002}})),
                 (QList<qint64>{1002, 1003, 1004}));
        QCOMPARE(m_emu.bot->queue().size(), 3);
        // A negative offset keeps only the newest -offset updates.
        QCOMPARE(updateIds(m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("offset"), -1}})),
                 (QList<qint64>{1004}));
        QCOMPARE(m_emu.bot->queue().size(), 1);
        QCOMPARE(updateIds(m_emu.client->call(QStringLiteral("getUpdates"))), (QList<qint64>{1004}));
        QCOMPARE(updateIds(m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("offset"), 1005}})),
                 QList<qint64>{});
        QVERIFY(m_emu.bot->queue().isEmpty());
    }

    void limitClamp_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("expected");
        QTest::newRow("0 -> 1") << 0 << 1;
        QTest::newRow("-5 -> 1") << -5 << 1;
        QTest::newRow("7") << 7 << 7;
        QTest::newRow("500 -> 100") << 500 << 100;
    }
    void limitClamp()
    {
        QFETCH(int, limit);
        QFETCH(int, expected);
        injectTexts(150);
        const ApiResult result = m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("limit"), limit}});
        QCOMPARE(result.result().toArray().size(), expected);
        QCOMPARE(m_emu.client->call(QStringLiteral("getUpdates")).result().toArray().size(), 100); // default
    }

    void timeoutClampedTo50Seconds()
    {
        QNetworkReply *reply = m_emu.client->postJson(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 3600}});
        QTRY_VERIFY_WITH_TIMEOUT(m_emu.bot->hasPendingPoll(), 5000);
        QVERIFY(m_emu.bot->pollRemainingMs() <= 50000);
        QVERIFY(m_emu.bot->pollRemainingMs() > 45000);
        QVERIFY(m_emu.bot->inject(kText) > 0);
        const ApiResult result = ApiClient::finish(reply, 5000);
        QCOMPARE(result.result().toArray().size(), 1);
    }

    void responseStopsAtFourMebibytes()
    {
        const QByteArray big = "{\"message\":{\"message_id\":1,\"date\":1700000000,\"chat\":{\"id\":42,\"type\":\"private\"},"
                               "\"text\":\"" + QByteArray(100 * 1024, 'x') + "\"}}";
        for (int i = 0; i < 60; ++i)
            QVERIFY(m_emu.bot->inject(big) > 0);
        const int served = int(m_emu.client->call(QStringLiteral("getUpdates")).result().toArray().size());
        QVERIFY2(served >= 40 && served <= 41, qPrintable(QString::number(served)));
    }

    void longPollWakesAtOnce()
    {
        QNetworkReply *reply = m_emu.client->postJson(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 30}});
        QTRY_VERIFY_WITH_TIMEOUT(m_emu.bot->hasPendingPoll(), 5000);
        QTest::qWait(100);
        QVERIFY(!reply->isFinished());
        QElapsedTimer latency;
        latency.start();
        QVERIFY(m_emu.bot->inject(kText) > 0);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        const qint64 ms = latency.elapsed();
        qInfo("long-poll wake-up latency: %lld ms", ms);
        QVERIFY2(ms < 200, qPrintable(QString::number(ms)));
        QCOMPARE(ApiClient::finish(reply, 0).result().toArray().size(), 1);
    }

    void longPollTimesOutEmpty()
    {
        const ApiResult result = m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 1}});
        QVERIFY(result.ok());
        QCOMPARE(result.result().toArray().size(), 0);
        QVERIFY2(result.elapsedMs >= 900 && result.elapsedMs < 3000, qPrintable(QString::number(result.elapsedMs)));
    }

    void newerPollEndsOlderWith409()
    {
        QNetworkReply *older = m_emu.client->postJson(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 30}});
        QTRY_VERIFY_WITH_TIMEOUT(m_emu.bot->hasPendingPoll(), 5000);
        QNetworkReply *newer = m_emu.client->postJson(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 30}});
        const ApiResult first = ApiClient::finish(older, 5000);
        QCOMPARE(first.status, 409);
        QCOMPARE(first.description(), QStringLiteral("Conflict: terminated by other getUpdates request; "
                                                     "make sure that only one bot instance is running"));
        QVERIFY(m_emu.bot->inject(kText) > 0);
        QCOMPARE(ApiClient::finish(newer, 5000).result().toArray().size(), 1);
    }

    void webhookConflicts()
    {
        cleanup();
        startServer(true);
        QNetworkReply *poll = m_emu.client->postJson(QStringLiteral("getUpdates"), {{QStringLiteral("timeout"), 30}});
        QTRY_VERIFY_WITH_TIMEOUT(m_emu.bot->hasPendingPoll(), 5000);
        // Port 9 (discard) on loopback: nothing is queued, so nothing is delivered there.
        QVERIFY(m_emu.client->call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/hook")}}).ok());
        const ApiResult ended = ApiClient::finish(poll, 5000);
        QCOMPARE(ended.status, 409);
        QCOMPARE(ended.description(), QStringLiteral("Conflict: terminated by setWebhook request"));
        const ApiResult refused = m_emu.client->call(QStringLiteral("getUpdates"));
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.description(), QStringLiteral("Conflict: can't use getUpdates method while webhook is active; "
                                                       "use deleteWebhook to delete the webhook first"));
        QVERIFY(m_emu.client->call(QStringLiteral("deleteWebhook")).ok());
        QCOMPARE(m_emu.client->call(QStringLiteral("getUpdates")).status, 200);
    }

    void allowedUpdatesStoredAndReused()
    {
        // Set once, then reused by calls that do not give it.
        m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("allowed_updates"), QJsonArray{QStringLiteral("chat_member")}}});
        QCOMPARE(m_emu.bot->inject(kText), 0); // message is not allowed now
        QVERIFY(m_emu.bot->inject(kMember) > 0);
        m_emu.client->call(QStringLiteral("getUpdates"));
        QCOMPARE(m_emu.bot->inject(kText), 0);
        // [] is the default set: message yes, chat_member no.
        m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("allowed_updates"), QJsonArray{}}});
        QVERIFY(m_emu.bot->inject(kText) > 0);
        QCOMPARE(m_emu.bot->inject(kMember), 0);
        // Only unknown names: the default set too; names are matched case-insensitively.
        m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("allowed_updates"), QJsonArray{QStringLiteral("nonsense")}}});
        QCOMPARE(m_emu.bot->inject(kMember), 0);
        m_emu.client->call(QStringLiteral("getUpdates"), {{QStringLiteral("allowed_updates"), QJsonArray{QStringLiteral("CHAT_MEMBER")}}});
        QVERIFY(m_emu.bot->inject(kMember) > 0);
        // The filter applies when updates are queued: the ones already queued stay.
        QCOMPARE(m_emu.bot->queue().size(), 3);
    }

    void outgoingCallsAreRecorded()
    {
        injectTexts(1);
        const qint64 handed = updateIds(m_emu.client->call(QStringLiteral("getUpdates"))).constFirst();
        QSignalSpy recorded(m_emu.server.get(), &EmulatorServer::callRecorded);
        QVERIFY(recorded.isValid());
        const ApiResult first = m_emu.client->call(QStringLiteral("sendMessage"),
                                               {{QStringLiteral("chat_id"), 42}, {QStringLiteral("text"), QStringLiteral("echo: hi")}});
        const ApiResult second = m_emu.client->form(QStringLiteral("SENDMESSAGE"),
                                                QUrlQuery{{QStringLiteral("chat_id"), QStringLiteral("42")},
                                                          {QStringLiteral("text"), QStringLiteral("again")}});
        QVERIFY(first.ok());
        QVERIFY(second.ok());
        const qint64 id1 = first.result().toObject().value(QLatin1StringView("message_id")).toInteger();
        const qint64 id2 = second.result().toObject().value(QLatin1StringView("message_id")).toInteger();
        QVERIFY(id2 > id1);
        QCOMPARE(first.result().toObject().value(QLatin1StringView("chat")).toObject().value(QLatin1StringView("id")).toInteger(), 42);
        QCOMPARE(recorded.size(), 2);
        const RecordedCall call = recorded.at(1).at(0).value<RecordedCall>();
        QCOMPARE(call.method, QStringLiteral("sendMessage"));
        QCOMPARE(call.params.value(QLatin1StringView("text")).toString(), QStringLiteral("again"));
        QCOMPARE(call.updateId, handed);
        QCOMPARE(call.botId, 123456789);
        QVERIFY(!QJsonDocument(call.toJson()).toJson().contains(kToken.toUtf8()));
    }

    void messageIdsAreSharedInAChat()
    {
        UpdateTemplates::Params params;
        params.text = QStringLiteral("hi");
        const auto messageId = [](const QJsonObject &update) {
            return update.value(QLatin1StringView("message")).toObject().value(QLatin1StringView("message_id")).toInteger();
        };
        QVERIFY(m_emu.bot->inject(m_emu.bot->templates().make(UpdateTemplates::Kind::Text, params, 1700000000)) > 0);
        const ApiResult reply = m_emu.client->call(QStringLiteral("sendMessage"),
                                               {{QStringLiteral("chat_id"), m_emu.bot->templates().defaultUserId()},
                                                {QStringLiteral("text"), QStringLiteral("hello")}});
        QVERIFY(m_emu.bot->inject(m_emu.bot->templates().make(UpdateTemplates::Kind::Text, params, 1700000001)) > 0);
        const QJsonArray updates = m_emu.client->call(QStringLiteral("getUpdates")).result().toArray();
        QCOMPARE(updates.size(), 2);
        const qint64 first = messageId(updates[0].toObject());
        const qint64 bots = reply.result().toObject().value(QLatin1StringView("message_id")).toInteger();
        QVERIFY2(bots > first, qPrintable(QStringLiteral("%1 %2").arg(first).arg(bots)));
        QVERIFY(messageId(updates[1].toObject()) > bots);
    }

    void nextUpdateIdNeverGoesBack()
    {
        m_emu.bot->setNextUpdateId(5000);
        injectTexts(2);
        m_emu.bot->setNextUpdateId(10);
        QCOMPARE(m_emu.bot->inject(kText), 5002);
    }

    void retentionDropsOldUpdates()
    {
        cleanup();
        EmulatorServer::Options options;
        options.settings.retentionMs = 200;
        QString error;
        QVERIFY2(m_emu.start(options, kToken, &error), qPrintable(error));
        injectTexts(3);
        QCOMPARE(m_emu.bot->queue().size(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(m_emu.bot->queue().size(), 0, 3000);
        QCOMPARE(m_emu.client->call(QStringLiteral("getUpdates")).result().toArray().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPolling)
#include "tst_polling.moc"
