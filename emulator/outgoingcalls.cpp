// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "outgoingcalls.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

namespace {

// Every Bot API method in its documented spelling (through Bot API 10.2), plus the old names the
// service still accepts (kickChatMember, getChatMembersCount, setStickerSetThumb).
// clang-format off
constexpr QLatin1StringView kMethods[] = {
    "addStickerToSet"_L1, "answerCallbackQuery"_L1, "answerChatJoinRequestQuery"_L1,
    "answerGuestQuery"_L1, "answerInlineQuery"_L1, "answerPreCheckoutQuery"_L1,
    "answerShippingQuery"_L1, "answerWebAppQuery"_L1, "approveChatJoinRequest"_L1,
    "approveSuggestedPost"_L1, "banChatMember"_L1, "banChatSenderChat"_L1, "close"_L1,
    "closeForumTopic"_L1, "closeGeneralForumTopic"_L1, "convertGiftToStars"_L1, "copyMessage"_L1,
    "copyMessages"_L1, "createChatInviteLink"_L1, "createChatSubscriptionInviteLink"_L1,
    "createForumTopic"_L1, "createInvoiceLink"_L1, "createNewStickerSet"_L1,
    "declineChatJoinRequest"_L1, "declineSuggestedPost"_L1, "deleteAllMessageReactions"_L1,
    "deleteBusinessMessages"_L1, "deleteChatPhoto"_L1, "deleteChatStickerSet"_L1,
    "deleteEphemeralMessage"_L1, "deleteForumTopic"_L1, "deleteMessage"_L1,
    "deleteMessageReaction"_L1, "deleteMessages"_L1, "deleteMyCommands"_L1,
    "deleteStickerFromSet"_L1, "deleteStickerSet"_L1, "deleteStory"_L1, "deleteWebhook"_L1,
    "editChatInviteLink"_L1, "editChatSubscriptionInviteLink"_L1, "editEphemeralMessageCaption"_L1,
    "editEphemeralMessageMedia"_L1, "editEphemeralMessageReplyMarkup"_L1,
    "editEphemeralMessageText"_L1, "editForumTopic"_L1, "editGeneralForumTopic"_L1,
    "editMessageCaption"_L1, "editMessageChecklist"_L1, "editMessageLiveLocation"_L1,
    "editMessageMedia"_L1, "editMessageReplyMarkup"_L1, "editMessageText"_L1, "editStory"_L1,
    "editUserStarSubscription"_L1, "exportChatInviteLink"_L1, "forwardMessage"_L1,
    "forwardMessages"_L1, "getAvailableGifts"_L1, "getBusinessAccountGifts"_L1,
    "getBusinessAccountStarBalance"_L1, "getBusinessConnection"_L1, "getChat"_L1,
    "getChatAdministrators"_L1, "getChatGifts"_L1, "getChatMember"_L1, "getChatMemberCount"_L1,
    "getChatMembersCount"_L1, "getChatMenuButton"_L1, "getCustomEmojiStickers"_L1, "getFile"_L1,
    "getForumTopicIconStickers"_L1, "getGameHighScores"_L1, "getManagedBotAccessSettings"_L1,
    "getManagedBotToken"_L1, "getMe"_L1, "getMyCommands"_L1, "getMyDefaultAdministratorRights"_L1,
    "getMyDescription"_L1, "getMyName"_L1, "getMyShortDescription"_L1, "getMyStarBalance"_L1,
    "getStarTransactions"_L1, "getStickerSet"_L1, "getUpdates"_L1, "getUserChatBoosts"_L1,
    "getUserGifts"_L1, "getUserPersonalChatMessages"_L1, "getUserProfileAudios"_L1,
    "getUserProfilePhotos"_L1, "getWebhookInfo"_L1, "giftPremiumSubscription"_L1,
    "hideGeneralForumTopic"_L1, "kickChatMember"_L1, "leaveChat"_L1, "logOut"_L1,
    "pinChatMessage"_L1, "postStory"_L1, "promoteChatMember"_L1, "readBusinessMessage"_L1,
    "refundStarPayment"_L1, "removeBusinessAccountProfilePhoto"_L1, "removeChatVerification"_L1,
    "removeMyProfilePhoto"_L1, "removeUserVerification"_L1, "reopenForumTopic"_L1,
    "reopenGeneralForumTopic"_L1, "replaceManagedBotToken"_L1, "replaceStickerInSet"_L1,
    "repostStory"_L1, "restrictChatMember"_L1, "revokeChatInviteLink"_L1,
    "savePreparedInlineMessage"_L1, "savePreparedKeyboardButton"_L1, "sendAnimation"_L1,
    "sendAudio"_L1, "sendChatAction"_L1, "sendChatJoinRequestWebApp"_L1, "sendChecklist"_L1,
    "sendContact"_L1, "sendDice"_L1, "sendDocument"_L1, "sendGame"_L1, "sendGift"_L1,
    "sendInvoice"_L1, "sendLivePhoto"_L1, "sendLocation"_L1, "sendMediaGroup"_L1, "sendMessage"_L1,
    "sendMessageDraft"_L1, "sendPaidMedia"_L1, "sendPhoto"_L1, "sendPoll"_L1, "sendRichMessage"_L1,
    "sendRichMessageDraft"_L1, "sendSticker"_L1, "sendVenue"_L1, "sendVideo"_L1, "sendVideoNote"_L1,
    "sendVoice"_L1, "setBusinessAccountBio"_L1, "setBusinessAccountGiftSettings"_L1,
    "setBusinessAccountName"_L1, "setBusinessAccountProfilePhoto"_L1,
    "setBusinessAccountUsername"_L1, "setChatAdministratorCustomTitle"_L1, "setChatDescription"_L1,
    "setChatMemberTag"_L1, "setChatMenuButton"_L1, "setChatPermissions"_L1, "setChatPhoto"_L1,
    "setChatStickerSet"_L1, "setChatTitle"_L1, "setCustomEmojiStickerSetThumbnail"_L1,
    "setGameScore"_L1, "setManagedBotAccessSettings"_L1, "setMessageReaction"_L1,
    "setMyCommands"_L1, "setMyDefaultAdministratorRights"_L1, "setMyDescription"_L1, "setMyName"_L1,
    "setMyProfilePhoto"_L1, "setMyShortDescription"_L1, "setPassportDataErrors"_L1,
    "setStickerEmojiList"_L1, "setStickerKeywords"_L1, "setStickerMaskPosition"_L1,
    "setStickerPositionInSet"_L1, "setStickerSetThumb"_L1, "setStickerSetThumbnail"_L1,
    "setStickerSetTitle"_L1, "setUserEmojiStatus"_L1, "setWebhook"_L1, "stopMessageLiveLocation"_L1,
    "stopPoll"_L1, "transferBusinessAccountStars"_L1, "transferGift"_L1, "unbanChatMember"_L1,
    "unbanChatSenderChat"_L1, "unhideGeneralForumTopic"_L1, "unpinAllChatMessages"_L1,
    "unpinAllForumTopicMessages"_L1, "unpinAllGeneralForumTopicMessages"_L1, "unpinChatMessage"_L1,
    "upgradeGift"_L1, "uploadStickerFile"_L1, "verifyChat"_L1, "verifyUser"_L1,
};
// clang-format on

const QHash<QString, QLatin1StringView> &methodsByLowerCase()
{
    static const QHash<QString, QLatin1StringView> table = [] {
        QHash<QString, QLatin1StringView> result;
        for (QLatin1StringView method : kMethods)
            result.insert(QString(method).toLower(), method);
        return result;
    }();
    return table;
}

// Required parameters, in the order the service checks them: the content first (it is parsed
// before the chat is looked up), then the chat, then the rest.
struct Requirement
{
    QLatin1StringView method;
    QLatin1StringView params; // space-separated
};

constexpr Requirement kRequired[] = {
    {"sendMessage"_L1, "text chat_id"_L1},
    {"sendPhoto"_L1, "photo chat_id"_L1},
    {"sendAudio"_L1, "audio chat_id"_L1},
    {"sendDocument"_L1, "document chat_id"_L1},
    {"sendVideo"_L1, "video chat_id"_L1},
    {"sendAnimation"_L1, "animation chat_id"_L1},
    {"sendVoice"_L1, "voice chat_id"_L1},
    {"sendVideoNote"_L1, "video_note chat_id"_L1},
    {"sendSticker"_L1, "sticker chat_id"_L1},
    {"sendPaidMedia"_L1, "star_count media chat_id"_L1},
    {"sendMediaGroup"_L1, "media chat_id"_L1},
    {"sendLocation"_L1, "latitude longitude chat_id"_L1},
    {"sendVenue"_L1, "latitude longitude title address chat_id"_L1},
    {"sendContact"_L1, "phone_number first_name chat_id"_L1},
    {"sendPoll"_L1, "question options chat_id"_L1},
    {"sendChecklist"_L1, "checklist chat_id"_L1},
    {"sendDice"_L1, "chat_id"_L1},
    {"sendChatAction"_L1, "action chat_id"_L1},
    {"sendInvoice"_L1, "title description payload currency prices chat_id"_L1},
    {"sendGame"_L1, "game_short_name chat_id"_L1},
    {"forwardMessage"_L1, "chat_id from_chat_id message_id"_L1},
    {"forwardMessages"_L1, "chat_id from_chat_id message_ids"_L1},
    {"copyMessage"_L1, "chat_id from_chat_id message_id"_L1},
    {"copyMessages"_L1, "chat_id from_chat_id message_ids"_L1},
    {"editMessageText"_L1, "text chat_id message_id"_L1},
    {"editMessageCaption"_L1, "chat_id message_id"_L1},
    {"editMessageMedia"_L1, "media chat_id message_id"_L1},
    {"editMessageReplyMarkup"_L1, "chat_id message_id"_L1},
    {"editMessageLiveLocation"_L1, "latitude longitude chat_id message_id"_L1},
    {"stopMessageLiveLocation"_L1, "chat_id message_id"_L1},
    {"editMessageChecklist"_L1, "checklist chat_id message_id"_L1},
    {"setGameScore"_L1, "user_id score chat_id message_id"_L1},
    {"getGameHighScores"_L1, "user_id chat_id message_id"_L1},
    {"stopPoll"_L1, "chat_id message_id"_L1},
    {"deleteMessage"_L1, "chat_id message_id"_L1},
    {"deleteMessages"_L1, "chat_id message_ids"_L1},
    {"setMessageReaction"_L1, "chat_id message_id"_L1},
    {"pinChatMessage"_L1, "chat_id message_id"_L1},
    {"answerCallbackQuery"_L1, "callback_query_id"_L1},
    {"answerInlineQuery"_L1, "inline_query_id"_L1},
    {"answerShippingQuery"_L1, "shipping_query_id"_L1},
    {"answerPreCheckoutQuery"_L1, "pre_checkout_query_id"_L1},
    {"answerWebAppQuery"_L1, "web_app_query_id result"_L1},
    {"getChatMember"_L1, "chat_id user_id"_L1},
    {"banChatMember"_L1, "chat_id user_id"_L1},
    {"kickChatMember"_L1, "chat_id user_id"_L1},
    {"unbanChatMember"_L1, "chat_id user_id"_L1},
    {"restrictChatMember"_L1, "chat_id user_id permissions"_L1},
    {"promoteChatMember"_L1, "chat_id user_id"_L1},
    {"approveChatJoinRequest"_L1, "chat_id user_id"_L1},
    {"declineChatJoinRequest"_L1, "chat_id user_id"_L1},
    {"setChatTitle"_L1, "chat_id title"_L1},
    {"setChatPhoto"_L1, "chat_id photo"_L1},
    {"setChatPermissions"_L1, "chat_id permissions"_L1},
    {"editChatInviteLink"_L1, "chat_id invite_link"_L1},
    {"revokeChatInviteLink"_L1, "chat_id invite_link"_L1},
    {"createForumTopic"_L1, "chat_id name"_L1},
    {"setMyCommands"_L1, "commands"_L1},
    {"getFile"_L1, "file_id"_L1},
    {"getUserProfilePhotos"_L1, "user_id"_L1},
    {"getStickerSet"_L1, "name"_L1},
    {"uploadStickerFile"_L1, "user_id sticker sticker_format"_L1},
    {"createInvoiceLink"_L1, "title description payload currency prices"_L1},
};

// Chat-level methods not in kRequired that still need a chat_id.
// clang-format off
constexpr QLatin1StringView kNeedChat[] = {
    "getChat"_L1, "getChatAdministrators"_L1, "getChatMemberCount"_L1, "getChatMembersCount"_L1,
    "leaveChat"_L1, "unpinChatMessage"_L1, "unpinAllChatMessages"_L1, "setChatDescription"_L1,
    "deleteChatPhoto"_L1, "exportChatInviteLink"_L1, "createChatInviteLink"_L1,
    "createChatSubscriptionInviteLink"_L1, "editChatSubscriptionInviteLink"_L1,
    "setChatStickerSet"_L1, "deleteChatStickerSet"_L1, "banChatSenderChat"_L1,
    "unbanChatSenderChat"_L1, "setChatAdministratorCustomTitle"_L1,
};
// clang-format on

// Methods that address an inline message by inline_message_id instead of chat_id + message_id.
bool takesInlineMessage(QStringView method)
{
    return method.startsWith(u"editMessage") || method == u"stopMessageLiveLocation"
        || method == u"setGameScore" || method == u"getGameHighScores";
}

bool isPresent(const ApiParams &params, const QString &name)
{
    if (params.file(name))
        return true;
    const QJsonValue value = params.value(name);
    return !value.isNull() && !value.isUndefined()
        && !(value.isString() && value.toString().isEmpty());
}

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

QString OutgoingCalls::canonicalName(QStringView method)
{
    const auto it = methodsByLowerCase().constFind(method.toString().toLower());
    return it == methodsByLowerCase().cend() ? method.toString() : QString(it.value());
}

bool OutgoingCalls::isKnownMethod(QStringView method)
{
    return methodsByLowerCase().contains(method.toString().toLower());
}

QString OutgoingCalls::messageNotFound(QStringView method)
{
    if (method.startsWith(u"forward"))
        return u"Bad Request: message to forward not found"_s;
    if (method.startsWith(u"copy"))
        return u"Bad Request: message to copy not found"_s;
    if (method.startsWith(u"delete"))
        return u"Bad Request: message to delete not found"_s;
    if (method == u"pinChatMessage")
        return u"Bad Request: message to pin not found"_s;
    if (method == u"stopPoll")
        return u"Bad Request: message with poll to stop not found"_s;
    if (takesInlineMessage(method))
        return u"Bad Request: message to edit not found"_s;
    return u"Bad Request: message not found"_s;
}

// The service's description for a missing `param`; unknown cases get the generic wording.
QString OutgoingCalls::missingDescription(QStringView method, QStringView param)
{
    static const QLatin1StringView fileFields[]
        = {"photo"_L1,     "audio"_L1, "document"_L1,   "video"_L1,
           "animation"_L1, "voice"_L1, "video_note"_L1, "sticker"_L1};
    if (param == u"chat_id" || param == u"from_chat_id")
        return u"Bad Request: chat_id is empty"_s;
    if (param == u"text")
        return method == u"editMessageText" ? u"Bad Request: text must be non-empty"_s
                                            : u"Bad Request: message text is empty"_s;
    if (param == u"user_id")
        return u"Bad Request: invalid user_id specified"_s;
    if (param.endsWith(u"query_id")) // the id parses as 0, which the service reports as expired
        return u"Bad Request: query is too old and response timeout expired or query ID is invalid"_s;
    if (param == u"file_id")
        return u"Bad Request: invalid file_id"_s;
    if (param == u"message_id" || param == u"message_ids")
        return messageNotFound(method);
    if (method.startsWith(u"send")
        && std::find(std::begin(fileFields), std::end(fileFields), param) != std::end(fileFields))
        return u"Bad Request: there is no %1 in the request"_s.arg(param);
    return u"Bad Request: parameter \"%1\" is required"_s.arg(param);
}

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

std::optional<ApiReply> OutgoingCalls::checkRequired(const Call &call)
{
    const bool inlineMessage
        = takesInlineMessage(call.method) && isPresent(call.params, u"inline_message_id"_s);
    for (const Requirement &requirement : kRequired) {
        if (requirement.method != call.method)
            continue;
        for (QLatin1StringView param : QLatin1StringView(requirement.params).tokenize(u' ')) {
            if (inlineMessage && (param == "chat_id"_L1 || param == "message_id"_L1))
                continue;
            if (!isPresent(call.params, QString(param)))
                return ApiReply::error(400, missingDescription(call.method, QString(param)));
        }
        return std::nullopt;
    }
    for (QLatin1StringView method : kNeedChat) {
        if (method == call.method && !isPresent(call.params, u"chat_id"_s))
            return ApiReply::error(400, missingDescription(call.method, u"chat_id"));
    }
    return std::nullopt;
}

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
