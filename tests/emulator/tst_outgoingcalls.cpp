// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "outgoingcalls.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Now = 1763750000;

QJsonObject botUser()
{
    return {{u"id"_s, 123456789},
            {u"is_bot"_s, true},
            {u"first_name"_s, u"Test Bot"_s},
            {u"username"_s, u"test_bot"_s}};
}

ApiParams paramsFrom(const QJsonObject &object)
{
    ApiParams params;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        params.insert(it.key(), it.value());
    return params;
}

// True when `reply` is a 200 with the{"ok":true,"result":...} envelope; the result in `result`.
bool parseOk(const ApiReply &reply, QJsonValue *result)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
    if (reply.status != 200 || error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    const QJsonObject envelope = document.object();
    if (envelope.value(u"ok"_s) != QJsonValue(true) || !envelope.contains(u"result"_s)
        || envelope.size() != 2)
        return false;
    *result = envelope.value(u"result"_s);
    return true;
}

bool isBase64Url(const QString &text)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_-]+$"_s);
    return pattern.match(text).hasMatch();
}

} // namespace

class tst_OutgoingCalls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void canonicalName_data();
    void canonicalName();
    void messageIdsPerChat_data();
    void messageIdsPerChat();
    void noteMessageId();
    void chatTypes_data();
    void chatTypes();
    void channelIdIsStable();
    void sendMessage();
    void replyMarkup_data();
    void replyMarkup();
    void replyTo_data();
    void replyTo();
    void textLengthLimit_data();
    void textLengthLimit();
    void media_data();
    void media();
    void uploadedDocument();
    void otherContent_data();
    void otherContent();
    void dice();
    void mediaGroup();
    void forwardAndCopy();
    void edits_data();
    void edits();
    void stopPoll();
    void answersTrue_data();
    void answersTrue();
    void getters_data();
    void getters();
    void getFile();
    void errors_data();
    void errors();
};

void tst_OutgoingCalls::canonicalName_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<bool>("known");
    QTest::newRow("upper") << u"SENDMESSAGE"_s << u"sendMessage"_s << true;
    QTest::newRow("lower") << u"sendmessage"_s << u"sendMessage"_s << true;
    QTest::newRow("already canonical") << u"sendMessage"_s << u"sendMessage"_s << true;
    QTest::newRow("mixed") << u"EditMessageTEXT"_s << u"editMessageText"_s << true;
    QTest::newRow("logOut") << u"logout"_s << u"logOut"_s << true;
    QTest::newRow("close") << u"CLOSE"_s << u"close"_s << true;
    QTest::newRow("getUpdates") << u"getupdates"_s << u"getUpdates"_s << true;
    QTest::newRow("getWebhookInfo") << u"GETWEBHOOKINFO"_s << u"getWebhookInfo"_s << true;
    QTest::newRow("sendVideoNote") << u"sendvideonote"_s << u"sendVideoNote"_s << true;
    QTest::newRow("sendChecklist") << u"SendChecklist"_s << u"sendChecklist"_s << true;
    QTest::newRow("sendPaidMedia") << u"sendpaidmedia"_s << u"sendPaidMedia"_s << true;
    QTest::newRow("old name") << u"getchatmemberscount"_s << u"getChatMembersCount"_s << true;
    QTest::newRow("kickChatMember") << u"KICKCHATMEMBER"_s << u"kickChatMember"_s << true;
    QTest::newRow("answerPreCheckoutQuery")
        << u"answerprecheckoutquery"_s << u"answerPreCheckoutQuery"_s << true;
    QTest::newRow("unknown kept as given") << u"FooBar"_s << u"FooBar"_s << false;
    QTest::newRow("near miss") << u"sendMessages"_s << u"sendMessages"_s << false;
    QTest::newRow("empty") << QString() << QString() << false;
}

void tst_OutgoingCalls::canonicalName()
{
    QFETCH(QString, given);
    QFETCH(QString, canonical);
    QFETCH(bool, known);
    QCOMPARE(OutgoingCalls::canonicalName(given), canonical);
    QCOMPARE(OutgoingCalls::isKnownMethod(given), known);
}

void tst_OutgoingCalls::messageIdsPerChat_data()
{
    QTest::addColumn<QList<qint64>>("chats");
    QTest::addColumn<QList<qint64>>("ids");
    QTest::newRow("one chat") << QList<qint64>{42, 42, 42} << QList<qint64>{1, 2, 3};
    QTest::newRow("interleaved") << QList<qint64>{42, -1001234567890, 42, -5, -1001234567890, 7}
                                 << QList<qint64>{1, 1, 2, 1, 2, 1};
}

void tst_OutgoingCalls::messageIdsPerChat()
{
    QFETCH(QList<qint64>, chats);
    QFETCH(QList<qint64>, ids);
    OutgoingCalls calls(botUser());
    for (qsizetype i = 0; i < chats.size(); ++i) {
        const ApiReply reply = calls.answer(
            u"sendMessage"_s, paramsFrom({{u"chat_id"_s, chats[i]}, {u"text"_s, u"hi"_s}}), Now);
        QJsonValue result;
        QVERIFY2(parseOk(reply, &result), reply.body.constData());
        QCOMPARE(result[u"chat"_s][u"id"_s].toInteger(), chats[i]);
        QCOMPARE(result[u"message_id"_s].toInteger(), ids[i]);
    }
}

void tst_OutgoingCalls::noteMessageId()
{
    OutgoingCalls calls(botUser());
    calls.noteMessageId(42, 10);
    calls.noteMessageId(42, 3); // older: no effect
    QJsonValue result;
    QVERIFY(parseOk(
        calls.answer(u"sendMessage"_s, paramsFrom({{u"chat_id"_s, 42}, {u"text"_s, u"hi"_s}}), Now),
        &result));
    QCOMPARE(result[u"message_id"_s].toInteger(), 11);
}

