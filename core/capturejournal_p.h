// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

// Shared by the parts of CaptureJournal: capturejournal.cpp (append, close, accessors),
// capturejournal_open.cpp (open, repair, tails) and capturejournal_file.cpp (the file calls).

#include "capturejournal.h"

#include <QByteArrayView>
#include <QString>

#include <simdjson.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace UpdateInspector::Internal {

// Plain words for the failures a capture meets in practice; the rest in the system's words.
QString errorText(int code);

// ---- The few file calls, each returning 0 or an errno value (capturejournal_file.cpp) --------

// Opens for appending (creating it) and takes the exclusive lock.
int openFile(const QString &path, int *fd);
void closeFile(int fd);
int fileSize(int fd, qint64 *size);
int readAt(int fd, char *data, qint64 length, qint64 offset);
// pwrite() may take less than asked (signals, quotas): go on until all is written.
int writeAt(int fd, const char *data, qint64 length, qint64 offset);
// The data (and the size, which fdatasync covers) on the disk, not just in the page cache.
int syncData(int fd);
int truncateTo(int fd, qint64 size);
// A new file (or folder) survives a crash only once the folder holding its name is synced.
int syncFolder(const QString &folder);
// Creates `folder` and any missing parents, syncing each new folder's parent.
int makeFolder(const QString &folder);

// ---- The background flush (capturejournal_flusher.cpp) -----------------------------------------

// Flushes a journal's file to the disk (fdatasync) on a thread of its own, every `interval` when
// lines were written since the last flush. A failed flush is kept for the journal to report.
class JournalFlusher
{
public:
    JournalFlusher(int fd, std::chrono::milliseconds interval);
    ~JournalFlusher(); // stops without a last flush (close() makes that one)
    JournalFlusher(const JournalFlusher &) = delete;
    JournalFlusher &operator=(const JournalFlusher &) = delete;

    void written(qint64 end); // the lines end here now, all of them written
    qint64 flushed() const;   // the lines are on the disk up to here
    int takeError();          // the errno of a failed flush since the last call, or 0

private:
    void run();

    int m_fd;
    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::atomic<qint64> m_written {0};
    std::atomic<qint64> m_flushed {0};
    std::atomic<int> m_error {0};
    std::thread m_thread; // last: started after everything it reads exists
};

// ---- Parsing what the tails need ---------------------------------------------------------------

std::optional<qint64> updateIdOf(simdjson::ondemand::object update);

struct TailLine
{
    UpdateSource source = UpdateSource::File;
    qint64 updateId = 0;
    qint64 receivedMs = 0;
};

} // namespace UpdateInspector::Internal

namespace UpdateInspector {

struct CaptureJournal::Private
{
    // Zeros are written this far ahead of the lines, so that most appends leave the file's size
    // alone and their fdatasync writes only the data, not the inode too (about 40 % cheaper on
    // ext4). close() cuts the reserve off; open() drops one left by a crash.
    static constexpr qint64 ReserveChunk = 256 * 1024;

    Sync syncMode = Sync::Periodic;
    std::unique_ptr<Internal::JournalFlusher> flusher; // Sync::Periodic, while open
    int fd = -1;
    QString path;
    qint64 size = 0;     // where the lines end
    qint64 reserved = 0; // where the file ends: zeros from `size` on
    qint64 repaired = 0;
    qint64 bytesRead = 0;
    std::array<Tail, UpdateSourceCount> tails {};
    simdjson::ondemand::parser parser;
    std::string scratch; // one line or update with simdjson's padding after it

    bool fail(QString *error, const QString &what, int code);
    simdjson::ondemand::document *parsePadded(QByteArrayView bytes,
                                              simdjson::ondemand::document &doc);
    std::optional<qint64> updateIdOfRaw(QByteArrayView raw);
    void noteAppended(const QList<UpdateRecord> &records);
    bool rollBack();
    int reserveFor(qint64 length);

    // capturejournal_open.cpp
    bool openChecked(QString *error);
    int dropReserve();
    bool repairAndScan(QString *error);
    std::optional<Internal::TailLine> readTailLine(QByteArrayView line);
};

} // namespace UpdateInspector
