// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// `update-inspector-cli listen` driven as a user does from a shell: started with a log, updates
// POSTed to the printed URL (as Telegram would), commands typed on stdin, `quit`.
#include "logreader.h"
#include "updatestore.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QByteArray kSecret = QByteArrayLiteral("S3cr3t_token-1");
const QString kFakeTokenSecret = QStringLiteral("TEST-fake-token-not-a-real-bot");
constexpr int kWaitMs = 10000;

// An update as Telegram posts it: a line break after "update_id":N, (docs/LOG_FORMAT.md).
QByteArray updateBody(qint64 updateId)
{
    return "{\"update_id\":" + QByteArray::number(updateId)
           + ",\n\"message\":{\"message_id\":7,\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"A\"},"
             "\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1700000000,\"text\":\"hi\"}}";
}

// The CLI's `listen`, its output collected while this thread's event loop runs.
class ListenProcess
{
public:
    explicit ListenProcess(const QStringList &args)
    {
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                         [this] { out += QString::fromUtf8(process.readAllStandardOutput()); });
        QObject::connect(&process, &QProcess::readyReadStandardError, &process,
                         [this] { err += QString::fromUtf8(process.readAllStandardError()); });
        process.start(QStringLiteral(UI_CLI_PATH), QStringList{QStringLiteral("listen")} + args);
    }
    bool waitForOutput(const QString &text)
    {
        return QTest::qWaitFor([&] { return out.contains(text); }, kWaitMs);
    }
    bool waitForError(const QString &text)
    {
        return QTest::qWaitFor([&] { return err.contains(text); }, kWaitMs);
    }
    // The URL from "listening on URL ..."; empty when it did not start.
    QUrl listeningUrl()
    {
        static const QRegularExpression pattern(QStringLiteral("listening on (\\S+)"));
        if (!QTest::qWaitFor([&] { return pattern.match(out).hasMatch() || process.state() == QProcess::NotRunning; }, kWaitMs))
            return {};
        return QUrl(pattern.match(out).captured(1));
    }
    void type(const QByteArray &line) { process.write(line + '\n'); }
    // The printed line about `updateId` ("... -> 200 accepted  update N ..."); empty when none.
    QString lineFor(qint64 updateId)
    {
        const QString marker = QStringLiteral("  update %1  ").arg(updateId);
        if (!QTest::qWaitFor([&] { return out.contains(marker); }, kWaitMs))
            return {};
        const QStringList lines = out.split(u'\n');
        for (const QString &line : lines) {
            if (line.contains(marker))
                return line;
        }
        return {};
    }
    bool finish()
    {
        QSignalSpy finished(&process, &QProcess::finished);
        const bool ended = finished.isValid() && (process.state() == QProcess::NotRunning || finished.wait(kWaitMs));
        out += QString::fromUtf8(process.readAllStandardOutput());
        err += QString::fromUtf8(process.readAllStandardError());
        return ended;
    }

    QProcess process;
    QString out;
    QString err;
};

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
};
} // namespace

class TestListenCommand : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_nam;

    Answer finish(QNetworkReply *started)
    {
        std::unique_ptr<QNetworkReply> reply(started);
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!finished.isValid() || (!reply->isFinished() && !finished.wait(kWaitMs)))
            return {};
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()};
    }
    // A POST as Telegram sends it; `secret` null: no secret header.
    Answer post(const QUrl &url, const QByteArray &body, const QByteArray &secret = kSecret,
                const QSslConfiguration &tls = {})
    {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!secret.isNull())
            request.setRawHeader(QByteArrayLiteral("X-Telegram-Bot-Api-Secret-Token"), secret);
        if (!tls.isNull())
            request.setSslConfiguration(tls);
        return finish(m_nam.post(request, body));
    }

