// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// OutgoingCalls, part two: messages the bot sends or edits, and what it may ask about chats.
#include "outgoingcalls.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

namespace {
void merge(QJsonObject *into, const QJsonObject &from)
{
    for (auto it = from.constBegin(); it != from.constEnd(); ++it)
        into->insert(it.key(), it.value());
}
} // namespace

QJsonObject OutgoingCalls::newMessage(const QJsonObject &chat, const Call &call)
{
    const qint64 chatId = chat.value(u"id"_s).toInteger();
    QJsonObject message {
        {u"message_id"_s, nextMessageId(chatId)}, {u"date"_s, call.now}, {u"chat"_s, chat}};
    // Posts in a channel are signed by the channel, not by the bot.
    if (chat.value(u"type"_s).toString() == u"channel")
        message.insert(u"sender_chat"_s, chat);
    else
        message.insert(u"from"_s, m_botUser);
    const ApiParams &params = call.params;
    const std::optional<qint64> thread = params.integer(u"message_thread_id"_s);
    if (thread && *thread > 0 && chat.value(u"type"_s).toString() == u"supergroup") {
        message.insert(u"message_thread_id"_s, *thread);
        message.insert(u"is_topic_message"_s, true);
    }
    std::optional<qint64> replyTo = params.integer(u"reply_to_message_id"_s);
    if (const std::optional<QJsonObject> reply = params.object(u"reply_parameters"_s)) {
        if (reply->value(u"message_id"_s).isDouble())
            replyTo = reply->value(u"message_id"_s).toInteger();
    }
    if (replyTo && *replyTo > 0) {
        message.insert(
            u"reply_to_message"_s,
            QJsonObject{{u"message_id"_s, *replyTo}, {u"date"_s, call.now}, {u"chat"_s, chat}});
    }
    if (params.boolean(u"protect_content"_s))
        message.insert(u"has_protected_content"_s, true);
    addInlineMarkup(params, &message);
    return message;
}

QJsonObject OutgoingCalls::editedMessage(const QJsonObject &chat, const Call &call) const
{
    QJsonObject message{{u"message_id"_s, call.params.integer(u"message_id"_s).value_or(0)},
                         {u"date"_s, call.now},
                         {u"edit_date"_s, call.now},
                         {u"chat"_s, chat}};
    if (chat.value(u"type"_s).toString() == u"channel")
        message.insert(u"sender_chat"_s, chat);
    else
        message.insert(u"from"_s, m_botUser);
    addInlineMarkup(call.params, &message);
    return message;
}

void OutgoingCalls::addInlineMarkup(const ApiParams &params, QJsonObject *message)
{
    // Only an inline keyboard stays attached to a message; reply keyboards are not echoed.
    const std::optional<QJsonObject> markup = params.object(u"reply_markup"_s);
    if (markup && markup->value(u"inline_keyboard"_s).isArray())
        message->insert(u"reply_markup"_s, *markup);
}

ApiReply OutgoingCalls::sendContent(const Call &call)
{
    QJsonObject content;
    if (const ContentBuilder build = contentBuilders().value(call.method)) {
        if (std::optional<ApiReply> error = (this->*build)(call, &content))
            return *error;
    }
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat)
        return error;
    QJsonObject message = newMessage(*chat, call);
    merge(&message, content);
    if (call.method == u"sendPoll")
        rememberPoll(message);
    return ApiReply::ok(message);
}

ApiReply OutgoingCalls::sendMediaGroup(const Call &call)
{
    const QJsonArray media = call.params.array(u"media"_s).value_or(QJsonArray());
    if (media.isEmpty())
        return ApiReply::error(400, missingDescription(call.method, u"media"));
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat)
        return error;
    const QString groupId = QString::number(13000000000000000LL + ++m_counter);
    QJsonArray messages;
    for (const QJsonValue &item : media) {
        QJsonObject message = newMessage(*chat, call);
        const QJsonObject content = inputMediaContent(item.toObject(), call.params);
        merge(&message, content);
        message.insert(u"media_group_id"_s, groupId);
        messages.append(message);
    }
    return ApiReply::ok(messages);
}

