// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// `update-inspector-cli capture` run as a user runs it, against the emulator in this process.
#include "emulatorserver.h"
#include "logreader.h"
#include "updatestore.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");

QByteArray textIn(int n)
{
    return QStringLiteral("{\"message\":{\"message_id\":%1,\"date\":1700000000,\"chat\":{\"id\":7,\"type\":\"private\"},"
                          "\"text\":\"m%1\"}}").arg(n).toUtf8();
}
} // namespace

class TestCaptureCommand : public QObject
{
    Q_OBJECT

    EmulatorServer m_server;
    EmulatedBot *m_bot = nullptr;
    QTemporaryDir m_dir;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    // Runs the CLI while this thread's event loop keeps serving the emulator.
    Run capture(const QStringList &args, const QString &tokenInEnvironment = kToken)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        if (!tokenInEnvironment.isEmpty())
            environment.insert(QStringLiteral("UPDATE_INSPECTOR_TOKEN"), tokenInEnvironment);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(UI_CLI_PATH), QStringList{QStringLiteral("capture")} + args);
        if (!process.waitForStarted(5000))
            return {};
        QElapsedTimer timer;
        timer.start();
        while (process.state() != QProcess::NotRunning && timer.elapsed() < 30000)
            QTest::qWait(20);
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
                QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
    }
    QStringList common(const QString &log) const
    {
        return {QStringLiteral("--api-url"), m_server.baseUrl().toString(), QStringLiteral("--out"), log,
                QStringLiteral("--timeout"), QStringLiteral("1")};
    }
    static qsizetype updatesIn(const QString &log)
    {
        UpdateStore store;
        LogReader reader;
        const LogReadResult result = reader.readFile(log, store);
        return result.ok() && result.errorCount == 0 ? store.size() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.listen(&error), qPrintable(error));
        m_bot = m_server.addBot(kToken);
        m_bot->setNextUpdateId(1);
    }

    void capturesAndContinues()
    {
        const QString log = m_dir.filePath(QStringLiteral("capture.jsonl"));
        for (int i = 0; i < 50; ++i)
            m_bot->inject(textIn(i));
        Run run = capture(common(log) + QStringList{QStringLiteral("--count"), QStringLiteral("50")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("captured 50 updates into ") + log), qPrintable(run.out));
        QVERIFY2(!run.out.contains(kToken) && !run.err.contains(kToken), qPrintable(run.out + run.err));
        QCOMPARE(updatesIn(log), 50);

        for (int i = 50; i < 60; ++i)
            m_bot->inject(textIn(i));
        run = capture(common(log) + QStringList{QStringLiteral("--duration"), QStringLiteral("2")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("continuing after update 50")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("captured 10 updates")), qPrintable(run.out));
        QCOMPARE(updatesIn(log), 60);
    }

    void killedAndRestartedLosesAndDoublesNothing()
    {
        const QString log = m_dir.filePath(QStringLiteral("killed.jsonl"));
        const qint64 first = m_bot->nextUpdateId();
        const int total = 20000;
        for (int i = 0; i < total; ++i)
            m_bot->inject(textIn(i));
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("UPDATE_INSPECTOR_TOKEN"), kToken);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(UI_CLI_PATH), QStringList{QStringLiteral("capture")} + common(log));
        QVERIFY(process.waitForStarted(5000));
        // SIGKILL in the middle of the capture: wherever it lands (mid-write, between the journal
        // and the next offset), the restart must end with every update exactly once.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(log).size() > 2 * 1024 * 1024, 30000);
        process.kill();
        QVERIFY(process.waitForFinished(5000));
        QVERIFY2(m_bot->queue().size() > 0, "the capture finished before it could be killed");
        const Run run = capture(common(log) + QStringList{QStringLiteral("--duration"), QStringLiteral("4")});
        QVERIFY2(run.exitCode == 0, qPrintable(QString::number(run.exitCode) + u' ' + run.err));
        UpdateStore store;
        LogReader reader;
        const LogReadResult result = reader.readFile(log, store);
        QVERIFY(result.ok());
        QCOMPARE(result.errorCount, 0);
        QCOMPARE(store.size(), total);
        for (qsizetype row = 0; row < store.size(); ++row)
            QCOMPARE(store.entry(row).updateId, first + row);
    }

    void fatalErrorsExplainAndExitNonZero_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("words");
        QTest::newRow("no token") << QString() << QStringList() << 2 << QStringLiteral("give the bot token");
        QTest::newRow("malformed token") << QStringLiteral("nonsense") << QStringList() << 2 << QStringLiteral("not a bot token");
        QTest::newRow("revoked token") << QStringLiteral("987654321:TEST-another-fake-token-here") << QStringList() << 1
                                       << QStringLiteral("401 Unauthorized");
        QTest::newRow("bad limit") << kToken << QStringList{QStringLiteral("--limit"), QStringLiteral("500")} << 2
                                   << QStringLiteral("--limit");
    }
    void fatalErrorsExplainAndExitNonZero()
    {
        QFETCH(QString, token);
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QString, words);
        const Run run = capture(common(m_dir.filePath(QStringLiteral("fail.jsonl"))) + extra, token);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(words), qPrintable(run.err));
        if (!token.isEmpty())
            QVERIFY2(!run.err.contains(token) && !run.out.contains(token), qPrintable(run.err));
    }

    void webhookConflictIsExplained()
    {
        m_bot->apiFaults().clear();
        const QString log = m_dir.filePath(QStringLiteral("conflict.jsonl"));
        QNetworkAccessManager nam; // set a webhook as another tool would
        m_server.settings().localMode = true; // http webhooks on any port
        QNetworkRequest request(QUrl(m_server.baseUrl().toString() + QStringLiteral("/bot") + kToken
                                     + QStringLiteral("/setWebhook?url=http://127.0.0.1:9/hook")));
        std::unique_ptr<QNetworkReply> reply(nam.get(request));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
        const Run run = capture(common(log));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("A webhook is set for this bot")), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestCaptureCommand)
#include "tst_capturecommand.moc"
