// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The Webhook menu as a user drives it, against the demo's emulated bot (a local-mode emulator on
// loopback): start the listener, point the bot's webhook at it through the Set Webhook dialog, see
// the updates arrive through the listener into the stream, read the health panel, delete the
// webhook again.
#include "appcontroller.h"
#include "deletewebhookdialog.h"
#include "demosession.h"
#include "listenerpanel.h"
#include "listenerrequestmodel.h"
#include "listenerstats.h"
#include "listenerdialog.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "setwebhookdialog.h"
#include "updatestore.h"
#include "webhookcontroller.h"
#include "webhookhealthpanel.h"

#include "../views/widgetscreenshot.h"

#include <QApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;

namespace {
bool hasWarning(const WebhookHealthPanel &panel, const QString &id)
{
    for (const HealthWarning &warning : panel.warnings()) {
        if (warning.id == id)
            return true;
    }
    return false;
}

qsizetype rowsFrom(const UpdateStore &store, UpdateSource source)
{
    return std::count_if(store.entries().begin(), store.entries().end(),
                         [source](const UpdateIndexEntry &entry) { return entry.source == source; });
}
} // namespace

class TestWebhookController : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    ListenerOptions listenerOptions(const QString &secret = {}) const
    {
        ListenerOptions options;
        options.path = QStringLiteral("/webhook");
        options.secretToken = secret;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/update-inspector-test-bus");
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("update-inspector-tests"));
        QApplication::setApplicationName(QStringLiteral("tst_webhookcontroller"));
        QVERIFY(m_dir.isValid());
    }

    void theDemoBotsWebhookReachesTheListener()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController app(window, store);
        WebhookController webhooks(window, store, app);
        window.show();
        QVERIFY(app.startDemo());

        const QString secret = QStringLiteral("demo-listener-secret");
        QVERIFY(webhooks.startListener(listenerOptions(secret), {}, m_dir.filePath(QStringLiteral("listener.jsonl"))));
        QVERIFY(webhooks.listener()->isListening());
        QVERIFY(webhooks.listenerDock()->isVisible());
        QVERIFY2(window.noticeBar()->text().contains(webhooks.listener()->localUrl().toString()),
                 qPrintable(window.noticeBar()->text()));

        webhooks.openSetWebhookDialog();
        SetWebhookDialog *dialog = webhooks.setWebhookDialog();
        QVERIFY(dialog);
        dialog->pointAtListener(); // no tunnel: the listener's own URL and secret
        QCOMPARE(dialog->settings().url, webhooks.listener()->localUrl().toString());
        QCOMPARE(dialog->settings().secretToken, secret);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isProbing(), 5000);
        QVERIFY2(dialog->canSend(), qPrintable(dialog->findings().value(0).message));
        QSignalSpy answered(dialog, &SetWebhookDialog::answered);
        dialog->send();
        QVERIFY(answered.wait(5000));
        QCOMPARE(answered.first().first().toBool(), true);
        QCOMPARE(dialog->answer(), QStringLiteral("Webhook was set"));

        // The demo keeps feeding its bot; the updates now come through the listener, secret checked.
        QTRY_VERIFY_WITH_TIMEOUT(rowsFrom(store, UpdateSource::Webhook) >= 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(webhooks.listenerPanel()->model()->rowCount() >= 2, 5000);
        const WebhookRequest first = webhooks.listenerPanel()->model()->request(0);
        QCOMPARE(first.verdict, WebhookVerdict::Accepted);
        QVERIFY(first.badges & SecretMatched);

        // Health: the URL is the listener's, and the poller meets the webhook (409) — warned.
        webhooks.healthDock()->show();
        QSignalSpy refreshed(&webhooks, &WebhookController::healthRefreshed);
        webhooks.refreshHealth();
        QTRY_VERIFY_WITH_TIMEOUT(webhooks.healthPanel()->hasInfo()
                                     && webhooks.healthPanel()->info().url == webhooks.listener()->localUrl().toString()
                                     && hasWarning(*webhooks.healthPanel(), QStringLiteral("poller-conflict")),
                                 10000);
        QVERIFY(!hasWarning(*webhooks.healthPanel(), QStringLiteral("not-this-listener")));
        window.resize(1400, 900);
        webhooks.listenerDock()->raise();
        QTRY_VERIFY(webhooks.listenerPanel()->isVisible());
        // The figures follow the table within the panel's refresh interval.
        QTRY_COMPARE(webhooks.listenerPanel()->findChild<QLabel *>(QStringLiteral("total"))->text(),
                     QString::number(webhooks.listenerPanel()->model()->rowCount()));
        saveScreenshot(window, QStringLiteral("app-listener"));
        webhooks.healthDock()->raise();
        saveScreenshot(window, QStringLiteral("app-health"));

        webhooks.openDeleteWebhookDialog();
        DeleteWebhookDialog *remove = webhooks.deleteWebhookDialog();
        QVERIFY(remove);
        QSignalSpy deleted(remove, &DeleteWebhookDialog::answered);
        remove->send();
        QVERIFY(deleted.wait(5000));
        QCOMPARE(deleted.first().first().toBool(), true);
        QTRY_VERIFY_WITH_TIMEOUT(webhooks.healthPanel()->hasInfo() && webhooks.healthPanel()->info().url.isEmpty(), 10000);
        QVERIFY(hasWarning(*webhooks.healthPanel(), QStringLiteral("no-webhook")));
    }

    void aBusyPortIsReportedAndNothingStarts()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        UpdateStore store;
        MainWindow window(&store);
        AppController app(window, store);
        WebhookController webhooks(window, store, app);
        ListenerOptions options = listenerOptions();
        options.port = busy.serverPort();
        QVERIFY(!webhooks.startListener(options, {}, m_dir.filePath(QStringLiteral("busy.jsonl"))));
        QVERIFY(!webhooks.listener());
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("Could not start the webhook listener")),
                 qPrintable(window.noticeBar()->text()));
    }

    void aTokenInTheListenerPathIsShownRedacted()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController app(window, store);
        WebhookController webhooks(window, store, app);
        ListenerOptions options = listenerOptions();
        options.path = QStringLiteral("/bot123456789:TEST-fake-token-not-a-real-bot");
        QVERIFY(webhooks.startListener(options, {}, m_dir.filePath(QStringLiteral("token.jsonl"))));
        const QString secretPart = QStringLiteral("TEST-fake-token-not-a-real-bot");
        QVERIFY(webhooks.listenerPanel()->statusText().contains(QStringLiteral("/bot123456789:")));
        QVERIFY(!webhooks.listenerPanel()->statusText().contains(secretPart));
        QVERIFY(!window.noticeBar()->text().contains(secretPart));
        for (const QLabel *label : window.findChildren<QLabel *>())
            QVERIFY2(!label->text().contains(secretPart), qPrintable(label->text()));
    }

    // The listener dialog's "flush before each answer" reaches the journal: the notice says so
    // and an update posted to the listener is on the disk (flushedSize) when its 200 arrives.
    void theDialogsFlushChoiceReachesTheJournal()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController app(window, store);
        WebhookController webhooks(window, store, app);
        webhooks.openListenerDialog();
        ListenerDialog *dialog = webhooks.listenerDialog();
        QVERIFY(dialog);
        dialog->setJournalSync(CaptureJournal::Sync::EachAppend);
        dialog->accept();
        QVERIFY(webhooks.listener());
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("flushed to the disk before the 200")),
                 qPrintable(window.noticeBar()->text()));
        QCOMPARE(webhooks.journal()->sync(), CaptureJournal::Sync::EachAppend);
        const qint64 before = webhooks.journal()->size();

        QNetworkAccessManager nam;
        QNetworkRequest request(webhooks.listener()->localUrl());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        std::unique_ptr<QNetworkReply> reply(nam.post(request, QByteArray("{\"update_id\":" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + ",\n\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"hi\"}}")));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(webhooks.journal()->size() > before);
        QCOMPARE(webhooks.journal()->flushedSize(), webhooks.journal()->size());
        webhooks.stopListener();
    }

    void openingALogStopsTheListener()
    {
        UpdateStore store;
        MainWindow window(&store);
        AppController app(window, store);
        WebhookController webhooks(window, store, app);
        QVERIFY(webhooks.startListener(listenerOptions(), {}, m_dir.filePath(QStringLiteral("log.jsonl"))));
        QVERIFY(window.openSample());
        QVERIFY(!webhooks.listener());
    }
};

QTEST_MAIN(TestWebhookController)
#include "tst_webhookcontroller.moc"
