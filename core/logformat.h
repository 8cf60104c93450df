// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QList>
#include <QString>

namespace UpdateInspector {

// The shapes of update logs the program reads (docs/LOG_FORMAT.md); any of them may be gzipped.
enum class LogFormat {
    Unknown,
    UpdateLines,        // JSON Lines, one raw Update per line
    EnvelopeLines,      // JSON Lines of {received_at, source, update} (what the program writes)
    GetUpdatesResponse, // a saved {"ok":true,"result":[...]} (or one such response per line)
    UpdateArray,        // a plain JSON array of updates
    JsonDocuments,      // one or more (pretty-printed) JSON documents one after the other
};

inline QString logFormatName(LogFormat format)
{
    switch (format) {
    case LogFormat::UpdateLines: return QStringLiteral("JSON Lines of updates");
    case LogFormat::EnvelopeLines: return QStringLiteral("JSON Lines of envelopes");
    case LogFormat::GetUpdatesResponse: return QStringLiteral("getUpdates response");
    case LogFormat::UpdateArray: return QStringLiteral("JSON array of updates");
    case LogFormat::JsonDocuments: return QStringLiteral("JSON documents");
    case LogFormat::Unknown: break;
    }
    return QStringLiteral("unknown");
}

struct LogError
{
    qint64 line = 0; // 1-based
    QString message;
};

struct LogReadResult
{
    static constexpr int MaxReportedErrors = 1000;

    LogFormat format = LogFormat::Unknown;
    bool compressed = false;
    qsizetype updates = 0;    // appended to the store
    qsizetype errorCount = 0; // all malformed lines/elements
    QList<LogError> errors;   // the first MaxReportedErrors of them
    QString fatal;            // the whole file could not be read (nothing was loaded)

    bool ok() const { return fatal.isEmpty(); }
};

} // namespace UpdateInspector
