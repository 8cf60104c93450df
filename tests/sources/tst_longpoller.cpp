// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The long poller against the real emulator over loopback: complete ordered capture, offsets kept
// across restarts, crash safety, every error the service gives, allowed_updates, redaction.
#include "botapiclient.h"
#include "capturejournal.h"
#include "emulatorserver.h"
#include "logreader.h"
#include "longpoller.h"
#include "updatestore.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");

QByteArray textIn(qint64 chat, int n)
{
    return QStringLiteral("{\"message\":{\"message_id\":%2,\"date\":1700000000,\"chat\":{\"id\":%1,\"type\":\"private\"},"
                          "\"text\":\"m%2\"}}").arg(chat).arg(n).toUtf8();
}

// The update_ids in a journal file, in file order.
QList<qint64> journaledIds(const QString &path)
{
    UpdateStore store;
    LogReader reader;
    const LogReadResult result = reader.readFile(path, store);
    QList<qint64> ids;
    if (!result.ok() || result.errorCount)
        return {-1};
    for (const UpdateIndexEntry &entry : store.entries())
        ids.append(entry.updateId);
    return ids;
}
} // namespace

class TestLongPoller : public QObject
{
    Q_OBJECT

    std::unique_ptr<EmulatorServer> m_server;
    EmulatedBot *m_bot = nullptr;
    QNetworkAccessManager m_network;
    std::unique_ptr<BotApiClient> m_client;
    QTemporaryDir m_dir;
    QString m_journalPath;
    PollerOptions m_options;

    void startServer(bool localMode = false)
    {
        EmulatorServer::Options options;
        options.settings.localMode = localMode;
        options.settings.firstUpdateId = 1;
        m_server = std::make_unique<EmulatorServer>(options);
        QString error;
        QVERIFY2(m_server->listen(&error), qPrintable(error));
        m_bot = m_server->addBot(kToken);
        m_client = std::make_unique<BotApiClient>(&m_network);
        m_client->setEndpoint({m_server->baseUrl(), kToken, false});
    }
    void checkNoToken(const QString &text) { QVERIFY2(!text.contains(kToken), qPrintable(text)); }

private Q_SLOTS:
    void init()
    {
        startServer();
        m_journalPath = m_dir.filePath(QStringLiteral("%1.jsonl").arg(QLatin1StringView(QTest::currentTestFunction())));
        QFile::remove(m_journalPath);
        m_options = PollerOptions();
        m_options.timeoutSeconds = 2;
        m_options.backoffFirstMs = 50;
        m_options.backoffMaxMs = 200;
    }
    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void capturesEverythingInOrder()
    {
        for (int i = 0; i < 1000; ++i)
            QVERIFY(m_bot->inject(textIn(i % 7, i)) > 0);
        CaptureJournal journal;
        QString error;
        QVERIFY2(journal.open(m_journalPath, &error), qPrintable(error));
        LongPoller poller(*m_client, journal, m_options);
        QSignalSpy captured(&poller, &LongPoller::captured);
        QVERIFY(captured.isValid());
        poller.start();
        QTRY_COMPARE_WITH_TIMEOUT(poller.capturedCount(), 1000, 20000);
        QCOMPARE(poller.state(), PollerState::Polling);
        QVERIFY(captured.size() >= 10); // limit 100 a call
        QList<qint64> expected;
        for (qint64 id = 1; id <= 1000; ++id)
            expected.append(id);
        QCOMPARE(journaledIds(m_journalPath), expected);
        // The service's bytes, kept exactly: the newline after "update_id":N,
        QFile file(m_journalPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("\"source\":\"poll\""));
        // Confirmed: the next getUpdates (offset 1001) made the server forget them.
        QTRY_COMPARE_WITH_TIMEOUT(m_bot->queue().size(), 0, 5000);
    }

    void offsetSurvivesARestart()
    {
        for (int i = 0; i < 10; ++i)
            m_bot->inject(textIn(1, i));
        {
            CaptureJournal journal;
            QString error;
            QVERIFY(journal.open(m_journalPath, &error));
            LongPoller poller(*m_client, journal, m_options);
            poller.start();
            QTRY_COMPARE_WITH_TIMEOUT(poller.capturedCount(), 10, 10000);
            poller.stop();
        }
        // Not confirmed yet if the poller stopped before its next call: the restart's offset does.
        for (int i = 10; i < 15; ++i)
            m_bot->inject(textIn(1, i));
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QCOMPARE(poller.offset(), 11);
        QTRY_COMPARE_WITH_TIMEOUT(poller.capturedCount(), 5, 10000);
        QCOMPARE(journaledIds(m_journalPath).size(), 15);
        QCOMPARE(poller.redeliveredCount(), 0);
    }