void tst_OutgoingCalls::chatTypes_data()
{
    QTest::addColumn<QJsonValue>("chatId");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("nameField");
    QTest::addColumn<QString>("name");
    QTest::newRow("private") << QJsonValue(42) << u"private"_s << u"first_name"_s << u"User 42"_s;
    QTest::newRow("private as text")
        << QJsonValue(u"42"_s) << u"private"_s << u"first_name"_s << u"User 42"_s;
    QTest::newRow("group") << QJsonValue(-123) << u"group"_s << u"title"_s << u"Group 123"_s;
    QTest::newRow("largest group")
        << QJsonValue(-999999999999LL) << u"group"_s << u"title"_s << u"Group 999999999999"_s;
    QTest::newRow("supergroup") << QJsonValue(-1001234567890LL) << u"supergroup"_s << u"title"_s
                                << u"Supergroup 1234567890"_s;
    QTest::newRow("supergroup as text") << QJsonValue(u"-1001234567890"_s) << u"supergroup"_s
                                        << u"title"_s << u"Supergroup 1234567890"_s;
    QTest::newRow("channel") << QJsonValue(u"@MyChannel"_s) << u"channel"_s << u"username"_s
                             << u"MyChannel"_s;
}

void tst_OutgoingCalls::chatTypes()
{
    QFETCH(QJsonValue, chatId);
    QFETCH(QString, type);
    QFETCH(QString, nameField);
    QFETCH(QString, name);
    OutgoingCalls calls(botUser());
    QJsonValue result;
    const ApiReply reply = calls.answer(
        u"sendMessage"_s, paramsFrom({{u"chat_id"_s, chatId}, {u"text"_s, u"hi"_s}}), Now);
    QVERIFY2(parseOk(reply, &result), reply.body.constData());
    const QJsonObject chat = result[u"chat"_s].toObject();
    QCOMPARE(chat.value(u"type"_s).toString(), type);
    QCOMPARE(chat.value(nameField).toString(), name);
    if (chatId.isDouble())
        QCOMPARE(chat.value(u"id"_s).toInteger(), chatId.toInteger());
    if (type == u"channel") {
        // Channel posts are signed by the channel.
        QCOMPARE(result[u"sender_chat"_s].toObject(), chat);
        QVERIFY(!result.toObject().contains(u"from"_s));
        QVERIFY(chat.value(u"id"_s).toInteger() <= -1000000000001LL);
        QVERIFY(chat.value(u"id"_s).toInteger() >= -1009999999999LL);
    } else {
        QCOMPARE(result[u"from"_s].toObject(), botUser());
    }
}

void tst_OutgoingCalls::channelIdIsStable()
{
    OutgoingCalls first(botUser());
    OutgoingCalls second(botUser());
    QJsonValue a;
    QJsonValue b;
    QJsonValue c;
    QVERIFY(parseOk(first.answer(u"getChat"_s, paramsFrom({{u"chat_id"_s, u"@news"_s}}), Now), &a));
    QVERIFY(
        parseOk(second.answer(u"getChat"_s, paramsFrom({{u"chat_id"_s, u"@NEWS"_s}}), Now), &b));
    QVERIFY(
        parseOk(second.answer(u"getChat"_s, paramsFrom({{u"chat_id"_s, u"@other"_s}}), Now), &c));
    QCOMPARE(a[u"id"_s].toInteger(), b[u"id"_s].toInteger()); // usernames ignore case
    QVERIFY(a[u"id"_s].toInteger() != c[u"id"_s].toInteger());
}

void tst_OutgoingCalls::sendMessage()
{
    OutgoingCalls calls(botUser());
    const QJsonArray entities {
        QJsonObject{{u"type"_s, u"bold"_s}, {u"offset"_s, 0}, {u"length"_s, 5}}};
    // Form encoding: the entities arrive as a JSON string.
    const ApiParams params
        = paramsFrom({{u"chat_id"_s, u"42"_s},
                      {u"text"_s, u"*Hello* world"_s},
                      {u"parse_mode"_s, u"MarkdownV2"_s},
                      {u"entities"_s,
                       QString::fromUtf8(QJsonDocument(entities).toJson(QJsonDocument::Compact))}});
    const ApiReply reply = calls.answer(u"sendMessage"_s, params, Now);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.contentType, QByteArray("application/json"));
    QJsonValue result;
    QVERIFY2(parseOk(reply, &result), reply.body.constData());
    const QJsonObject message = result.toObject();
    QCOMPARE(message.value(u"message_id"_s).toInteger(), 1);
    QCOMPARE(message.value(u"date"_s).toInteger(), Now);
    QCOMPARE(message.value(u"from"_s).toObject(), botUser());
    QCOMPARE(message.value(u"text"_s).toString(), u"*Hello* world"_s); // parse_mode not applied
    QCOMPARE(message.value(u"entities"_s).toArray(), entities);
    QVERIFY(!message.contains(u"reply_markup"_s));
    QVERIFY(!message.contains(u"reply_to_message"_s));
    QVERIFY(!message.contains(u"edit_date"_s));
    QCOMPARE(reply.envelope().value(u"result"_s).toObject(), message);

    // Without explicit entities there are none, whatever the parse_mode.
    QVERIFY(parseOk(calls.answer(u"sendMessage"_s,
                                 paramsFrom({{u"chat_id"_s, 42},
                                             {u"text"_s, u"<b>x</b>"_s},
                                             {u"parse_mode"_s, u"HTML"_s}}),
                                 Now),
                    &result));
    QVERIFY(!result.toObject().contains(u"entities"_s));
    QCOMPARE(result[u"message_id"_s].toInteger(), 2);
}

void tst_OutgoingCalls::replyMarkup_data()
{
    QTest::addColumn<QJsonValue>("markup");
    QTest::addColumn<bool>("echoed");
    const QJsonObject inlineKeyboard{{u"inline_keyboard"_s,
                                       QJsonArray{QJsonArray{QJsonObject {
                                           {u"text"_s, u"OK"_s}, {u"callback_data"_s, u"ok"_s}}}}}};
    QTest::newRow("inline keyboard object") << QJsonValue(inlineKeyboard) << true;
    QTest::newRow("inline keyboard as JSON string")
        << QJsonValue(QString::fromUtf8(QJsonDocument(inlineKeyboard).toJson())) << true;
    QTest::newRow("reply keyboard") << QJsonValue(
        QJsonObject{{u"keyboard"_s, QJsonArray{QJsonArray{QJsonObject{{u"text"_s, u"A"_s}}}}}})
                                    << false;
    QTest::newRow("remove keyboard") << QJsonValue(u"{\"remove_keyboard\":true}"_s) << false;
    QTest::newRow("not JSON") << QJsonValue(u"{inline_keyboard"_s) << false;
}

