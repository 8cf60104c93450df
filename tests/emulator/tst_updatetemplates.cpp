// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "preparedupdate.h"
#include "updatetemplates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

using Kind = UpdateTemplates::Kind;
using Params = UpdateTemplates::Params;

namespace {

constexpr qint64 BotId = 7712345678;
constexpr qint64 Date = 1763755680;
constexpr qint64 BasicGroup = -4012345678;
constexpr qint64 Supergroup = -1009876543210;

UpdateTemplates templates(quint32 seed = 42)
{
    return UpdateTemplates(BotId, u"demo_bot"_s, seed);
}

Params params(qint64 chatId, const QString &text = {})
{
    Params p;
    p.chatId = chatId;
    p.text = text;
    return p;
}

// The update's only member (checked to be the only one, and no update_id).
QJsonObject payloadOf(const QByteArray &json, const QString &key)
{
    QJsonParseError error;
    const QJsonObject update = QJsonDocument::fromJson(json, &error).object();
    if (error.error != QJsonParseError::NoError || update.size() != 1 || !update.contains(key))
        return {};
    return update.value(key).toObject();
}

} // namespace

class TestUpdateTemplates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kindFromName_data();
    void kindFromName();
    void indexedAsItsKind_data();
    void indexedAsItsKind();
    void textMessageShape();
    void customUser();
    void messageIdsCountPerChat();
    void chatShapes_data();
    void chatShapes();
    void commandEntities_data();
    void commandEntities();
    void callbackButton();
    void inlineQuery_data();
    void inlineQuery();
    void memberJoin();
    void textIsEscaped();
    void seedMakesItReproducible();
};

void TestUpdateTemplates::kindFromName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind"); // -1: not a name

    QTest::newRow("text") << u"text"_s << int(Kind::Text);
    QTest::newRow("command") << u"command"_s << int(Kind::Command);
    QTest::newRow("callback") << u"callback"_s << int(Kind::CallbackButton);
    QTest::newRow("inline") << u"inline"_s << int(Kind::InlineQuery);
    QTest::newRow("join") << u"join"_s << int(Kind::MemberJoin);
    QTest::newRow("upper case") << u"JOIN"_s << int(Kind::MemberJoin);
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("prefix") << u"call"_s << -1;
    QTest::newRow("longer") << u"texts"_s << -1;
    QTest::newRow("api name") << u"callback_query"_s << -1;
}

void TestUpdateTemplates::kindFromName()
{
    QFETCH(QString, name);
    QFETCH(int, kind);
    const auto parsed = UpdateTemplates::kindFromName(name);
    QCOMPARE(parsed ? int(*parsed) : -1, kind);
    if (parsed)
        QCOMPARE(UpdateTemplates::kindName(*parsed), name.toLower());
}

void TestUpdateTemplates::indexedAsItsKind_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<qint64>("chatId");
    QTest::addColumn<UpdateKind>("updateKind");
    QTest::addColumn<qint64>("indexedChat"); // -1: the default user's private chat
    QTest::addColumn<quint32>("indexedDate");

    QTest::newRow("text") << Kind::Text << qint64(0) << UpdateKind::Message << qint64(-1) << quint32(Date);
    QTest::newRow("text in group") << Kind::Text << BasicGroup << UpdateKind::Message << BasicGroup
                                   << quint32(Date);
    QTest::newRow("command") << Kind::Command << qint64(0) << UpdateKind::Message << qint64(-1)
                             << quint32(Date);
    QTest::newRow("callback") << Kind::CallbackButton << qint64(0) << UpdateKind::CallbackQuery
                              << qint64(-1) << quint32(0);
    QTest::newRow("callback in supergroup") << Kind::CallbackButton << Supergroup
                                            << UpdateKind::CallbackQuery << Supergroup << quint32(0);
    QTest::newRow("inline") << Kind::InlineQuery << qint64(0) << UpdateKind::InlineQuery << qint64(0)
                            << quint32(0);
    QTest::newRow("join") << Kind::MemberJoin << qint64(0) << UpdateKind::Message
                          << UpdateTemplates::DefaultGroupId << quint32(Date);
    QTest::newRow("join in group") << Kind::MemberJoin << BasicGroup << UpdateKind::Message
                                   << BasicGroup << quint32(Date);
}

