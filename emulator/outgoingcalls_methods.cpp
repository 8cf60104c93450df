// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// OutgoingCalls: the names of the Bot API methods, for canonicalName and isKnownMethod.
#include "outgoingcalls.h"

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

} // namespace

QString OutgoingCalls::canonicalName(QStringView method)
{
    const auto it = methodsByLowerCase().constFind(method.toString().toLower());
    return it == methodsByLowerCase().cend() ? method.toString() : QString(it.value());
}

bool OutgoingCalls::isKnownMethod(QStringView method)
{
    return methodsByLowerCase().contains(method.toString().toLower());
}

} // namespace UpdateInspector
