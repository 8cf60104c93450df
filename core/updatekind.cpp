// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatekind.h"

#include "nametable_p.h"

namespace UpdateInspector {

namespace {
constexpr std::array<QLatin1StringView, UpdateKindCount> kNames = {
    QLatin1StringView("unknown"),
    QLatin1StringView("message"),
    QLatin1StringView("edited_message"),
    QLatin1StringView("channel_post"),
    QLatin1StringView("edited_channel_post"),
    QLatin1StringView("business_connection"),
    QLatin1StringView("business_message"),
    QLatin1StringView("edited_business_message"),
    QLatin1StringView("deleted_business_messages"),
    QLatin1StringView("guest_message"),
    QLatin1StringView("message_reaction"),
    QLatin1StringView("message_reaction_count"),
    QLatin1StringView("inline_query"),
    QLatin1StringView("chosen_inline_result"),
    QLatin1StringView("callback_query"),
    QLatin1StringView("shipping_query"),
    QLatin1StringView("pre_checkout_query"),
    QLatin1StringView("purchased_paid_media"),
    QLatin1StringView("poll"),
    QLatin1StringView("poll_answer"),
    QLatin1StringView("my_chat_member"),
    QLatin1StringView("chat_member"),
    QLatin1StringView("chat_join_request"),
    QLatin1StringView("chat_boost"),
    QLatin1StringView("removed_chat_boost"),
    QLatin1StringView("managed_bot"),
};
} // namespace

QLatin1StringView kindName(UpdateKind kind)
{
    return Internal::nameAt(kNames, std::size_t(kind));
}

UpdateKind kindFromKey(QByteArrayView key)
{
    const int index = Internal::indexOfName(kNames, key, 1); // "unknown" is no key
    return index < 0 ? UpdateKind::Unknown : UpdateKind(index);
}

bool isOptInKind(UpdateKind kind)
{
    return kind == UpdateKind::ChatMember || kind == UpdateKind::MessageReaction
        || kind == UpdateKind::MessageReactionCount;
}

bool isMessageKind(UpdateKind kind)
{
    switch (kind) {
    case UpdateKind::Message:
    case UpdateKind::EditedMessage:
    case UpdateKind::ChannelPost:
    case UpdateKind::EditedChannelPost:
    case UpdateKind::BusinessMessage:
    case UpdateKind::EditedBusinessMessage:
    case UpdateKind::GuestMessage:
        return true;
    default:
        return false;
    }
}

} // namespace UpdateInspector
