// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// OutgoingCalls: the parameters each method requires, and the service's words for a missing one.
#include "outgoingcalls.h"

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

namespace {

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

} // namespace

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

} // namespace UpdateInspector
