// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArrayView>
#include <QString>

namespace UpdateInspector {

// What a person reads in a row of the stream, taken from the raw update on demand (only for rows
// that are shown, so nothing of this is kept per update).
struct UpdateDigest
{
    QString kindKey; // the update's field name, also when the program does not know it
    QString summary; // text, caption, callback data, inline query, poll question, status change...
    QString from;    // sender: "First Last @username", or the sender chat's title
    QString chat;    // chat title, or a private chat's name
};

UpdateDigest digestUpdate(QByteArrayView raw);

} // namespace UpdateInspector
