// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

// Shared by the capture journal's tests: tst_capturejournal (appending) and
// tst_capturejournalopen (opening: repair, the reserve, the tail scan, refusals).

#include "capturejournal.h"
#include "logreader.h"
#include "logwriter.h"
#include "updatestore.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <csignal>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace UpdateInspector::JournalTesting {

inline constexpr qint64 kBaseMs = 1763755680123;

// A message update as a webhook body has it: a line feed after "update_id":N, (and optionally
// CR LF between later tokens). `padding` grows the text to make big journals quickly.
inline QByteArray update(qint64 id, int padding = 0, bool crlf = false)
{
    return "{\"update_id\":" + QByteArray::number(id) + ",\n\"message\":{\"message_id\":"
        + QByteArray::number(id % 100000) + "," + (crlf ? "\r\n" : "")
        + "\"chat\":{\"id\":421937654,\"type\":\"private\"},\"date\":1763755680,\"text\":\"hi "
        + QByteArray(padding, 'x') + "\"}}";
}

inline UpdateRecord record(qint64 id, UpdateSource source, qint64 receivedMs = kBaseMs, int padding = 0)
{
    return UpdateRecord {update(id, padding), receivedMs, source};
}

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// The lines of a journal file without the zeros it reserves ahead of them while open.
inline QByteArray withoutTrailingZeros(QByteArray bytes)
{
    while (bytes.endsWith('\0'))
        bytes.chop(1);
    return bytes;
}

inline QString describe(const LogReadResult &r)
{
    QStringList lines {QStringLiteral("fatal: %1, %2 errors").arg(r.fatal).arg(r.errorCount)};
    for (const LogError &e : r.errors)
        lines << QStringLiteral("line %1: %2").arg(e.line).arg(e.message);
    return lines.join(u'\n');
}

// Reads the journal with the program's own log reader: every record back, no error.
inline QString checkReadable(const QString &path, const QList<UpdateRecord> &records)
{
    if (records.isEmpty())
        return QFileInfo(path).size() == 0 ? QString() : QStringLiteral("not empty");
    UpdateStore store;
    const LogReadResult result = LogReader().readFile(path, store);
    if (!result.ok() || result.errorCount != 0)
        return describe(result);
    if (result.format != LogFormat::EnvelopeLines)
        return QStringLiteral("read as %1").arg(logFormatName(result.format));
    if (store.size() != records.size())
        return QStringLiteral("%1 updates read, %2 written").arg(store.size()).arg(records.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (store.raw(i) != records[i].raw)
            return QStringLiteral("update %1: bytes differ").arg(i);
        const UpdateIndexEntry &e = store.entry(i);
        if (e.source != records[i].source || e.receivedMs != records[i].receivedMs)
            return QStringLiteral("update %1: source or receive time differ").arg(i);
    }
    return {};
}

// The id of update(): {"update_id":N,...
inline qint64 idOf(const QByteArray &raw)
{
    return raw.split(',').first().mid(13).toLongLong();
}

inline QString checkTail(const CaptureJournal &journal, UpdateSource source, bool found, qint64 id,
                  qint64 ms)
{
    const CaptureJournal::Tail tail = journal.tail(source);
    if (tail.found != found || (found && (tail.updateId != id || tail.receivedMs != ms)))
        return QStringLiteral("%1: found %2 id %3 at %4, expected found %5 id %6 at %7")
            .arg(sourceName(source)).arg(tail.found).arg(tail.updateId).arg(tail.receivedMs)
            .arg(found).arg(id).arg(ms);
    return {};
}

// What the tails must be after `records`: the last record of each source.
inline QString checkTails(const CaptureJournal &journal, const QList<UpdateRecord> &records)
{
    for (int s = 0; s < UpdateSourceCount; ++s) {
        const auto source = UpdateSource(s);
        const auto last = std::find_if(records.rbegin(), records.rend(),
                                       [&](const UpdateRecord &r) { return r.source == source; });
        const bool found = last != records.rend();
        const QString problem = found
            ? checkTail(journal, source, true, idOf(last->raw), last->receivedMs)
            : checkTail(journal, source, false, 0, 0);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

#ifdef Q_OS_UNIX
// Lowers the process's file size limit for one test; writes past it fail with EFBIG.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        m_handler = std::signal(SIGXFSZ, SIG_IGN); // else the kernel ends the process
        getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit lower = m_old;
        lower.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &lower) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_handler);
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;
    bool ok() const { return m_ok; }

private:
    rlimit m_old {};
    void (*m_handler)(int) = nullptr;
    bool m_ok = false;
};
#endif

} // namespace UpdateInspector::JournalTesting
