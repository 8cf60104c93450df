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
    m_thread.join(); // after the batch in flight, if any: durable data is never worse
}

void JournalThread::append(QList<UpdateRecord> records, QObject *context, Done done)
{
    Q_ASSERT(!m_busy);
    m_busy = true;
    m_done = std::move(done);
    {
        std::lock_guard lock(m_mutex);
        m_records = std::move(records);
        m_context = context;
        m_batch = ++m_generation;
        m_pending = true;
        m_written = false;
    }
    m_wake.notify_one();
}

void JournalThread::run()
{
    for (;;) {
        QList<UpdateRecord> records;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_pending || m_quit; });
            if (!m_pending)
                return;
            records = std::move(m_records);
            m_pending = false;
        }
        QString error;
        const bool durable = m_journal.append(records, &error);
        quint64 generation = 0;
        QObject *context = nullptr;
        {
            std::lock_guard lock(m_mutex);
            m_written = true;
            m_durable = durable;
            m_error = error;
            generation = m_batch;
            context = m_context;
        }
        m_finished.notify_all();
        // Through the owner's event loop. The owner (the context) destroys this object before its
        // QObject part, which drops a completion still queued.
        QMetaObject::invokeMethod(context, [this, generation] { complete(generation); }, Qt::QueuedConnection);
    }
}

void JournalThread::complete(quint64 generation)
{
    if (!m_busy || generation != m_generation)
        return; // finishNow() ran it already
    bool durable = false;
    QString error;
    {
        std::lock_guard lock(m_mutex);
        durable = m_durable;
        error = m_error;
    }
    m_busy = false;
    Done done = std::exchange(m_done, {});
    done(durable, error);
}

void JournalThread::finishNow()
{
    if (!m_busy)
        return;
    {
        std::unique_lock lock(m_mutex);
        m_finished.wait(lock, [this] { return m_written; });
    }
    complete(m_generation);
}

} // namespace UpdateInspector
