// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The GUI's live sources as a user drives them, against the real emulator over loopback: connecting
// through the dialog, the bot panel, pause/resume, the webhook question, failures, the saved
// connection without a keychain, disconnecting — and the token nowhere but in the request URLs.
#include "appcontroller.h"
#include "botpanel.h"
#include "botsession.h"
#include "connectdialog.h"
#include "demosession.h"
#include "emulatorserver.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "pollerstatus.h"
#include "savedconnection.h"
#include "updatefilterproxy.h"
#include "updatestore.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kSecret = QStringLiteral("TEST-fake-token-not-a-real-bot");

QByteArray textIn(int n)
{
    return QStringLiteral("{\"message\":{\"message_id\":%1,\"date\":1700000000,\"chat\":{\"id\":42,\"type\":\"private\"},"
                          "\"text\":\"m%1\"}}").arg(n).toUtf8();
}

PollerOptions quickOptions()
{
    PollerOptions options;
    options.timeoutSeconds = 2;
    return options;
}

// Every text the window shows: title, labels (notice, status bar, bot panel), actions, message.
QStringList shownTexts(const MainWindow &window)
{
    QStringList texts{window.windowTitle(), window.statusBar()->currentMessage(), window.noticeBar()->details()};
    for (const QLabel *label : window.findChildren<QLabel *>())
        texts << label->text() << label->toolTip();
    for (const QAction *action : window.findChildren<QAction *>())
        texts << action->text() << action->toolTip();
    return texts;
}
} // namespace

class TestAppController : public QObject
{
    Q_OBJECT

    std::unique_ptr<EmulatorServer> m_server;
    EmulatedBot *m_bot = nullptr;
    QStringList m_journals;

    BotApiEndpoint endpoint() const { return {m_server->baseUrl(), kToken, false}; }

    void checkNoToken(const MainWindow &window)
    {
        for (const QString &text : shownTexts(window))
            QVERIFY2(!text.contains(kSecret), qPrintable(text));
    }

    void checkSettingsHaveNoToken()
    {
        QSettings settings;
        settings.sync();
        const QStringList keys = settings.allKeys();
        for (const QString &key : keys) {
            const QVariant value = settings.value(key);
            const QString text = key + u'=' + value.toString() + value.toStringList().join(u',');
            QVERIFY2(!text.contains(kSecret), qPrintable(text));
        }
        QFile file(settings.fileName());
        if (file.open(QIODevice::ReadOnly))
            QVERIFY(!file.readAll().contains(kSecret.toUtf8()));
    }

    // Connects as a user does: the dialog, its fields, Connect.
    void connectThroughDialog(AppController &controller, bool remember)
    {
        QSignalSpy shown(&controller, &AppController::connectDialogShown);
        QVERIFY(shown.isValid());
        controller.connectAction()->trigger();
        QCOMPARE(shown.size(), 1);
        ConnectDialog *dialog = controller.connectDialog();
        QVERIFY(dialog);
        QCOMPARE(shown.first().first().value<ConnectDialog *>(), dialog);
        QVERIFY(dialog->isVisible());
        dialog->setEndpoint(endpoint());
        dialog->setPollerOptions(quickOptions());
        dialog->setRememberToken(remember);
        QVERIFY(dialog->isAcceptable());
        dialog->accept();
        QVERIFY(controller.session());
        m_journals << controller.session()->journalPath();
    }