void tst_OutgoingCalls::replyMarkup()
{
    QFETCH(QJsonValue, markup);
    QFETCH(bool, echoed);
    OutgoingCalls calls(botUser());
    QJsonValue result;
    QVERIFY(parseOk(
        calls.answer(
            u"sendMessage"_s,
            paramsFrom({{u"chat_id"_s, 42}, {u"text"_s, u"pick"_s}, {u"reply_markup"_s, markup}}),
            Now),
        &result));
    QCOMPARE(result.toObject().contains(u"reply_markup"_s), echoed);
    if (echoed) {
        QVERIFY(result[u"reply_markup"_s].isObject());
        QCOMPARE(
            result[u"reply_markup"_s][u"inline_keyboard"_s][0][0][u"callback_data"_s].toString(),
            u"ok"_s);
    }
}

void tst_OutgoingCalls::replyTo_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<qint64>("repliedTo");
    QTest::newRow("reply_parameters object")
        << u"reply_parameters"_s << QJsonValue(QJsonObject{{u"message_id"_s, 7}}) << qint64(7);
    QTest::newRow("reply_parameters string")
        << u"reply_parameters"_s
        << QJsonValue(u"{\"message_id\":8,\"allow_sending_without_reply\":true}"_s) << qint64(8);
    QTest::newRow("reply_to_message_id")
        << u"reply_to_message_id"_s << QJsonValue(u"9"_s) << qint64(9);
    QTest::newRow("zero") << u"reply_to_message_id"_s << QJsonValue(0) << qint64(0);
}

void tst_OutgoingCalls::replyTo()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(qint64, repliedTo);
    OutgoingCalls calls(botUser());
    QJsonValue result;
    QVERIFY(parseOk(
        calls.answer(u"sendMessage"_s,
                     paramsFrom({{u"chat_id"_s, -55}, {u"text"_s, u"re"_s}, {field, value}}), Now),
        &result));
    if (repliedTo == 0) {
        QVERIFY(!result.toObject().contains(u"reply_to_message"_s));
        return;
    }
    const QJsonObject reply = result[u"reply_to_message"_s].toObject();
    QCOMPARE(reply.value(u"message_id"_s).toInteger(), repliedTo);
    QCOMPARE(reply.value(u"chat"_s).toObject().value(u"id"_s).toInteger(), -55);
    QVERIFY(reply.contains(u"date"_s));
}

void tst_OutgoingCalls::textLengthLimit_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("status");
    const QString emoji = u"\U0001F600"_s; // two UTF-16 units
    QTest::newRow("4096 ASCII") << QString(4096, u'a') << 200;
    QTest::newRow("4097 ASCII") << QString(4097, u'a') << 400;
    QTest::newRow("2048 emoji = 4096 units") << emoji.repeated(2048) << 200;
    QTest::newRow("2049 emoji = 4098 units") << emoji.repeated(2049) << 400;
}

void tst_OutgoingCalls::textLengthLimit()
{
    QFETCH(QString, text);
    QFETCH(int, status);
    OutgoingCalls calls(botUser());
    const ApiReply reply
        = calls.answer(u"sendMessage"_s, paramsFrom({{u"chat_id"_s, 42}, {u"text"_s, text}}), Now);
    QCOMPARE(reply.status, status);
    if (status == 400)
        QCOMPARE(reply.envelope().value(u"description"_s).toString(),
                 u"Bad Request: message is too long"_s);
}

void tst_OutgoingCalls::media_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("keys"); // besides file_id, file_unique_id, file_size
    QTest::newRow("sendAudio") << u"sendAudio"_s << u"audio"_s << u"CQAC"_s
                               << QStringList{u"duration"_s, u"mime_type"_s};
    QTest::newRow("sendDocument") << u"sendDocument"_s << u"document"_s << u"BQAC"_s
                                  << QStringList();
    QTest::newRow("sendVideo") << u"sendVideo"_s << u"video"_s << u"BAAC"_s
                               << QStringList{u"width"_s, u"height"_s, u"duration"_s};
    QTest::newRow("sendAnimation") << u"sendAnimation"_s << u"animation"_s << u"CgAC"_s
                                   << QStringList{u"width"_s, u"height"_s, u"duration"_s};
    QTest::newRow("sendVoice") << u"sendVoice"_s << u"voice"_s << u"AwAC"_s
                               << QStringList{u"duration"_s, u"mime_type"_s};
    QTest::newRow("sendVideoNote") << u"sendVideoNote"_s << u"video_note"_s << u"DQAC"_s
                                   << QStringList{u"length"_s, u"duration"_s};
    QTest::newRow("sendSticker") << u"sendSticker"_s << u"sticker"_s << u"CAAC"_s
                                 << QStringList{u"type"_s, u"width"_s, u"height"_s,
                                                 u"is_animated"_s, u"is_video"_s};
}

void tst_OutgoingCalls::media()
{
    QFETCH(QString, method);
    QFETCH(QString, field);
    QFETCH(QString, prefix);
    QFETCH(QStringList, keys);
    OutgoingCalls calls(botUser());
    QJsonValue result;
    const ApiReply reply = calls.answer(method,
                                        paramsFrom({{u"chat_id"_s, 42},
                                                    {field, u"https://example.com/file.bin"_s},
                                                    {u"caption"_s, u"look"_s}}),
                                        Now);
    QVERIFY2(parseOk(reply, &result), reply.body.constData());
    const QJsonObject file = result[field].toObject();
    QVERIFY2(file.value(u"file_id"_s).toString().startsWith(prefix),
             qPrintable(file.value(u"file_id"_s).toString()));
    QVERIFY(isBase64Url(file.value(u"file_id"_s).toString()));
    QVERIFY(file.value(u"file_id"_s).toString().size() >= 40);
    QVERIFY(isBase64Url(file.value(u"file_unique_id"_s).toString()));
    QVERIFY(file.value(u"file_unique_id"_s).toString().size()
            < file.value(u"file_id"_s).toString().size());
    QVERIFY(file.value(u"file_size"_s).toInteger() > 0);
    for (const QString &key : keys)
        QVERIFY2(file.contains(key), qPrintable(key));
    if (method != u"sendSticker" && method != u"sendVideoNote")
        QCOMPARE(result[u"caption"_s].toString(), u"look"_s);
    if (method == u"sendAnimation") // documented backward compatibility
        QCOMPARE(result[u"document"_s].toObject(), file);

    // Sending the same file_id again reuses the file.
    QVERIFY(parseOk(
        calls.answer(method, paramsFrom({{u"chat_id"_s, 42}, {field, file.value(u"file_id"_s)}}),
                     Now),
        &result));
    QCOMPARE(result[field][u"file_id"_s], file.value(u"file_id"_s));
    QCOMPARE(result[field][u"file_unique_id"_s], file.value(u"file_unique_id"_s));
}