void TestUpdateTemplates::indexedAsItsKind()
{
    QFETCH(Kind, kind);
    QFETCH(qint64, chatId);
    QFETCH(UpdateKind, updateKind);
    QFETCH(qint64, indexedChat);
    QFETCH(quint32, indexedDate);
    UpdateTemplates t = templates();
    const QByteArray json = t.make(kind, params(chatId), Date);
    QVERIFY(!json.contains("update_id"));
    QString error;
    const auto prepared = prepareUpdate(json, 5, &error);
    QVERIFY2(prepared, qPrintable(error));
    QCOMPARE(prepared->entry.kind, updateKind);
    QCOMPARE(prepared->entry.chatId, indexedChat == -1 ? t.defaultUserId() : indexedChat);
    QCOMPARE(prepared->entry.senderId, t.defaultUserId());
    QCOMPARE(prepared->entry.date, indexedDate);
    QCOMPARE(prepared->entry.flags & ExtraFields, 0);
}

void TestUpdateTemplates::textMessageShape()
{
    UpdateTemplates t = templates();
    QVERIFY(t.defaultUserId() > 111111111);
    const QJsonObject message = payloadOf(t.make(Kind::Text, params(0, u"hi there"_s), Date), u"message"_s);
    QCOMPARE(message.value(u"message_id").toInteger(), 1);
    QCOMPARE(message.value(u"date").toInteger(), Date);
    QCOMPARE(message.value(u"text").toString(), u"hi there"_s);
    QVERIFY(!message.contains(u"entities"));
    const QJsonObject from = message.value(u"from").toObject();
    QCOMPARE(from.value(u"id").toInteger(), t.defaultUserId());
    QCOMPARE(from.value(u"is_bot"), QJsonValue(false));
    QCOMPARE(from.value(u"first_name").toString(), u"Ada"_s);
    QCOMPARE(from.value(u"username").toString(), u"ada_tester"_s);
    QCOMPARE(from.value(u"language_code").toString(), u"en"_s);
    const QJsonObject chat = message.value(u"chat").toObject();
    QCOMPARE(chat.value(u"id").toInteger(), t.defaultUserId());
    QCOMPARE(chat.value(u"type").toString(), u"private"_s);
    QCOMPARE(chat.value(u"first_name").toString(), u"Ada"_s);
    QCOMPARE(chat.value(u"username").toString(), u"ada_tester"_s);
}

void TestUpdateTemplates::customUser()
{
    UpdateTemplates t = templates();
    Params p;
    p.userId = 5000;
    p.firstName = u"Bob"_s;
    const QJsonObject message = payloadOf(t.make(Kind::Text, p, Date), u"message"_s);
    const QJsonObject from = message.value(u"from").toObject();
    QCOMPARE(from.value(u"id").toInteger(), 5000);
    QCOMPARE(from.value(u"first_name").toString(), u"Bob"_s);
    QVERIFY(!from.contains(u"username"));
    const QJsonObject chat = message.value(u"chat").toObject();
    QCOMPARE(chat.value(u"id").toInteger(), 5000);
    QCOMPARE(chat.value(u"first_name").toString(), u"Bob"_s);
}

void TestUpdateTemplates::messageIdsCountPerChat()
{
    UpdateTemplates t = templates();
    auto idIn = [&](Kind kind, qint64 chatId) {
        const QJsonObject update = QJsonDocument::fromJson(t.make(kind, params(chatId), Date)).object();
        const QJsonObject message = kind == Kind::CallbackButton
            ? update.value(u"callback_query").toObject().value(u"message").toObject()
            : update.value(u"message").toObject();
        return message.value(u"message_id").toInteger();
    };
    QCOMPARE(idIn(Kind::Text, 0), 1);
    QCOMPARE(idIn(Kind::Text, BasicGroup), 1);
    QCOMPARE(idIn(Kind::Command, 0), 2);
    QCOMPARE(idIn(Kind::CallbackButton, 0), 3); // the bot's keyboard message
    QCOMPARE(idIn(Kind::Text, BasicGroup), 2);
    QCOMPARE(idIn(Kind::MemberJoin, BasicGroup), 3);
    QCOMPARE(idIn(Kind::MemberJoin, 0), 1); // the default supergroup
    QCOMPARE(idIn(Kind::Text, 0), 4);
}

void TestUpdateTemplates::chatShapes_data()
{
    QTest::addColumn<qint64>("chatId");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("hasTitle");

    QTest::newRow("basic group") << BasicGroup << u"group"_s << true;
    QTest::newRow("old small group") << qint64(-123456789) << u"group"_s << true;
    QTest::newRow("largest basic group id") << qint64(-999999999999) << u"group"_s << true;
    QTest::newRow("supergroup") << Supergroup << u"supergroup"_s << true;
    QTest::newRow("smallest supergroup id") << qint64(-1000000000000) << u"supergroup"_s << true;
    QTest::newRow("private") << qint64(0) << u"private"_s << false;
}

