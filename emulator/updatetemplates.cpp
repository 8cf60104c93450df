// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatetemplates.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

namespace {

constexpr std::array<QLatin1StringView, 5> kKindNames {
    "text"_L1, "command"_L1, "callback"_L1, "inline"_L1, "join"_L1,
};

// Supergroup and channel ids are -100 followed by the channel id (at least 13 digits in all).
constexpr qint64 SupergroupIdLimit = -1000000000000;

bool isCommandChar(QChar c)
{
    return (c.unicode() < 0x80 && c.isLetterOrNumber()) || c == u'_';
}

// The bot_command entities of a text: "/name" or "/name@bot" at the start or after a space.
// QString indexes count UTF-16 code units, which is what entity offsets and lengths count too.
QJsonArray commandEntities(const QString &text)
{
    QJsonArray entities;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != u'/' || (i > 0 && !text[i - 1].isSpace()))
            continue;
        qsizetype end = i + 1;
        while (end < text.size() && isCommandChar(text[end]))
            ++end;
        if (end == i + 1)
            continue;
        if (end < text.size() && text[end] == u'@') {
            qsizetype name = end + 1;
            while (name < text.size() && isCommandChar(text[name]))
                ++name;
            if (name > end + 1)
                end = name;
        }
        entities.append(QJsonObject {
            {u"type"_s, u"bot_command"_s}, {u"offset"_s, i}, {u"length"_s, end - i}});
        i = end - 1;
    }
    return entities;
}

// "demo_bot" -> "Demo Bot": the bot's name, as its owner would likely have set it.
QString botFirstName(const QString &username)
{
    QString name;
    bool wordStart = true;
    for (const QChar c : username) {
        if (c == u'_') {
            wordStart = true;
            continue;
        }
        if (wordStart && !name.isEmpty())
            name.append(u' ');
        name.append(wordStart ? c.toUpper() : c);
        wordStart = false;
    }
    return name.isEmpty() ? u"Bot"_s : name;
}

} // namespace

std::optional<UpdateTemplates::Kind> UpdateTemplates::kindFromName(QStringView name)
{
    for (size_t i = 0; i < kKindNames.size(); ++i) {
        if (name.compare(kKindNames[i], Qt::CaseInsensitive) == 0)
            return Kind(i);
    }
    return std::nullopt;
}

QLatin1StringView UpdateTemplates::kindName(Kind kind)
{
    return kKindNames[size_t(kind)];
}

UpdateTemplates::UpdateTemplates(qint64 botId, const QString &botUsername, quint32 seed)
    : m_botId(botId)
    , m_botUsername(botUsername)
    , m_defaultUserId(111111111 + qint64(seed % 100000000))
    , m_random(seed)
{
}

QByteArray UpdateTemplates::make(Kind kind, const Params &params, qint64 unixDate)
{
    QJsonObject update;
    switch (kind) {
    case Kind::Text: update.insert(u"message"_s, textMessage(params, unixDate)); break;
    case Kind::Command: update.insert(u"message"_s, commandMessage(params, unixDate)); break;
    case Kind::CallbackButton: update.insert(u"callback_query"_s, callbackQuery(params, unixDate)); break;
    case Kind::InlineQuery: update.insert(u"inline_query"_s, inlineQuery(params)); break;
    case Kind::MemberJoin: update.insert(u"message"_s, memberJoin(params, unixDate)); break;
    }
    return QJsonDocument(update).toJson(QJsonDocument::Compact);
}

QJsonObject UpdateTemplates::user(const Params &params) const
{
    const bool isDefault = params.userId == 0 || params.userId == m_defaultUserId;
    const qint64 id = isDefault ? m_defaultUserId : params.userId;
    QJsonObject object {{u"id"_s, id}, {u"is_bot"_s, false}};
    if (!params.firstName.isEmpty())
        object.insert(u"first_name"_s, params.firstName);
    else
        object.insert(u"first_name"_s, isDefault ? u"Ada"_s : u"User %1"_s.arg(id % 10000));
    if (!params.username.isEmpty())
        object.insert(u"username"_s, params.username);
    else if (isDefault)
        object.insert(u"username"_s, u"ada_tester"_s);
    object.insert(u"language_code"_s, u"en"_s);
    return object;
}

QJsonObject UpdateTemplates::botUser() const
{
    QJsonObject object {{u"id"_s, m_botId}, {u"is_bot"_s, true},
                        {u"first_name"_s, botFirstName(m_botUsername)}};
    if (!m_botUsername.isEmpty())
        object.insert(u"username"_s, m_botUsername);
    return object;
}

QJsonObject UpdateTemplates::chat(qint64 chatId, const Params &params) const
{
    if (chatId <= SupergroupIdLimit) {
        return {{u"id"_s, chatId}, {u"title"_s, u"Test supergroup"_s},
                {u"type"_s, u"supergroup"_s}};
    }
    if (chatId < 0) {
        // The service still sends this legacy flag for basic groups.
        return {{u"id"_s, chatId}, {u"title"_s, u"Test group"_s}, {u"type"_s, u"group"_s},
                {u"all_members_are_administrators"_s, true}};
    }
    // A private chat's id is the user's id; its names are the user's.
    Params owner = params;
    if (chatId != (params.userId ? params.userId : m_defaultUserId))
        owner = Params {}; // a chat with someone else than the sender: not the sender's names
    owner.userId = chatId;
    const QJsonObject person = user(owner);
    QJsonObject object {{u"id"_s, chatId}, {u"first_name"_s, person.value(u"first_name")}};
    if (person.contains(u"username"))
        object.insert(u"username"_s, person.value(u"username"));
    object.insert(u"type"_s, u"private"_s);
    return object;
}