void tst_OutgoingCalls::uploadedDocument()
{
    OutgoingCalls calls(botUser());
    ApiParams params = paramsFrom({{u"chat_id"_s, 42}});
    params.insertFile(u"document"_s, {u"report.pdf"_s, "application/pdf", QByteArray(1234, 'x')});
    QJsonValue result;
    QVERIFY(parseOk(calls.answer(u"sendDocument"_s, params, Now), &result));
    QCOMPARE(result[u"document"_s][u"file_name"_s].toString(), u"report.pdf"_s);
    QCOMPARE(result[u"document"_s][u"mime_type"_s].toString(), u"application/pdf"_s);
    QCOMPARE(result[u"document"_s][u"file_size"_s].toInteger(), 1234);

    // A photo uploaded under another name and referenced with attach://.
    ApiParams photo = paramsFrom({{u"chat_id"_s, 42}, {u"photo"_s, u"attach://pic"_s}});
    photo.insertFile(u"pic"_s, {u"pic.jpg"_s, "image/jpeg", QByteArray(80000, 'p')});
    QVERIFY(parseOk(calls.answer(u"sendPhoto"_s, photo, Now), &result));
    const QJsonArray sizes = result[u"photo"_s].toArray();
    QCOMPARE(sizes.size(), 3);
    for (const QJsonValue &size : sizes) {
        for (const QString &key :
             {u"file_id"_s, u"file_unique_id"_s, u"width"_s, u"height"_s, u"file_size"_s})
            QVERIFY2(size.toObject().contains(key), qPrintable(key));
        QVERIFY(size[u"file_id"_s].toString().startsWith(u"AgAC"));
    }
    QVERIFY(sizes[0][u"width"_s].toInt() < sizes[2][u"width"_s].toInt());
    QCOMPARE(sizes[2][u"file_size"_s].toInteger(), 80000);
    QVERIFY(sizes[0][u"file_id"_s] != sizes[2][u"file_id"_s]);
}

void tst_OutgoingCalls::otherContent_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonObject>("expected"); // a subset of result[field]
    QTest::newRow("sendLocation") << u"sendLocation"_s
                                  << QJsonObject{{u"latitude"_s, u"52.5"_s},
                                                  {u"longitude"_s, 13.4}}
                                  << u"location"_s
                                  << QJsonObject{{u"latitude"_s, 52.5}, {u"longitude"_s, 13.4}};
    QTest::newRow("sendVenue")
        << u"sendVenue"_s
        << QJsonObject{{u"latitude"_s, 1.5},
                        {u"longitude"_s, 2.5},
                        {u"title"_s, u"Cafe"_s},
                        {u"address"_s, u"Main St 1"_s}}
        << u"venue"_s
        << QJsonObject{{u"title"_s, u"Cafe"_s},
                        {u"address"_s, u"Main St 1"_s},
                        {u"location"_s, QJsonObject{{u"latitude"_s, 1.5}, {u"longitude"_s, 2.5}}}};
    QTest::newRow("sendContact") << u"sendContact"_s
                                 << QJsonObject{{u"phone_number"_s, u"+49301234"_s},
                                                 {u"first_name"_s, u"Ann"_s}}
                                 << u"contact"_s
                                 << QJsonObject{{u"phone_number"_s, u"+49301234"_s},
                                                 {u"first_name"_s, u"Ann"_s}};
    QTest::newRow("sendPoll strings")
        << u"sendPoll"_s
        << QJsonObject{{u"question"_s, u"Tea?"_s}, {u"options"_s, u"[\"yes\",\"no\"]"_s}}
        << u"poll"_s
        << QJsonObject{{u"question"_s, u"Tea?"_s},
                        {u"total_voter_count"_s, 0},
                        {u"is_closed"_s, false},
                        {u"is_anonymous"_s, true},
                        {u"type"_s, u"regular"_s},
                        {u"allows_multiple_answers"_s, false},
                        {u"options"_s,
                         QJsonArray{QJsonObject{{u"text"_s, u"yes"_s}, {u"voter_count"_s, 0}},
                                     QJsonObject{{u"text"_s, u"no"_s}, {u"voter_count"_s, 0}}}}};
    QTest::newRow("sendPoll quiz")
        << u"sendPoll"_s
        << QJsonObject{{u"question"_s, u"2+2?"_s},
                        {u"type"_s, u"quiz"_s},
                        {u"correct_option_id"_s, 1},
                        {u"is_anonymous"_s, u"false"_s},
                        {u"options"_s,
                         QJsonArray{QJsonObject{{u"text"_s, u"3"_s}},
                                     QJsonObject{{u"text"_s, u"4"_s}}}}}
        << u"poll"_s
        << QJsonObject {
               {u"type"_s, u"quiz"_s}, {u"correct_option_id"_s, 1}, {u"is_anonymous"_s, false}};
    QTest::newRow("sendChecklist")
        << u"sendChecklist"_s
        << QJsonObject{{u"business_connection_id"_s, u"bc"_s},
                        {u"checklist"_s,
                         QJsonObject {
                             {u"title"_s, u"Todo"_s},
                             {u"tasks"_s,
                              QJsonArray{QJsonObject{{u"id"_s, 1}, {u"text"_s, u"a"_s}}}}}}}
        << u"checklist"_s
        << QJsonObject{{u"title"_s, u"Todo"_s},
                        {u"tasks"_s, QJsonArray{QJsonObject{{u"id"_s, 1}, {u"text"_s, u"a"_s}}}}};
    QTest::newRow("sendInvoice")
        << u"sendInvoice"_s
        << QJsonObject{{u"title"_s, u"Pizza"_s},
                        {u"description"_s, u"Large"_s},
                        {u"payload"_s, u"p1"_s},
                        {u"currency"_s, u"EUR"_s},
                        {u"prices"_s,
                         u"[{\"label\":\"Pizza\",\"amount\":1200},{\"label\":\"Tip\",\"amount\":100}]"_s}}
        << u"invoice"_s
        << QJsonObject {
               {u"title"_s, u"Pizza"_s}, {u"currency"_s, u"EUR"_s}, {u"total_amount"_s, 1300}};
}