void TestUpdateTemplates::chatShapes()
{
    QFETCH(qint64, chatId);
    QFETCH(QString, type);
    QFETCH(bool, hasTitle);
    UpdateTemplates t = templates();
    const QJsonObject chat = payloadOf(t.make(Kind::Text, params(chatId), Date), u"message"_s)
                                 .value(u"chat").toObject();
    QCOMPARE(chat.value(u"id").toInteger(), chatId ? chatId : t.defaultUserId());
    QCOMPARE(chat.value(u"type").toString(), type);
    QCOMPARE(chat.contains(u"title"), hasTitle);
    QCOMPARE(chat.contains(u"first_name"), !hasTitle);
}

void TestUpdateTemplates::commandEntities_data()
{
    QTest::addColumn<qint64>("chatId");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("entities"); // offset, length, offset, length, ...

    QTest::newRow("default") << qint64(0) << QString() << u"/start"_s << QList<int> {0, 6};
    QTest::newRow("without slash") << qint64(0) << u"help"_s << u"/help"_s << QList<int> {0, 5};
    QTest::newRow("with argument") << qint64(0) << u"/start ref_42"_s << u"/start ref_42"_s
                                   << QList<int> {0, 6};
    QTest::newRow("group names the bot") << BasicGroup << u"/start"_s << u"/start@demo_bot"_s
                                         << QList<int> {0, 15};
    QTest::newRow("supergroup, argument") << Supergroup << u"settings now"_s
                                          << u"/settings@demo_bot now"_s << QList<int> {0, 18};
    QTest::newRow("already named") << BasicGroup << u"/start@other_bot"_s << u"/start@other_bot"_s
                                   << QList<int> {0, 16};
    // 👋 and 🎉 are outside the BMP: two UTF-16 units each.
    QTest::newRow("emoji before second command")
        << qint64(0) << u"/start 👋 /help"_s << u"/start 👋 /help"_s << QList<int> {0, 6, 10, 5};
    QTest::newRow("emoji in group")
        << BasicGroup << u"/go 🎉🎉 /stop"_s << u"/go@demo_bot 🎉🎉 /stop"_s
        << QList<int> {0, 12, 18, 5};
    QTest::newRow("slash inside a word") << qint64(0) << u"/x a/b"_s << u"/x a/b"_s
                                         << QList<int> {0, 2};
}

void TestUpdateTemplates::commandEntities()
{
    QFETCH(qint64, chatId);
    QFETCH(QString, input);
    QFETCH(QString, text);
    QFETCH(QList<int>, entities);
    UpdateTemplates t = templates();
    const QJsonObject message = payloadOf(t.make(Kind::Command, params(chatId, input), Date), u"message"_s);
    QCOMPARE(message.value(u"text").toString(), text);
    const QJsonArray array = message.value(u"entities").toArray();
    QList<int> found;
    for (const QJsonValue &entity : array) {
        QCOMPARE(entity[u"type"].toString(), u"bot_command"_s);
        found << entity[u"offset"].toInt() << entity[u"length"].toInt();
    }
    QCOMPARE(found, entities);
}

void TestUpdateTemplates::callbackButton()
{
    UpdateTemplates t = templates();
    const QJsonObject query = payloadOf(t.make(Kind::CallbackButton, params(BasicGroup, u"page:2"_s), Date),
                                        u"callback_query"_s);
    static const QRegularExpression decimal(u"^-?[0-9]{10,20}$"_s);
    QVERIFY2(decimal.match(query.value(u"id").toString()).hasMatch(), qPrintable(query.value(u"id").toString()));
    QVERIFY(decimal.match(query.value(u"chat_instance").toString()).hasMatch());
    QCOMPARE(query.value(u"data").toString(), u"page:2"_s);
    QCOMPARE(query.value(u"from").toObject().value(u"id").toInteger(), t.defaultUserId());

    const QJsonObject message = query.value(u"message").toObject();
    const QJsonObject bot = message.value(u"from").toObject();
    QCOMPARE(bot.value(u"id").toInteger(), BotId);
    QCOMPARE(bot.value(u"is_bot"), QJsonValue(true));
    QCOMPARE(bot.value(u"username").toString(), u"demo_bot"_s);
    QCOMPARE(bot.value(u"first_name").toString(), u"Demo Bot"_s);
    QCOMPARE(message.value(u"chat").toObject().value(u"id").toInteger(), BasicGroup);
    QVERIFY(message.value(u"date").toInteger() <= Date);
    const QJsonValue button = message.value(u"reply_markup")[u"inline_keyboard"][0][0];
    QCOMPARE(button[u"callback_data"].toString(), u"page:2"_s);
    QVERIFY(!button[u"text"].toString().isEmpty());

    // chat_instance belongs to the chat; query ids are new each time.
    const QJsonObject again = payloadOf(t.make(Kind::CallbackButton, params(BasicGroup), Date),
                                        u"callback_query"_s);
    const QJsonObject elsewhere = payloadOf(t.make(Kind::CallbackButton, params(Supergroup), Date),
                                            u"callback_query"_s);
    QCOMPARE(again.value(u"chat_instance"), query.value(u"chat_instance"));
    QVERIFY(elsewhere.value(u"chat_instance") != query.value(u"chat_instance"));
    QVERIFY(again.value(u"id") != query.value(u"id"));
    QCOMPARE(again.value(u"data").toString(), again.value(u"message")[u"reply_markup"]
                                                   [u"inline_keyboard"][0][0][u"callback_data"].toString());
}