qint64 UpdateTemplates::chatIdFor(const Params &params) const
{
    if (params.chatId != 0)
        return params.chatId;
    return params.userId != 0 ? params.userId : m_defaultUserId;
}

qint64 UpdateTemplates::nextMessageId(qint64 chatId)
{
    if (m_messageIdSource)
        return m_messageIdSource(chatId);
    return ++m_lastMessageId[chatId];
}

// Callback and inline query ids are decimal strings of 64-bit numbers.
QString UpdateTemplates::randomId()
{
    return QString::number(m_random.generate64() >> 1);
}

QString UpdateTemplates::chatInstance(qint64 chatId)
{
    auto it = m_chatInstances.find(chatId);
    if (it == m_chatInstances.end())
        it = m_chatInstances.insert(chatId, QString::number(qint64(m_random.generate64())));
    return *it;
}

QJsonObject UpdateTemplates::textMessage(const Params &params, qint64 unixDate)
{
    const qint64 chatId = chatIdFor(params);
    return {{u"message_id"_s, nextMessageId(chatId)},
            {u"from"_s, user(params)},
            {u"chat"_s, chat(chatId, params)},
            {u"date"_s, unixDate},
            {u"text"_s, params.text.isEmpty() ? u"Hello!"_s : params.text}};
}

QJsonObject UpdateTemplates::commandMessage(const Params &params, qint64 unixDate)
{
    const qint64 chatId = chatIdFor(params);
    QString text = params.text.isEmpty() ? u"/start"_s : params.text;
    if (!text.startsWith(u'/'))
        text.prepend(u'/');
    // In groups a command picked from the menu names its bot: /start@botname.
    qsizetype nameEnd = 1;
    while (nameEnd < text.size() && isCommandChar(text[nameEnd]))
        ++nameEnd;
    const bool named = nameEnd < text.size() && text[nameEnd] == u'@';
    if (chatId < 0 && !named && !m_botUsername.isEmpty())
        text.insert(nameEnd, u'@' + m_botUsername);
    Params withText = params;
    withText.text = text;
    QJsonObject message = textMessage(withText, unixDate);
    message.insert(u"entities"_s, commandEntities(text));
    return message;
}

QJsonObject UpdateTemplates::callbackQuery(const Params &params, qint64 unixDate)
{
    const qint64 chatId = chatIdFor(params);
    const QString data = params.text.isEmpty() ? u"button_1"_s : params.text;
    const QJsonObject button {{u"text"_s, u"Press me"_s}, {u"callback_data"_s, data}};
    // The message with the keyboard was the bot's, sent a little earlier.
    const QJsonObject message {
        {u"message_id"_s, nextMessageId(chatId)},
        {u"from"_s, botUser()},
        {u"chat"_s, chat(chatId, params)},
        {u"date"_s, qMax<qint64>(0, unixDate - 5)},
        {u"text"_s, u"Choose an option:"_s},
        {u"reply_markup"_s,
         QJsonObject {{u"inline_keyboard"_s, QJsonArray {QJsonArray {button}}}}},
    };
    return {{u"id"_s, randomId()},
            {u"from"_s, user(params)},
            {u"message"_s, message},
            {u"chat_instance"_s, chatInstance(chatId)},
            {u"data"_s, data}};
}

QJsonObject UpdateTemplates::inlineQuery(const Params &params)
{
    QString chatType = u"sender"_s; // the private chat with the bot itself
    if (params.chatId <= SupergroupIdLimit)
        chatType = u"supergroup"_s;
    else if (params.chatId < 0)
        chatType = u"group"_s;
    else if (params.chatId > 0 && params.chatId != (params.userId ? params.userId : m_defaultUserId))
        chatType = u"private"_s;
    return {{u"id"_s, randomId()},
            {u"from"_s, user(params)},
            {u"query"_s, params.text},
            {u"offset"_s, QString()},
            {u"chat_type"_s, chatType}};
}

QJsonObject UpdateTemplates::memberJoin(const Params &params, qint64 unixDate)
{
    // Joins happen in groups only: a private or missing chat means the default supergroup.
    const qint64 chatId = params.chatId < 0 ? params.chatId : DefaultGroupId;
    const QJsonObject member = user(params);
    // The service sends the old single-member fields next to new_chat_members.
    return {{u"message_id"_s, nextMessageId(chatId)},
            {u"from"_s, member},
            {u"chat"_s, chat(chatId, params)},
            {u"date"_s, unixDate},
            {u"new_chat_participant"_s, member},
            {u"new_chat_member"_s, member},
            {u"new_chat_members"_s, QJsonArray {member}}};
}

} // namespace UpdateInspector