void tst_OutgoingCalls::otherContent()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(QString, field);
    QFETCH(QJsonObject, expected);
    params.insert(u"chat_id"_s, 42);
    OutgoingCalls calls(botUser());
    QJsonValue result;
    const ApiReply reply = calls.answer(method, paramsFrom(params), Now);
    QVERIFY2(parseOk(reply, &result), reply.body.constData());
    QCOMPARE(result[u"message_id"_s].toInteger(), 1);
    const QJsonObject actual = result[field].toObject();
    for (auto it = expected.constBegin(); it != expected.constEnd(); ++it)
        QCOMPARE(actual.value(it.key()), it.value());
    if (method == u"sendVenue") // a venue message has `location` too
        QCOMPARE(result[u"location"_s], actual.value(u"location"_s));
}

void tst_OutgoingCalls::dice()
{
    OutgoingCalls calls(botUser());
    const QList<std::pair<QString, int>> emojis {
        {QString(), 6}, {u"\U0001F3AF"_s, 6}, {u"\U0001F3C0"_s, 5}, {u"\U0001F3B0"_s, 64}};
    for (const auto &[emoji, values] : emojis) {
        for (int i = 0; i < 30; ++i) {
            QJsonObject params{{u"chat_id"_s, 42}};
            if (!emoji.isEmpty())
                params.insert(u"emoji"_s, emoji);
            QJsonValue result;
            QVERIFY(parseOk(calls.answer(u"sendDice"_s, paramsFrom(params), Now), &result));
            const int value = result[u"dice"_s][u"value"_s].toInt();
            QVERIFY2(value >= 1 && value <= values, qPrintable(QString::number(value)));
            QCOMPARE(result[u"dice"_s][u"emoji"_s].toString(),
                     emoji.isEmpty() ? u"\U0001F3B2"_s : emoji);
        }
    }
}

void tst_OutgoingCalls::mediaGroup()
{
    OutgoingCalls calls(botUser());
    const QJsonArray media {
        QJsonObject{{u"type"_s, u"photo"_s},
                     {u"media"_s, u"https://example.com/a.jpg"_s},
                     {u"caption"_s, u"first"_s}},
        QJsonObject{{u"type"_s, u"video"_s}, {u"media"_s, u"https://example.com/b.mp4"_s}}};
    QJsonValue result;
    QVERIFY(parseOk(
        calls.answer(u"sendMessage"_s, paramsFrom({{u"chat_id"_s, 42}, {u"text"_s, u"x"_s}}), Now),
        &result));
    const ApiReply reply
        = calls.answer(u"sendMediaGroup"_s,
                       paramsFrom({{u"chat_id"_s, 42},
                                   {u"media"_s, QString::fromUtf8(QJsonDocument(media).toJson())}}),
                       Now);
    QVERIFY2(parseOk(reply, &result), reply.body.constData());
    const QJsonArray messages = result.toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0][u"message_id"_s].toInteger(), 2);
    QCOMPARE(messages[1][u"message_id"_s].toInteger(), 3);
    QVERIFY(messages[0][u"photo"_s].isArray());
    QCOMPARE(messages[0][u"caption"_s].toString(), u"first"_s);
    QVERIFY(messages[1][u"video"_s].isObject());
    QVERIFY(!messages[0][u"media_group_id"_s].toString().isEmpty());
    QCOMPARE(messages[0][u"media_group_id"_s], messages[1][u"media_group_id"_s]);
}

void tst_OutgoingCalls::forwardAndCopy()
{
    OutgoingCalls calls(botUser());
    QJsonValue result;
    QVERIFY(parseOk(
        calls.answer(
            u"forwardMessage"_s,
            paramsFrom({{u"chat_id"_s, 42}, {u"from_chat_id"_s, 77}, {u"message_id"_s, 5}}), Now),
        &result));
    QCOMPARE(result[u"message_id"_s].toInteger(), 1);
    QCOMPARE(result[u"forward_origin"_s][u"type"_s].toString(), u"user"_s);
    QCOMPARE(result[u"forward_origin"_s][u"sender_user"_s][u"id"_s].toInteger(), 77);

    QVERIFY(parseOk(
        calls.answer(
            u"forwardMessage"_s,
            paramsFrom({{u"chat_id"_s, 42}, {u"from_chat_id"_s, u"@news"_s}, {u"message_id"_s, 5}}),
            Now),
        &result));
    QCOMPARE(result[u"forward_origin"_s][u"type"_s].toString(), u"channel"_s);
    QCOMPARE(result[u"forward_origin"_s][u"message_id"_s].toInteger(), 5);

    QVERIFY(parseOk(
        calls.answer(
            u"copyMessage"_s,
            paramsFrom({{u"chat_id"_s, 42}, {u"from_chat_id"_s, 77}, {u"message_id"_s, 5}}), Now),
        &result));
    QCOMPARE(result.toObject(), (QJsonObject{{u"message_id"_s, 3}})); // a MessageId, nothing more

    QVERIFY(parseOk(calls.answer(u"copyMessages"_s,
                                 paramsFrom({{u"chat_id"_s, 42},
                                             {u"from_chat_id"_s, 77},
                                             {u"message_ids"_s, u"[5,6]"_s}}),
                                 Now),
                    &result));
    QCOMPARE(result.toArray(),
             (QJsonArray{QJsonObject{{u"message_id"_s, 4}}, QJsonObject{{u"message_id"_s, 5}}}));
}

