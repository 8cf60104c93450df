// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace UpdateInspector {

// The raw bytes of each update in a getUpdates response body ({"ok":true,"result":[...]}), exactly
// as the server sent them (slices of `body`). nullopt, with the reason in plain words in `error`,
// when the body is not such a response (not JSON, ok is not true, result is not an array of
// objects).
std::optional<QList<QByteArray>> splitGetUpdatesResponse(const QByteArray &body, QString *error);

} // namespace UpdateInspector
