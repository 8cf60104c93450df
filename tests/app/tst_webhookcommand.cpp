// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// `update-inspector-cli webhook info|set|delete` run as a user runs it, against the emulator in
// this process (local mode: http webhooks on any port, so every URL stays on 127.0.0.1).
#include "emulatorserver.h"
#include "secrettoken.h"
#include "selfsignedcertificate.h"
#include "webhookhealth.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kUnregisteredToken = QStringLiteral("987654321:TEST-unregistered-fake-token");
const QString kSecret = QStringLiteral("S3cr3t_token-1");
const QByteArray kUpdate = QByteArrayLiteral(
    "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1700000000,\"chat\":{\"id\":7,\"type\":\"private\"},"
    "\"text\":\"hi\"}}");

enum class TokenVia { Option, Environment, Nowhere };

// The value printed after "name:" (e.g. "max_connections:        5" gives "5"); null when absent.
QString field(const QString &out, const QString &name)
{
    const QStringList lines = out.split(u'\n');
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(name + u':'))
            return trimmed.sliced(name.size() + 1).trimmed();
    }
    return {};
}
} // namespace

class TestWebhookCommand : public QObject
{
    Q_OBJECT

    std::unique_ptr<EmulatorServer> m_server;
    EmulatedBot *m_bot = nullptr;
    QTcpServer m_listener; // stands in for the bot's listener; nothing is delivered while the queue is empty
    QString m_hookUrl;
    QStringList m_leaks;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    // Runs the CLI while this thread's event loop keeps serving the emulator. Never without
    // --api-url: no test may reach the real service.
    Run webhook(const QStringList &args, TokenVia via = TokenVia::Option, const QString &token = kToken,
                const QUrl &apiUrl = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("UPDATE_INSPECTOR_TOKEN"));
        QStringList arguments{QStringLiteral("webhook")};
        arguments << args << QStringLiteral("--api-url") << (apiUrl.isEmpty() ? m_server->baseUrl() : apiUrl).toString();
        if (via == TokenVia::Option)
            arguments << QStringLiteral("--token") << token;
        else if (via == TokenVia::Environment)
            environment.insert(QStringLiteral("UPDATE_INSPECTOR_TOKEN"), token);
        process.setProcessEnvironment(environment);
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(UI_CLI_PATH), arguments);
        if (!finished.isValid() || !finished.wait(30000)) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        Run run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
                QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
        const QString tokenSecret = token.section(u':', 1);
        if (!tokenSecret.isEmpty() && (run.out.contains(tokenSecret) || run.err.contains(tokenSecret)))
            m_leaks << args.join(u' ');
        return run;
    }
    Run set(const QStringList &args) { return webhook(QStringList{QStringLiteral("set")} + args); }
    Run info(const QStringList &args = {}) { return webhook(QStringList{QStringLiteral("info")} + args); }

    // A webhook at a port nothing listens on, with one update that failed to be delivered.
    QString failingWebhook()
    {
        QTcpServer closed;
        if (!closed.listen(QHostAddress::LocalHost, 0))
            return {};
        const QString url = QStringLiteral("http://127.0.0.1:%1/hook").arg(closed.serverPort());
        closed.close();
        if (set({QStringLiteral("--url"), url}).exitCode != 0)
            return {};
        QSignalSpy failed(m_bot, &EmulatedBot::webhookFailed);
        if (!failed.isValid() || m_bot->inject(kUpdate) <= 0 || !failed.wait(10000))
            return {};
        return failed.first().at(1).toString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_listener.listen(QHostAddress::LocalHost, 0)); }

    void init()
    {
        EmulatorServer::Options options;
        options.settings.localMode = true;
        options.settings.delivery.retryBaseMs = 60000; // one failure is enough; no busy retries
        m_server = std::make_unique<EmulatorServer>(options);
        QString error;
        QVERIFY2(m_server->listen(&error), qPrintable(error));
        m_bot = m_server->addBot(kToken, &error);
        QVERIFY2(m_bot, qPrintable(error));
        m_hookUrl = QStringLiteral("http://127.0.0.1:%1/hook").arg(m_listener.serverPort());
        m_leaks.clear();
    }
    void cleanup()
    {
        m_bot = nullptr;
        m_server.reset();
        QVERIFY2(m_leaks.isEmpty(), qPrintable(QStringLiteral("the token was printed by: ") + m_leaks.join(u"; ")));
    }

    void setsTheWebhookWithItsSettings()
    {
        const Run run = set({QStringLiteral("--url"), m_hookUrl, QStringLiteral("--secret"), kSecret,
                             QStringLiteral("--max-connections"), QStringLiteral("5"), QStringLiteral("--allowed-updates"),
                             QStringLiteral("message,chat_member")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("Webhook was set")), qPrintable(run.out));
        QVERIFY2(!run.err.contains(QStringLiteral("problem")), qPrintable(run.err));
        QVERIFY(m_bot->webhook().has_value());
        const WebhookConfig &config = *m_bot->webhook();
        QCOMPARE(config.url, QUrl(m_hookUrl));
        QCOMPARE(config.secretToken, kSecret.toLatin1());
        QCOMPARE(config.maxConnections, 5);
        QVERIFY(!config.hasCustomCertificate());
        // The emulator also lets kinds it does not know through (the Unknown bit): not a listed kind.
        QCOMPARE(m_bot->allowedUpdates() & ~kindBit(UpdateKind::Unknown),
                 kindBit(UpdateKind::Message) | kindBit(UpdateKind::ChatMember));
    }

    void infoShowsEveryField()
    {
        QCOMPARE(set({QStringLiteral("--url"), m_hookUrl, QStringLiteral("--max-connections"), QStringLiteral("5"),
                      QStringLiteral("--allowed-updates"), QStringLiteral("message,chat_member")}).exitCode, 0);
        // The token from the environment, as the README suggests (out of the shell history).
        Run run = webhook({QStringLiteral("info")}, TokenVia::Environment);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.startsWith(m_server->baseUrl().toString() + QStringLiteral(", bot 123456789\n")), qPrintable(run.out));
        QCOMPARE(field(run.out, QStringLiteral("url")), m_hookUrl);
        QCOMPARE(field(run.out, QStringLiteral("has_custom_certificate")), QStringLiteral("false"));
        QCOMPARE(field(run.out, QStringLiteral("pending_update_count")), QStringLiteral("0"));
        QCOMPARE(field(run.out, QStringLiteral("max_connections")), QStringLiteral("5"));
        QCOMPARE(field(run.out, QStringLiteral("ip_address")), QStringLiteral("127.0.0.1"));
        const QStringList allowed = field(run.out, QStringLiteral("allowed_updates")).split(QStringLiteral(", "));
        QVERIFY2(allowed.contains(QStringLiteral("chat_member")) && allowed.contains(QStringLiteral("message")),
                 qPrintable(run.out));
        QVERIFY2(field(run.out, QStringLiteral("last_error_message")).isNull(), qPrintable(run.out));

        run = info({QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(run.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && json.isObject(), qPrintable(run.out));
        QCOMPARE(json.object().value(QLatin1StringView("url")).toString(), m_hookUrl);
        QCOMPARE(json.object().value(QLatin1StringView("max_connections")).toInt(), 5);

        run = info({QStringLiteral("--listener-url"), QStringLiteral("http://127.0.0.1:1/other")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("warning (not-this-listener): ")), qPrintable(run.out));
        run = info({QStringLiteral("--listener-url"), m_hookUrl});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.out.contains(QStringLiteral("not-this-listener")), qPrintable(run.out));
    }

    void infoExplainsADeliveryFailure()
    {
        const QString message = failingWebhook();
        QVERIFY(!message.isEmpty());
        const Run run = info();
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(field(run.out, QStringLiteral("last_error_message")), message);
        QVERIFY2(field(run.out, QStringLiteral("last_error_date")).contains(QStringLiteral(" s ago)")), qPrintable(run.out));
        const QString meaning = field(run.out, QStringLiteral("what it means"));
        QVERIFY2(!meaning.isEmpty(), qPrintable(run.out));
        QCOMPARE(meaning, explainWebhookError(message));
        QCOMPARE(field(run.out, QStringLiteral("pending_update_count")), QStringLiteral("1"));
    }

    void aProblemStopsSetBeforeAnythingIsSent()
    {
        QCOMPARE(set({QStringLiteral("--url"), m_hookUrl, QStringLiteral("--secret"), kSecret}).exitCode, 0);
        const WebhookConfig before = *m_bot->webhook();
        const QStringList bad{QStringLiteral("--url"), m_hookUrl + QStringLiteral("/elsewhere"), QStringLiteral("--secret"),
                              QStringLiteral("bad secret")};
        Run run = set(bad);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("problem (secret_token): ")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("not sent")), qPrintable(run.err));
        QVERIFY(!run.out.contains(QStringLiteral("Webhook")));
        QCOMPARE(*m_bot->webhook(), before);

        // Not even a connection: the same command aimed at a port that only counts them.
        QTcpServer api;
        QVERIFY(api.listen(QHostAddress::LocalHost, 0));
        QSignalSpy connections(&api, &QTcpServer::newConnection);
        QVERIFY(connections.isValid());
        run = webhook(QStringList{QStringLiteral("set")} + bad, TokenVia::Option, kToken,
                      QUrl(QStringLiteral("http://127.0.0.1:%1").arg(api.serverPort())));
        QCOMPARE(run.exitCode, 2);
        QTest::qWait(50);
        QCOMPARE(connections.count(), 0);
    }

    void generatesASecret()
    {
        const Run run = set({QStringLiteral("--url"), m_hookUrl, QStringLiteral("--generate-secret")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QRegularExpressionMatch printed = QRegularExpression(QStringLiteral("secret_token: (\\S+)")).match(run.out);
        QVERIFY2(printed.hasMatch(), qPrintable(run.out));
        const QString secret = printed.captured(1);
        QVERIFY2(SecretToken::isValid(secret) && secret.size() >= 32, qPrintable(secret));
        QVERIFY(m_bot->webhook().has_value());
        QCOMPARE(m_bot->webhook()->secretToken, secret.toLatin1());
    }

    void uploadsACertificate()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        GeneratedCertificate certificate;
        QString error;
        QVERIFY2(generateSelfSignedCertificate(QStringLiteral("127.0.0.1"), 30, &certificate, &error), qPrintable(error));
        const QString certificatePath = dir.filePath(QStringLiteral("webhook-cert.pem"));
        QVERIFY2(saveCertificate(certificate, certificatePath, dir.filePath(QStringLiteral("webhook-key.pem")), &error),
                 qPrintable(error));
        const QString url = QStringLiteral("https://127.0.0.1:%1/hook").arg(m_listener.serverPort());
        Run run = set({QStringLiteral("--url"), url, QStringLiteral("--certificate"), certificatePath});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("Webhook was set")), qPrintable(run.out));
        QVERIFY2(!run.err.contains(QStringLiteral("(certificate)")), qPrintable(run.err)); // it fits the URL's host
        QVERIFY(m_bot->webhook().has_value());
        QCOMPARE(m_bot->webhook()->certificatePem, certificate.certificatePem);

        run = info();
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(field(run.out, QStringLiteral("has_custom_certificate")), QStringLiteral("true"));
        QCOMPARE(field(run.out, QStringLiteral("url")), url);
    }

    void deletesAndDropsPendingUpdates()
    {
        QVERIFY(!failingWebhook().isEmpty());
        QCOMPARE(m_bot->queue().size(), 1);
        Run run = webhook({QStringLiteral("delete"), QStringLiteral("--drop-pending-updates")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("Webhook was deleted")), qPrintable(run.out));
        QVERIFY(!m_bot->webhook().has_value());
        QCOMPARE(m_bot->queue().size(), 0);

        run = info();
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(field(run.out, QStringLiteral("pending_update_count")), QStringLiteral("0"));
        QCOMPARE(field(run.out, QStringLiteral("url")), QStringLiteral("(none: getUpdates is in use)"));
    }

    void anUnknownTokenFailsWithoutShowingIt_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("info") << QStringList{QStringLiteral("info")};
        QTest::newRow("delete") << QStringList{QStringLiteral("delete")};
        QTest::newRow("set") << QStringList{QStringLiteral("set"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:9/hook")};
    }
    void anUnknownTokenFailsWithoutShowingIt()
    {
        QFETCH(QStringList, args);
        const Run run = webhook(args, TokenVia::Option, kUnregisteredToken);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("Unauthorized")), qPrintable(run.err));
        QVERIFY(!m_bot->webhook().has_value());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("via");
        QTest::addColumn<QString>("message");
        QTest::newRow("no token") << QStringList{QStringLiteral("info")} << int(TokenVia::Nowhere)
                                  << QStringLiteral("webhook info: give the bot token with --token or in UPDATE_INSPECTOR_TOKEN");
        QTest::newRow("unknown action") << QStringList{QStringLiteral("frobnicate")} << int(TokenVia::Option)
                                        << QStringLiteral("webhook: say info, set or delete");
        QTest::newRow("two actions") << QStringList{QStringLiteral("info"), QStringLiteral("delete")} << int(TokenVia::Option)
                                     << QStringLiteral("webhook: say info, set or delete");
        QTest::newRow("set without url") << QStringList{QStringLiteral("set")} << int(TokenVia::Option)
                                         << QStringLiteral("webhook set: give the webhook URL with --url");
        QTest::newRow("bad max-connections") << QStringList{QStringLiteral("set"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:9/h"),
                                                            QStringLiteral("--max-connections"), QStringLiteral("many")}
                                             << int(TokenVia::Option) << QStringLiteral("webhook set: --max-connections");
        QTest::newRow("missing certificate") << QStringList{QStringLiteral("set"), QStringLiteral("--url"), QStringLiteral("https://127.0.0.1:9/h"),
                                                            QStringLiteral("--certificate"), QStringLiteral("/nonexistent/cert.pem")}
                                             << int(TokenVia::Option) << QStringLiteral("webhook set: --certificate: cannot read");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, via);
        QFETCH(QString, message);
        const Run run = webhook(args, TokenVia(via));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(message), qPrintable(run.err));
        QVERIFY(!m_bot->webhook().has_value());
    }
};

QTEST_GUILESS_MAIN(TestWebhookCommand)
#include "tst_webhookcommand.moc"