void tst_OutgoingCalls::edits_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("field"); // expected in the edited message; empty: just true
    const QJsonObject markup{{u"inline_keyboard"_s,
                               QJsonArray{QJsonArray{QJsonObject {
                                   {u"text"_s, u"Go"_s}, {u"url"_s, u"https://t.me"_s}}}}}};
    const QJsonObject inMessage{{u"chat_id"_s, 42}, {u"message_id"_s, 17}};
    const QJsonObject inlineMessage{{u"inline_message_id"_s, u"AgAAAEx1"_s}};
    const auto with = [](QJsonObject base, const QJsonObject &more) {
        for (auto it = more.constBegin(); it != more.constEnd(); ++it)
            base.insert(it.key(), it.value());
        return base;
    };
    QTest::newRow("text in chat") << u"editMessageText"_s
                                  << with(inMessage, {{u"text"_s, u"new"_s}}) << u"text"_s;
    QTest::newRow("text inline") << u"editMessageText"_s
                                 << with(inlineMessage, {{u"text"_s, u"new"_s}}) << QString();
    QTest::newRow("caption in chat")
        << u"editMessageCaption"_s << with(inMessage, {{u"caption"_s, u"c"_s}}) << u"caption"_s;
    QTest::newRow("caption inline")
        << u"editMessageCaption"_s << with(inlineMessage, {{u"caption"_s, u"c"_s}}) << QString();
    QTest::newRow("markup in chat")
        << u"editMessageReplyMarkup"_s << with(inMessage, {{u"reply_markup"_s, markup}})
        << u"reply_markup"_s;
    QTest::newRow("markup inline")
        << u"editMessageReplyMarkup"_s << with(inlineMessage, {{u"reply_markup"_s, markup}})
        << QString();
    const QJsonObject media{{u"type"_s, u"photo"_s}, {u"media"_s, u"https://example.com/p.jpg"_s}};
    QTest::newRow("media in chat")
        << u"editMessageMedia"_s << with(inMessage, {{u"media"_s, media}}) << u"photo"_s;
    QTest::newRow("media inline") << u"editMessageMedia"_s
                                  << with(inlineMessage, {{u"media"_s, media}}) << QString();
    QTest::newRow("live location")
        << u"editMessageLiveLocation"_s
        << with(inMessage, {{u"latitude"_s, 1}, {u"longitude"_s, 2}}) << u"location"_s;
}

void tst_OutgoingCalls::edits()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(QString, field);
    OutgoingCalls calls(botUser());
    QJsonValue result;
    const ApiReply reply = calls.answer(method, paramsFrom(params), Now + 60);
    QVERIFY2(parseOk(reply, &result), reply.body.constData());
    if (field.isEmpty()) {
        QCOMPARE(result, QJsonValue(true));
        return;
    }
    const QJsonObject message = result.toObject();
    QCOMPARE(message.value(u"message_id"_s).toInteger(), 17);
    QCOMPARE(message.value(u"chat"_s).toObject().value(u"id"_s).toInteger(), 42);
    QCOMPARE(message.value(u"edit_date"_s).toInteger(), Now + 60);
    QCOMPARE(message.value(u"from"_s).toObject(), botUser());
    QVERIFY2(message.contains(field), qPrintable(field));
    if (params.contains(field))
        QCOMPARE(message.value(field), params.value(field));
}

void tst_OutgoingCalls::stopPoll()
{
    OutgoingCalls calls(botUser());
    QJsonValue sent;
    QVERIFY(parseOk(calls.answer(u"sendPoll"_s,
                                 paramsFrom({{u"chat_id"_s, -5},
                                             {u"question"_s, u"Lunch?"_s},
                                             {u"options"_s, QJsonArray{u"pizza"_s, u"salad"_s}}}),
                                 Now),
                    &sent));
    QJsonValue stopped;
    QVERIFY(parseOk(
        calls.answer(u"stopPoll"_s,
                     paramsFrom({{u"chat_id"_s, -5}, {u"message_id"_s, sent[u"message_id"_s]}}),
                     Now),
        &stopped));
    QCOMPARE(stopped[u"id"_s], sent[u"poll"_s][u"id"_s]);
    QCOMPARE(stopped[u"question"_s].toString(), u"Lunch?"_s);
    QCOMPARE(stopped[u"is_closed"_s], QJsonValue(true));
    QVERIFY(!stopped.toObject().contains(u"message_id"_s)); // a Poll, not a Message
}

void tst_OutgoingCalls::answersTrue_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    const QJsonObject member{{u"chat_id"_s, -1001234567890LL}, {u"user_id"_s, 42}};
    QTest::newRow("answerCallbackQuery")
        << u"answerCallbackQuery"_s
        << QJsonObject{{u"callback_query_id"_s, u"4382bfdwdsb323b2d9"_s}};
    QTest::newRow("answerInlineQuery")
        << u"answerInlineQuery"_s
        << QJsonObject{{u"inline_query_id"_s, u"1"_s}, {u"results"_s, u"[]"_s}};
    QTest::newRow("deleteMessage")
        << u"deleteMessage"_s << QJsonObject{{u"chat_id"_s, 42}, {u"message_id"_s, 3}};
    QTest::newRow("deleteMessages")
        << u"deleteMessages"_s << QJsonObject{{u"chat_id"_s, 42}, {u"message_ids"_s, u"[1,2]"_s}};
    QTest::newRow("setMyCommands")
        << u"setMyCommands"_s
        << QJsonObject{{u"commands"_s, u"[{\"command\":\"start\",\"description\":\"Start\"}]"_s}};
    QTest::newRow("setChatMenuButton") << u"setChatMenuButton"_s << QJsonObject();
    QTest::newRow("banChatMember") << u"banChatMember"_s << member;
    QTest::newRow("unbanChatMember") << u"unbanChatMember"_s << member;
    QTest::newRow("restrictChatMember")
        << u"restrictChatMember"_s
        << QJsonObject {
               {u"chat_id"_s, -100200300400LL}, {u"user_id"_s, 42}, {u"permissions"_s, u"{}"_s}};
    QTest::newRow("promoteChatMember") << u"promoteChatMember"_s << member;
    QTest::newRow("setMessageReaction")
        << u"setMessageReaction"_s << QJsonObject{{u"chat_id"_s, 42}, {u"message_id"_s, 1}};
    QTest::newRow("answerShippingQuery")
        << u"answerShippingQuery"_s
        << QJsonObject{{u"shipping_query_id"_s, u"9"_s}, {u"ok"_s, true}};
    QTest::newRow("answerPreCheckoutQuery")
        << u"answerPreCheckoutQuery"_s
        << QJsonObject{{u"pre_checkout_query_id"_s, u"9"_s}, {u"ok"_s, true}};
    QTest::newRow("sendChatAction")
        << u"sendChatAction"_s << QJsonObject{{u"chat_id"_s, 42}, {u"action"_s, u"typing"_s}};
    QTest::newRow("logOut") << u"logOut"_s << QJsonObject();
    QTest::newRow("close") << u"close"_s << QJsonObject();
    QTest::newRow("unknown method") << u"doSomethingNew"_s << QJsonObject{{u"x"_s, 1}};
}

