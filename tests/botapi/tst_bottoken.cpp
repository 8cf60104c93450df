// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "bottoken.h"

#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {
// The shape of a real token (this one is the example from Telegram's documentation).
const QString kToken = u"123456789:TEST-fake-token-not-a-real-bot"_s;
const QString kSecret = u"TEST-fake-token-not-a-real-bot"_s;
} // namespace

class tst_BotToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isWellFormed_data();
    void isWellFormed();
    void botId_data();
    void botId();
    void redacted_data();
    void redacted();
    void redact_data();
    void redact();
};

void tst_BotToken::isWellFormed_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("wellFormed");
    QTest::newRow("real-looking") << kToken << true;
    QTest::newRow("short id") << u"1:secret"_s << true;
    QTest::newRow("empty secret") << u"123:"_s << true; // the server checks only the id part
    QTest::newRow("largest id") << u"18014398509481983:abc"_s << true; // 2^54 - 1
    QTest::newRow("80 chars") << QString(u"1:"_s + QString(78, u'a')) << true;
    QTest::newRow("81 chars") << QString(u"1:"_s + QString(79, u'a')) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("leading zero") << u"0123456789:TEST-fake-token-not-a-real-bot"_s << false;
    QTest::newRow("zero id") << u"0:TEST-fake-token-not-a-real-bot"_s << false;
    QTest::newRow("no colon") << u"123456789TEST-fake-token-not-a-real-bot"_s << false;
    QTest::newRow("colon first") << u":TEST-fake-token-not-a-real-bot"_s << false;
    QTest::newRow("slash") << u"123456789:AAHdqTcvCH1vGWJx/SeofSAs0K5PALDsaw"_s << false;
    QTest::newRow("id 2^54") << u"18014398509481984:abc"_s << false;
    QTest::newRow("id beyond int64") << u"99999999999999999999:abc"_s << false;
    QTest::newRow("negative id") << u"-5:abc"_s << false;
    QTest::newRow("plus sign") << u"+5:abc"_s << false;
    QTest::newRow("space before id") << u" 5:abc"_s << false;
    QTest::newRow("space after id") << u"5 :abc"_s << false;
    QTest::newRow("letters in id") << u"12a:abc"_s << false;
}

void tst_BotToken::isWellFormed()
{
    QFETCH(QString, token);
    QFETCH(bool, wellFormed);
    QCOMPARE(BotToken::isWellFormed(token), wellFormed);
}

void tst_BotToken::botId_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<qint64>("id");
    QTest::newRow("real-looking") << kToken << qint64(123456789);
    QTest::newRow("largest") << u"18014398509481983:x"_s << qint64(18014398509481983LL);
    QTest::newRow("malformed") << u"0123:x"_s << qint64(0);
    QTest::newRow("no colon") << u"123456"_s << qint64(0);
    QTest::newRow("too big") << u"18014398509481984:x"_s << qint64(0);
    QTest::newRow("colon in secret") << u"42:ab:cd"_s << qint64(42);
}

void tst_BotToken::botId()
{
    QFETCH(QString, token);
    QFETCH(qint64, id);
    QCOMPARE(BotToken::botId(token), id);
}

void tst_BotToken::redacted_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("expected");
    QTest::newRow("real-looking") << kToken << u"123456789:***"_s;
    QTest::newRow("short") << u"123456:abc"_s << u"123456:***"_s;
    QTest::newRow("no colon: nothing shown") << kSecret << u"***"_s;
    QTest::newRow("empty") << QString() << u"***"_s;
}

void tst_BotToken::redacted()
{
    QFETCH(QString, token);
    QFETCH(QString, expected);
    const QString shown = BotToken::redacted(token);
    QCOMPARE(shown, expected);
    QVERIFY(!shown.contains(u"abc") && !shown.contains(kSecret));
}

void tst_BotToken::redact_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bare token") << kToken << u"123456789:***"_s;
    QTest::newRow("method URL")
        << u"https://api.telegram.org/bot123456789:TEST-fake-token-not-a-real-bot/getMe"_s
        << u"https://api.telegram.org/bot123456789:***/getMe"_s;
    QTest::newRow("file URL")
        << u"https://api.telegram.org/file/bot123456789:TEST-fake-token-not-a-real-bot/photos/file_0.jpg"_s
        << u"https://api.telegram.org/file/bot123456789:***/photos/file_0.jpg"_s;
    QTest::newRow("test environment URL")
        << u"http://localhost:8081/bot123456789:TEST-fake-token-not-a-real-bot/test/sendMessage"_s
        << u"http://localhost:8081/bot123456789:***/test/sendMessage"_s;
    QTest::newRow("percent-encoded colon")
        << u"https://example.com/hook?token=123456789%3ATEST-fake-token-not-a-real-bot&x=1"_s
        << u"https://example.com/hook?token=123456789:***&x=1"_s;
    QTest::newRow("percent-encoded colon, lower case")
        << u"token=123456789%3aTEST-fake-token-not-a-real-bot"_s << u"token=123456789:***"_s;
    QTest::newRow("two tokens")
        << u"old 111:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, new 222:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB."_s
        << u"old 111:***, new 222:***."_s;
    QTest::newRow("in quotes")
        << u"token \"123456789:TEST-fake-token-not-a-real-bot\" rejected"_s
        << u"token \"123456789:***\" rejected"_s;
    QTest::newRow("secret with - and _") << u"7:abcdefghij-_klmnopqrstu"_s << u"7:***"_s;
    QTest::newRow("no token") << u"Conflict: terminated by other getUpdates request"_s
                              << u"Conflict: terminated by other getUpdates request"_s;
    QTest::newRow("time") << u"Meeting at 12:30 tomorrow"_s << u"Meeting at 12:30 tomorrow"_s;
    QTest::newRow("ratio") << u"score 123:45"_s << u"score 123:45"_s;
    QTest::newRow("timestamp") << u"2026-11-21T12:30:00Z"_s << u"2026-11-21T12:30:00Z"_s;
    QTest::newRow("port") << u"http://localhost:8081/health"_s << u"http://localhost:8081/health"_s;
    QTest::newRow("short secret") << u"id 5:abcdefghijklmnopqrs"_s << u"id 5:abcdefghijklmnopqrs"_s;
    QTest::newRow("empty") << QString() << QString();
}

void tst_BotToken::redact()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(BotToken::redact(text), expected);
}

QTEST_GUILESS_MAIN(tst_BotToken)
#include "tst_bottoken.moc"