ApiReply OutgoingCalls::forwardMessage(const Call &call)
{
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat)
        return error;
    const std::optional<QJsonObject> from = chatFor(call.params, u"from_chat_id"_s, &error);
    if (!from)
        return error;
    const QString type = from->value(u"type"_s).toString();
    QJsonObject origin{{u"date"_s, call.now}};
    if (type == u"private") {
        origin.insert(u"type"_s, u"user"_s);
        origin.insert(u"sender_user"_s,
                      QJsonObject{{u"id"_s, from->value(u"id"_s)},
                                   {u"is_bot"_s, false},
                                   {u"first_name"_s, from->value(u"first_name"_s)}});
    } else if (type == u"channel") {
        origin.insert(u"type"_s, u"channel"_s);
        origin.insert(u"chat"_s, *from);
        origin.insert(u"message_id"_s, call.params.integer(u"message_id"_s).value_or(0));
    } else {
        origin.insert(u"type"_s, u"chat"_s);
        origin.insert(u"sender_chat"_s, *from);
    }
    QJsonObject message = newMessage(*chat, call);
    message.insert(u"forward_origin"_s, origin);
    return ApiReply::ok(message);
}

ApiReply OutgoingCalls::copyMessage(const Call &call)
{
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat || !chatFor(call.params, u"from_chat_id"_s, &error))
        return error;
    const qint64 id = nextMessageId(chat->value(u"id"_s).toInteger());
    return ApiReply::ok(QJsonObject{{u"message_id"_s, id}});
}

// forwardMessages and copyMessages: one MessageId per message in message_ids.
ApiReply OutgoingCalls::copyMessages(const Call &call)
{
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat || !chatFor(call.params, u"from_chat_id"_s, &error))
        return error;
    const QJsonArray ids = call.params.array(u"message_ids"_s).value_or(QJsonArray());
    if (ids.isEmpty())
        return ApiReply::error(400, messageNotFound(call.method));
    QJsonArray result;
    for (qsizetype i = 0; i < ids.size(); ++i)
        result.append(
            QJsonObject{{u"message_id"_s, nextMessageId(chat->value(u"id"_s).toInteger())}});
    return ApiReply::ok(result);
}

ApiReply OutgoingCalls::editMessage(const Call &call)
{
    QJsonObject content;
    if (const ContentBuilder build = contentBuilders().value(call.method)) {
        if (std::optional<ApiReply> error = (this->*build)(call, &content))
            return *error;
    }
    // An inline message is not in any chat the bot can see: the service answers just True.
    if (!call.params.string(u"inline_message_id"_s).isEmpty())
        return ApiReply::ok(true);
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat)
        return error;
    if (call.params.integer(u"message_id"_s).value_or(0) <= 0)
        return ApiReply::error(400, messageNotFound(call.method));
    QJsonObject message = editedMessage(*chat, call);
    merge(&message, content);
    return ApiReply::ok(message);
}

ApiReply OutgoingCalls::stopPoll(const Call &call)
{
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat)
        return error;
    const QString key = u"%1/%2"_s.arg(chat->value(u"id"_s).toInteger())
                            .arg(call.params.integer(u"message_id"_s).value_or(0));
    QJsonObject poll = m_polls.value(key);
    if (poll.isEmpty()) // not one this emulator sent: an empty but well-formed Poll
        poll = QJsonObject{{u"id"_s, QString::number(5300000000000000000LL + ++m_counter)},
                            {u"question"_s, QString()},
                            {u"options"_s, QJsonArray()},
                            {u"total_voter_count"_s, 0},
                            {u"is_anonymous"_s, true},
                            {u"type"_s, u"regular"_s},
                            {u"allows_multiple_answers"_s, false}};
    poll.insert(u"is_closed"_s, true);
    m_polls.insert(key, poll);
    return ApiReply::ok(poll);
}

void OutgoingCalls::rememberPoll(const QJsonObject &message)
{
    // Bounded: an emulator session may run for days.
    if (m_polls.size() >= MaxRemembered)
        m_polls.clear();
    const QString key
        = u"%1/%2"_s.arg(message.value(u"chat"_s).toObject().value(u"id"_s).toInteger())
              .arg(message.value(u"message_id"_s).toInteger());
    m_polls.insert(key, message.value(u"poll"_s).toObject());
}

ApiReply OutgoingCalls::getChat(const Call &call)
{
    ApiReply error;
    std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat)
        return error;
    // ChatFullInfo: the Chat fields plus the two that are always present.
    chat->insert(u"accent_color_id"_s, 0);
    chat->insert(u"max_reaction_count"_s, 11);
    return ApiReply::ok(*chat);
}

