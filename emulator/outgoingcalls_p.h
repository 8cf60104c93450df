// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonValue>
#include <QString>

// Helpers shared by the outgoingcalls*.cpp files that build message contents and fake files.
namespace UpdateInspector::Internal {

// Fake ids, tokens and dice rolls are derived from a seed, so a run can be reproduced.
inline QByteArray digest(const QByteArray &seed)
{
    return QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
}

// A JSON number, or a string holding one (form fields arrive as strings); else `fallback`.
inline qint64 integerOf(const QJsonValue &value, qint64 fallback)
{
    if (value.isDouble())
        return value.toInteger();
    bool ok = false;
    const qint64 result = value.toString().toLongLong(&ok);
    return ok ? result : fallback;
}

} // namespace UpdateInspector::Internal
