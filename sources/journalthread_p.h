// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updaterecord.h"

#include <QList>
#include <QString>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

class QObject;

namespace UpdateInspector {

class CaptureJournal;

// Appends batches to a capture journal on a thread of its own. The listener goes on reading
// requests while a batch is made durable (fdatasync), so the next batch forms meanwhile and one
// fdatasync serves more updates: a group commit that does not stall the event loop. One batch at
// a time; while one is in flight the journal belongs to this thread and must not be touched.
class JournalThread
{
public:
    using Done = std::function<void(bool durable, const QString &error)>;

    explicit JournalThread(CaptureJournal &journal);
    ~JournalThread(); // waits for the batch in flight; its `done` is not called
    JournalThread(const JournalThread &) = delete;
    JournalThread &operator=(const JournalThread &) = delete;

    bool isBusy() const { return m_busy; } // the owner's view; only it submits
    // Starts appending `records`; `done` runs later on `context`'s thread (never from inside
    // append()). Must not be called while busy.
    void append(QList<UpdateRecord> records, QObject *context, Done done);
    // Blocks until the batch in flight is durable (or failed) and runs its `done` now.
    void finishNow();

private:
    void run();
    void complete(quint64 generation); // on the owner's thread

    CaptureJournal &m_journal;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_finished;
    QList<UpdateRecord> m_records; // the batch handed over (guarded by m_mutex, as is what follows)
    QObject *m_context = nullptr;
    quint64 m_batch = 0;
    bool m_pending = false;        // a batch waits for the thread
    bool m_written = false;        // the batch in flight is done
    bool m_durable = false;
    QString m_error;
    bool m_quit = false;
    // Owner-thread state.
    bool m_busy = false;
    quint64 m_generation = 0; // tells a stale completion (already run by finishNow) apart
    Done m_done;
    std::thread m_thread; // last: started after everything it reads exists
};

} // namespace UpdateInspector
