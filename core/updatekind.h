// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArrayView>
#include <QLatin1StringView>

#include <array>
#include <cstdint>

namespace UpdateInspector {

// The 25 update types of Bot API 10.1, in the documented field order, plus Unknown for a key the
// program does not know yet (the update is kept raw and shown by its key name).
enum class UpdateKind : std::uint8_t {
    Unknown = 0,
    Message,
    EditedMessage,
    ChannelPost,
    EditedChannelPost,
    BusinessConnection,
    BusinessMessage,
    EditedBusinessMessage,
    DeletedBusinessMessages,
    GuestMessage,
    MessageReaction,
    MessageReactionCount,
    InlineQuery,
    ChosenInlineResult,
    CallbackQuery,
    ShippingQuery,
    PreCheckoutQuery,
    PurchasedPaidMedia,
    Poll,
    PollAnswer,
    MyChatMember,
    ChatMember,
    ChatJoinRequest,
    ChatBoost,
    RemovedChatBoost,
    ManagedBot,
};

inline constexpr int UpdateKindCount = int(UpdateKind::ManagedBot) + 1;

// A set of kinds as a bit mask (bit n = UpdateKind n).
using UpdateKindMask = std::uint32_t;
static_assert(UpdateKindCount <= 32);
inline constexpr UpdateKindMask kindBit(UpdateKind kind) { return UpdateKindMask(1) << int(kind); }
inline constexpr UpdateKindMask AllKinds = (UpdateKindMask(1) << UpdateKindCount) - 1;

// The Bot API field name ("message", "callback_query", ...); "unknown" for Unknown.
QLatin1StringView kindName(UpdateKind kind);
// The kind for an Update field name; Unknown when the name is not one of the 25.
UpdateKind kindFromKey(QByteArrayView key);
// True for the kinds a bot receives only when it lists them in allowed_updates.
bool isOptInKind(UpdateKind kind);
// True for kinds whose payload is a Message.
bool isMessageKind(UpdateKind kind);

} // namespace UpdateInspector
