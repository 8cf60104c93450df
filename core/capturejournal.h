// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updaterecord.h"

#include <QList>
#include <QString>

#include <chrono>
#include <memory>

namespace UpdateInspector {

// The capture journal: an append-only log of envelopes (docs/LOG_FORMAT.md) that a source writes
// every update to before it confirms it — the poller before asking for the next offset, the
// webhook listener before answering 200 — so a crash loses nothing that was acknowledged.
// The file is plain (never gzip) and held with an exclusive lock while open. Not thread-safe.
class CaptureJournal
{
public:
    // open() reads at most this many bytes back from the end: for the tails, and to find where
    // a cut-off last line starts (a longer one is not repaired; open() fails and says so).
    static constexpr qint64 TailScanLimit = 8 * 1024 * 1024;

    // The newest update of one source in the journal.
    struct Tail
    {
        bool found = false;
        qint64 updateId = 0;
        qint64 receivedMs = 0;
    };

    // When an append counts as done (see docs/LOG_FORMAT.md, "Durability").
    enum class Sync {
        // Once its lines are written to the file: they survive the program crashing or being
        // killed. A thread flushes them to the disk within FlushInterval, and close() does.
        Periodic,
        // Once its lines are also flushed to the disk (fdatasync): they survive a power loss or
        // a system crash too. Each append then waits for the disk: several times slower on
        // some disks.
        EachAppend,
    };
    // Short: a flush of a whole second of a busy capture takes the disk long enough to be felt
    // in the listener's latency (p99 3-4.6 ms against 1.4-2.3 ms, docs/PERFORMANCE.md).
    static constexpr std::chrono::milliseconds FlushInterval {100};

    CaptureJournal();
    ~CaptureJournal();
    CaptureJournal(const CaptureJournal &) = delete;
    CaptureJournal &operator=(const CaptureJournal &) = delete;

    // Opens `path` for appending, creating it (and its folder) when needed. A last line cut off
    // by a crash is removed first (`repairedBytes` says how many bytes that was).
    bool open(const QString &path, QString *error);
    void close(); // flushes the lines to the disk first
    void setSync(Sync sync); // takes effect at the next open()
    Sync sync() const;       // what setSync() said
    bool isOpen() const;
    QString path() const;
    qint64 repairedBytes() const;

    // The newest update of `source` (the last line of that source with an integer update_id),
    // read from the end of the file at open() and kept current by append(). A source whose last
    // update lies more than TailScanLimit bytes before the end is reported as not found.
    Tail tail(UpdateSource source) const;
    // How many bytes open() read (for tests and diagnostics: the whole file is never read).
    qint64 bytesReadAtOpen() const;

    // Appends the records as envelope lines, done as sync() says before returning true. On
    // failure (also when a background flush failed since the last append) nothing after the last
    // durable line counts: the file is cut back to its size before the call (when even that
    // fails, the journal closes).
    bool append(const QList<UpdateRecord> &records, QString *error);
    // Where the lines end, and up to where they are known to be on the disk.
    qint64 size() const;
    qint64 flushedSize() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace UpdateInspector
