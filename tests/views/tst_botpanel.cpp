// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The bot panel against the real emulator over loopback: getMe's fields and the plain-language
// hints for each profile, and a refused token shown as an error without the token.
#include "../botapi/emulatedbotclient.h"
#include "widgetscreenshot.h"
#include "botapiclient.h"
#include "botpanel.h"
#include "emulatorserver.h"

#include <QDir>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kUnknownToken = QStringLiteral("987654321:TEST-another-fake-token-here");

const QString kPrivacyOn = QStringLiteral(
    "Privacy mode is on: in groups this bot only sees commands, replies to it and messages that mention it");
const QString kPrivacyOff = QStringLiteral("Privacy mode is off: the bot sees every message in its groups");
const QString kNoGroups = QStringLiteral("It cannot be added to groups");
const QString kNoInline =
    QStringLiteral("Inline mode is off: inline_query updates will not come (turn it on in @BotFather)");

bool anyHintContains(const QStringList &hints, const QString &text)
{
    return std::any_of(hints.begin(), hints.end(), [&text](const QString &hint) { return hint.contains(text); });
}

QString allLabelText(const QWidget &widget)
{
    QStringList texts;
    const QList<QLabel *> labels = widget.findChildren<QLabel *>();
    for (const QLabel *label : labels)
        if (label->isVisibleTo(&widget))
            texts << label->text();
    return texts.join(u'\n');
}

} // namespace

class tst_BotPanel : public QObject
{
    Q_OBJECT

private:
    EmulatedBotClient m_emulator;

private Q_SLOTS:
    void init()
    {
        QString error;
        QVERIFY2(m_emulator.start(kToken, false, &error), qPrintable(error));
    }
    void cleanup()
    {
        m_emulator.stop();
    }

    void startsEmpty()
    {
        BotPanel panel;
        QVERIFY(panel.bot().isEmpty());
        QVERIFY(panel.hints().isEmpty());
        QVERIFY(panel.errorText().isEmpty());
        QVERIFY(allLabelText(panel).contains(QStringLiteral("No bot connected")));
    }

    void profileHints_data()
    {
        QTest::addColumn<bool>("canJoinGroups");
        QTest::addColumn<bool>("readsAll");
        QTest::addColumn<bool>("inlineMode");
        QTest::newRow("new bot: privacy on") << true << false << true;
        QTest::newRow("privacy off") << true << true << true;
        QTest::newRow("inline off") << true << false << false;
        QTest::newRow("no groups, inline off") << false << false << false;
    }
    void profileHints()
    {
        QFETCH(bool, canJoinGroups);
        QFETCH(bool, readsAll);
        QFETCH(bool, inlineMode);
        BotProfile profile;
        profile.firstName = QStringLiteral("Echo <Test> & Co");
        profile.username = QStringLiteral("echo_test_bot");
        profile.canJoinGroups = canJoinGroups;
        profile.canReadAllGroupMessages = readsAll;
        profile.supportsInlineQueries = inlineMode;
        m_emulator.bot->setProfile(profile);

        BotPanel panel;
        panel.resize(460, 280); // about what a side panel gets
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy loaded(&panel, &BotPanel::loaded);
        QSignalSpy failed(&panel, &BotPanel::failed);
        QVERIFY(loaded.isValid() && failed.isValid());
        panel.load(*m_emulator.client);
        QVERIFY(panel.isLoading());
        QVERIFY(allLabelText(panel).contains(QStringLiteral("getMe")));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
        QCOMPARE(failed.size(), 0);
        QVERIFY(!panel.isLoading());

        QCOMPARE(panel.bot().value(u"id").toInteger(), 123456789);
        const QStringList hints = panel.hints();
        QCOMPARE(anyHintContains(hints, kPrivacyOn), !readsAll);
        QCOMPARE(anyHintContains(hints, kPrivacyOff), readsAll);
        QCOMPARE(anyHintContains(hints, kNoGroups), !canJoinGroups);
        QCOMPARE(anyHintContains(hints, kNoInline), !inlineMode);

        const QString shown = allLabelText(panel);
        QVERIFY2(shown.contains(QStringLiteral("123456789")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Echo <Test> & Co")), qPrintable(shown)); // plain text
        for (const QString &hint : hints)
            QVERIFY2(shown.contains(hint), qPrintable(shown));
        const auto *username = panel.findChild<QLabel *>(QStringLiteral("username"));
        QVERIFY(username);
        QVERIFY2(username->text().contains(QStringLiteral("href=\"https://t.me/echo_test_bot\"")),
                 qPrintable(username->text()));
        QVERIFY(username->text().contains(QStringLiteral("@echo_test_bot")));
        QVERIFY(username->openExternalLinks());
        QVERIFY(!shown.contains(QStringLiteral("TEST-fake-token")));

        if (!canJoinGroups && !inlineMode)
            saveScreenshot(panel, QStringLiteral("botpanel-limited"));
        else if (!readsAll && inlineMode)
            saveScreenshot(panel, QStringLiteral("botpanel-new-bot"));
    }

    void unknownTokenShowsErrorWithoutToken()
    {
        m_emulator.client->setEndpoint({m_emulator.server->baseUrl(), kUnknownToken, false});
        BotPanel panel;
        panel.resize(460, 280); // about what a side panel gets
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy failed(&panel, &BotPanel::failed);
        QSignalSpy loaded(&panel, &BotPanel::loaded);
        QVERIFY(failed.isValid() && loaded.isValid());
        panel.load(*m_emulator.client);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QCOMPARE(loaded.size(), 0);
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("401")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Unauthorized")), qPrintable(message));
        QCOMPARE(panel.errorText(), message);
        QVERIFY(panel.bot().isEmpty());
        QVERIFY(panel.hints().isEmpty());
        const QString shown = allLabelText(panel);
        QVERIFY2(shown.contains(message), qPrintable(shown));
        QVERIFY(!shown.contains(QStringLiteral("TEST-another-fake-token-here")));
        saveScreenshot(panel, QStringLiteral("botpanel-error"));
    }

    void setErrorRedacts()
    {
        BotPanel panel;
        panel.setError(u"failed at https://api.telegram.org/bot" + kToken + u"/getMe");
        QVERIFY2(!panel.errorText().contains(QStringLiteral("TEST-fake-token")), qPrintable(panel.errorText()));
        QVERIFY(panel.errorText().contains(QStringLiteral("123456789:***")));
        QVERIFY(!allLabelText(panel).contains(QStringLiteral("TEST-fake-token")));
    }

    void setBotThenClear()
    {
        BotPanel panel;
        panel.setBot(m_emulator.bot->user());
        QCOMPARE(panel.hints().size(), 1); // a new bot: privacy on, joins groups, inline on
        panel.setError(QStringLiteral("boom"));
        QVERIFY(panel.bot().isEmpty());
        QVERIFY(!panel.errorText().isEmpty());
        panel.clear();
        QVERIFY(panel.errorText().isEmpty());
        QVERIFY(panel.hints().isEmpty());
        QVERIFY(allLabelText(panel).contains(QStringLiteral("No bot connected")));
    }

    // A second load drops the first: one answer shown, from the second.
    void reloadDropsTheFirstCall()
    {
        BotPanel panel;
        QSignalSpy loaded(&panel, &BotPanel::loaded);
        QSignalSpy failed(&panel, &BotPanel::failed);
        QVERIFY(loaded.isValid() && failed.isValid());
        panel.load(*m_emulator.client);
        panel.load(*m_emulator.client);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
        QTest::qWait(100);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(failed.size(), 0);
    }
};

QTEST_MAIN(tst_BotPanel)
#include "tst_botpanel.moc"
