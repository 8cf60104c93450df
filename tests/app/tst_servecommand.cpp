// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// `update-inspector-cli serve` driven as a user does: started from a shell with a log, a bot
// library (here QNetworkAccessManager) pointed at the printed URL, commands typed on stdin, Ctrl+C.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
const QString kToken = QStringLiteral("987654321:TEST-serve-command-fake-token");
const QString kSample = QStringLiteral(UI_SOURCE_DIR "/resources/sample/sample-updates.jsonl");
}

class TestServeCommand : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_nam;
    QString m_base;

    QJsonObject call(const QString &method, const QJsonObject &params = {})
    {
        QNetworkRequest request(QUrl(m_base + QStringLiteral("/bot") + kToken + u'/' + method));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        std::unique_ptr<QNetworkReply> reply(m_nam.post(request, QJsonDocument(params).toJson()));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!finished.wait(10000))
            return {};
        return QJsonDocument::fromJson(reply->readAll()).object();
    }
    static QString waitForOutput(QProcess &process, QString &seen, const QString &what)
    {
        QElapsedTimer timer;
        timer.start();
        while (!seen.contains(what) && timer.elapsed() < 15000) {
            process.waitForReadyRead(200);
            seen += QString::fromUtf8(process.readAllStandardOutput());
        }
        return seen;
    }

private Q_SLOTS:
    void servesLogRecordsCallsTakesCommands()
    {
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("calls.jsonl"));
        QProcess serve;
        serve.start(QStringLiteral(UI_CLI_PATH),
                    {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--token"), kToken,
                     QStringLiteral("--log"), kSample, QStringLiteral("--record"), record, QStringLiteral("--first-update-id"),
                     QStringLiteral("100")});
        QVERIFY(serve.waitForStarted());
        QString out;
        waitForOutput(serve, out, QStringLiteral("log fed:"));
        const QRegularExpressionMatch url = QRegularExpression(QStringLiteral("emulator at (http://127\\.0\\.0\\.1:\\d+)")).match(out);
        QVERIFY2(url.hasMatch(), qPrintable(out));
        m_base = url.captured(1);
        QVERIFY2(out.contains(QStringLiteral("token ") + kToken), qPrintable(out)); // the tokens are printed
        QVERIFY2(out.contains(QStringLiteral("feeding ") + kSample + QStringLiteral(": 69 updates, 0 malformed lines")), qPrintable(out));

        // The default allowed_updates leaves out the sample's opt-in kinds.
        const QJsonArray first = call(QStringLiteral("getUpdates"), {{QStringLiteral("limit"), 100}}).value(QLatin1StringView("result")).toArray();
        QVERIFY2(first.size() > 60 && first.size() < 69, qPrintable(QString::number(first.size())));
        QCOMPARE(first.at(0).toObject().value(QLatin1StringView("update_id")).toInteger(), 100);
        const qint64 last = first.last().toObject().value(QLatin1StringView("update_id")).toInteger();
        QVERIFY(call(QStringLiteral("getUpdates"), {{QStringLiteral("offset"), last + 1}}).value(QLatin1StringView("ok")).toBool());

        // A command on stdin queues a templated update.
        serve.write("text hello from stdin\n");
        waitForOutput(serve, out, QStringLiteral("queued update %1").arg(last + 1));
        const QJsonArray typed = call(QStringLiteral("getUpdates"), {{QStringLiteral("offset"), last + 1}}).value(QLatin1StringView("result")).toArray();
        QCOMPARE(typed.size(), 1);
        QCOMPARE(typed.at(0).toObject().value(QLatin1StringView("message")).toObject().value(QLatin1StringView("text")).toString(),
                 QStringLiteral("hello from stdin"));

        const QJsonObject sent = call(QStringLiteral("sendMessage"), {{QStringLiteral("chat_id"), 42}, {QStringLiteral("text"), QStringLiteral("pong")}});
        QVERIFY(sent.value(QLatin1StringView("ok")).toBool());
        waitForOutput(serve, out, QStringLiteral("sendMessage"));
        serve.write("fault 429:1\n");
        waitForOutput(serve, out, QStringLiteral("API calls of bot 987654321: 429 for the next 1"));
        QCOMPARE(call(QStringLiteral("getMe")).value(QLatin1StringView("error_code")).toInt(), 429);
        QVERIFY(call(QStringLiteral("getMe")).value(QLatin1StringView("ok")).toBool());

        ::kill(pid_t(serve.processId()), SIGINT); // Ctrl+C
        QVERIFY(serve.waitForFinished(10000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
        out += QString::fromUtf8(serve.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("stopped: 1 calls recorded")), qPrintable(out));

        QFile file(record);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 2); // one call and the final newline
        const QJsonObject recorded = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(recorded.value(QLatin1StringView("method")).toString(), QStringLiteral("sendMessage"));
        QCOMPARE(recorded.value(QLatin1StringView("params")).toObject().value(QLatin1StringView("text")).toString(), QStringLiteral("pong"));
        QCOMPARE(recorded.value(QLatin1StringView("update_id")).toInteger(), last + 1);
        QVERIFY(!lines[0].contains(kToken.toUtf8()));
    }

    void badOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("token") << QStringList{QStringLiteral("--token"), QStringLiteral("nonsense")}
                               << QStringLiteral("serve: --token: not a bot token");
        QTest::newRow("pace") << QStringList{QStringLiteral("--log"), kSample, QStringLiteral("--pace"), QStringLiteral("slow")}
                              << QStringLiteral("serve: --pace:");
        QTest::newRow("port") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << QStringLiteral("serve: --port");
        QTest::newRow("fault") << QStringList{QStringLiteral("--fault"), QStringLiteral("boom")} << QStringLiteral("serve: --fault: unknown fault");
        QTest::newRow("duplicate is for deliveries") << QStringList{QStringLiteral("--fault"), QStringLiteral("duplicate")}
                                                     << QStringLiteral("serve: --fault: unknown fault 'duplicate' (one of 429, 502, 500, stall, drop");
        QTest::newRow("log") << QStringList{QStringLiteral("--log"), QStringLiteral("/nonexistent.jsonl")}
                             << QStringLiteral("/nonexistent.jsonl");
    }
    void badOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QProcess serve;
        serve.start(QStringLiteral(UI_CLI_PATH), QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")} + args);
        QVERIFY(serve.waitForFinished(10000));
        QVERIFY(serve.exitCode() != 0);
        const QString err = QString::fromUtf8(serve.readAllStandardError());
        QVERIFY2(err.contains(message), qPrintable(err));
    }

    void portInUseIsAClearError()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        QProcess serve;
        serve.start(QStringLiteral(UI_CLI_PATH), {QStringLiteral("serve"), QStringLiteral("--port"), QString::number(taken.serverPort())});
        QVERIFY(serve.waitForFinished(10000));
        QCOMPARE(serve.exitCode(), 1);
        QVERIFY(QString::fromUtf8(serve.readAllStandardError()).contains(QStringLiteral("cannot listen on 127.0.0.1 port")));
    }
};

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"
