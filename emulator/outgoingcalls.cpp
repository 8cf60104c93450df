// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// OutgoingCalls, part one: dispatch, answers that do not depend on the call, and chats.
#include "outgoingcalls.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

namespace {

// A stable fake id for a public channel known only by its @username: -100 and ten digits.
qint64 channelIdFor(QStringView username)
{
    quint64 hash = 14695981039346656037ULL; // FNV-1a: stable across runs, unlike qHash
    for (QChar c : username.toString().toLower()) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return -(1000000000000LL + 1 + qint64(hash % 9999999999ULL));
}

bool isUsername(QStringView name)
{
    if (name.isEmpty() || name.size() > 32)
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'_';
    });
}

QJsonObject chatObject(qint64 id)
{
    if (id > 0)
        return {{u"id"_s, id}, {u"type"_s, u"private"_s}, {u"first_name"_s, u"User %1"_s.arg(id)}};
    if (id > -1000000000000LL)
        return {{u"id"_s, id}, {u"type"_s, u"group"_s}, {u"title"_s, u"Group %1"_s.arg(-id)}};
    return {{u"id"_s, id},
            {u"type"_s, u"supergroup"_s},
            {u"title"_s, u"Supergroup %1"_s.arg(-id - 1000000000000LL)}};
}

} // namespace

OutgoingCalls::OutgoingCalls(const QJsonObject &botUser)
    : m_botUser(botUser)
    , m_botId(botUser.value(u"id"_s).toInteger())
{ }

QJsonObject OutgoingCalls::userObject(qint64 id)
{
    return {{u"id"_s, id}, {u"is_bot"_s, false}, {u"first_name"_s, u"User %1"_s.arg(id)}};
}

const QHash<QString, OutgoingCalls::Handler> &OutgoingCalls::handlers()
{
    static const QHash<QString, Handler> table = [] {
        QHash<QString, Handler> result;
        for (const char *method :
             {"sendMessage", "sendPhoto", "sendAudio", "sendDocument", "sendVideo", "sendAnimation",
              "sendVoice", "sendVideoNote", "sendSticker", "sendPaidMedia", "sendLocation",
              "sendVenue", "sendContact", "sendPoll", "sendChecklist", "sendDice", "sendInvoice",
              "sendGame"})
            result.insert(QString::fromLatin1(method), &OutgoingCalls::sendContent);
        for (const char *method :
             {"editMessageText", "editMessageCaption", "editMessageMedia", "editMessageReplyMarkup",
              "editMessageLiveLocation", "stopMessageLiveLocation", "editMessageChecklist",
              "setGameScore"})
            result.insert(QString::fromLatin1(method), &OutgoingCalls::editMessage);
        for (const char *method :
             {"createChatInviteLink", "editChatInviteLink", "revokeChatInviteLink",
              "createChatSubscriptionInviteLink", "editChatSubscriptionInviteLink"})
            result.insert(QString::fromLatin1(method), &OutgoingCalls::chatInviteLink);
        result.insert(u"sendMediaGroup"_s, &OutgoingCalls::sendMediaGroup);
        result.insert(u"forwardMessage"_s, &OutgoingCalls::forwardMessage);
        result.insert(u"forwardMessages"_s, &OutgoingCalls::copyMessages); // both return MessageIds
        result.insert(u"copyMessage"_s, &OutgoingCalls::copyMessage);
        result.insert(u"copyMessages"_s, &OutgoingCalls::copyMessages);
        result.insert(u"stopPoll"_s, &OutgoingCalls::stopPoll);
        result.insert(u"getChat"_s, &OutgoingCalls::getChat);
        result.insert(u"getChatMember"_s, &OutgoingCalls::getChatMember);
        result.insert(u"getChatAdministrators"_s, &OutgoingCalls::getChatAdministrators);
        result.insert(u"getChatMemberCount"_s, &OutgoingCalls::getChatMemberCount);
        result.insert(u"getChatMembersCount"_s, &OutgoingCalls::getChatMemberCount);
        result.insert(u"getMyName"_s, &OutgoingCalls::getMyName);
        result.insert(u"getFile"_s, &OutgoingCalls::getFile);
        result.insert(u"uploadStickerFile"_s, &OutgoingCalls::uploadStickerFile);
        result.insert(u"getStickerSet"_s, &OutgoingCalls::getStickerSet);
        result.insert(u"exportChatInviteLink"_s, &OutgoingCalls::exportChatInviteLink);
        result.insert(u"createForumTopic"_s, &OutgoingCalls::createForumTopic);
        result.insert(u"createInvoiceLink"_s, &OutgoingCalls::createInvoiceLink);
        return result;
    }();
    return table;
}

