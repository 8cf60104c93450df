// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updaterecord.h"

#include <QList>
#include <QString>

namespace UpdateInspector {

class UpdateStore;

// Writes the program's own log format: JSON Lines of envelopes that keep each update's raw bytes
// exactly (docs/LOG_FORMAT.md). A path ending in ".gz" is written gzip-compressed.
class LogWriter
{
public:
    // Writes `rows` of the store (all rows when empty) atomically: the old file stays until the
    // new one is complete.
    static bool writeFile(const QString &path, const UpdateStore &store, QString *error,
                          const QList<qsizetype> &rows = {});
    // One envelope line, '\n' included.
    static void appendEnvelope(QByteArray &out, QByteArrayView raw, std::int64_t receivedMs,
                               UpdateSource source);
};

} // namespace UpdateInspector