    void crashBetweenJournalAndConfirm()
    {
        for (int i = 0; i < 20; ++i)
            m_bot->inject(textIn(2, i));
        {
            CaptureJournal journal;
            QString error;
            QVERIFY(journal.open(m_journalPath, &error));
            auto *poller = new LongPoller(*m_client, journal, m_options);
            // "Crash" right after the first batch is journaled, before any call confirms it.
            connect(poller, &LongPoller::captured, this, [poller] { delete poller; }, Qt::DirectConnection);
            poller->start();
            QTRY_VERIFY_WITH_TIMEOUT(journaledIds(m_journalPath).size() == 20, 10000);
        }
        QCOMPARE(m_bot->queue().size(), 20); // the server never heard of them being taken
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QTRY_COMPARE_WITH_TIMEOUT(m_bot->queue().size(), 0, 10000); // confirmed by the restart
        QCOMPARE(journaledIds(m_journalPath).size(), 20);           // nothing lost, nothing doubled
    }

    void redeliveriesAreNotStoredTwice()
    {
        // A server that sends updates 4..7 whatever the offset (as after losing its own state).
        QHttpServer fake;
        auto *tcp = new QTcpServer;
        QVERIFY(tcp->listen(QHostAddress::LocalHost, 0) && fake.bind(tcp));
        fake.setMissingHandler(&fake, [](const QHttpServerRequest &, QHttpServerResponder &responder) {
            QByteArray body = "{\"ok\":true,\"result\":[";
            for (int id = 4; id <= 7; ++id)
                body += (id > 4 ? "," : "") + QStringLiteral("{\"update_id\":%1,\n\"message\":{\"message_id\":%1,"
                                                             "\"date\":1700000000,\"chat\":{\"id\":1,\"type\":\"private\"}}}")
                                                  .arg(id).toUtf8();
            responder.write(body + "]}", "application/json");
        });
        m_client->setEndpoint({QUrl(QStringLiteral("http://127.0.0.1:%1").arg(tcp->serverPort())), kToken, false});
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        QList<UpdateRecord> earlier; // 1..5 journaled by an earlier run
        for (int id = 1; id <= 5; ++id)
            earlier.append(UpdateRecord{QStringLiteral("{\"update_id\":%1,\"message\":{\"message_id\":%1,\"date\":1700000000,"
                                                       "\"chat\":{\"id\":1,\"type\":\"private\"}}}").arg(id).toUtf8(),
                                        QDateTime::currentMSecsSinceEpoch(), UpdateSource::Poll});
        QVERIFY(journal.append(earlier, &error));
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QCOMPARE(poller.offset(), 6);
        QTRY_COMPARE_WITH_TIMEOUT(poller.capturedCount(), 2, 5000);
        QVERIFY(poller.redeliveredCount() >= 2);
        poller.stop();
        QCOMPARE(journaledIds(m_journalPath), (QList<qint64>{1, 2, 3, 4, 5, 6, 7}));
        QCOMPARE(poller.offset(), 8);
    }

    void staleJournalStartsWithoutOffset()
    {
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        const qint64 eightDaysAgo = QDateTime::currentMSecsSinceEpoch() - 8LL * 24 * 3600 * 1000;
        QVERIFY(journal.append({UpdateRecord{textIn(1, 1).replace("{\"message\"", "{\"update_id\":900,\"message\""),
                                             eightDaysAgo, UpdateSource::Poll}}, &error));
        // After a week without updates the service numbers anew, maybe lower: no offset, no filter.
        QVERIFY(m_bot->inject(textIn(1, 2)) == 1);
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QCOMPARE(poller.offset(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(poller.capturedCount(), 1, 5000);
    }

    void stoppingErrors_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("words");
        QTest::newRow("401 unknown token") << QStringLiteral("987654321:TEST-another-fake-token-here")
                                           << int(PollerState::Failed) << QStringLiteral("401 Unauthorized");
        QTest::newRow("404 malformed token") << QStringLiteral("0123:TEST-fake-token-not-a-real-bot")
                                             << int(PollerState::Failed) << QStringLiteral("Not Found (404)");
    }
    void stoppingErrors()
    {
        QFETCH(QString, token);
        QFETCH(int, state);
        QFETCH(QString, words);
        m_client->setEndpoint({m_server->baseUrl(), token, false});
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QTRY_COMPARE_WITH_TIMEOUT(int(poller.state()), state, 5000);
        QVERIFY2(poller.explanation().contains(words), qPrintable(poller.explanation()));
        QVERIFY(!poller.explanation().contains(token));
    }

    void webhookConflictAndDeleteWebhook()
    {
        startServer(true);
        QVERIFY(m_bot->inject(textIn(4, 1)) > 0);
        BotApiCall *set = m_client->call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/hook")}});
        QSignalSpy done(set, &BotApiCall::finished);
        QVERIFY(done.wait(5000));
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QTRY_COMPARE_WITH_TIMEOUT(poller.state(), PollerState::Conflict, 5000);
        QCOMPARE(poller.conflict(), ConflictKind::WebhookActive);
        QVERIFY(poller.explanation().contains(QStringLiteral("Delete the webhook")));
        poller.deleteWebhookAndPoll(false); // keep what waits
        QTRY_COMPARE_WITH_TIMEOUT(poller.capturedCount(), 1, 5000);
        QVERIFY(!m_bot->webhook());
    }

    void anotherPollerAndSetWebhookConflicts()
    {
        startServer(true);
        CaptureJournal journalA, journalB;
        QString error;
        QVERIFY(journalA.open(m_journalPath, &error));
        QVERIFY(journalB.open(m_journalPath + QStringLiteral(".b"), &error));
        LongPoller first(*m_client, journalA, m_options);
        first.start();
        QTRY_VERIFY_WITH_TIMEOUT(m_bot->hasPendingPoll(), 5000);
        LongPoller second(*m_client, journalB, m_options);
        second.start();
        QTRY_COMPARE_WITH_TIMEOUT(first.state(), PollerState::Conflict, 5000);
        QCOMPARE(first.conflict(), ConflictKind::OtherGetUpdates);
        QVERIFY(first.explanation().contains(QStringLiteral("Another program is polling")));
        QTRY_VERIFY_WITH_TIMEOUT(m_bot->hasPendingPoll(), 5000);
        BotApiCall *set = m_client->call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/hook")}});
        QSignalSpy done(set, &BotApiCall::finished);
        QVERIFY(done.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), PollerState::Conflict, 5000);
        QCOMPARE(second.conflict(), ConflictKind::TerminatedBySetWebhook);
        QCOMPARE(conflictKindFromDescription(u"Conflict: terminated by other setWebhook"), ConflictKind::OtherSetWebhook);
    }

