// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatedigest.h"

#include "updatekind.h"

#include <QStringList>

#include <simdjson.h>

#include <string_view>
#include <tuple>

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector {

namespace {

constexpr qsizetype kMaxSummary = 300;
using Elem = simdjson_result<dom::element>;

QString str(Elem e, std::string_view key)
{
    std::string_view v;
    return e[key].get_string().get(v) == SUCCESS ? QString::fromUtf8(v.data(), qsizetype(v.size())) : QString();
}

QString personName(Elem e)
{
    if (e.error() != SUCCESS || !e.is_object())
        return {};
    QString name = str(e, "title");
    if (name.isEmpty())
        name = QStringList {str(e, "first_name"), str(e, "last_name")}.join(u' ').trimmed();
    const QString user = str(e, "username");
    if (!user.isEmpty())
        name = name.isEmpty() ? QString(u'@' + user) : QString(name + QStringLiteral(" @") + user);
    return name;
}

QString reactions(Elem list)
{
    QStringList parts;
    dom::array array;
    if (list.get_array().get(array) != SUCCESS)
        return {};
    for (dom::element r : array) {
        // A ReactionCount holds its ReactionType in "type"; a ReactionType has a string "type".
        Elem type = r["type"].is_object() ? r["type"] : Elem(dom::element(r));
        QString label = str(type, "emoji");
        if (label.isEmpty())
            label = str(type, "type");
        std::int64_t count;
        if (r["total_count"].get_int64().get(count) == SUCCESS)
            label += QStringLiteral(" ×%1").arg(count);
        parts << label;
    }
    return parts.join(u' ');
}

// Fields every message may carry; the first field that is not one of these says what the
// message is (photo, sticker, new_chat_members, managed_bot_created, ...), also for kinds of
// service message this list has never heard of.
bool isMessageHeaderField(std::string_view key)
{
    static constexpr std::string_view header[] = {
        "message_id"sv, "message_thread_id"sv, "direct_messages_topic"sv, "from"sv, "sender_chat"sv,
        "sender_boost_count"sv, "sender_business_bot"sv, "sender_tag"sv, "date"sv, "business_connection_id"sv,
        "chat"sv, "forward_origin"sv, "is_topic_message"sv, "is_automatic_forward"sv,
        "reply_to_message"sv, "external_reply"sv, "quote"sv, "reply_to_story"sv,
        "reply_to_checklist_task_id"sv, "via_bot"sv, "edit_date"sv, "has_protected_content"sv,
        "is_from_offline"sv, "is_paid_post"sv, "media_group_id"sv, "author_signature"sv,
        "paid_star_count"sv, "entities"sv, "caption_entities"sv, "link_preview_options"sv,
        "suggested_post_info"sv, "effect_id"sv, "show_caption_above_media"sv, "has_media_spoiler"sv,
        "reply_markup"sv, "guest_query_id"sv, "caption"sv};
    for (std::string_view h : header)
        if (h == key)
            return true;
    return false;
}

QString messageSummary(Elem m)
{
    QString text = str(m, "text");
    if (!text.isEmpty())
        return text;
    QString label;
    dom::object object;
    if (m.get_object().get(object) == SUCCESS) {
        for (auto [key, value] : object) {
            if (isMessageHeaderField(key))
                continue;
            label = u'[' + QString::fromUtf8(key.data(), qsizetype(key.size())) + u']';
            if (key == "sticker"sv)
                label += u' ' + str(Elem(dom::element(value)), "emoji");
            else if (key == "poll"sv)
                label += u' ' + str(Elem(dom::element(value)), "question");
            else if (key == "document"sv)
                label += u' ' + str(Elem(dom::element(value)), "file_name");
            break;
        }
    }
    const QString caption = str(m, "caption");
    return caption.isEmpty() ? label : (label.isEmpty() ? caption : label + u' ' + caption);
}

QString payloadSummary(std::string_view kind, Elem p)
{
    if (isMessageKind(kindFromKey(QByteArrayView(kind.data(), qsizetype(kind.size())))))
        return messageSummary(p);
    if (kind == "callback_query"sv) {
        const QString data = str(p, "data");
        return data.isEmpty() ? str(p, "game_short_name") : data;
    }
    if (kind == "inline_query"sv || kind == "chosen_inline_result"sv)
        return str(p, "query");
    if (kind == "shipping_query"sv || kind == "pre_checkout_query"sv)
        return str(p, "invoice_payload");
    if (kind == "purchased_paid_media"sv)
        return str(p, "paid_media_payload");
    if (kind == "poll"sv)
        return str(p, "question");
    if (kind == "poll_answer"sv)
        return QStringLiteral("options %1").arg(QString::fromUtf8(to_string(p["option_ids"])));
    if (kind == "my_chat_member"sv || kind == "chat_member"sv)
        return str(p["old_chat_member"], "status") + QStringLiteral(" → ") + str(p["new_chat_member"], "status");
    if (kind == "message_reaction"sv)
        return reactions(p["new_reaction"]);
    if (kind == "message_reaction_count"sv)
        return reactions(p["reactions"]);
    if (kind == "chat_join_request"sv)
        return QStringLiteral("join request") + (str(p, "bio").isEmpty() ? QString() : QStringLiteral(": ") + str(p, "bio"));
    if (kind == "chat_boost"sv)
        return QStringLiteral("boost from ") + str(p["boost"]["source"], "source");
    if (kind == "removed_chat_boost"sv)
        return QStringLiteral("boost removed");
    if (kind == "deleted_business_messages"sv)
        return QStringLiteral("messages deleted: %1").arg(QString::fromUtf8(to_string(p["message_ids"])));
    if (kind == "business_connection"sv) {
        bool enabled = false;
        std::ignore = p["is_enabled"].get_bool().get(enabled);
        return enabled ? QStringLiteral("connection enabled") : QStringLiteral("connection disabled");
    }
    if (kind == "managed_bot"sv)
        return personName(p["bot"]);
    return {};
}

} // namespace

UpdateDigest digestUpdate(QByteArrayView raw)
{
    thread_local dom::parser parser;
    UpdateDigest digest;
    dom::object update;
    if (raw.isEmpty()) // simdjson would memcpy from a null pointer
        return digest;
    if (parser.parse(raw.data(), size_t(raw.size())).get_object().get(update) != SUCCESS)
        return digest;
    for (auto [key, value] : update) {
        const Elem payload {dom::element(value)};
        if (key == "update_id"sv)
            continue;
        digest.kindKey = QString::fromUtf8(key.data(), qsizetype(key.size()));
        digest.summary = payloadSummary(key, payload);
        Elem sender = payload["from"];
        if (sender.error() != SUCCESS)
            sender = payload["user"];
        for (auto alt : {"sender_chat"sv, "actor_chat"sv, "voter_chat"sv}) {
            if (sender.error() == SUCCESS)
                break;
            sender = payload[alt];
        }
        digest.from = personName(sender);
        Elem chat = payload["chat"];
        if (chat.error() != SUCCESS)
            chat = payload["message"]["chat"];
        digest.chat = personName(chat);
        break;
    }
    digest.summary.replace(u'\n', QStringLiteral(" ⏎ "));
    if (digest.summary.size() > kMaxSummary) {
        // Not between the two halves of a surrogate pair (an emoji).
        qsizetype cut = kMaxSummary;
        if (digest.summary.at(cut - 1).isHighSurrogate())
            --cut;
        digest.summary = digest.summary.left(cut) + u'…';
    }
    return digest;
}

} // namespace UpdateInspector