void tst_OutgoingCalls::answersTrue()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    OutgoingCalls calls(botUser());
    const ApiReply reply = calls.answer(method, paramsFrom(params), Now);
    QCOMPARE(reply.body, QByteArray("{\"ok\":true,\"result\":true}"));
    QCOMPARE(reply.status, 200);
}

void tst_OutgoingCalls::getters_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QJsonValue>("expected"); // an object: a subset of the result
    QTest::newRow("getChat private") << u"getChat"_s << QJsonObject{{u"chat_id"_s, 42}}
                                     << QJsonValue(QJsonObject{{u"id"_s, 42},
                                                                {u"type"_s, u"private"_s},
                                                                {u"first_name"_s, u"User 42"_s},
                                                                {u"accent_color_id"_s, 0},
                                                                {u"max_reaction_count"_s, 11}});
    QTest::newRow("getChat supergroup")
        << u"getChat"_s << QJsonObject{{u"chat_id"_s, u"-1001234567890"_s}}
        << QJsonValue(QJsonObject{{u"id"_s, -1001234567890LL},
                                   {u"type"_s, u"supergroup"_s},
                                   {u"accent_color_id"_s, 0},
                                   {u"max_reaction_count"_s, 11}});
    QTest::newRow("getChatMember")
        << u"getChatMember"_s << QJsonObject{{u"chat_id"_s, -5}, {u"user_id"_s, 42}}
        << QJsonValue(QJsonObject{{u"status"_s, u"member"_s},
                                   {u"user"_s,
                                    QJsonObject{{u"id"_s, 42},
                                                 {u"is_bot"_s, false},
                                                 {u"first_name"_s, u"User 42"_s}}}});
    QTest::newRow("getChatMember bot")
        << u"getChatMember"_s << QJsonObject{{u"chat_id"_s, -5}, {u"user_id"_s, 123456789}}
        << QJsonValue(QJsonObject{{u"status"_s, u"member"_s}, {u"user"_s, botUser()}});
    QTest::newRow("getChatMemberCount")
        << u"getChatMemberCount"_s << QJsonObject{{u"chat_id"_s, -5}} << QJsonValue(2);
    QTest::newRow("getMyCommands")
        << u"getMyCommands"_s << QJsonObject() << QJsonValue(QJsonArray());
    QTest::newRow("getUserProfilePhotos")
        << u"getUserProfilePhotos"_s << QJsonObject{{u"user_id"_s, 42}}
        << QJsonValue(QJsonObject{{u"total_count"_s, 0}, {u"photos"_s, QJsonArray()}});
    QTest::newRow("getMyName") << u"getMyName"_s << QJsonObject()
                               << QJsonValue(QJsonObject{{u"name"_s, u"Test Bot"_s}});
    QTest::newRow("getChatMenuButton") << u"getChatMenuButton"_s << QJsonObject()
                                       << QJsonValue(QJsonObject{{u"type"_s, u"default"_s}});
}

void tst_OutgoingCalls::getters()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(QJsonValue, expected);
    OutgoingCalls calls(botUser());
    QJsonValue result;
    const ApiReply reply = calls.answer(method, paramsFrom(params), Now);
    QVERIFY2(parseOk(reply, &result), reply.body.constData());
    if (!expected.isObject()) {
        QCOMPARE(result, expected);
        return;
    }
    QVERIFY(result.isObject());
    const QJsonObject object = expected.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        QCOMPARE(result[it.key()], it.value());
}

void tst_OutgoingCalls::getFile()
{
    OutgoingCalls calls(botUser());
    ApiParams upload = paramsFrom({{u"chat_id"_s, 42}});
    upload.insertFile(u"document"_s, {u"a.txt"_s, "text/plain", QByteArray(321, 'a')});
    QJsonValue sent;
    QVERIFY(parseOk(calls.answer(u"sendDocument"_s, upload, Now), &sent));
    const QString fileId = sent[u"document"_s][u"file_id"_s].toString();

    QJsonValue file;
    QVERIFY(parseOk(calls.answer(u"getFile"_s, paramsFrom({{u"file_id"_s, fileId}}), Now), &file));
    QCOMPARE(file[u"file_id"_s].toString(), fileId);
    QCOMPARE(file[u"file_unique_id"_s], sent[u"document"_s][u"file_unique_id"_s]);
    QCOMPARE(file[u"file_size"_s].toInteger(), 321);
    QCOMPARE(file[u"file_path"_s].toString(), u"documents/file_0"_s);

    // The same file keeps its path; the next one gets the next number.
    QVERIFY(parseOk(calls.answer(u"getFile"_s, paramsFrom({{u"file_id"_s, fileId}}), Now), &file));
    QCOMPARE(file[u"file_path"_s].toString(), u"documents/file_0"_s);
    QVERIFY(parseOk(
        calls.answer(u"getFile"_s, paramsFrom({{u"file_id"_s, u"BQACunknownId"_s}}), Now), &file));
    QCOMPARE(file[u"file_path"_s].toString(), u"documents/file_1"_s);
    QVERIFY(file[u"file_size"_s].toInteger() > 0);
    QVERIFY(!file[u"file_unique_id"_s].toString().isEmpty());
    QVERIFY(parseOk(calls.answer(u"getFile"_s, paramsFrom({{u"file_id"_s, u"AgACphoto"_s}}), Now),
                    &file));
    QCOMPARE(file[u"file_path"_s].toString(), u"photos/file_2.jpg"_s);
}