    void waitsAndRecovers_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("words");
        QTest::newRow("429") << int(FaultKind::TooManyRequests) << int(PollerState::RateLimited) << QStringLiteral("waiting 1 s");
        QTest::newRow("502 HTML") << int(FaultKind::BadGatewayHtml) << int(PollerState::Backoff) << QStringLiteral("502");
        QTest::newRow("500") << int(FaultKind::InternalError) << int(PollerState::Backoff) << QStringLiteral("500");
        QTest::newRow("dropped") << int(FaultKind::Drop) << int(PollerState::Backoff) << QStringLiteral("trying again");
        QTest::newRow("timeout") << int(FaultKind::Stall) << int(PollerState::Backoff) << QStringLiteral("no answer within");
    }
    void waitsAndRecovers()
    {
        QFETCH(int, fault);
        QFETCH(int, state);
        QFETCH(QString, words);
        FaultSpec spec;
        spec.kind = FaultKind(fault);
        spec.count = 2;
        spec.retryAfter = 1;
        spec.stallMs = 3000;
        m_bot->apiFaults().set(spec);
        m_options.timeoutSeconds = 0;
        m_options.httpMarginMs = 300; // a stalled call counts as lost after 300 ms
        QVERIFY(m_bot->inject(textIn(5, 1)) > 0);
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        LongPoller poller(*m_client, journal, m_options);
        QSignalSpy states(&poller, &LongPoller::stateChanged);
        QVERIFY(states.isValid());
        poller.start();
        QTRY_COMPARE_WITH_TIMEOUT(poller.capturedCount(), 1, 15000);
        bool sawState = false;
        for (const QList<QVariant> &change : std::as_const(states)) {
            const QString why = change.at(1).toString();
            checkNoToken(why);
            if (change.at(0).value<PollerState>() == PollerState(state)) {
                sawState = true;
                QVERIFY2(why.contains(words), qPrintable(why));
            }
        }
        QVERIFY(sawState);
    }

    void connectionRefusedBacksOff()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        m_client->setEndpoint({QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), kToken, false});
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QTRY_COMPARE_WITH_TIMEOUT(poller.state(), PollerState::Backoff, 5000);
        QVERIFY2(poller.explanation().contains(QStringLiteral("refused")), qPrintable(poller.explanation()));
        checkNoToken(poller.explanation());
    }

    void allowedUpdatesAreSent()
    {
        m_options.sendAllowedUpdates = true;
        m_options.allowedUpdates = {QStringLiteral("message"), QStringLiteral("chat_member")};
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QTRY_VERIFY_WITH_TIMEOUT(m_bot->hasPendingPoll(), 5000);
        QVERIFY(m_bot->allowedUpdates() & kindBit(UpdateKind::ChatMember));
        QVERIFY(!(m_bot->allowedUpdates() & kindBit(UpdateKind::CallbackQuery)));
    }

    void pauseAndResume()
    {
        CaptureJournal journal;
        QString error;
        QVERIFY(journal.open(m_journalPath, &error));
        LongPoller poller(*m_client, journal, m_options);
        poller.start();
        QTRY_VERIFY_WITH_TIMEOUT(m_bot->hasPendingPoll(), 5000);
        poller.pause();
        QCOMPARE(poller.state(), PollerState::Paused);
        m_bot->inject(textIn(6, 1));
        QTest::qWait(300);
        QCOMPARE(poller.capturedCount(), 0);
        poller.resume();
        QTRY_COMPARE_WITH_TIMEOUT(poller.capturedCount(), 1, 5000);
    }
};

QTEST_GUILESS_MAIN(TestLongPoller)
#include "tst_longpoller.moc"
