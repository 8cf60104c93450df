// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatedigest.h"

#include <QTest>

using namespace UpdateInspector;

namespace {

const QByteArray kOlena = R"({"id":421937654,"is_bot":false,"first_name":"Olena","last_name":"Kovalenko","username":"olena_kov","language_code":"uk"})";
const QByteArray kPrivate = R"({"id":421937654,"first_name":"Olena","last_name":"Kovalenko","username":"olena_kov","type":"private"})";
const QByteArray kGroup = R"({"id":-1001234567890,"title":"Team chat","type":"supergroup"})";
const QByteArray kAdmin = R"({"id":5,"is_bot":false,"first_name":"Admin"})";

QByteArray update(const char *kind, const QByteArray &payload)
{
    return "{\"update_id\":734120001,\"" + QByteArray(kind) + "\":" + payload + "}";
}

QByteArray textMessage(const QByteArray &jsonText)
{
    return update("message", R"({"message_id":1,"from":)" + kOlena + R"(,"chat":)" + kPrivate
                      + R"(,"date":1763755680,"text":)" + jsonText + "}");
}

} // namespace

class tst_UpdateDigest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void digest_data();
    void digest();
    void longTextTruncated();
    void truncationKeepsSurrogatePairs();
    void notAnUpdate_data();
    void notAnUpdate();
};

void tst_UpdateDigest::digest_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("kindKey");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("chat");

    const QString olena = QStringLiteral("Olena Kovalenko @olena_kov");
    const QString team = QStringLiteral("Team chat");

    QTest::newRow("text message") << textMessage(R"("Привіт 👋")") << QStringLiteral("message")
                                  << QStringLiteral("Привіт 👋") << olena << olena;
    QTest::newRow("newline in text replaced")
        << textMessage("\"first line\\nsecond line\"") << QStringLiteral("message")
        << QStringLiteral("first line ⏎ second line") << olena << olena;
    QTest::newRow("edited message")
        << update("edited_message", R"({"message_id":1,"from":)" + kOlena + R"(,"chat":)" + kGroup
                                        + R"(,"date":1,"edit_date":2,"text":"fixed"})")
        << QStringLiteral("edited_message") << QStringLiteral("fixed") << olena << team;
    QTest::newRow("photo with caption")
        << update("message", R"({"message_id":2,"from":{"id":7,"is_bot":false,"first_name":"Ivan"},)"
                             R"("chat":)" + kGroup + R"(,"date":1763755681,"photo":[{"file_id":"A",)"
                             R"("file_unique_id":"a","width":90,"height":90}],"caption":"Look at this"})")
        << QStringLiteral("message") << QStringLiteral("[photo] Look at this")
        << QStringLiteral("Ivan") << team;
    QTest::newRow("sticker")
        << update("message", R"({"message_id":3,"from":)" + kOlena + R"(,"chat":)" + kPrivate
                                 + R"(,"date":1,"sticker":{"file_id":"S","file_unique_id":"s",)"
                                   R"("type":"regular","width":512,"height":512,"is_animated":false,)"
                                   R"("is_video":false,"emoji":"😀"}})")
        << QStringLiteral("message") << QStringLiteral("[sticker] 😀") << olena << olena;
    QTest::newRow("channel post, sender chat")
        << update("channel_post", R"({"message_id":4,"sender_chat":{"id":-1009,"title":"News",)"
                                  R"("username":"news_chan","type":"channel"},"chat":{"id":-1009,)"
                                  R"("title":"News","username":"news_chan","type":"channel"},)"
                                  R"("date":1,"text":"Breaking"})")
        << QStringLiteral("channel_post") << QStringLiteral("Breaking")
        << QStringLiteral("News @news_chan") << QStringLiteral("News @news_chan");
    QTest::newRow("callback_query, chat from message.chat")
        << update("callback_query", R"({"id":"1811003427845123011","from":)" + kOlena
                                        + R"(,"message":{"message_id":2,"from":{"id":77,"is_bot":true,)"
                                          R"("first_name":"Inspector Bot","username":"inspector_bot"},)"
                                          R"("chat":)" + kGroup + R"(,"date":1,"text":"menu"},)"
                                          R"("chat_instance":"-38","data":"page:2"})")
        << QStringLiteral("callback_query") << QStringLiteral("page:2") << olena << team;
    QTest::newRow("inline_query")
        << update("inline_query", R"({"id":"99","from":{"id":8,"is_bot":false,"first_name":"",)"
                                  R"("username":"cat_lover"},"query":"funny cats","offset":""})")
        << QStringLiteral("inline_query") << QStringLiteral("funny cats")
        << QStringLiteral("@cat_lover") << QString();
    QTest::newRow("poll")
        << update("poll", R"({"id":"5012","question":"Tea or coffee?","options":[{"text":"Tea",)"
                          R"("voter_count":2},{"text":"Coffee","voter_count":1}],"total_voter_count":3,)"
                          R"("is_closed":false,"is_anonymous":true,"type":"regular",)"
                          R"("allows_multiple_answers":false})")
        << QStringLiteral("poll") << QStringLiteral("Tea or coffee?") << QString() << QString();
    QTest::newRow("poll_answer")
        << update("poll_answer", R"({"poll_id":"5012","user":)" + kOlena + R"(,"option_ids":[0,2]})")
        << QStringLiteral("poll_answer") << QStringLiteral("options [0,2]") << olena << QString();
    QTest::newRow("chat_member: member → administrator")
        << update("chat_member", R"({"chat":)" + kGroup + R"(,"from":)" + kAdmin
                                     + R"(,"date":1763755700,"old_chat_member":{"status":"member",)"
                                       R"("user":)" + kOlena + R"(},"new_chat_member":{"status":)"
                                       R"("administrator","user":)" + kOlena
                                     + R"(,"can_be_edited":false,"is_anonymous":false}})")
        << QStringLiteral("chat_member") << QStringLiteral("member → administrator")
        << QStringLiteral("Admin") << team;
    QTest::newRow("my_chat_member: kicked")
        << update("my_chat_member", R"({"chat":)" + kPrivate + R"(,"from":)" + kOlena
                                        + R"(,"date":1,"old_chat_member":{"status":"member"},)"
                                          R"("new_chat_member":{"status":"kicked","until_date":0}})")
        << QStringLiteral("my_chat_member") << QStringLiteral("member → kicked") << olena << olena;
    QTest::newRow("message_reaction")
        << update("message_reaction", R"({"chat":)" + kGroup + R"(,"message_id":12,"user":)" + kOlena
                                          + R"(,"date":1763755710,"old_reaction":[],"new_reaction":)"
                                            R"([{"type":"emoji","emoji":"👍"},{"type":"emoji","emoji":"🔥"}]})")
        << QStringLiteral("message_reaction") << QStringLiteral("👍 🔥") << olena << team;
    QTest::newRow("message_reaction, custom emoji, anonymous")
        << update("message_reaction", R"({"chat":)" + kGroup + R"(,"message_id":12,"actor_chat":)"
                                          + kGroup + R"(,"date":1,"old_reaction":[{"type":"emoji",)"
                                            R"("emoji":"👍"}],"new_reaction":[{"type":"custom_emoji",)"
                                            R"("custom_emoji_id":"5368324170671202286"}]})")
        << QStringLiteral("message_reaction") << QStringLiteral("custom_emoji") << team << team;
    QTest::newRow("message_reaction_count")
        << update("message_reaction_count", R"({"chat":)" + kGroup + R"(,"message_id":12,"date":1,)"
                                                R"("reactions":[{"type":{"type":"emoji","emoji":"👍"},)"
                                                R"("total_count":3},{"type":{"type":"paid"},"total_count":1}]})")
        << QStringLiteral("message_reaction_count") << QStringLiteral("👍 ×3 paid ×1") << QString()
        << team;
    QTest::newRow("unknown kind")
        << update("custom_event", R"({"foo":"bar","chat":{"id":1,"title":"Lab","type":"group"},)"
                                  R"("from":{"id":2,"first_name":"Tester"}})")
        << QStringLiteral("custom_event") << QString() << QStringLiteral("Tester")
        << QStringLiteral("Lab");
    QTest::newRow("unknown kind, not an object")
        << QByteArray(R"({"update_id":1,"future_counter":42})") << QStringLiteral("future_counter")
        << QString() << QString() << QString();
    QTest::newRow("update_id last")
        << QByteArray(R"({"poll":{"id":"1","question":"Q?"},"update_id":5})")
        << QStringLiteral("poll") << QStringLiteral("Q?") << QString() << QString();
}