private Q_SLOTS:
    void listensChecksLogsAndTakesCommands()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString log = dir.filePath(QStringLiteral("hook.jsonl"));
        ListenProcess listen({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--path"), QStringLiteral("/hook"),
                              QStringLiteral("--secret"), QString::fromLatin1(kSecret), QStringLiteral("--out"), log});
        const QUrl url = listen.listeningUrl();
        QVERIFY2(url.isValid() && url.scheme() == u"http" && url.host() == u"127.0.0.1" && url.port() > 0
                     && url.path() == u"/hook",
                 qPrintable(listen.out + listen.err));
        QVERIFY2(listen.out.contains(QStringLiteral("(secret token required)")), qPrintable(listen.out));
        QList<QByteArray> accepted;

        // An update with the secret: 200, printed, journaled.
        Answer answer = post(url, updateBody(1001));
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.isEmpty());
        accepted << updateBody(1001);
        QString line = listen.lineFor(1001);
        QVERIFY2(line.contains(QStringLiteral("POST /hook  -> 200 accepted")), qPrintable(listen.out));
        QVERIFY2(line.contains(QStringLiteral("secret ok")), qPrintable(line));

        // The wrong secret, then none at all.
        QCOMPARE(post(url, updateBody(1900), QByteArrayLiteral("not-the-secret")).status, 403);
        QCOMPARE(post(url, updateBody(1901), QByteArray()).status, 403);
        QVERIFY2(QTest::qWaitFor([&] { return listen.out.count(QStringLiteral("-> 403 wrong-secret")) == 2; }, kWaitMs),
                 qPrintable(listen.out));
        QVERIFY2(listen.out.contains(QStringLiteral("header is missing")), qPrintable(listen.out));
        QVERIFY2(listen.out.contains(QStringLiteral("does not match")), qPrintable(listen.out));
        QVERIFY(!listen.out.contains(QStringLiteral("not-the-secret")));

        // Not a POST, not JSON.
        QCOMPARE(finish(m_nam.get(QNetworkRequest(url))).status, 405);
        QVERIFY2(listen.waitForOutput(QStringLiteral("GET /hook  -> 405 wrong-method")), qPrintable(listen.out));
        QCOMPARE(post(url, QByteArrayLiteral("this is not JSON")).status, 400);
        QVERIFY2(listen.waitForOutput(QStringLiteral("POST /hook  -> 400 bad-request")), qPrintable(listen.out));

        // A bot token in a wrong path (a common webhook path) is answered 404 and never shown.
        QUrl tokenUrl = url;
        tokenUrl.setPath(QStringLiteral("/bot123456789:") + kFakeTokenSecret + QStringLiteral("/x"));
        QCOMPARE(post(tokenUrl, updateBody(1902)).status, 404);
        QVERIFY2(listen.waitForOutput(QStringLiteral("-> 404 wrong-path")), qPrintable(listen.out));

        // A fault for the next update only.
        listen.type("fault 502x1");
        QVERIFY2(listen.waitForOutput(QStringLiteral("fault: 502x1")), qPrintable(listen.out));
        QCOMPARE(post(url, updateBody(1002)).status, 502);
        line = listen.lineFor(1002);
        QVERIFY2(line.contains(QStringLiteral("-> 502 faulted")), qPrintable(listen.out));
        QCOMPARE(post(url, updateBody(1003)).status, 200);
        accepted << updateBody(1003);
        QVERIFY2(listen.lineFor(1003).contains(QStringLiteral("-> 200 accepted")), qPrintable(listen.out));

        // Reply with a method: the answer's body, as JSON.
        const QByteArray method = QByteArrayLiteral("{\"method\":\"sendMessage\",\"chat_id\":1,\"text\":\"hi\"}");
        listen.type("reply " + method);
        QVERIFY2(listen.waitForOutput(QStringLiteral("reply: ") + QString::fromUtf8(method)), qPrintable(listen.out));
        answer = post(url, updateBody(1004));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, method);
        QVERIFY2(answer.contentType.startsWith("application/json"), answer.contentType.constData());
        accepted << updateBody(1004);
        QVERIFY2(listen.lineFor(1004).contains(QStringLiteral("-> 200 accepted")), qPrintable(listen.out));

        // A bad reply is refused on stderr; the listener goes on with the reply it had.
        listen.type("reply nope");
        QVERIFY2(listen.waitForError(QStringLiteral("reply: ")), qPrintable(listen.err));
        answer = post(url, updateBody(1005));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, method);
        accepted << updateBody(1005);
        QVERIFY2(listen.lineFor(1005).contains(QStringLiteral("-> 200 accepted")), qPrintable(listen.out));
        QCOMPARE(listen.process.state(), QProcess::Running);

        const QString counts = QStringLiteral("10 requests, 4 accepted, 1 faulted, 2 wrong-secret, 1 wrong-method, "
                                              "1 wrong-path, 1 bad-request");
        listen.type("status");
        // The fault is spent: none of its one update remains.
        QVERIFY2(listen.waitForOutput(counts + QStringLiteral("; fault: none\n")), qPrintable(listen.out));

        listen.type("quit");
        QVERIFY(listen.finish());
        QCOMPARE(listen.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(listen.process.exitCode(), 0);
        QVERIFY2(listen.out.contains(QStringLiteral("stopped: ") + counts + u'\n'), qPrintable(listen.out));
        QVERIFY2(!listen.out.contains(kFakeTokenSecret) && !listen.err.contains(kFakeTokenSecret),
                 qPrintable(listen.out + listen.err));

        // The log holds exactly the accepted updates, byte for byte (the line break kept).
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), accepted.size() + 1); // and the final newline
        QVERIFY2(lines.first().contains("\"source\":\"webhook\""), lines.first().constData());
        QVERIFY2(lines.first().contains("\"raw_lf\":["), lines.first().constData());
        UpdateStore store;
        LogReader reader;
        const LogReadResult result = reader.readFile(log, store);
        QVERIFY(result.ok());
        QCOMPARE(result.errorCount, 0);
        QCOMPARE(store.size(), accepted.size());
        for (qsizetype row = 0; row < store.size(); ++row)
            QCOMPARE(store.raw(row).toByteArray(), accepted.at(row));
    }

    // --sync each-batch: the journal thread flushes each batch before its 200s.
    void flushesEachBatchWhenAsked()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString log = dir.filePath(QStringLiteral("each.jsonl"));
        ListenProcess listen({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--path"), QStringLiteral("/hook"),
                              QStringLiteral("--sync"), QStringLiteral("each-batch"), QStringLiteral("--out"), log});
        const QUrl url = listen.listeningUrl();
        QVERIFY2(url.isValid(), qPrintable(listen.out + listen.err));
        for (qint64 id = 300; id < 305; ++id)
            QCOMPARE(post(url, updateBody(id)).status, 200);
        QVERIFY2(listen.lineFor(304).contains(QStringLiteral("-> 200 accepted")), qPrintable(listen.out));
        listen.type("quit");
        QVERIFY(listen.finish());
        QCOMPARE(listen.process.exitCode(), 0);
        UpdateStore store;
        LogReader reader;
        const LogReadResult result = reader.readFile(log, store);
        QVERIFY(result.ok());
        QCOMPARE(result.errorCount, 0);
        QCOMPARE(store.size(), 5);
        QCOMPARE(store.raw(4).toByteArray(), updateBody(304));
    }

    // The default journal confirms once the update is written: killed right after the 200s
    // (no chance to flush or close), the log still holds every answered update.
    void answeredUpdatesSurviveAKill()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString log = dir.filePath(QStringLiteral("killed.jsonl"));
        ListenProcess listen({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--path"), QStringLiteral("/hook"),
                              QStringLiteral("--out"), log});
        const QUrl url = listen.listeningUrl();
        QVERIFY2(url.isValid(), qPrintable(listen.out + listen.err));
        QList<QByteArray> answered;
        for (qint64 id = 700; id < 720; ++id) {
            QCOMPARE(post(url, updateBody(id)).status, 200);
            answered << updateBody(id);
        }
        listen.process.kill(); // SIGKILL
        QVERIFY(listen.process.waitForFinished(kWaitMs));
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().endsWith('\0')); // the zeros reserved ahead were never cut off
        UpdateStore store;
        LogReader reader;
        const LogReadResult result = reader.readFile(log, store);
        QVERIFY(result.ok());
        QCOMPARE(result.errorCount, 0);
        QCOMPARE(store.size(), answered.size());
        for (qsizetype row = 0; row < store.size(); ++row)
            QCOMPARE(store.raw(row).toByteArray(), answered.at(row));
    }

    void servesHttpsWithAGeneratedCertificate()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString certificate = dir.filePath(QStringLiteral("webhook-cert.pem"));
        ListenProcess listen({QStringLiteral("--generate-cert"), QStringLiteral("127.0.0.1"), QStringLiteral("--cert-dir"),
                              dir.path(), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--path"),
                              QStringLiteral("/tls"), QStringLiteral("--out"), dir.filePath(QStringLiteral("tls.jsonl"))});
        const QUrl url = listen.listeningUrl();
        QVERIFY2(url.scheme() == u"https" && url.host() == u"127.0.0.1" && url.port() > 0, qPrintable(listen.out + listen.err));
        QVERIFY(QFileInfo::exists(certificate));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("webhook-key.pem"))));
        QVERIFY2(listen.out.contains(QStringLiteral("generated a self-signed certificate for 127.0.0.1")), qPrintable(listen.out));

        // A client that trusts exactly the generated certificate (as Telegram does after the upload).
        const QList<QSslCertificate> trusted = QSslCertificate::fromPath(certificate);
        QCOMPARE(trusted.size(), 1);
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(trusted);
        const Answer answer = post(url, updateBody(77), QByteArray(), tls);
        QCOMPARE(answer.status, 200);
        QVERIFY2(listen.lineFor(77).contains(QStringLiteral("-> 200 accepted")), qPrintable(listen.out));

        listen.type("quit");
        QVERIFY(listen.finish());
        QCOMPARE(listen.process.exitCode(), 0);
        QVERIFY2(listen.out.contains(QStringLiteral("stopped: 1 requests, 1 accepted\n")), qPrintable(listen.out));
    }

    void badOptionsExitWithoutListening_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("secret") << QStringList{QStringLiteral("--secret"), QStringLiteral("bad secret")}
                                << QStringLiteral("listen: --secret: the secret token may only contain");
        QTest::newRow("port") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")}
                              << QStringLiteral("listen: --port: give 0..65535");
        QTest::newRow("tls-cert alone") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("cert.pem")}
                                        << QStringLiteral("listen: give both --tls-cert and --tls-key");
        QTest::newRow("fault") << QStringList{QStringLiteral("--fault"), QStringLiteral("bogus")}
                               << QStringLiteral("listen: --fault: ");
        QTest::newRow("path") << QStringList{QStringLiteral("--path"), QStringLiteral("nolead")}
                              << QStringLiteral("listen: --path must start with /");
        QTest::newRow("path with a query") << QStringList{QStringLiteral("--path"), QStringLiteral("/hook?x=1")}
                                           << QStringLiteral("listen: --path must start with / and hold no query");
        QTest::newRow("reply") << QStringList{QStringLiteral("--reply"), QStringLiteral("nope")}
                               << QStringLiteral("listen: --reply: the body is not JSON");
        QTest::newRow("bind") << QStringList{QStringLiteral("--bind"), QStringLiteral("not-an-ip")}
                              << QStringLiteral("listen: --bind: not an IP address: not-an-ip");
        QTest::newRow("sync") << QStringList{QStringLiteral("--sync"), QStringLiteral("always")}
                              << QStringLiteral("listen: --sync: give periodic or each-batch, not always");
    }
    void badOptionsExitWithoutListening()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString log = dir.filePath(QStringLiteral("never.jsonl"));
        // Port 0 so that, were the options taken, it would listen and not fail on a busy port.
        ListenProcess listen(QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--out"), log} + args);
        QVERIFY(listen.finish());
        QCOMPARE(listen.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(listen.process.exitCode(), 2);
        QVERIFY2(listen.err.startsWith(message), qPrintable(listen.err));
        QCOMPARE(listen.err.count(u'\n'), 1); // one plain line, no usage dump
        QVERIFY2(!listen.out.contains(QStringLiteral("listening on")), qPrintable(listen.out));
        QVERIFY(!QFileInfo::exists(log));
    }

    void noLogIsAUsageError()
    {
        ListenProcess listen({QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY(listen.finish());
        QCOMPARE(listen.process.exitCode(), 2);
        QVERIFY2(listen.err.startsWith(QStringLiteral("listen: give the log to write with --out LOG")), qPrintable(listen.err));
        QVERIFY(!listen.out.contains(QStringLiteral("listening on")));
    }

    void portInUseIsAClearError()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ListenProcess listen({QStringLiteral("--port"), QString::number(taken.serverPort()), QStringLiteral("--out"),
                              dir.filePath(QStringLiteral("busy.jsonl"))});
        QVERIFY(listen.finish());
        QCOMPARE(listen.process.exitCode(), 1);
        QVERIFY2(listen.err.startsWith(QStringLiteral("listen: cannot listen on 127.0.0.1 port %1").arg(taken.serverPort())),
                 qPrintable(listen.err));
        QVERIFY(!listen.out.contains(QStringLiteral("listening on")));
    }
};

QTEST_GUILESS_MAIN(TestListenCommand)
#include "tst_listencommand.moc"
