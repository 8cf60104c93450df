// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// A real bot library against the emulator: python-telegram-bot's echo bot (tests/emulator/echo_bot.py)
// polls it; the test injects updates and checks the calls the bot made in reply.
#include "emulatorserver.h"
#include "updatetemplates.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("5555555555:TEST-real-library-fake-token");
const QString kScript = QStringLiteral(UI_SOURCE_DIR "/tests/emulator/echo_bot.py");

QList<RecordedCall> callsNamed(const EmulatedBot *bot, const QString &method)
{
    QList<RecordedCall> result;
    for (const RecordedCall &call : bot->calls()) {
        if (call.method == method)
            result.append(call);
    }
    return result;
}
} // namespace

class TestRealBotLibrary : public QObject
{
    Q_OBJECT

private:
    EmulatorServer m_server;
    EmulatedBot *m_bot = nullptr;
    QProcess m_python;

    qint64 inject(UpdateTemplates::Kind kind, const QString &text, qint64 chatId = 0)
    {
        UpdateTemplates::Params params;
        params.text = text;
        params.chatId = chatId;
        return m_bot->inject(m_bot->templates().make(kind, params, QDateTime::currentSecsSinceEpoch()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QProcess probe;
        probe.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral("import telegram; print(telegram.__version__)")});
        QVERIFY2(probe.waitForFinished(30000) && probe.exitCode() == 0,
                 "python3 with python-telegram-bot is needed (scripts/setup installs python3-python-telegram-bot)");
        qInfo("python-telegram-bot %s", probe.readAllStandardOutput().trimmed().constData());

        QString error;
        QVERIFY2(m_server.listen(&error), qPrintable(error));
        m_bot = m_server.addBot(kToken, &error);
        QVERIFY2(m_bot, qPrintable(error));

        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("ECHO_BOT_TOKEN"), kToken);
        environment.insert(QStringLiteral("NO_PROXY"), QStringLiteral("*"));
        environment.remove(QStringLiteral("HTTP_PROXY"));
        environment.remove(QStringLiteral("HTTPS_PROXY"));
        m_python.setProcessEnvironment(environment);
        m_python.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_python.start(QStringLiteral("python3"), {kScript, QStringLiteral("--api-url"), m_server.baseUrl().toString()});
        QVERIFY2(m_python.waitForStarted(10000), qPrintable(m_python.errorString()));
        // The library has started polling once a getUpdates is waiting.
        QTRY_VERIFY_WITH_TIMEOUT(m_bot->hasPendingPoll(), 30000);
    }

    void echoesText()
    {
        const QStringList texts{QStringLiteral("hello"), QStringLiteral("Привет, мир"), QStringLiteral("emoji 🚀 ok")};
        QList<qint64> ids;
        for (const QString &text : texts)
            ids.append(inject(UpdateTemplates::Kind::Text, text));
        QTRY_COMPARE_WITH_TIMEOUT(callsNamed(m_bot, QStringLiteral("sendMessage")).size(), texts.size(), 20000);
        const QList<RecordedCall> sent = callsNamed(m_bot, QStringLiteral("sendMessage"));
        for (int i = 0; i < texts.size(); ++i) {
            QCOMPARE(sent[i].params.value(QLatin1StringView("text")).toString(), texts[i]);
            QCOMPARE(sent[i].params.value(QLatin1StringView("chat_id")).toVariant().toLongLong(), m_bot->templates().defaultUserId());
            QCOMPARE(sent[i].status, 200);
            QVERIFY(sent[i].updateId >= ids[i]); // recorded after the update it answers was handed out
        }
    }

    void commandAndButton()
    {
        const qsizetype before = callsNamed(m_bot, QStringLiteral("sendMessage")).size();
        inject(UpdateTemplates::Kind::Command, QStringLiteral("/start"));
        QTRY_COMPARE_WITH_TIMEOUT(callsNamed(m_bot, QStringLiteral("sendMessage")).size(), before + 1, 20000);
        const RecordedCall reply = callsNamed(m_bot, QStringLiteral("sendMessage")).constLast();
        QCOMPARE(reply.params.value(QLatin1StringView("text")).toString(), QStringLiteral("Hello! Send me text and I echo it."));
        QVERIFY(reply.params.value(QLatin1StringView("reply_markup")).toObject().contains(QLatin1StringView("inline_keyboard")));

        UpdateTemplates::Params params;
        params.text = QStringLiteral("ping");
        const QByteArray press = m_bot->templates().make(UpdateTemplates::Kind::CallbackButton, params,
                                                   QDateTime::currentSecsSinceEpoch());
        const QString queryId = QJsonDocument::fromJson(press).object().value(QLatin1StringView("callback_query"))
                                    .toObject().value(QLatin1StringView("id")).toString();
        QVERIFY(m_bot->inject(press) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(callsNamed(m_bot, QStringLiteral("answerCallbackQuery")).size(), 1, 20000);
        const RecordedCall answer = callsNamed(m_bot, QStringLiteral("answerCallbackQuery")).constFirst();
        QCOMPARE(answer.params.value(QLatin1StringView("callback_query_id")).toString(), queryId);
        QCOMPARE(answer.params.value(QLatin1StringView("text")).toString(), QStringLiteral("pong"));
        QCOMPARE(answer.response.value(QLatin1StringView("result")).toBool(), true);
    }

    void confirmsWhatItProcessed()
    {
        // The library confirms with offset = last + 1: after a round trip nothing is left queued.
        QTRY_COMPARE_WITH_TIMEOUT(m_bot->queue().size(), 0, 20000);
    }

    void cleanupTestCase()
    {
        if (m_python.state() != QProcess::NotRunning) {
            // SIGTERM: the library stops polling and confirms what it got with one more
            // getUpdates — which this thread's event loop must stay free to answer.
            m_python.terminate();
            QTRY_COMPARE_WITH_TIMEOUT(m_python.state(), QProcess::NotRunning, 15000);
            QCOMPARE(m_python.exitStatus(), QProcess::NormalExit);
        }
    }
};

QTEST_GUILESS_MAIN(TestRealBotLibrary)
#include "tst_realbotlibrary.moc"
