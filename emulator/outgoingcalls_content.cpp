// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// OutgoingCalls, part three: the content of messages (text, media, polls, ...).
#include "outgoingcalls.h"
#include "outgoingcalls_p.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

using Internal::digest;
using Internal::integerOf;

namespace {

constexpr qsizetype MaxTextLength = 4096; // UTF-16 units, as the service counts
constexpr qsizetype MaxCaptionLength = 1024;

double doubleOf(const QJsonValue &value)
{
    return value.isDouble() ? value.toDouble() : value.toString().toDouble();
}

// The parameters of a call that describe its file, as a JSON object like an InputMedia.
QJsonObject describedBy(const ApiParams &params)
{
    QJsonObject given;
    for (const char *key :
         {"width", "height", "duration", "length", "performer", "title", "emoji"}) {
        const QString name = QString::fromLatin1(key);
        if (params.contains(name))
            given.insert(name, params.value(name));
    }
    return given;
}

std::optional<ApiReply> addCaption(const QString &caption,
                                   const std::optional<QJsonArray> &entities, QJsonObject *content)
{
    if (caption.size() > MaxCaptionLength)
        return ApiReply::error(400, u"Bad Request: message caption is too long"_s);
    if (caption.isEmpty())
        return std::nullopt;
    content->insert(u"caption"_s, caption);
    if (entities)
        content->insert(u"caption_entities"_s, *entities);
    return std::nullopt;
}

} // namespace

const QHash<QString, OutgoingCalls::ContentBuilder> &OutgoingCalls::contentBuilders()
{
    static const QHash<QString, ContentBuilder> table {
        {u"sendMessage"_s, &OutgoingCalls::textContent},
        {u"sendPhoto"_s, &OutgoingCalls::fileContent},
        {u"sendAudio"_s, &OutgoingCalls::fileContent},
        {u"sendDocument"_s, &OutgoingCalls::fileContent},
        {u"sendVideo"_s, &OutgoingCalls::fileContent},
        {u"sendAnimation"_s, &OutgoingCalls::fileContent},
        {u"sendVoice"_s, &OutgoingCalls::fileContent},
        {u"sendVideoNote"_s, &OutgoingCalls::fileContent},
        {u"sendSticker"_s, &OutgoingCalls::fileContent},
        {u"sendPaidMedia"_s, &OutgoingCalls::paidMediaContent},
        {u"sendLocation"_s, &OutgoingCalls::locationContent},
        {u"sendVenue"_s, &OutgoingCalls::venueContent},
        {u"sendContact"_s, &OutgoingCalls::contactContent},
        {u"sendPoll"_s, &OutgoingCalls::pollContent},
        {u"sendDice"_s, &OutgoingCalls::diceContent},
        {u"sendChecklist"_s, &OutgoingCalls::checklistContent},
        {u"sendInvoice"_s, &OutgoingCalls::invoiceContent},
        {u"sendGame"_s, &OutgoingCalls::gameContent},
        {u"editMessageText"_s, &OutgoingCalls::textContent},
        {u"editMessageCaption"_s, &OutgoingCalls::captionContent},
        {u"editMessageMedia"_s, &OutgoingCalls::mediaContent},
        {u"editMessageReplyMarkup"_s, &OutgoingCalls::noContent},
        {u"editMessageLiveLocation"_s, &OutgoingCalls::locationContent},
        {u"stopMessageLiveLocation"_s, &OutgoingCalls::noContent},
        {u"editMessageChecklist"_s, &OutgoingCalls::checklistContent},
        {u"setGameScore"_s, &OutgoingCalls::noContent},
    };
    return table;
}