    void setWebhook()
    {
        QNetworkAccessManager network;
        BotApiClient client(&network);
        client.setEndpoint(endpoint());
        BotApiCall *set = client.call(QStringLiteral("setWebhook"), {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/hook")}});
        QSignalSpy done(set, &BotApiCall::finished);
        QVERIFY(done.isValid());
        QVERIFY(done.wait(5000));
        QVERIFY(!set->error().isError());
        QVERIFY(m_bot->webhook());
    }

private Q_SLOTS:
    void initTestCase()
    {
        // No session bus: the keychain is unavailable, as without one; a real one stays untouched.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/update-inspector-test-bus");
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("update-inspector-tests"));
        QApplication::setApplicationName(QStringLiteral("tst_appcontroller"));
        qInfo("settings: %s", qPrintable(QSettings().fileName()));
        qRegisterMetaType<ConnectDialog *>();
        qRegisterMetaType<QMessageBox *>();
    }

    void init()
    {
        QSettings().clear();
        EmulatorServer::Options options;
        options.settings.localMode = true; // a webhook on http://127.0.0.1 is accepted
        options.settings.firstUpdateId = 1;
        m_server = std::make_unique<EmulatorServer>(options);
        QString error;
        QVERIFY2(m_server->listen(&error), qPrintable(error));
        QCOMPARE(m_server->baseUrl().host(), QStringLiteral("127.0.0.1"));
        m_bot = m_server->addBot(kToken);
        QVERIFY(m_bot);
    }

    void cleanup()
    {
        m_server.reset();
        for (const QString &path : std::as_const(m_journals))
            QFile::remove(path);
        m_journals.clear();
        QSettings().clear();
    }

    void journalPerBotAndServer_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("test");
        QTest::addColumn<QString>("fileName");
        QTest::newRow("cloud") << "https://api.telegram.org" << false << "123456789-api.telegram.org.jsonl";
        QTest::newRow("test environment") << "https://api.telegram.org" << true << "123456789-test-api.telegram.org.jsonl";
        QTest::newRow("local server") << "http://127.0.0.1:8081" << false << "123456789-127.0.0.1-8081.jsonl";
        QTest::newRow("ipv6") << "http://[::1]:8081" << false << "123456789-__1-8081.jsonl";
    }
    void journalPerBotAndServer()
    {
        QFETCH(QString, url);
        QFETCH(bool, test);
        QFETCH(QString, fileName);
        const QString path = BotSession::defaultJournalPath({QUrl(url), kToken, test});
        QCOMPARE(QFileInfo(path).fileName(), fileName);
        QCOMPARE(QFileInfo(path).absolutePath(),
                 QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/capture"));
        QVERIFY(!path.contains(kSecret));
    }

    void connectingThroughTheDialog()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        window.show();
        connectThroughDialog(controller, true);
        if (QTest::currentTestFailed())
            return;
        const QString name = endpoint().displayName();
        QCOMPARE(window.noticeBar()->text().left(8 + name.size()), QStringLiteral("Polling ") + name);
        QVERIFY(window.windowTitle().startsWith(name));
        QCOMPARE(QFileInfo(controller.session()->journalPath()).fileName(),
                 QStringLiteral("123456789-127.0.0.1-%1.jsonl").arg(m_server->port()));

        for (int n = 1; n <= 5; ++n)
            QVERIFY(m_bot->inject(textIn(n)) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 5, 10000);
        QTRY_COMPARE(window.proxy()->rowCount(), 5);
        for (qsizetype row = 0; row < store.size(); ++row)
            QCOMPARE(store.entry(row).updateId, row + 1);
        QCOMPARE(controller.pollerStatus()->label()->text(), QStringLiteral("polling"));
        QVERIFY(controller.pollerStatus()->label()->isVisible());

        // The bot panel, docked on the right, shows getMe's answer.
        QVERIFY(controller.botDock()->isVisible());
        QCOMPARE(window.dockWidgetArea(controller.botDock()), Qt::RightDockWidgetArea);
        QTRY_VERIFY(!controller.botPanel()->bot().isEmpty());
        QCOMPARE(controller.botPanel()->bot().value(u"id").toInteger(), m_bot->id());

        // The connection is remembered; the token is not, anywhere in the settings.
        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("connection/botId")).toLongLong(), 123456789);
        QCOMPARE(settings.value(QStringLiteral("connection/baseUrl")).toString(), m_server->baseUrl().toString());
        QCOMPARE(settings.value(QStringLiteral("connection/timeout")).toInt(), 2);
        checkSettingsHaveNoToken();
        // Without a keychain the token is not stored either, and the user is told.
        QTRY_VERIFY_WITH_TIMEOUT(window.noticeBar()->text().contains(QStringLiteral("could not be stored")), 20000);
        checkNoToken(window);
    }

    void notRememberedLeavesNoSettings()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        connectThroughDialog(controller, false);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!QSettings().contains(QStringLiteral("connection/botId")));
        QVERIFY(!SavedConnection::load());
    }

    void pauseAndResume()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        QVERIFY(controller.connectTo(endpoint(), quickOptions()));
        m_journals << controller.session()->journalPath();
        QAction *pause = controller.pollerStatus()->pauseAction();
        QTRY_VERIFY(m_bot->hasPendingPoll());
        QVERIFY(pause->isEnabled());
        QVERIFY(!pause->isChecked());

        pause->trigger();
        QVERIFY(pause->isChecked());
        QCOMPARE(controller.activePoller()->state(), PollerState::Paused);
        QCOMPARE(controller.pollerStatus()->label()->text(), QStringLiteral("paused"));
        QVERIFY(m_bot->inject(textIn(1)) > 0);
        QVERIFY(m_bot->inject(textIn(2)) > 0);
        QTest::qWait(500);
        QCOMPARE(store.size(), 0);

        pause->trigger();
        QVERIFY(!pause->isChecked());
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 2, 10000);
        QCOMPARE(controller.pollerStatus()->label()->text(), QStringLiteral("polling"));
    }

    void webhookConflictAsks_data()
    {
        QTest::addColumn<bool>("drop");
        QTest::newRow("keep pending") << false;
        QTest::newRow("drop pending") << true;
    }
    void webhookConflictAsks()
    {
        QFETCH(bool, drop);
        QVERIFY(m_bot->inject(textIn(1)) > 0);
        setWebhook();
        if (QTest::currentTestFailed())
            return;
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        window.show();
        QSignalSpy asked(controller.pollerStatus(), &PollerStatus::webhookQuestionShown);
        QVERIFY(asked.isValid());
        QVERIFY(controller.connectTo(endpoint(), quickOptions()));
        m_journals << controller.session()->journalPath();
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 5000);
        QMessageBox *box = controller.pollerStatus()->webhookQuestion();
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(controller.activePoller()->conflict(), ConflictKind::WebhookActive);
        QCOMPARE(controller.pollerStatus()->label()->text(), QStringLiteral("conflict: not polling"));
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("webhook is set")), qPrintable(window.noticeBar()->text()));
        checkNoToken(window);
        for (const QWidget *widget : box->findChildren<QLabel *>())
            QVERIFY(!static_cast<const QLabel *>(widget)->text().contains(kSecret));

        auto *button = box->findChild<QPushButton *>(drop ? QStringLiteral("deleteWebhookDropPending")
                                                          : QStringLiteral("deleteWebhook"));
        QVERIFY(button);
        button->click();
        QTRY_VERIFY(!m_bot->webhook());
        QTRY_COMPARE(controller.pollerStatus()->label()->text(), QStringLiteral("polling"));
        QTRY_VERIFY(m_bot->hasPendingPoll());
        QCOMPARE(store.size(), drop ? 0 : 1);
        QVERIFY(window.noticeBar()->text().startsWith(QStringLiteral("Polling ")));
        QTRY_VERIFY(!controller.pollerStatus()->webhookQuestion());
        QCOMPARE(asked.size(), 1);
    }

    void cancellingTheWebhookQuestionKeepsTheConflict()
    {
        setWebhook();
        if (QTest::currentTestFailed())
            return;
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        QSignalSpy asked(controller.pollerStatus(), &PollerStatus::webhookQuestionShown);
        QVERIFY(asked.isValid());
        QVERIFY(controller.connectTo(endpoint(), quickOptions()));
        m_journals << controller.session()->journalPath();
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 5000);
        controller.pollerStatus()->webhookQuestion()->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!controller.pollerStatus()->webhookQuestion());
        QVERIFY(m_bot->webhook());
        QCOMPARE(controller.activePoller()->state(), PollerState::Conflict);
    }

    void failureIsExplained()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        const QString unknown = QStringLiteral("987654321:TEST-not-known-to-the-emulator");
        QVERIFY(controller.connectTo({m_server->baseUrl(), unknown, false}, quickOptions()));
        m_journals << controller.session()->journalPath();
        QTRY_COMPARE_WITH_TIMEOUT(controller.activePoller()->state(), PollerState::Failed, 5000);
        QCOMPARE(controller.pollerStatus()->label()->text(), QStringLiteral("failed: not polling"));
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("stopped")), qPrintable(window.noticeBar()->text()));
        QVERIFY(!controller.pollerStatus()->pauseAction()->isEnabled());
        QTRY_VERIFY(!controller.botPanel()->errorText().isEmpty());
        for (const QString &text : shownTexts(window))
            QVERIFY2(!text.contains(QStringLiteral("TEST-not-known")), qPrintable(text));
    }

    void savedConnectionWithoutKeychainAsks()
    {
        PollerOptions options = quickOptions();
        options.limit = 7;
        SavedConnection::from(endpoint(), options).save();
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        window.show();
        controller.startUp();
        QTRY_VERIFY_WITH_TIMEOUT(controller.connectDialog(), 20000);
        ConnectDialog *dialog = controller.connectDialog();
        // Prefilled with all but the token.
        QCOMPARE(dialog->tokenState(), ConnectDialog::FieldState::Empty);
        QCOMPARE(dialog->endpoint().baseUrl, m_server->baseUrl());
        QCOMPARE(dialog->pollerOptions().limit, 7);
        QVERIFY(dialog->rememberToken());
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("Enter the token")), qPrintable(window.noticeBar()->text()));
        QVERIFY(!controller.session());
        dialog->setEndpoint(endpoint());
        dialog->accept();
        QVERIFY(controller.session());
        m_journals << controller.session()->journalPath();
        QVERIFY(m_bot->inject(textIn(1)) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 1, 10000);
        checkSettingsHaveNoToken();
    }

    void cancellingTheAskStartsTheDemo()
    {
        SavedConnection::from(endpoint(), quickOptions()).save();
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        controller.startUp();
        QTRY_VERIFY_WITH_TIMEOUT(controller.connectDialog(), 20000);
        controller.connectDialog()->reject();
        QVERIFY(controller.demo());
        QVERIFY(!controller.session());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Demo")));
        QTRY_VERIFY_WITH_TIMEOUT(store.size() >= 1, 15000);
        QVERIFY(SavedConnection::load()); // still remembered for the next start
    }

    void theUserActingFirstWinsOverTheKeychain()
    {
        SavedConnection::from(endpoint(), quickOptions()).save();
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        controller.startUp(); // the keychain answers later
        QVERIFY(controller.connectTo(endpoint(), quickOptions()));
        m_journals << controller.session()->journalPath();
        QTest::qWait(1000);
        QVERIFY(!controller.connectDialog()); // the keychain's "unavailable" asks nothing
        QVERIFY(controller.session());
        QVERIFY(window.noticeBar()->text().startsWith(QStringLiteral("Polling ")));
    }

    void withoutSavedConnectionTheDemoRuns()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        controller.startUp();
        QVERIFY(controller.demo());
        QVERIFY(!controller.disconnectAction()->isEnabled());
        QTRY_VERIFY(!controller.botPanel()->bot().isEmpty()); // the demo bot, one click away
        QVERIFY(controller.botDock()->isHidden());
        // The dialog offers the demo; choosing our bot instead ends the demo.
        controller.openConnectDialog();
        ConnectDialog *dialog = controller.connectDialog();
        QVERIFY(dialog);
        dialog->choosePreset(ConnectDialog::Preset::Demo);
        QVERIFY(dialog->isDemo());
        QCOMPARE(dialog->endpoint().baseUrl, controller.demo()->endpoint().baseUrl);
        dialog->setEndpoint(endpoint());
        dialog->setPollerOptions(quickOptions());
        dialog->accept();
        m_journals << controller.session()->journalPath();
        QVERIFY(!controller.demo());
        QVERIFY(controller.disconnectAction()->isEnabled());
        QCOMPARE(store.size(), 0); // the demo's updates are gone with it
        QVERIFY(m_bot->inject(textIn(1)) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 1, 10000);
    }

    void disconnectKeepsTheCaptureAndForgets()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        connectThroughDialog(controller, true);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(SavedConnection::load());
        QVERIFY(m_bot->inject(textIn(1)) > 0);
        QVERIFY(m_bot->inject(textIn(2)) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 2, 10000);
        controller.disconnectAction()->trigger();
        QVERIFY(!controller.session());
        QVERIFY(!controller.demo());
        QCOMPARE(store.size(), 2);
        QVERIFY(!SavedConnection::load());
        QVERIFY(!controller.disconnectAction()->isEnabled());
        QVERIFY(!controller.pollerStatus()->pauseAction()->isEnabled());
        QVERIFY(controller.pollerStatus()->label()->isHidden());
        QVERIFY2(window.noticeBar()->text().startsWith(QStringLiteral("Disconnected")), qPrintable(window.noticeBar()->text()));
        checkNoToken(window);
        QVERIFY(m_bot->inject(textIn(3)) > 0);
        QTest::qWait(300);
        QCOMPARE(store.size(), 2);
    }

    void openingALogEndsPolling()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        QVERIFY(controller.connectTo(endpoint(), quickOptions()));
        m_journals << controller.session()->journalPath();
        QVERIFY(window.openSample());
        QVERIFY(!controller.session());
        const qsizetype rows = store.size();
        QVERIFY(m_bot->inject(textIn(1)) > 0);
        QTest::qWait(300);
        QCOMPARE(store.size(), rows);
    }

    // With UI_SCREENSHOT_DIR set: the connect dialog as start-up shows it without a keychain,
    // and the window with the webhook question, grabbed for a person to look at.
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("UI_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("UI_SCREENSHOT_DIR is not set");
        SavedConnection::from(endpoint(), quickOptions()).save();
        setWebhook();
        if (QTest::currentTestFailed())
            return;
        UpdateStore store;
        MainWindow window(&store);
        AppController controller(window, store);
        window.show();
        controller.startUp();
        QTRY_VERIFY_WITH_TIMEOUT(controller.connectDialog(), 20000);
        ConnectDialog *dialog = controller.connectDialog();
        QVERIFY(dialog->grab().save(dir + QStringLiteral("/connect-dialog-asked.png")));
        dialog->setEndpoint(endpoint());
        QVERIFY(dialog->grab().save(dir + QStringLiteral("/connect-dialog-filled.png")));
        QVERIFY(window.grab().save(dir + QStringLiteral("/window-asked.png")));
        QSignalSpy asked(controller.pollerStatus(), &PollerStatus::webhookQuestionShown);
        QVERIFY(asked.isValid());
        dialog->accept();
        m_journals << controller.session()->journalPath();
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 5000);
        QTest::qWait(300); // the bot panel's getMe
        QVERIFY(window.grab().save(dir + QStringLiteral("/window-conflict.png")));
        QVERIFY(controller.pollerStatus()->webhookQuestion()->grab().save(dir + QStringLiteral("/webhook-question.png")));
    }
};

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
