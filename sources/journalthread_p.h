// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updaterecord.h"

#include <QList>
#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

class QObject;

namespace UpdateInspector {

class CaptureJournal;

// Appends batches to a capture journal on a thread of its own, so the listener goes on reading
// and answering while a batch is made durable (fdatasync). Batches handed over while one is being
// written wait in a queue, and the thread takes all of them as its next append: a group commit
// that starts the moment the previous fdatasync ends, without waiting for the owner's event loop.
// While batches are in flight (batchesInFlight() > 0) the journal belongs to the thread and must
// not be touched.
class JournalThread
{
public:
    using Done = std::function<void(bool durable, const QString &error)>;

    explicit JournalThread(CaptureJournal &journal);
    ~JournalThread(); // writes what was handed over; the `done`s not run yet are dropped
    JournalThread(const JournalThread &) = delete;
    JournalThread &operator=(const JournalThread &) = delete;

    // Batches handed over whose `done` has not run yet (the owner's view; only it submits).
    qsizetype batchesInFlight() const { return m_inFlight; }
    // Queues `records`; `done` runs later on `context`'s thread (never from inside append()),
    // after the `done`s of earlier batches. Every batch must use the same context.
    void append(QList<UpdateRecord> records, QObject *context, Done done);
    // Blocks until every batch handed over is durable (or failed) and runs their `done`s now.
    void finishNow();

private:
    struct Batch
    {
        QList<UpdateRecord> records;
        Done done;
    };
    struct Result
    {
        quint64 upTo = 0; // the batches up to this number are written
        bool durable = false;
        QString error;
    };

    void run();
    void complete(); // on the owner's thread: runs the `done`s of the batches written

    CaptureJournal &m_journal;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_written;
    // Guarded by m_mutex:
    std::deque<QList<UpdateRecord>> m_queued; // handed over, not taken by the thread yet
    std::deque<Result> m_results;             // written, not completed on the owner's thread
    quint64 m_taken = 0;                      // batches the thread has taken so far
    quint64 m_writtenUpTo = 0;
    QObject *m_context = nullptr;
    bool m_quit = false;
    // Owner-thread state.
    std::deque<Done> m_dones; // of the batches in flight, oldest first
    quint64 m_submitted = 0;
    quint64 m_completedUpTo = 0;
    qsizetype m_inFlight = 0;
    std::shared_ptr<char> m_alive = std::make_shared<char>(); // tells queued completions we are gone
    std::thread m_thread; // last: started after everything it reads exists
};

} // namespace UpdateInspector