void tst_OutgoingCalls::errors_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("description");
    const QString chatEmpty = u"Bad Request: chat_id is empty"_s;
    const QString notFound = u"Bad Request: chat not found"_s;
    QTest::newRow("sendMessage no chat_id")
        << u"sendMessage"_s << QJsonObject{{u"text"_s, u"hi"_s}} << chatEmpty;
    QTest::newRow("sendMessage empty chat_id")
        << u"sendMessage"_s << QJsonObject{{u"chat_id"_s, u""_s}, {u"text"_s, u"hi"_s}}
        << chatEmpty;
    QTest::newRow("sendMessage no text") << u"sendMessage"_s << QJsonObject{{u"chat_id"_s, 42}}
                                         << u"Bad Request: message text is empty"_s;
    QTest::newRow("sendMessage empty text")
        << u"sendMessage"_s << QJsonObject{{u"chat_id"_s, 42}, {u"text"_s, u""_s}}
        << u"Bad Request: message text is empty"_s;
    QTest::newRow("sendMessage too long")
        << u"sendMessage"_s << QJsonObject{{u"chat_id"_s, 42}, {u"text"_s, QString(5000, u'x')}}
        << u"Bad Request: message is too long"_s;
    for (const char *chat : {"abc", "@", "@bad-name", "0", "-1000000000000", "123abc"}) {
        QTest::addRow("chat_id %s", chat)
            << u"sendMessage"_s
            << QJsonObject{{u"chat_id"_s, QString::fromLatin1(chat)}, {u"text"_s, u"hi"_s}}
            << notFound;
    }
    QTest::newRow("chat_id fraction")
        << u"sendMessage"_s << QJsonObject{{u"chat_id"_s, 1.5}, {u"text"_s, u"hi"_s}} << notFound;
    QTest::newRow("sendPhoto no photo") << u"sendPhoto"_s << QJsonObject{{u"chat_id"_s, 42}}
                                        << u"Bad Request: there is no photo in the request"_s;
    QTest::newRow("sendDocument no document")
        << u"sendDocument"_s << QJsonObject{{u"chat_id"_s, 42}}
        << u"Bad Request: there is no document in the request"_s;
    QTest::newRow("caption too long") << u"sendPhoto"_s
                                      << QJsonObject{{u"chat_id"_s, 42},
                                                      {u"photo"_s, u"AgACx"_s},
                                                      {u"caption"_s, QString(1025, u'c')}}
                                      << u"Bad Request: message caption is too long"_s;
    QTest::newRow("answerCallbackQuery no id")
        << u"answerCallbackQuery"_s << QJsonObject{{u"text"_s, u"done"_s}}
        << u"Bad Request: query is too old and response timeout expired or query ID is invalid"_s;
    QTest::newRow("editMessageText no text")
        << u"editMessageText"_s << QJsonObject{{u"chat_id"_s, 42}, {u"message_id"_s, 1}}
        << u"Bad Request: text must be non-empty"_s;
    QTest::newRow("editMessageText inline no text")
        << u"editMessageText"_s << QJsonObject{{u"inline_message_id"_s, u"x"_s}}
        << u"Bad Request: text must be non-empty"_s;
    QTest::newRow("editMessageText no chat")
        << u"editMessageText"_s << QJsonObject{{u"message_id"_s, 1}, {u"text"_s, u"t"_s}}
        << chatEmpty;
    QTest::newRow("editMessageText no message_id")
        << u"editMessageText"_s << QJsonObject{{u"chat_id"_s, 42}, {u"text"_s, u"t"_s}}
        << u"Bad Request: message to edit not found"_s;
    QTest::newRow("deleteMessage no message_id")
        << u"deleteMessage"_s << QJsonObject{{u"chat_id"_s, 42}}
        << u"Bad Request: message to delete not found"_s;
    QTest::newRow("forwardMessage no from_chat_id")
        << u"forwardMessage"_s << QJsonObject{{u"chat_id"_s, 42}, {u"message_id"_s, 1}}
        << chatEmpty;
    QTest::newRow("forwardMessage bad from_chat_id")
        << u"forwardMessage"_s
        << QJsonObject{{u"chat_id"_s, 42}, {u"from_chat_id"_s, u"x"_s}, {u"message_id"_s, 1}}
        << notFound;
    QTest::newRow("getChatMember no user_id")
        << u"getChatMember"_s << QJsonObject{{u"chat_id"_s, 42}}
        << u"Bad Request: invalid user_id specified"_s;
    QTest::newRow("getChatAdministrators private")
        << u"getChatAdministrators"_s << QJsonObject{{u"chat_id"_s, 42}}
        << u"Bad Request: there are no administrators in the private chat"_s;
    QTest::newRow("getChat no chat_id") << u"getChat"_s << QJsonObject() << chatEmpty;
    QTest::newRow("banChatMember bad chat")
        << u"banChatMember"_s << QJsonObject{{u"chat_id"_s, u"nope"_s}, {u"user_id"_s, 1}}
        << notFound;
    QTest::newRow("sendLocation no longitude")
        << u"sendLocation"_s << QJsonObject{{u"chat_id"_s, 42}, {u"latitude"_s, 1}}
        << u"Bad Request: parameter \"longitude\" is required"_s;
    QTest::newRow("setMyCommands no commands")
        << u"setMyCommands"_s << QJsonObject()
        << u"Bad Request: parameter \"commands\" is required"_s;
    QTest::newRow("getFile no file_id")
        << u"getFile"_s << QJsonObject() << u"Bad Request: invalid file_id"_s;
}

void tst_OutgoingCalls::errors()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(QString, description);
    OutgoingCalls calls(botUser());
    const ApiReply reply = calls.answer(method, paramsFrom(params), Now);
    QCOMPARE(reply.status, 400);
    const QJsonObject envelope = reply.envelope();
    QCOMPARE(envelope.value(u"ok"_s), QJsonValue(false));
    QCOMPARE(envelope.value(u"error_code"_s).toInt(), 400);
    QCOMPARE(envelope.value(u"description"_s).toString(), description);
    QVERIFY(!envelope.contains(u"result"_s));
}

QTEST_GUILESS_MAIN(tst_OutgoingCalls)
#include "tst_outgoingcalls.moc"
