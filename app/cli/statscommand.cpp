// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "statscommand.h"

#include "logreader.h"
#include "updatestore.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>
#include <array>
#include <map>

namespace UpdateInspector::Cli {

namespace {
constexpr int kShownErrorsPerFile = 20;
}

int runStats(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Per-kind counts, update_id range and malformed lines of update logs."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("LOG"), QStringLiteral("Log files (JSON Lines, envelopes, getUpdates responses, JSON arrays; .gz too)"), QStringLiteral("LOG..."));
    if (!parser.parse(arguments)) {
        err << parser.errorText() << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QStringList logs = parser.positionalArguments();
    if (logs.isEmpty()) {
        err << "update-inspector-cli stats: name at least one log file\n";
        return 2;
    }

    QElapsedTimer timer;
    timer.start();
    UpdateStore store;
    store.setNotifyInterval(0);
    LogReader reader;
    qsizetype malformed = 0;
    bool fatal = false;
    for (const QString &path : logs) {
        const LogReadResult result = reader.readFile(path, store);
        if (!result.ok()) {
            err << path << ": " << result.fatal << "\n";
            fatal = true;
            continue;
        }
        malformed += result.errorCount;
        out << path << ": " << result.updates << " updates (" << logFormatName(result.format)
            << (result.compressed ? ", gzip" : "") << "), " << result.errorCount << " malformed\n";
        for (qsizetype i = 0; i < qMin<qsizetype>(result.errors.size(), kShownErrorsPerFile); ++i)
            out << "  line " << result.errors[i].line << ": " << result.errors[i].message << "\n";
        if (result.errorCount > kShownErrorsPerFile)
            out << "  ... and " << (result.errorCount - kShownErrorsPerFile) << " more\n";
    }
    const qint64 loadMs = timer.elapsed();

    std::array<qsizetype, UpdateKindCount> perKind {};
    std::map<QString, qsizetype> unknownKeys; // counted by their key names
    std::int64_t lowest = 0, highest = 0;
    const auto &entries = store.entries();
    for (size_t row = 0; row < entries.size(); ++row) {
        const UpdateIndexEntry &e = entries[row];
        ++perKind[size_t(e.kind)];
        lowest = row == 0 ? e.updateId : std::min(lowest, e.updateId);
        highest = row == 0 ? e.updateId : std::max(highest, e.updateId);
    }
    out << "\n" << qSetFieldWidth(28) << Qt::left << "kind" << qSetFieldWidth(10) << Qt::right << "count"
        << qSetFieldWidth(0) << "\n";
    for (int k = 1; k < UpdateKindCount; ++k) {
        if (perKind[size_t(k)])
            out << qSetFieldWidth(28) << Qt::left << kindName(UpdateKind(k)) << qSetFieldWidth(10) << Qt::right
                << perKind[size_t(k)] << qSetFieldWidth(0) << "\n";
    }
    if (perKind[0])
        out << qSetFieldWidth(28) << Qt::left << "(unknown kinds)" << qSetFieldWidth(10) << Qt::right << perKind[0]
            << qSetFieldWidth(0) << "\n";
    out << qSetFieldWidth(28) << Qt::left << "total" << qSetFieldWidth(10) << Qt::right << store.size()
        << qSetFieldWidth(0) << Qt::left << "\n\n";
    if (store.size() > 0)
        out << "update_id range: " << lowest << " .. " << highest << "\n";
    else
        out << "update_id range: (no updates)\n";
    out << "malformed lines: " << malformed << "\n";
    out << "time: " << QString::number(double(timer.elapsed()) / 1000.0, 'f', 3) << " s (loading "
        << QString::number(double(loadMs) / 1000.0, 'f', 3) << " s)\n";
    return fatal ? 1 : 0;
}

} // namespace UpdateInspector::Cli