std::optional<ApiReply> OutgoingCalls::textContent(const Call &call, QJsonObject *content)
{
    // parse_mode is not interpreted: the text stays as sent and only explicit entities are kept.
    const QString text = call.params.string(u"text"_s);
    if (text.size() > MaxTextLength)
        return ApiReply::error(400, u"Bad Request: message is too long"_s);
    content->insert(u"text"_s, text);
    if (const std::optional<QJsonArray> entities = call.params.array(u"entities"_s))
        content->insert(u"entities"_s, *entities);
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::captionContent(const Call &call, QJsonObject *content)
{
    if (call.params.boolean(u"show_caption_above_media"_s))
        content->insert(u"show_caption_above_media"_s, true);
    return addCaption(call.params.string(u"caption"_s), call.params.array(u"caption_entities"_s),
                      content);
}

std::optional<ApiReply> OutgoingCalls::fileContent(const Call &call, QJsonObject *content)
{
    // sendVideoNote -> video_note, sendPhoto -> photo, ...
    const QString kind
        = call.method == u"sendVideoNote" ? u"video_note"_s : call.method.sliced(4).toLower();
    const IssuedFile file = issueFile(kind, call.params, kind);
    insertMedia(kind, file, describedBy(call.params), content);
    if (call.params.boolean(u"has_spoiler"_s))
        content->insert(u"has_media_spoiler"_s, true);
    return captionContent(call, content);
}

std::optional<ApiReply> OutgoingCalls::mediaContent(const Call &call, QJsonObject *content)
{
    const std::optional<QJsonObject> media = call.params.object(u"media"_s);
    if (!media)
        return ApiReply::error(400, u"Bad Request: can't parse InputMedia JSON object"_s);
    *content = inputMediaContent(*media, call.params);
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::paidMediaContent(const Call &call, QJsonObject *content)
{
    QJsonArray paid;
    for (const QJsonValue &item : call.params.array(u"media"_s).value_or(QJsonArray())) {
        const QString type = item.toObject().value(u"type"_s).toString();
        const QJsonObject media = inputMediaContent(item.toObject(), call.params);
        if (media.contains(type))
            paid.append(QJsonObject{{u"type"_s, type}, {type, media.value(type)}});
    }
    content->insert(
        u"paid_media"_s,
        QJsonObject{{u"star_count"_s, call.params.integer(u"star_count"_s).value_or(0)},
                     {u"paid_media"_s, paid}});
    return captionContent(call, content);
}

std::optional<ApiReply> OutgoingCalls::locationContent(const Call &call, QJsonObject *content)
{
    const ApiParams &params = call.params;
    QJsonObject location{{u"latitude"_s, doubleOf(params.value(u"latitude"_s))},
                          {u"longitude"_s, doubleOf(params.value(u"longitude"_s))}};
    if (params.contains(u"horizontal_accuracy"_s))
        location.insert(u"horizontal_accuracy"_s, doubleOf(params.value(u"horizontal_accuracy"_s)));
    for (const char *key : {"live_period", "heading", "proximity_alert_radius"}) {
        if (const std::optional<qint64> value = params.integer(QString::fromLatin1(key)))
            location.insert(QString::fromLatin1(key), *value);
    }
    content->insert(u"location"_s, location);
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::venueContent(const Call &call, QJsonObject *content)
{
    locationContent(call, content); // a venue message carries `location` too
    QJsonObject venue{{u"location"_s, content->value(u"location"_s)},
                       {u"title"_s, call.params.string(u"title"_s)},
                       {u"address"_s, call.params.string(u"address"_s)}};
    for (const char *key :
         {"foursquare_id", "foursquare_type", "google_place_id", "google_place_type"}) {
        if (call.params.contains(QString::fromLatin1(key)))
            venue.insert(QString::fromLatin1(key), call.params.string(QString::fromLatin1(key)));
    }
    content->insert(u"venue"_s, venue);
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::contactContent(const Call &call, QJsonObject *content)
{
    QJsonObject contact{{u"phone_number"_s, call.params.string(u"phone_number"_s)},
                         {u"first_name"_s, call.params.string(u"first_name"_s)}};
    for (const char *key : {"last_name", "vcard"}) {
        if (call.params.contains(QString::fromLatin1(key)))
            contact.insert(QString::fromLatin1(key), call.params.string(QString::fromLatin1(key)));
    }
    content->insert(u"contact"_s, contact);
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::pollContent(const Call &call, QJsonObject *content)
{
    const ApiParams &params = call.params;
    QJsonArray options;
    // InputPollOption objects, or plain strings as before Bot API 7.3.
    for (const QJsonValue &option : params.array(u"options"_s).value_or(QJsonArray())) {
        const QString text
            = option.isString() ? option.toString() : option.toObject().value(u"text"_s).toString();
        options.append(QJsonObject{{u"text"_s, text}, {u"voter_count"_s, 0}});
    }
    const QString type
        = params.string(u"type"_s).isEmpty() ? u"regular"_s : params.string(u"type"_s);
    QJsonObject poll{{u"id"_s, QString::number(5300000000000000000LL + ++m_counter)},
                      {u"question"_s, params.string(u"question"_s)},
                      {u"options"_s, options},
                      {u"total_voter_count"_s, 0},
                      {u"is_closed"_s, params.boolean(u"is_closed"_s)},
                      {u"is_anonymous"_s, params.boolean(u"is_anonymous"_s, true)},
                      {u"type"_s, type},
                      {u"allows_multiple_answers"_s, params.boolean(u"allows_multiple_answers"_s)}};
    if (type == u"quiz" && params.integer(u"correct_option_id"_s))
        poll.insert(u"correct_option_id"_s, *params.integer(u"correct_option_id"_s));
    if (params.contains(u"explanation"_s))
        poll.insert(u"explanation"_s, params.string(u"explanation"_s));
    for (const char *key : {"question_entities", "explanation_entities"}) {
        if (const std::optional<QJsonArray> entities = params.array(QString::fromLatin1(key)))
            poll.insert(QString::fromLatin1(key), *entities);
    }
    for (const char *key : {"open_period", "close_date"}) {
        if (const std::optional<qint64> value = params.integer(QString::fromLatin1(key)))
            poll.insert(QString::fromLatin1(key), *value);
    }
    content->insert(u"poll"_s, poll);
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::diceContent(const Call &call, QJsonObject *content)
{
    QString emoji = call.params.string(u"emoji"_s);
    if (emoji.isEmpty())
        emoji = u"\U0001F3B2"_s; // 🎲
    // Value ranges from the Dice documentation: 🎰 1-64, 🏀 and ⚽ 1-5, the others 1-6.
    const int values = emoji == u"\U0001F3B0"            ? 64
        : (emoji == u"\U0001F3C0" || emoji == u"\u26BD") ? 5
                                                         : 6;
    const QByteArray roll
        = digest(QByteArray::number(m_botId) + ":dice:" + QByteArray::number(++m_counter));
    const int value = 1 + int(quint8(roll.at(0)) % values);
    content->insert(u"dice"_s, QJsonObject{{u"emoji"_s, emoji}, {u"value"_s, value}});
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::checklistContent(const Call &call, QJsonObject *content)
{
    const QJsonObject input = call.params.object(u"checklist"_s).value_or(QJsonObject());
    QJsonArray tasks;
    for (const QJsonValue &task : input.value(u"tasks"_s).toArray()) {
        tasks.append(QJsonObject{{u"id"_s, task.toObject().value(u"id"_s).toInteger()},
                                  {u"text"_s, task.toObject().value(u"text"_s).toString()}});
    }
    QJsonObject checklist{{u"title"_s, input.value(u"title"_s).toString()}, {u"tasks"_s, tasks}};
    for (const char *key : {"others_can_add_tasks", "others_can_mark_tasks_as_done"}) {
        if (input.value(QString::fromLatin1(key)).toBool())
            checklist.insert(QString::fromLatin1(key), true);
    }
    content->insert(u"checklist"_s, checklist);
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::invoiceContent(const Call &call, QJsonObject *content)
{
    qint64 total = 0;
    for (const QJsonValue &price : call.params.array(u"prices"_s).value_or(QJsonArray()))
        total += integerOf(price.toObject().value(u"amount"_s), 0);
    content->insert(u"invoice"_s,
                    QJsonObject{{u"title"_s, call.params.string(u"title"_s)},
                                 {u"description"_s, call.params.string(u"description"_s)},
                                 {u"start_parameter"_s, call.params.string(u"start_parameter"_s)},
                                 {u"currency"_s, call.params.string(u"currency"_s)},
                                 {u"total_amount"_s, total}});
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::gameContent(const Call &call, QJsonObject *content)
{
    content->insert(u"game"_s,
                    QJsonObject{{u"title"_s, call.params.string(u"game_short_name"_s)},
                                 {u"description"_s, QString()},
                                 {u"photo"_s, QJsonArray()}});
    return std::nullopt;
}

std::optional<ApiReply> OutgoingCalls::noContent(const Call &, QJsonObject *)
{
    return std::nullopt;
}

QJsonObject OutgoingCalls::inputMediaContent(const QJsonObject &media, const ApiParams &params)
{
    static const QStringList kinds{u"photo"_s, u"video"_s, u"animation"_s, u"audio"_s,
                                    u"document"_s};
    const QString kind = media.value(u"type"_s).toString();
    QJsonObject content;
    if (!kinds.contains(kind))
        return content;
    insertMedia(kind, issueFileFrom(kind, media.value(u"media"_s).toString(), params), media,
                &content);
    const QJsonValue entities = media.value(u"caption_entities"_s);
    addCaption(media.value(u"caption"_s).toString(),
               entities.isArray() ? std::optional(entities.toArray()) : std::nullopt, &content);
    if (media.value(u"has_spoiler"_s).toBool())
        content.insert(u"has_media_spoiler"_s, true);
    return content;
}

} // namespace UpdateInspector
