// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updaterecord.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace UpdateInspector {

// An update ready to be queued for a bot.
struct PreparedUpdate
{
    QByteArray json;        // {"update_id":N,\n"<kind>":{...}} — the service's own form
    UpdateIndexEntry entry; // its index fields (kind, chat, sender, date); updateId == N
};

// Gives `payload` (an Update object, with or without an update_id member) the id `updateId`, in
// the form the service sends: `{"update_id":N,` + a newline + the other members exactly as written.
// Returns nullopt with a plain-words reason in `error` when the payload is not a JSON object.
std::optional<PreparedUpdate> prepareUpdate(QByteArrayView payload, qint64 updateId, QString *error);

} // namespace UpdateInspector
