// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "logformat.h"
#include "updateindexer.h"
#include "updaterecord.h"

#include <QByteArray>

#include <simdjson.h>

#include <string_view>
#include <vector>

namespace UpdateInspector::Internal {

inline constexpr qsizetype LogPadding = UpdateIndexer::Padding;

// One pass over part of a log: its own parser, entries and errors, so that several can index
// the lines of one large file at once. Line numbers are counted from the start of its part.
struct Worker
{
    char *base = nullptr; // the decoded file (shared by all workers; each writes only its part)
    qsizetype size = 0;
    simdjson::ondemand::parser parser;
    QByteArray extra;    // updates that had to be decoded (update_b64): chunk 1 of the load
    std::vector<UpdateIndexEntry> entries;
    std::vector<UpdateIndexEntry> pending; // of the line being read, committed when it is whole
    qsizetype errorCount = 0;
    QList<LogError> errors;
    qint64 lines = 0; // lines read (JSON Lines mode)
    // Line counting for error positions, moving forward only.
    const char *countedUpTo = nullptr;
    qint64 countedLines = 1;
    const char *documentsEnd = nullptr; // where the whole documents of a stream end
    bool sawEnvelope = false;
    bool sawRaw = false;
    bool sawResponse = false;

    void error(qint64 line, const QString &message)
    {
        ++errorCount;
        if (errors.size() < LogReadResult::MaxReportedErrors)
            errors.append({line, message});
    }
    qint64 lineAt(const char *at)
    {
        if (!countedUpTo || at < countedUpTo) {
            countedUpTo = base;
            countedLines = 1;
        }
        for (const char *p = countedUpTo; p < at; ++p)
            countedLines += *p == '\n';
        countedUpTo = at;
        return countedLines;
    }
    qsizetype capacityFrom(const char *at) const { return base + size + LogPadding - at; }

    bool indexSpan(simdjson::ondemand::object object, std::string_view span, qint64 line, UpdateIndexEntry entry);
    void readObject(simdjson::ondemand::object object, std::string_view span, qint64 line);
    void readEnvelope(simdjson::ondemand::object object, qint64 line);
    void readArray(simdjson::ondemand::array array, qint64 line);
    void readLines(qsizetype from, qsizetype to);
    void readDocuments(qsizetype from);
    void commit() { entries.insert(entries.end(), pending.begin(), pending.end()); pending.clear(); }
};

} // namespace UpdateInspector::Internal
