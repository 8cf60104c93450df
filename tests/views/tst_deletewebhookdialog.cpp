// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The deleteWebhook dialog against the real emulator: a webhook whose deliveries fail keeps its
// updates queued; deleting it with drop_pending_updates empties the queue, without keeps it, and
// the service's words are shown.
#include "../botapi/emulatedbotclient.h"
#include "botapiclient.h"
#include "callresult.h"
#include "emulatorserver.h"
#include "deletewebhookdialog.h"
#include "webhookinfo.h"
#include "webhooksettings.h"

#include <QCheckBox>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");

QByteArray textMessage(int n)
{
    return QStringLiteral("{\"message\":{\"message_id\":%1,\"date\":1700000000,\"chat\":{\"id\":7,\"type\":\"private\"},"
                          "\"from\":{\"id\":7,\"is_bot\":false,\"first_name\":\"A\"},\"text\":\"m%1\"}}")
        .arg(n)
        .toUtf8();
}
} // namespace

class tst_DeleteWebhookDialog : public QObject
{
    Q_OBJECT

private:
    EmulatedBotClient m_emulator;

    WebhookInfo info()
    {
        QString error;
        const QJsonObject result = resultOf(WebhookCalls::getWebhookInfo(*m_emulator.client), &error);
        if (!error.isEmpty())
            qWarning("getWebhookInfo failed: %s", qPrintable(error));
        return WebhookInfo::fromJson(result);
    }

    // A webhook on a loopback port nothing listens on, with `count` updates waiting for it.
    bool setFailingWebhook(int count)
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0))
                return false;
            port = probe.serverPort();
        }
        WebhookSettings settings;
        settings.url = QStringLiteral("http://127.0.0.1:%1/hook").arg(port);
        QString error;
        resultOf(WebhookCalls::setWebhook(*m_emulator.client, settings), &error);
        if (!error.isEmpty())
            return false;
        for (int i = 0; i < count; ++i)
            if (m_emulator.bot->inject(textMessage(i)) <= 0)
                return false;
        return true;
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        QVERIFY2(m_emulator.start(kToken, true, &error), qPrintable(error));
    }
    void cleanup()
    {
        m_emulator.stop();
    }

    void explainsAndShowsTheCount()
    {
        DeleteWebhookDialog dialog(*m_emulator.client);
        auto *explanation = dialog.findChild<QLabel *>(QStringLiteral("explanation"));
        QVERIFY(explanation);
        QVERIFY(explanation->text().contains(QStringLiteral("getUpdates")));
        auto *drop = dialog.findChild<QCheckBox *>(QStringLiteral("dropPendingUpdates"));
        QVERIFY(drop);
        QVERIFY(!drop->isChecked());
        QVERIFY(!drop->text().contains(QStringLiteral("12")));
        dialog.setPendingCount(12);
        QVERIFY2(drop->text().contains(QStringLiteral("12 pending updates")), qPrintable(drop->text()));
        dialog.setPendingCount(1);
        QVERIFY2(drop->text().contains(QStringLiteral("1 pending update ")), qPrintable(drop->text()));
    }

    void deleteWithDrop()
    {
        QVERIFY(setFailingWebhook(3));
        const WebhookInfo before = info();
        QVERIFY(before.hasWebhook());
        QCOMPARE(before.pendingUpdateCount, 3); // deliveries fail: nothing leaves the queue

        DeleteWebhookDialog dialog(*m_emulator.client);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setPendingCount(before.pendingUpdateCount);
        auto *drop = dialog.findChild<QCheckBox *>(QStringLiteral("dropPendingUpdates"));
        QVERIFY(drop->text().contains(QStringLiteral("3 pending updates")));
        QTest::mouseClick(drop, Qt::LeftButton);
        QVERIFY(dialog.dropPendingUpdates());
        QSignalSpy answered(&dialog, &DeleteWebhookDialog::answered);
        QVERIFY(answered.isValid());
        auto *button = dialog.findChild<QPushButton *>(QStringLiteral("delete"));
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(dialog.isSending());
        QVERIFY(!button->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 10000);
        QCOMPARE(answered.first().at(0).toBool(), true);
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("answer"))->text(), QStringLiteral("Webhook was deleted"));
        QVERIFY(button->isEnabled());
        QVERIFY(dialog.isVisible());

        const WebhookInfo after = info();
        QVERIFY(!after.hasWebhook());
        QCOMPARE(after.pendingUpdateCount, 0);

        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, 10000);
        QCOMPARE(dialog.answer(), QStringLiteral("Webhook is already deleted"));
    }

    void deleteKeepsPendingWithoutDrop()
    {
        QVERIFY(setFailingWebhook(2));
        DeleteWebhookDialog dialog(*m_emulator.client);
        QSignalSpy answered(&dialog, &DeleteWebhookDialog::answered);
        QVERIFY(answered.isValid());
        dialog.send();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 10000);
        QCOMPARE(dialog.answer(), QStringLiteral("Webhook was deleted"));
        const WebhookInfo after = info();
        QVERIFY(!after.hasWebhook());
        QCOMPARE(after.pendingUpdateCount, 2); // now waiting for getUpdates
    }

    void refusedTokenShownAsError()
    {
        m_emulator.client->setEndpoint({m_emulator.server->baseUrl(), QStringLiteral("987654321:TEST-another-fake-token-here"), false});
        DeleteWebhookDialog dialog(*m_emulator.client);
        QSignalSpy answered(&dialog, &DeleteWebhookDialog::answered);
        QVERIFY(answered.isValid());
        dialog.send();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 10000);
        QCOMPARE(answered.first().at(0).toBool(), false);
        auto *answer = dialog.findChild<QLabel *>(QStringLiteral("answer"));
        QVERIFY2(answer->text().contains(QStringLiteral("Unauthorized")), qPrintable(answer->text()));
        QVERIFY(answer->styleSheet().contains(QStringLiteral("#b00020")));
        QVERIFY(!answer->text().contains(QStringLiteral("TEST-another-fake-token-here")));
    }
};

QTEST_MAIN(tst_DeleteWebhookDialog)
#include "tst_deletewebhookdialog.moc"
