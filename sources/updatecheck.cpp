// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatecheck_p.h"

#include <simdjson.h>

using namespace simdjson;

namespace UpdateInspector {

namespace {
QString jsonError(error_code code)
{
    switch (code) {
    case UTF8_ERROR:
        return QStringLiteral("the body is not valid UTF-8");
    case EMPTY:
        return QStringLiteral("the body is empty");
    default:
        return QStringLiteral("the body is not JSON (%1)")
            .arg(QLatin1StringView(error_message(code)));
    }
}
} // namespace

UpdateCheck::UpdateCheck()
    : m_parser(std::make_unique<dom::parser>())
{ }

UpdateCheck::~UpdateCheck() = default;

bool UpdateCheck::isUpdate(QByteArrayView body, qint64 *updateId, QString *reason)
{
    dom::element root;
    if (const error_code code = m_parser->parse(body.data(), size_t(body.size())).get(root);
        code != SUCCESS) {
        *reason = jsonError(code);
        return false;
    }
    dom::object object;
    if (root.get_object().get(object) != SUCCESS) {
        *reason = QStringLiteral("the body is JSON but not an object, so not an Update");
        return false;
    }
    dom::element id;
    if (object["update_id"].get(id) != SUCCESS) {
        *reason = QStringLiteral("the body is a JSON object without update_id, so not an Update");
        return false;
    }
    int64_t value = -1;
    if (!id.is_int64() || id.get_int64().get(value) != SUCCESS || value < 0) {
        *reason = QStringLiteral("update_id is not a whole number of 0 or more, so not an Update");
        return false;
    }
    if (object.size() < 2) {
        *reason = QStringLiteral("the object has update_id but no other field, so not an Update");
        return false;
    }
    *updateId = value;
    return true;
}

bool UpdateCheck::isMethodReply(QByteArrayView body, QString *reason)
{
    dom::element root;
    if (const error_code code = m_parser->parse(body.data(), size_t(body.size())).get(root);
        code != SUCCESS) {
        *reason = jsonError(code);
        return false;
    }
    dom::object object;
    std::string_view method;
    if (root.get_object().get(object) != SUCCESS) {
        *reason = QStringLiteral("a reply must be a JSON object");
        return false;
    }
    if (object["method"].get_string().get(method) != SUCCESS || method.empty()) {
        *reason = QStringLiteral("a reply must have a string \"method\" (e.g. \"sendMessage\")");
        return false;
    }
    return true;
}

} // namespace UpdateInspector
