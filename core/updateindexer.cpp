// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updateindexer.h"
#include "updateindexer_p.h"

#include <string_view>
#include <tuple>

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector {

namespace Internal {

// Keys are compared as written (escaped_key): the names looked for contain nothing to unescape,
// and not copying every key out is a good part of what keeps indexing near a bare parse.

// simdjson's own texts are written for programmers ("... fatal and unrecoverable error"); a bad
// line in a log deserves plain words.
QString jsonErrorText(error_code code)
{
    switch (code) {
    case INCOMPLETE_ARRAY_OR_OBJECT: return QStringLiteral("the JSON ends early (a cut-off line?)");
    case TAPE_ERROR: return QStringLiteral("malformed JSON (a missing or extra comma, brace or quote)");
    case UTF8_ERROR: return QStringLiteral("the text is not valid UTF-8");
    case UNCLOSED_STRING: return QStringLiteral("a string is not closed");
    case STRING_ERROR: return QStringLiteral("a string holds an invalid escape or control character");
    case NUMBER_ERROR: return QStringLiteral("a malformed number");
    case T_ATOM_ERROR:
    case F_ATOM_ERROR:
    case N_ATOM_ERROR: return QStringLiteral("a misspelled true, false or null");
    case EMPTY: return QStringLiteral("no JSON");
    case DEPTH_ERROR: return QStringLiteral("nested too deeply");
    case CAPACITY: return QStringLiteral("too large to parse (over 4 GiB)");
    default: return QString::fromUtf8(error_message(code));
    }
}

namespace {

// A JSON error (not merely a wrong type) leaves the parser unusable: it must not go unnoticed.
bool isJsonError(error_code code)
{
    return code != SUCCESS && code != INCORRECT_TYPE;
}

// The "id" field of an object such as a chat or a user; 0 if absent. JSON errors go to `failure`.
std::int64_t idOf(ondemand::value value, error_code &failure)
{
    ondemand::object object;
    if (auto code = value.get_object().get(object); code != SUCCESS) {
        if (isJsonError(code))
            failure = code;
        return 0;
    }
    for (auto field : object) {
        std::string_view key;
        if (auto code = field.escaped_key().get(key); code != SUCCESS) {
            failure = code;
            return 0;
        }
        if (key == "id"sv) {
            std::int64_t id = 0;
            return field.value().get_int64().get(id) == SUCCESS ? id : 0;
        }
    }
    return 0;
}

std::uint32_t unixDate(ondemand::value value)
{
    std::uint64_t date = 0;
    return value.get_uint64().get(date) == SUCCESS && date <= 0xffffffffu ? std::uint32_t(date) : 0;
}

// The chat a callback query's message was in, or a chat boost's date: one level further down.
error_code scanNested(ondemand::value value, std::string_view wanted, std::int64_t *id, std::uint32_t *date)
{
    ondemand::object object;
    if (auto code = value.get_object().get(object); code != SUCCESS)
        return isJsonError(code) ? code : SUCCESS;
    error_code failure = SUCCESS;
    for (auto field : object) {
        std::string_view key;
        ondemand::value inner;
        if (auto code = field.escaped_key().get(key); code != SUCCESS)
            return code;
        if (auto code = field.value().get(inner); code != SUCCESS)
            return code;
        if (id && key == wanted)
            *id = idOf(inner, failure);
        else if (date && key == wanted)
            *date = unixDate(inner);
        if (failure != SUCCESS)
            return failure;
    }
    return SUCCESS;
}

// Finds chat, sender and date inside the payload; the same field names serve all 25 kinds.
error_code scanPayload(ondemand::object payload, UpdateKind kind, UpdateIndexEntry &entry)
{
    std::int64_t senderChat = 0;
    error_code failure = SUCCESS;
    for (auto field : payload) {
        std::string_view key;
        ondemand::value value;
        if (auto code = field.escaped_key().get(key); code != SUCCESS)
            return code;
        if (auto code = field.value().get(value); code != SUCCESS)
            return code;
        if (key == "chat"sv) {
            entry.chatId = idOf(value, failure);
        } else if (key == "from"sv || key == "user"sv) {
            if (!entry.senderId)
                entry.senderId = idOf(value, failure);
        } else if (key == "sender_chat"sv || key == "actor_chat"sv || key == "voter_chat"sv) {
            senderChat = idOf(value, failure);
        } else if (key == "date"sv || key == "remove_date"sv) {
            entry.date = unixDate(value);
        } else if (key == "user_chat_id"sv && !entry.chatId) {
            std::ignore = value.get_int64().get(entry.chatId);
        } else if (key == "message"sv && kind == UpdateKind::CallbackQuery) {
            failure = scanNested(value, "chat"sv, &entry.chatId, nullptr);
        } else if (key == "boost"sv && kind == UpdateKind::ChatBoost) {
            failure = scanNested(value, "add_date"sv, nullptr, &entry.date);
        }
        if (failure != SUCCESS)
            return failure;
    }
    if (!entry.senderId)
        entry.senderId = senderChat;
    return SUCCESS;
}

} // namespace

bool indexUpdateObject(ondemand::object object, UpdateIndexEntry &entry, QString *error)
{
    bool haveId = false;
    int payloadFields = 0;
    for (auto field : object) {
        std::string_view key;
        ondemand::value value;
        if (auto code = field.escaped_key().get(key); code != SUCCESS) {
            *error = jsonErrorText(code);
            return false;
        }
        if (auto code = field.value().get(value); code != SUCCESS) {
            *error = jsonErrorText(code);
            return false;
        }
        if (key == "update_id"sv) {
            if (value.get_int64().get(entry.updateId) != SUCCESS) {
                *error = QStringLiteral("update_id is not an integer");
                return false;
            }
            haveId = true;
        } else if (++payloadFields == 1) {
            entry.kind = kindFromKey(QByteArrayView(key.data(), qsizetype(key.size())));
            ondemand::object payload;
            auto code = value.get_object().get(payload);
            if (code == SUCCESS)
                code = scanPayload(payload, entry.kind, entry);
            if (isJsonError(code)) {
                *error = jsonErrorText(code);
                return false;
            }
        } else {
            entry.flags |= ExtraFields;
        }
    }
    if (!haveId) {
        *error = QStringLiteral("not an update: no integer update_id");
        return false;
    }
    if (payloadFields == 0) {
        *error = QStringLiteral("not an update: nothing besides update_id");
        return false;
    }
    return true;
}

} // namespace Internal

struct UpdateIndexer::Private
{
    ondemand::parser parser;
    std::string scratch;
};

UpdateIndexer::UpdateIndexer() : d(std::make_unique<Private>()) {}
UpdateIndexer::~UpdateIndexer() = default;

bool UpdateIndexer::index(const char *data, qsizetype length, qsizetype capacity,
                          UpdateIndexEntry &entry, QString *error)
{
    ondemand::document doc;
    auto code = d->parser.iterate(padded_string_view(data, size_t(length), size_t(capacity))).get(doc);
    ondemand::object object;
    if (code == SUCCESS)
        code = doc.get_object().get(object);
    if (code != SUCCESS) {
        *error = code == INCORRECT_TYPE ? QStringLiteral("not an update: not a JSON object")
                                        : Internal::jsonErrorText(code);
        return false;
    }
    if (!Internal::indexUpdateObject(object, entry, error))
        return false;
    if (!doc.is_alive()) { // a JSON error nobody reported: at_end() must not be asked then
        *error = QStringLiteral("not valid JSON");
        return false;
    }
    if (!doc.at_end()) {
        *error = QStringLiteral("unexpected content after the update object");
        return false;
    }
    return true;
}

bool UpdateIndexer::index(QByteArrayView raw, UpdateIndexEntry &entry, QString *error)
{
    d->scratch.assign(raw.data(), size_t(raw.size()));
    d->scratch.append(size_t(Padding), ' ');
    return index(d->scratch.data(), raw.size(), qsizetype(d->scratch.size()), entry, error);
}

} // namespace UpdateInspector