void TestUpdateTemplates::inlineQuery_data()
{
    QTest::addColumn<qint64>("chatId");
    QTest::addColumn<QString>("chatType");

    QTest::newRow("from the bot's chat") << qint64(0) << u"sender"_s;
    QTest::newRow("another private chat") << qint64(222) << u"private"_s;
    QTest::newRow("group") << BasicGroup << u"group"_s;
    QTest::newRow("supergroup") << Supergroup << u"supergroup"_s;
}

void TestUpdateTemplates::inlineQuery()
{
    QFETCH(qint64, chatId);
    QFETCH(QString, chatType);
    UpdateTemplates t = templates();
    const QJsonObject query = payloadOf(t.make(Kind::InlineQuery, params(chatId, u"cats"_s), Date),
                                        u"inline_query"_s);
    QVERIFY(!query.value(u"id").toString().isEmpty());
    QCOMPARE(query.value(u"query").toString(), u"cats"_s);
    QCOMPARE(query.value(u"offset"), QJsonValue(QString()));
    QCOMPARE(query.value(u"chat_type").toString(), chatType);
    QCOMPARE(query.value(u"from").toObject().value(u"first_name").toString(), u"Ada"_s);
}

void TestUpdateTemplates::memberJoin()
{
    UpdateTemplates t = templates();
    Params p;
    p.userId = 31337;
    p.firstName = u"Eve"_s;
    p.username = u"eve"_s;
    const QJsonObject message = payloadOf(t.make(Kind::MemberJoin, p, Date), u"message"_s);
    const QJsonObject chat = message.value(u"chat").toObject();
    QCOMPARE(chat.value(u"id").toInteger(), UpdateTemplates::DefaultGroupId);
    QCOMPARE(chat.value(u"type").toString(), u"supergroup"_s);
    const QJsonArray members = message.value(u"new_chat_members").toArray();
    QCOMPARE(members.size(), 1);
    QCOMPARE(members[0][u"id"].toInteger(), 31337);
    QCOMPARE(members[0][u"username"].toString(), u"eve"_s);
    QCOMPARE(message.value(u"new_chat_member"), members[0]);
    QCOMPARE(message.value(u"new_chat_participant"), members[0]);
    QCOMPARE(message.value(u"from"), members[0]);
    QVERIFY(!message.contains(u"text"));
}

void TestUpdateTemplates::textIsEscaped()
{
    UpdateTemplates t = templates();
    const QString text = u"quote \" backslash \\ line\nbreak tab\t bell \u0007 slash / 👋"_s;
    const QByteArray json = t.make(Kind::Text, params(0, text), Date);
    QVERIFY(!json.contains('\n'));
    QCOMPARE(payloadOf(json, u"message"_s).value(u"text").toString(), text);
    QVERIFY(prepareUpdate(json, 1, nullptr));
}

void TestUpdateTemplates::seedMakesItReproducible()
{
    UpdateTemplates a = templates(7), b = templates(7), c = templates(8);
    const QByteArray first = a.make(Kind::CallbackButton, params(0), Date);
    QCOMPARE(b.make(Kind::CallbackButton, params(0), Date), first);
    QVERIFY(c.make(Kind::CallbackButton, params(0), Date) != first);
    QCOMPARE(a.defaultUserId(), b.defaultUserId());
}

QTEST_GUILESS_MAIN(TestUpdateTemplates)
#include "tst_updatetemplates.moc"
