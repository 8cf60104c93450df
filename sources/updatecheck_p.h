// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace simdjson::dom {
class parser;
}

namespace UpdateInspector {

// Checks request bodies with simdjson's DOM parser, which validates the whole document (UTF-8
// included). One instance per listener: its buffers are reused from body to body.
class UpdateCheck
{
public:
    UpdateCheck();
    ~UpdateCheck();
    UpdateCheck(const UpdateCheck &) = delete;
    UpdateCheck &operator=(const UpdateCheck &) = delete;

    // An Update: a JSON object with an integer update_id >= 0 and at least one more field.
    // False with a plain-words `reason` otherwise.
    bool isUpdate(QByteArrayView body, qint64 *updateId, QString *reason);
    // A reply-with-method body: a JSON object with a string "method".
    bool isMethodReply(QByteArrayView body, QString *reason);

private:
    std::unique_ptr<simdjson::dom::parser> m_parser;
};

} // namespace UpdateInspector
