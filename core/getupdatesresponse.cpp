// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "getupdatesresponse.h"

#include "updateindexer_p.h"

#include <simdjson.h>

#include <memory>
#include <string>
#include <string_view>

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector {

namespace {

// Parsers keep their buffers between calls: a poller calls this for every response. The DOM
// parser needs about 14 bytes per byte of input, so a rare huge body gets parsers of its own.
constexpr qsizetype ReusedUpTo = 256 * 1024;

struct Parsers
{
    dom::parser validator;
    ondemand::parser splitter;
    std::string padded;
};

bool fail(QString *error, const QString &why)
{
    *error = why;
    return false;
}

// The on-demand parser skips what it is not asked about, so a malformed update inside result
// would pass unnoticed: the DOM parser checks the whole body (and trailing content) first.
bool validate(Parsers &p, qsizetype size, QString *error)
{
    dom::element root;
    if (const auto code = p.validator.parse(p.padded.data(), size_t(size), false).get(root))
        return fail(error, code == EMPTY
                               ? QStringLiteral("not JSON: the body is empty")
                               : QStringLiteral("not JSON: %1").arg(Internal::jsonErrorText(code)));
    if (!root.is_object())
        return fail(error,
                    QStringLiteral("not a getUpdates response: the body is not a JSON object"));
    // ok first, wherever it stands: an error response has no result worth complaining about.
    bool ok = false;
    const auto okField = root[std::string_view("ok")];
    if (okField.error() == NO_SUCH_FIELD)
        return fail(error, QStringLiteral("ok is missing"));
    if (okField.get_bool().get(ok) != SUCCESS || !ok)
        return fail(error, QStringLiteral("ok is not true"));
    return true;
}

// Appends each element of `result` as the body's bytes from its '{' to its '}'.
bool splitResult(ondemand::array result, const QByteArray &body, const char *base,
                 QList<QByteArray> &updates, QString *error)
{
    for (auto element : result) {
        ondemand::value value;
        ondemand::json_type type {};
        std::string_view span;
        if (element.get(value) != SUCCESS || value.type().get(type) != SUCCESS)
            return fail(error, QStringLiteral("not JSON: result is malformed"));
        if (type != ondemand::json_type::object)
            return fail(error, QStringLiteral("an element of result is not an object (element %1)")
                                   .arg(updates.size() + 1));
        if (value.raw_json().get(span) != SUCCESS)
            return fail(error, QStringLiteral("not JSON: result is malformed"));
        // raw_json() runs on to the next token: the update ends at its closing brace.
        while (!span.empty() && span.back() != '}')
            span.remove_suffix(1);
        updates.append(body.sliced(span.data() - base, qsizetype(span.size())));
    }
    return true;
}

} // namespace

std::optional<QList<QByteArray>> splitGetUpdatesResponse(const QByteArray &body, QString *error)
{
    thread_local Parsers reused;
    std::unique_ptr<Parsers> own;
    Parsers &p = body.size() <= ReusedUpTo ? reused : *(own = std::make_unique<Parsers>());
    p.padded.assign(body.constData(), size_t(body.size()));
    p.padded.append(SIMDJSON_PADDING, ' ');
    if (!validate(p, body.size(), error))
        return std::nullopt;

    ondemand::document doc;
    ondemand::object response;
    const padded_string_view padded(p.padded.data(), size_t(body.size()), p.padded.size());
    if (p.splitter.iterate(padded).get(doc) != SUCCESS
        || doc.get_object().get(response) != SUCCESS) {
        *error = QStringLiteral("not JSON");
        return std::nullopt;
    }
    QList<QByteArray> updates;
    bool sawResult = false;
    for (auto field : response) {
        std::string_view key;
        if (field.unescaped_key().get(key) != SUCCESS) {
            *error = QStringLiteral("not JSON");
            return std::nullopt;
        }
        if (key == "result"sv) {
            ondemand::array result;
            if (sawResult || field.value().get_array().get(result) != SUCCESS) {
                *error = sawResult ? QStringLiteral("result appears twice")
                                   : QStringLiteral("result is not an array");
                return std::nullopt;
            }
            sawResult = true;
            if (!splitResult(result, body, p.padded.data(), updates, error))
                return std::nullopt;
        }
    }
    if (!sawResult) {
        *error = QStringLiteral("no result array");
        return std::nullopt;
    }
    return updates;
}

} // namespace UpdateInspector
