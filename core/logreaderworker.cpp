// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// Reading one part of a log: lines, envelopes, getUpdates responses, arrays, whole documents.
#include "logreaderworker_p.h"

#include "timestamp.h"
#include "updateindexer_p.h"

#include <algorithm>
#include <cstring>
#include <tuple>

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector::Internal {

namespace {

enum class ObjectShape { Update, Envelope, Response };

ObjectShape shapeOf(std::string_view firstKey)
{
    if (firstKey == "ok"sv || firstKey == "result"sv)
        return ObjectShape::Response;
    if (firstKey == "received_at"sv || firstKey == "source"sv || firstKey == "update"sv
        || firstKey == "update_b64"sv || firstKey == "raw_lf"sv || firstKey == "raw_cr"sv)
        return ObjectShape::Envelope;
    return ObjectShape::Update;
}
} // namespace

bool Worker::indexSpan(ondemand::object object, std::string_view span, qint64 line,
                                   UpdateIndexEntry entry)
{
    QString why;
    if (!indexUpdateObject(object, entry, &why)) {
        error(line, why);
        return false;
    }
    // raw_json() runs on to the next token (for the last whole document of a stream: over a
    // cut-off document after it): the update's bytes end at its closing brace.
    if (documentsEnd && span.data() + span.size() > documentsEnd)
        span = span.substr(0, size_t(std::max<qsizetype>(documentsEnd - span.data(), 0)));
    while (!span.empty() && std::string_view(" \t\r\n").find(span.back()) != std::string_view::npos)
        span.remove_suffix(1);
    entry.offset = std::uint64_t(span.data() - base);
    entry.length = std::uint32_t(span.size());
    pending.push_back(entry);
    return true;
}

void Worker::readObject(ondemand::object object, std::string_view span, qint64 line)
{
    std::string_view firstKey;
    for (auto field : object) {
        if (field.unescaped_key().get(firstKey) != SUCCESS)
            firstKey = {};
        break;
    }
    object.reset();
    switch (shapeOf(firstKey)) {
    case ObjectShape::Update:
        sawRaw = true;
        if (span.empty() && object.raw_json().get(span) == SUCCESS)
            object.reset();
        indexSpan(object, span, line, UpdateIndexEntry {});
        return;
    case ObjectShape::Envelope:
        sawEnvelope = true;
        readEnvelope(object, line);
        return;
    case ObjectShape::Response:
        sawResponse = true;
        break;
    }
    bool ok = true;
    std::string_view description;
    for (auto field : object) {
        std::string_view key;
        ondemand::value value;
        if (field.unescaped_key().get(key) != SUCCESS || field.value().get(value) != SUCCESS)
            return error(line, QStringLiteral("malformed getUpdates response"));
        if (key == "ok"sv)
            std::ignore = value.get_bool().get(ok);
        else if (key == "description"sv)
            std::ignore = value.get_string().get(description);
        else if (key == "result"sv) {
            ondemand::array array;
            if (value.get_array().get(array) != SUCCESS)
                return error(line, QStringLiteral("getUpdates response whose result is not an array"));
            readArray(array, line);
        }
    }
    if (!ok)
        error(line, QStringLiteral("a getUpdates error response: %1").arg(QString::fromUtf8(description)));
}

void Worker::readArray(ondemand::array array, qint64 line)
{
    for (auto element : array) {
        ondemand::value value;
        if (auto code = element.get(value); code != SUCCESS)
            return error(line, jsonErrorText(code));
        const char *at = nullptr;
        std::ignore = value.current_location().get(at);
        const qint64 elementLine = at ? lineAt(at) : line;
        ondemand::object object;
        std::string_view span;
        if (value.get_object().get(object) != SUCCESS || object.raw_json().get(span) != SUCCESS) {
            error(elementLine, QStringLiteral("not an update: not a JSON object"));
            continue;
        }
        object.reset();
        sawRaw = true;
        indexSpan(object, span, elementLine, UpdateIndexEntry {});
    }
}

void Worker::readEnvelope(ondemand::object object, qint64 line)
{
    UpdateIndexEntry entry;
    std::vector<std::uint64_t> lf, cr;
    std::string_view span;
    bool haveUpdate = false;
    // An error anywhere in the envelope drops the update it may have yielded already.
    const auto mark = pending.size();
    auto fail = [&](const QString &message) {
        pending.resize(mark);
        error(line, message);
    };
    for (auto field : object) {
        std::string_view key;
        ondemand::value value;
        if (field.unescaped_key().get(key) != SUCCESS || field.value().get(value) != SUCCESS)
            return fail(QStringLiteral("malformed envelope"));
        if (key == "received_at"sv) {
            std::string_view text;
            if (value.get_string().get(text) == SUCCESS)
                entry.receivedMs = parseTimestamp(QByteArrayView(text.data(), qsizetype(text.size()))).value_or(0);
        } else if (key == "source"sv) {
            std::string_view text;
            if (value.get_string().get(text) == SUCCESS)
                entry.source = sourceFromName(QByteArrayView(text.data(), qsizetype(text.size())));
        } else if (key == "raw_lf"sv || key == "raw_cr"sv) {
            ondemand::array positions;
            if (value.get_array().get(positions) != SUCCESS)
                return fail(QStringLiteral("%1 is not an array").arg(QLatin1StringView(key)));
            for (auto p : positions) {
                std::uint64_t at;
                if (p.get_uint64().get(at) != SUCCESS)
                    return fail(QStringLiteral("%1 holds a non-integer").arg(QLatin1StringView(key)));
                (key == "raw_lf"sv ? lf : cr).push_back(at);
            }
        } else if (key == "update"sv) {
            ondemand::object update;
            if (value.get_object().get(update) != SUCCESS || update.raw_json().get(span) != SUCCESS)
                return fail(QStringLiteral("the envelope's update is not a JSON object"));
            update.reset();
            const auto before = pending.size();
            if (!indexSpan(update, span, line, entry))
                return;
            haveUpdate = pending.size() > before;
        } else if (key == "update_b64"sv) {
            std::string_view text;
            if (value.get_string().get(text) != SUCCESS)
                return fail(QStringLiteral("update_b64 is not a string"));
            const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromRawData(text.data(), qsizetype(text.size())),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            QString why;
            UpdateIndexer indexer;
            if (!decoded || !indexer.index(decoded.decoded, entry, &why))
                return fail(decoded ? why : QStringLiteral("update_b64 is not valid base64"));
            entry.chunk = 1;
            entry.offset = std::uint64_t(extra.size());
            entry.length = std::uint32_t(decoded.decoded.size());
            extra.append(decoded.decoded);
            pending.push_back(entry);
            haveUpdate = true;
        }
    }
    if (!haveUpdate)
        return fail(QStringLiteral("envelope without an update"));
    // The envelope's fields may come in any order: apply time, source and line breaks last.
    UpdateIndexEntry &stored = pending.back();
    stored.receivedMs = entry.receivedMs;
    stored.source = entry.source;
    if (!lf.empty() || !cr.empty()) {
        char *raw = base + stored.offset;
        for (auto [positions, byte] : {std::pair {&lf, '\n'}, std::pair {&cr, '\r'}}) {
            for (std::uint64_t at : *positions) {
                if (stored.chunk != 0 || at >= stored.length || raw[at] != ' ') {
                    return fail(QStringLiteral("raw_lf/raw_cr position %1 is not a space in the update").arg(at));
                }
                raw[at] = byte;
            }
        }
    }
}

void Worker::readLines(qsizetype from, qsizetype to)
{
    qsizetype pos = from;
    qint64 line = 1;
    while (pos < to) {
        const void *nl = std::memchr(base + pos, '\n', size_t(to - pos));
        const qsizetype end = nl ? static_cast<const char *>(nl) - base : to;
        qsizetype first = pos, last = end;
        while (first < last && (base[first] == ' ' || base[first] == '\t'))
            ++first;
        while (last > first && (base[last - 1] == '\r' || base[last - 1] == ' ' || base[last - 1] == '\t'))
            --last;
        if (first < last) {
            const std::string_view span(base + first, size_t(last - first));
            ondemand::document doc;
            ondemand::object object;
            auto code = parser.iterate(padded_string_view(span.data(), span.size(), size_t(capacityFrom(span.data())))).get(doc);
            if (code == SUCCESS)
                code = doc.get_object().get(object);
            if (code != SUCCESS) {
                error(line, code == INCORRECT_TYPE ? QStringLiteral("not a JSON object")
                                                   : QStringLiteral("not valid JSON: %1").arg(jsonErrorText(code)));
            } else {
                readObject(object, span, line);
                // After a JSON error the document is dead (and at_end() must not be asked).
                if (doc.is_alive() && !doc.at_end() && !pending.empty()) {
                    pending.clear();
                    error(line, QStringLiteral("unexpected content after the JSON object"));
                }
                commit();
            }
        }
        pos = end + 1;
        ++line;
    }
    lines = line - 1;
}

// Whole documents: a pretty-printed update or response, a JSON array, or several documents
// concatenated (as `jq .` prints them).
void Worker::readDocuments(qsizetype from)
{
    const char *start = base + from;
    const size_t length = size_t(size - from);
    ondemand::document_stream stream;
    const size_t batch = qMax<size_t>(length, 1 << 20);
    if (auto code = parser.iterate_many(start, length, batch).get(stream); code != SUCCESS)
        return error(lineAt(start), jsonErrorText(code));
    auto it = stream.begin();
    documentsEnd = start + length - stream.truncated_bytes(); // one batch: known after begin()
    for (; it != stream.end(); ++it) {
        const qint64 line = lineAt(start + it.current_index());
        ondemand::document_reference doc;
        if (auto code = (*it).get(doc); code != SUCCESS)
            return error(line, QStringLiteral("not valid JSON: %1").arg(jsonErrorText(code)));
        ondemand::json_type type;
        if (auto code = doc.type().get(type); code != SUCCESS)
            return error(line, QStringLiteral("not valid JSON: %1").arg(jsonErrorText(code)));
        if (type == ondemand::json_type::array) {
            ondemand::array array;
            if (doc.get_array().get(array) == SUCCESS)
                readArray(array, line);
        } else if (type == ondemand::json_type::object) {
            ondemand::object object;
            if (doc.get_object().get(object) == SUCCESS)
                readObject(object, {}, line);
        } else {
            error(line, QStringLiteral("not a JSON object or array"));
        }
        commit();
        // After a JSON error inside a document the stream cannot go on (stepping over it crashes).
        if (!static_cast<ondemand::document &>(doc).is_alive())
            return;
    }
    if (stream.truncated_bytes() > 0)
        error(lineAt(start + length - stream.truncated_bytes()), QStringLiteral("the last document is incomplete"));
}


} // namespace UpdateInspector::Internal