ApiReply OutgoingCalls::getChatMember(const Call &call)
{
    ApiReply error;
    if (!chatFor(call.params, u"chat_id"_s, &error))
        return error;
    const qint64 userId = call.params.integer(u"user_id"_s).value_or(0);
    if (userId <= 0)
        return ApiReply::error(400, missingDescription(call.method, u"user_id"));
    const QJsonObject user = userId == m_botId ? m_botUser : userObject(userId);
    return ApiReply::ok(QJsonObject{{u"status"_s, u"member"_s}, {u"user"_s, user}});
}

ApiReply OutgoingCalls::getChatAdministrators(const Call &call)
{
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat)
        return error;
    if (chat->value(u"type"_s).toString() == u"private")
        return ApiReply::error(400,
                               u"Bad Request: there are no administrators in the private chat"_s);
    // Every group has a creator; this one is made up.
    const QJsonObject creator {
        {u"status"_s, u"creator"_s}, {u"user"_s, userObject(1000001)}, {u"is_anonymous"_s, false}};
    return ApiReply::ok(QJsonArray{creator});
}

ApiReply OutgoingCalls::getChatMemberCount(const Call &call)
{
    ApiReply error;
    if (!chatFor(call.params, u"chat_id"_s, &error))
        return error;
    return ApiReply::ok(2); // the user and the bot
}

ApiReply OutgoingCalls::getMyName(const Call &)
{
    return ApiReply::ok(QJsonObject{{u"name"_s, m_botUser.value(u"first_name"_s).toString()}});
}

ApiReply OutgoingCalls::exportChatInviteLink(const Call &call)
{
    ApiReply error;
    if (!chatFor(call.params, u"chat_id"_s, &error))
        return error;
    return ApiReply::ok(QString(u"https://t.me/+"_s + newToken(12)));
}

// create/edit/revoke ChatInviteLink, subscription links included.
ApiReply OutgoingCalls::chatInviteLink(const Call &call)
{
    ApiReply error;
    if (!chatFor(call.params, u"chat_id"_s, &error))
        return error;
    const ApiParams &params = call.params;
    const bool created = call.method.startsWith(u"create");
    QJsonObject link {
        {u"invite_link"_s,
         created ? QString(u"https://t.me/+"_s + newToken(12)) : params.string(u"invite_link"_s)},
        {u"creator"_s, m_botUser},
        {u"creates_join_request"_s, params.boolean(u"creates_join_request"_s)},
        {u"is_primary"_s, false},
        {u"is_revoked"_s, call.method == u"revokeChatInviteLink"}};
    for (const char *field :
         {"name", "expire_date", "member_limit", "subscription_period", "subscription_price"}) {
        const QString key = QString::fromLatin1(field);
        if (params.contains(key))
            link.insert(key,
                        field == QByteArrayView("name")
                            ? QJsonValue(params.string(key))
                            : QJsonValue(params.integer(key).value_or(0)));
    }
    return ApiReply::ok(link);
}

ApiReply OutgoingCalls::createForumTopic(const Call &call)
{
    ApiReply error;
    const std::optional<QJsonObject> chat = chatFor(call.params, u"chat_id"_s, &error);
    if (!chat)
        return error;
    // A topic is identified by the id of the service message that created it.
    QJsonObject topic{{u"message_thread_id"_s, nextMessageId(chat->value(u"id"_s).toInteger())},
                       {u"name"_s, call.params.string(u"name"_s)},
                       {u"icon_color"_s, call.params.integer(u"icon_color"_s).value_or(7322096)}};
    if (call.params.contains(u"icon_custom_emoji_id"_s))
        topic.insert(u"icon_custom_emoji_id"_s, call.params.string(u"icon_custom_emoji_id"_s));
    return ApiReply::ok(topic);
}

ApiReply OutgoingCalls::createInvoiceLink(const Call &)
{
    return ApiReply::ok(QString(u"https://t.me/$"_s + newToken(15)));
}

ApiReply OutgoingCalls::getStickerSet(const Call &call)
{
    const QString name = call.params.string(u"name"_s);
    return ApiReply::ok(QJsonObject{{u"name"_s, name},
                                     {u"title"_s, name},
                                     {u"sticker_type"_s, u"regular"_s},
                                     {u"stickers"_s, QJsonArray()}});
}

} // namespace UpdateInspector
