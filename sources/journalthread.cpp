// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "journalthread_p.h"

#include "capturejournal.h"

#include <QObject>

namespace UpdateInspector {

JournalThread::JournalThread(CaptureJournal &journal)
    : m_journal(journal)
    , m_thread([this] { run(); })
{
}

JournalThread::~JournalThread()
{
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_one();
    m_thread.join(); // after writing what was handed over: durable data is never worse
}

void JournalThread::append(QList<UpdateRecord> records, QObject *context, Done done)
{
    m_dones.push_back(std::move(done));
    ++m_submitted;
    ++m_inFlight;
    {
        std::lock_guard lock(m_mutex);
        m_queued.push_back(std::move(records));
        m_context = context;
    }
    m_wake.notify_one();
}

void JournalThread::run()
{
    for (;;) {
        std::deque<QList<UpdateRecord>> taken;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queued.empty() || m_quit; });
            if (m_queued.empty())
                return;
            taken.swap(m_queued);
        }
        // Everything queued meanwhile goes into one append: one fdatasync for all of it.
        QList<UpdateRecord> records = std::move(taken.front());
        for (std::size_t i = 1; i < taken.size(); ++i)
            records.append(std::move(taken[i]));
        QString error;
        const bool durable = m_journal.append(records, &error);
        QObject *context = nullptr;
        {
            std::lock_guard lock(m_mutex);
            m_taken += taken.size();
            m_writtenUpTo = m_taken;
            m_results.push_back(Result {m_taken, durable, error});
            context = m_context;
        }
        m_written.notify_all();
        // Through the owner's event loop; dropped there if this object is gone by then (both
        // happen on the owner's thread).
        QMetaObject::invokeMethod(context, [this, alive = std::weak_ptr<char>(m_alive)] {
            if (!alive.expired())
                complete();
        }, Qt::QueuedConnection);
    }
}

void JournalThread::complete()
{
    std::deque<Result> results;
    {
        std::lock_guard lock(m_mutex);
        results.swap(m_results);
    }
    const std::weak_ptr<char> alive = m_alive;
    for (const Result &result : results) {
        while (m_completedUpTo < result.upTo) {
            Done done = std::move(m_dones.front());
            m_dones.pop_front();
            ++m_completedUpTo;
            --m_inFlight;
            done(result.durable, result.error); // may hand over a new batch, or delete the owner
            if (alive.expired())
                return;
        }
    }
}

void JournalThread::finishNow()
{
    const quint64 submitted = m_submitted;
    {
        std::unique_lock lock(m_mutex);
        m_written.wait(lock, [this, submitted] { return m_writtenUpTo >= submitted; });
    }
    complete();
}

} // namespace UpdateInspector
