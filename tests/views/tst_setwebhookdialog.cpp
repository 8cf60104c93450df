// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The setWebhook dialog as a user drives it: preflight findings that come and go as fields are
// edited (cloud rules, a bad secret, a certificate for another host, an unreadable file), Send
// blocked by problems, "Point at this listener", the reachability probe against a real loopback
// socket, and setWebhook sent to the real emulator with its answer shown in its own words.
#include "widgetscreenshot.h"
#include "callresult.h"
#include "botapiclient.h"
#include "emulatorserver.h"
#include "setwebhookdialog.h"
#include "webhookinfo.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace UpdateInspector;
using Severity = PreflightFinding::Severity;
using Choice = SetWebhookDialog::CertificateChoice;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");

bool hasFinding(const SetWebhookDialog &dialog, const QString &field, Severity severity)
{
    const QList<PreflightFinding> findings = dialog.findings();
    return std::any_of(findings.cbegin(), findings.cend(), [&](const PreflightFinding &f) {
        return f.field == field && f.severity == severity;
    });
}

// The text of the findings list as shown.
QString shownFindings(const SetWebhookDialog &dialog, const QString &rowName)
{
    QStringList texts;
    const QWidget *list = dialog.findChild<QWidget *>(QStringLiteral("findings"));
    if (!list)
        return {};
    const QList<QWidget *> rows = list->findChildren<QWidget *>(rowName);
    for (const QWidget *row : rows)
        for (const QLabel *label : row->findChildren<QLabel *>())
            texts << label->text();
    return texts.join(u'\n');
}

template<typename T>
T *child(const QWidget &parent, const QString &name)
{
    T *widget = parent.findChild<T *>(name);
    if (!widget)
        qWarning("no child %s", qPrintable(name));
    return widget;
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

bool sendEnabled(const SetWebhookDialog &dialog)
{
    return dialog.findChild<QPushButton *>(QStringLiteral("send"))->isEnabled();
}

// A self-signed certificate for `host` made by the openssl command line.
QString makeCertificate(const QTemporaryDir &dir, const QString &host, QString *error)
{
    const QString certificate = dir.filePath(host + QStringLiteral(".pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                   QStringLiteral("-nodes"), QStringLiteral("-keyout"), dir.filePath(host + QStringLiteral(".key")),
                   QStringLiteral("-out"), certificate, QStringLiteral("-days"), QStringLiteral("30"),
                   QStringLiteral("-subj"), u"/CN=" + host, QStringLiteral("-addext"),
                   u"subjectAltName=DNS:" + host});
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
        *error = QString::fromLocal8Bit(openssl.readAllStandardError()) + openssl.errorString();
        return {};
    }
    return certificate;
}

// A loopback port that nothing listens on (bound, then closed).
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}
} // namespace

class tst_SetWebhookDialog : public QObject
{
    Q_OBJECT

private:
    QNetworkAccessManager m_network;

    std::unique_ptr<BotApiClient> clientFor(const QUrl &baseUrl)
    {
        auto client = std::make_unique<BotApiClient>(&m_network);
        client->setEndpoint({baseUrl, kToken, false});
        return client;
    }

private Q_SLOTS:
    void cloudRulesComeAndGo()
    {
        auto client = clientFor(QUrl(QStringLiteral("https://api.telegram.org")));
        SetWebhookDialog dialog(*client);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *url = child<QLineEdit>(dialog, QStringLiteral("url"));
        QVERIFY(url);
        QVERIFY(hasFinding(dialog, QStringLiteral("url"), Severity::Problem)); // empty
        QVERIFY(!sendEnabled(dialog));

        typeInto(url, QStringLiteral("http://bot.example.org/hook"));
        QVERIFY(hasFinding(dialog, QStringLiteral("url"), Severity::Problem));
        QVERIFY(!sendEnabled(dialog));
        QVERIFY2(shownFindings(dialog, QStringLiteral("finding-problem")).contains(QStringLiteral("HTTPS")),
                 qPrintable(shownFindings(dialog, QStringLiteral("finding-problem"))));

        typeInto(url, QStringLiteral("https://bot.example.org:8080/hook"));
        QVERIFY(hasFinding(dialog, QStringLiteral("url"), Severity::Problem));
        QVERIFY(shownFindings(dialog, QStringLiteral("finding-problem")).contains(QStringLiteral("8080")));
        QVERIFY(!sendEnabled(dialog));

        typeInto(url, QStringLiteral("https://bot.example.org:8443/hook"));
        QVERIFY(!hasFinding(dialog, QStringLiteral("url"), Severity::Problem));
        QVERIFY(shownFindings(dialog, QStringLiteral("finding-problem")).isEmpty());
        QVERIFY(dialog.findChild<QWidget *>(QStringLiteral("noProblems")));
        QVERIFY(sendEnabled(dialog));
        QCOMPARE(dialog.settings().url, QStringLiteral("https://bot.example.org:8443/hook"));

        // A reserved ip_address is refused by the cloud.
        auto *ip = child<QLineEdit>(dialog, QStringLiteral("ipAddress"));
        typeInto(ip, QStringLiteral("192.168.1.10"));
        QVERIFY(hasFinding(dialog, QStringLiteral("ip_address"), Severity::Problem));
        QVERIFY(!sendEnabled(dialog));
        typeInto(ip, QString());
        QVERIFY(sendEnabled(dialog));
    }