void tst_UpdateDigest::digest()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, kindKey);
    QFETCH(QString, summary);
    QFETCH(QString, from);
    QFETCH(QString, chat);
    const UpdateDigest d = digestUpdate(raw);
    QCOMPARE(d.kindKey, kindKey);
    QCOMPARE(d.summary, summary);
    QCOMPARE(d.from, from);
    QCOMPARE(d.chat, chat);
}

void tst_UpdateDigest::longTextTruncated()
{
    const QByteArray text(1000, 'x');
    const UpdateDigest d = digestUpdate(textMessage('"' + text + '"'));
    QCOMPARE(d.kindKey, QStringLiteral("message"));
    QCOMPARE(d.summary, QString(300, u'x') + u'…');

    // Line breaks are replaced before the cut, and a short text is not cut.
    const UpdateDigest lines = digestUpdate(textMessage("\"a\\nb\""));
    QCOMPARE(lines.summary, QStringLiteral("a ⏎ b"));
    const UpdateDigest exact = digestUpdate(textMessage('"' + QByteArray(300, 'y') + '"'));
    QCOMPARE(exact.summary, QString(300, u'y'));
}

// An emoji is two UTF-16 code units: the cut must not leave half of one.
void tst_UpdateDigest::truncationKeepsSurrogatePairs()
{
    for (int prefix = 297; prefix <= 300; ++prefix) {
        const QByteArray text = QByteArray(prefix, 'a') + QByteArray(50, 'z').replace("z", "👍");
        const UpdateDigest d = digestUpdate(textMessage('"' + text + '"'));
        QVERIFY(d.summary.endsWith(u'…'));
        QVERIFY2(d.summary.isValidUtf16(), qPrintable(QString::number(prefix)));
        QVERIFY(d.summary.startsWith(QString(prefix, u'a')));
        QVERIFY(d.summary.size() <= 301);
        QVERIFY(d.summary.size() >= 300);
    }
}

void tst_UpdateDigest::notAnUpdate_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("invalid JSON") << QByteArray(R"({"update_id":1,"message":)");
    QTest::newRow("array") << QByteArray(R"([{"update_id":1,"poll":{}}])");
    QTest::newRow("update_id only") << QByteArray(R"({"update_id":1})");
}

void tst_UpdateDigest::notAnUpdate()
{
    QFETCH(QByteArray, raw);
    const UpdateDigest d = digestUpdate(raw);
    QVERIFY(d.kindKey.isEmpty());
    QVERIFY(d.summary.isEmpty());
    QVERIFY(d.from.isEmpty());
    QVERIFY(d.chat.isEmpty());
}

QTEST_GUILESS_MAIN(tst_UpdateDigest)
#include "tst_updatedigest.moc"