// Answers that do not depend on the call: empty lists, zero balances, default settings.
const QHash<QString, QJsonValue> &OutgoingCalls::fixedResults()
{
    static const QHash<QString, QJsonValue> table = [] {
        const QJsonObject noGifts{{u"total_count"_s, 0}, {u"gifts"_s, QJsonArray()}};
        const QJsonObject noStars{{u"amount"_s, 0}};
        QJsonObject rights{{u"is_anonymous"_s, false}};
        for (const char *right :
             {"can_manage_chat", "can_delete_messages", "can_manage_video_chats",
              "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
              "can_post_stories", "can_edit_stories", "can_delete_stories"})
            rights.insert(QString::fromLatin1(right), false);
        return QHash<QString, QJsonValue>{
            {u"getMyCommands"_s, QJsonArray()},
            {u"getCustomEmojiStickers"_s, QJsonArray()},
            {u"getForumTopicIconStickers"_s, QJsonArray()},
            {u"getGameHighScores"_s, QJsonArray()},
            {u"getUserProfilePhotos"_s,
             QJsonObject{{u"total_count"_s, 0}, {u"photos"_s, QJsonArray()}}},
            {u"getUserProfileAudios"_s,
             QJsonObject{{u"total_count"_s, 0}, {u"audios"_s, QJsonArray()}}},
            {u"getMyDescription"_s, QJsonObject{{u"description"_s, QString()}}},
            {u"getMyShortDescription"_s, QJsonObject{{u"short_description"_s, QString()}}},
            {u"getChatMenuButton"_s, QJsonObject{{u"type"_s, u"default"_s}}},
            {u"getMyDefaultAdministratorRights"_s, rights},
            {u"getUserChatBoosts"_s, QJsonObject{{u"boosts"_s, QJsonArray()}}},
            {u"getStarTransactions"_s, QJsonObject{{u"transactions"_s, QJsonArray()}}},
            {u"getMyStarBalance"_s, noStars},
            {u"getBusinessAccountStarBalance"_s, noStars},
            {u"getAvailableGifts"_s, QJsonObject{{u"gifts"_s, QJsonArray()}}},
            {u"getUserGifts"_s, noGifts},
            {u"getChatGifts"_s, noGifts},
            {u"getBusinessAccountGifts"_s, noGifts},
        };
    }();
    return table;
}

void OutgoingCalls::noteMessageId(qint64 chatId, qint64 messageId)
{
    qint64 &last = m_lastMessageId[chatId];
    last = std::max(last, messageId);
}

qint64 OutgoingCalls::nextMessageId(qint64 chatId) { return ++m_lastMessageId[chatId]; }

std::optional<QJsonObject> OutgoingCalls::chatFor(const ApiParams &params, const QString &field,
                                                  ApiReply *error)
{
    const QString text = params.string(field).trimmed();
    if (text.isEmpty()) {
        *error = ApiReply::error(400, u"Bad Request: chat_id is empty"_s);
        return std::nullopt;
    }
    if (text.startsWith(u'@') && isUsername(QStringView(text).sliced(1))) {
        const QString username = text.sliced(1);
        return QJsonObject{{u"id"_s, channelIdFor(username)},
                            {u"type"_s, u"channel"_s},
                            {u"title"_s, username},
                            {u"username"_s, username}};
    }
    const std::optional<qint64> id = params.integer(field);
    // Anything else (a name without '@', 0, a fraction, the id of no possible chat) is unknown.
    if (!id || *id == 0 || *id == -1000000000000LL || *id < -1999999999999LL) {
        *error = ApiReply::error(400, u"Bad Request: chat not found"_s);
        return std::nullopt;
    }
    return chatObject(*id);
}

ApiReply OutgoingCalls::answer(const QString &canonicalMethod, const ApiParams &params,
                               qint64 unixNow)
{
    const Call call{canonicalMethod, params, unixNow};
    if (std::optional<ApiReply> error = checkRequired(call))
        return *error;
    if (const Handler handler = handlers().value(canonicalMethod))
        return (this->*handler)(call);
    // The rest answer True or a fixed value; a chat they name must still exist.
    if (params.contains(u"chat_id"_s)) {
        ApiReply error;
        if (!chatFor(params, u"chat_id"_s, &error))
            return error;
    }
    const QJsonValue fixed = fixedResults().value(canonicalMethod);
    return ApiReply::ok(fixed.isUndefined() || fixed.isNull() ? QJsonValue(true) : fixed);
}

} // namespace UpdateInspector