    void secretTokenValidation()
    {
        auto client = clientFor(QUrl(QStringLiteral("https://api.telegram.org")));
        SetWebhookDialog dialog(*client);
        typeInto(child<QLineEdit>(dialog, QStringLiteral("url")), QStringLiteral("https://bot.example.org/hook"));
        QVERIFY(sendEnabled(dialog));
        auto *secret = child<QLineEdit>(dialog, QStringLiteral("secretToken"));
        auto *hint = child<QLabel>(dialog, QStringLiteral("secretHint"));
        typeInto(secret, QStringLiteral("not valid!"));
        QVERIFY(hasFinding(dialog, QStringLiteral("secret_token"), Severity::Problem));
        QVERIFY(!sendEnabled(dialog));
        QVERIFY2(hint->text().contains(QStringLiteral("a space")), qPrintable(hint->text()));
        QVERIFY(hint->styleSheet().contains(QStringLiteral("#b00020")));
        QVERIFY(shownFindings(dialog, QStringLiteral("finding-problem")).contains(QStringLiteral("secret_token")));

        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("generateSecret")), Qt::LeftButton);
        QCOMPARE(secret->text().size(), 64);
        QVERIFY(!hasFinding(dialog, QStringLiteral("secret_token"), Severity::Problem));
        QVERIFY(hint->text().contains(QStringLiteral("64")));
        QVERIFY(hint->styleSheet().isEmpty());
        QVERIFY(sendEnabled(dialog));
        QCOMPARE(dialog.settings().secretToken, secret->text());
    }

    void certificateHostMismatch()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QString pem = makeCertificate(dir, QStringLiteral("hook.example.org"), &error);
        QVERIFY2(!pem.isEmpty(), qPrintable(error));

        auto client = clientFor(QUrl(QStringLiteral("https://api.telegram.org")));
        SetWebhookDialog dialog(*client);
        auto *url = child<QLineEdit>(dialog, QStringLiteral("url"));
        typeInto(url, QStringLiteral("https://bot.example.net:8443/hook"));
        QVERIFY(sendEnabled(dialog));
        auto *choice = child<QComboBox>(dialog, QStringLiteral("certificate"));
        choice->setCurrentIndex(int(Choice::File));
        auto *file = child<QLineEdit>(dialog, QStringLiteral("certificateFile"));
        QVERIFY(file->isVisibleTo(&dialog));
        QVERIFY(hasFinding(dialog, QStringLiteral("certificate"), Severity::Problem)); // no file chosen yet
        QVERIFY(!sendEnabled(dialog));

        typeInto(file, dir.filePath(QStringLiteral("missing.pem")));
        QVERIFY(shownFindings(dialog, QStringLiteral("finding-problem")).contains(QStringLiteral("cannot be read")));

        file->setText(pem);
        QVERIFY(hasFinding(dialog, QStringLiteral("certificate"), Severity::Problem));
        const QString shown = shownFindings(dialog, QStringLiteral("finding-problem"));
        QVERIFY2(shown.contains(QStringLiteral("hook.example.org")) && shown.contains(QStringLiteral("bot.example.net")),
                 qPrintable(shown));
        QVERIFY(!sendEnabled(dialog));
        QVERIFY(dialog.settings().certificatePem.startsWith("-----BEGIN CERTIFICATE-----"));
        QCOMPARE(dialog.settings().certificateFileName, QStringLiteral("hook.example.org.pem"));

        typeInto(url, QStringLiteral("https://hook.example.org:8443/hook"));
        QVERIFY(!hasFinding(dialog, QStringLiteral("certificate"), Severity::Problem));
        QVERIFY(sendEnabled(dialog));

        choice->setCurrentIndex(int(Choice::None));
        QVERIFY(!file->isVisibleTo(&dialog));
        QVERIFY(dialog.settings().certificatePem.isEmpty());
    }

    // Several findings at once, as a person would meet them; the screenshot is of this state.
    void manyFindingsScreenshot()
    {
        auto client = clientFor(QUrl(QStringLiteral("https://api.telegram.org")));
        SetWebhookDialog dialog(*client);
        dialog.setListener(QUrl(QStringLiteral("https://127.0.0.1:8443")), 8443, QStringLiteral("/telegram"),
                           QStringLiteral("listener_secret"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        typeInto(child<QLineEdit>(dialog, QStringLiteral("url")), QStringLiteral("http://bot.example.org:8080/hook"));
        typeInto(child<QLineEdit>(dialog, QStringLiteral("ipAddress")), QStringLiteral("10.0.0.7"));
        typeInto(child<QLineEdit>(dialog, QStringLiteral("secretToken")), QStringLiteral("s3cret token"));
        child<QCheckBox>(dialog, QStringLiteral("sendAllowedUpdates"))->setChecked(true);
        QVERIFY(hasFinding(dialog, QStringLiteral("url"), Severity::Problem));
        QVERIFY(hasFinding(dialog, QStringLiteral("ip_address"), Severity::Problem));
        QVERIFY(hasFinding(dialog, QStringLiteral("secret_token"), Severity::Problem));
        QVERIFY(hasFinding(dialog, QStringLiteral("allowed_updates"), Severity::Note)); // opt-in kinds left out
        QVERIFY(!sendEnabled(dialog));
        // Every finding has a row naming its field.
        const QString shown = shownFindings(dialog, QStringLiteral("finding-problem"))
                              + shownFindings(dialog, QStringLiteral("finding-warning"))
                              + shownFindings(dialog, QStringLiteral("finding-note"));
        for (const PreflightFinding &f : dialog.findings())
            QVERIFY2(shown.contains(u"<b>" + f.field + u"</b>"), qPrintable(f.field));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isProbing() && hasFinding(dialog, QStringLiteral("url"), Severity::Note), 5000);
        saveScreenshot(dialog, QStringLiteral("setwebhookdialog-findings"));
    }

    void allowedUpdatesChecklist()
    {
        auto client = clientFor(QUrl(QStringLiteral("https://api.telegram.org")));
        SetWebhookDialog dialog(*client);
        auto *send = child<QCheckBox>(dialog, QStringLiteral("sendAllowedUpdates"));
        auto *chatMember = child<QCheckBox>(dialog, QStringLiteral("chat_member"));
        auto *message = child<QCheckBox>(dialog, QStringLiteral("message"));
        QVERIFY(send && chatMember && message);
        QVERIFY(chatMember->text().contains(QStringLiteral("(opt-in)")));
        QVERIFY(child<QCheckBox>(dialog, QStringLiteral("message_reaction"))->text().contains(QStringLiteral("(opt-in)")));
        QVERIFY(child<QCheckBox>(dialog, QStringLiteral("message_reaction_count"))->text().contains(QStringLiteral("(opt-in)")));
        QVERIFY(!message->text().contains(QStringLiteral("opt-in")));
        QVERIFY(!send->isChecked());
        QVERIFY(!message->isEnabled());
        QVERIFY(!dialog.settings().sendAllowedUpdates); // the bot's stored list is kept

        send->setChecked(true);
        QVERIFY(message->isEnabled());
        QVERIFY(message->isChecked() && !chatMember->isChecked()); // starts as the default set
        chatMember->setChecked(true);
        WebhookSettings settings = dialog.settings();
        QVERIFY(settings.sendAllowedUpdates);
        QVERIFY(settings.allowedUpdates.contains(QStringLiteral("chat_member")));
        QVERIFY(settings.allowedUpdates.contains(QStringLiteral("message")));
        QVERIFY(!settings.allowedUpdates.contains(QStringLiteral("message_reaction")));
    }

    void pointAtListener()
    {
        auto client = clientFor(QUrl(QStringLiteral("http://127.0.0.1:1")));
        SetWebhookDialog dialog(*client);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *box = child<QWidget>(dialog, QStringLiteral("listenerBox"));
        QVERIFY(!box->isVisibleTo(&dialog));
        dialog.setListenerCertificate("-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n");
        dialog.setListener(QUrl(QStringLiteral("https://127.0.0.1:8443/telegram")), 8443, QStringLiteral("/telegram"),
                           QStringLiteral("listener_secret-1"));
        QVERIFY(box->isVisibleTo(&dialog));
        auto *publicUrl = child<QLineEdit>(dialog, QStringLiteral("publicUrl"));
        auto *point = child<QPushButton>(dialog, QStringLiteral("pointAtListener"));
        auto *choice = child<QComboBox>(dialog, QStringLiteral("certificate"));

        typeInto(publicUrl, QStringLiteral("https://abc.ngrok.app/"));
        QTest::mouseClick(point, Qt::LeftButton);
        QCOMPARE(dialog.settings().url, QStringLiteral("https://abc.ngrok.app/telegram"));
        QCOMPARE(dialog.settings().secretToken, QStringLiteral("listener_secret-1"));
        QCOMPARE(choice->currentIndex(), int(Choice::None)); // the tunnel has its own certificate

        typeInto(publicUrl, QStringLiteral("abc.ngrok.app")); // a bare host name: https assumed
        QTest::mouseClick(point, Qt::LeftButton);
        QCOMPARE(dialog.settings().url, QStringLiteral("https://abc.ngrok.app/telegram"));

        typeInto(publicUrl, QString()); // straight to the listener, with its certificate
        QTest::mouseClick(point, Qt::LeftButton);
        QCOMPARE(dialog.settings().url, QStringLiteral("https://127.0.0.1:8443/telegram"));
        QCOMPARE(choice->currentIndex(), int(Choice::Listener));
        QVERIFY(dialog.settings().certificatePem.contains("not really"));
    }

    // The probe connects to the URL when its port is the listener's: a real loopback socket.
    void reachabilityProbe()
    {
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        const quint16 port = listener.serverPort();
        auto client = clientFor(QUrl(QStringLiteral("http://127.0.0.1:1")));
        SetWebhookDialog dialog(*client);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *probe = dialog.findChild<WebhookReachabilityProbe *>(QStringLiteral("reachabilityProbe"));
        QVERIFY(probe);
        QSignalSpy probed(probe, &WebhookReachabilityProbe::finished);
        QVERIFY(probed.isValid());
        dialog.setListener(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), port, QStringLiteral("/hook"),
                           QString());
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("pointAtListener")), Qt::LeftButton);
        QCOMPARE(dialog.settings().url, QStringLiteral("http://127.0.0.1:%1/hook").arg(port));
        QTRY_VERIFY_WITH_TIMEOUT(!probed.isEmpty() && !dialog.isProbing(), 5000);
        QVERIFY(probed.last().first().value<QList<PreflightFinding>>().isEmpty()); // it answered
        QVERIFY(!hasFinding(dialog, QStringLiteral("url"), Severity::Problem));
        QVERIFY(sendEnabled(dialog));

        listener.close();
        probed.clear();
        typeInto(child<QLineEdit>(dialog, QStringLiteral("url")), QStringLiteral("http://127.0.0.1:%1/hook2").arg(port));
        QTRY_VERIFY_WITH_TIMEOUT(!probed.isEmpty() && !dialog.isProbing(), 5000);
        QVERIFY(hasFinding(dialog, QStringLiteral("url"), Severity::Problem));
        QVERIFY(shownFindings(dialog, QStringLiteral("finding-problem")).contains(QStringLiteral("Nothing answers")));
        QVERIFY(!sendEnabled(dialog));

        // Another edit: the old result no longer applies until the probe has run again.
        typeInto(child<QLineEdit>(dialog, QStringLiteral("url")), QStringLiteral("http://127.0.0.1:%1/hook3").arg(port));
        QVERIFY(!hasFinding(dialog, QStringLiteral("url"), Severity::Problem));
    }

    // The emulator with the cloud's rules refuses http://, which a local base URL lets through
    // the preflight: the service's words come back in the error colour.
    void emulatorRefusal()
    {
        EmulatorServer server;
        QString error;
        QVERIFY2(server.listen(&error), qPrintable(error));
        QVERIFY2(server.addBot(kToken, &error), qPrintable(error));
        auto client = clientFor(server.baseUrl());
        SetWebhookDialog dialog(*client);
        typeInto(child<QLineEdit>(dialog, QStringLiteral("url")),
                 QStringLiteral("http://127.0.0.1:%1/hook").arg(closedPort()));
        QVERIFY(hasFinding(dialog, QStringLiteral("url"), Severity::Note)); // fine on a local server
        QVERIFY(sendEnabled(dialog));
        QSignalSpy answered(&dialog, &SetWebhookDialog::answered);
        QVERIFY(answered.isValid());
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("send")), Qt::LeftButton);
        QVERIFY(dialog.isSending());
        QVERIFY(!sendEnabled(dialog));
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 10000);
        QCOMPARE(answered.first().at(0).toBool(), false);
        auto *answer = child<QLabel>(dialog, QStringLiteral("answer"));
        QVERIFY2(answer->text().contains(QStringLiteral("An HTTPS URL must be provided for webhook")),
                 qPrintable(answer->text()));
        QVERIFY(answer->styleSheet().contains(QStringLiteral("#b00020")));
        QVERIFY(!answer->text().contains(QStringLiteral("TEST-fake-token")));
        QCOMPARE(dialog.result(), 0); // nothing accepted or closed it
        QVERIFY(sendEnabled(dialog));
    }

    void emulatorSetsTheWebhook()
    {
        EmulatorServer::Options options;
        options.settings.localMode = true; // http:// and any port, as telegram-bot-api --local
        EmulatorServer server(options);
        QString error;
        QVERIFY2(server.listen(&error), qPrintable(error));
        QVERIFY2(server.addBot(kToken, &error), qPrintable(error));
        auto client = clientFor(server.baseUrl());
        SetWebhookDialog dialog(*client);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString url = QStringLiteral("http://127.0.0.1:%1/hook").arg(closedPort());
        typeInto(child<QLineEdit>(dialog, QStringLiteral("url")), url);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("generateSecret")), Qt::LeftButton);
        child<QCheckBox>(dialog, QStringLiteral("sendAllowedUpdates"))->setChecked(true);
        child<QCheckBox>(dialog, QStringLiteral("chat_member"))->setChecked(true);
        child<QCheckBox>(dialog, QStringLiteral("dropPendingUpdates"))->setChecked(true);
        QVERIFY(sendEnabled(dialog));

        QSignalSpy answered(&dialog, &SetWebhookDialog::answered);
        QVERIFY(answered.isValid());
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("send")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 10000);
        QCOMPARE(answered.first().at(0).toBool(), true);
        auto *answer = child<QLabel>(dialog, QStringLiteral("answer"));
        QCOMPARE(answer->text(), QStringLiteral("Webhook was set"));
        QCOMPARE(dialog.answer(), QStringLiteral("Webhook was set"));
        QVERIFY(answer->styleSheet().isEmpty());
        QVERIFY(dialog.isVisible());

        // The emulator now reports it.
        const WebhookInfo info = WebhookInfo::fromJson(resultOf(WebhookCalls::getWebhookInfo(*client), &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(info.url, url);
        QVERIFY(info.allowedUpdates.contains(QStringLiteral("chat_member")));
        QCOMPARE(info.maxConnections, 40);

        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("send")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, 10000);
        QCOMPARE(answer->text(), QStringLiteral("Webhook is already set"));
    }
};

QTEST_MAIN(tst_SetWebhookDialog)
#include "tst_setwebhookdialog.moc"
