// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// Drives the real update-inspector-cli executable the way a user does from a shell.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCli : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode;
        QString out;
        QString err;
    };
    static Run run(const QStringList &args)
    {
        QProcess process;
        process.start(QStringLiteral(UI_CLI_PATH), args);
        if (!process.waitForFinished(60000))
            return {-1, {}, QStringLiteral("timed out")};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
                QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void statsOnSample()
    {
        const Run r = run({QStringLiteral("stats"), QStringLiteral(UI_SOURCE_DIR "/resources/sample/sample-updates.jsonl")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("69 updates (JSON Lines of updates), 0 malformed")), qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("\\nmessage +34\\n"))));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("\\nmanaged_bot +1\\n"))));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("\\ntotal +69\\n"))));
        QVERIFY(r.out.contains(QStringLiteral("update_id range: 734120001 .. 734120069")));
        QVERIFY(r.out.contains(QStringLiteral("malformed lines: 0")));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("time: \\d+\\.\\d{3} s"))));
    }

    void statsReportsMalformedLinesAndKeepsTheRest()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath(QStringLiteral("bad.jsonl")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"update_id\":5,\"message\":{\"message_id\":1,\"chat\":{\"id\":1,\"type\":\"private\"},\"date\":1}}\n"
                   "{\"update_id\":6,\"message\":\n"
                   "{\"update_id\":7,\"poll\":{\"id\":\"p\"}}\n"
                   "not json at all\n"
                   "{\"update_id\":9,\"custom_event\":{}}\n");
        file.close();
        const Run r = run({QStringLiteral("stats"), file.fileName()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("3 updates (JSON Lines of updates), 2 malformed")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("  line 2: ")));
        QVERIFY(r.out.contains(QStringLiteral("  line 4: ")));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("\\n\\(unknown kinds\\) +1\\n"))));
        QVERIFY(r.out.contains(QStringLiteral("update_id range: 5 .. 9")));
        QVERIFY(r.out.contains(QStringLiteral("malformed lines: 2")));
    }

    void statsOfSeveralLogsCountsTogether()
    {
        const QString sample = QStringLiteral(UI_SOURCE_DIR "/resources/sample/sample-updates.jsonl");
        const Run r = run({QStringLiteral("stats"), sample, sample});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("\\ntotal +138\\n"))));
    }

    void errors()
    {
        Run r = run({QStringLiteral("stats"), QStringLiteral("/nonexistent/log.jsonl")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot open /nonexistent/log.jsonl")), qPrintable(r.err));
        r = run({QStringLiteral("stats")});
        QCOMPARE(r.exitCode, 2);
        r = run({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown command 'frobnicate'")));
        r = run({});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("usage: update-inspector-cli")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
