// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The capture journal's background flush (Sync::Periodic): fdatasync on a thread of its own.
#include "capturejournal_p.h"

namespace UpdateInspector::Internal {

JournalFlusher::JournalFlusher(int fd, std::chrono::milliseconds interval)
    : m_fd(fd)
    , m_interval(interval)
    , m_thread([this] { run(); })
{
}

JournalFlusher::~JournalFlusher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void JournalFlusher::written(qint64 end)
{
    m_written.store(end, std::memory_order_release);
}

qint64 JournalFlusher::flushed() const
{
    return qMin(m_flushed.load(std::memory_order_acquire), m_written.load(std::memory_order_acquire));
}

int JournalFlusher::takeError()
{
    return m_error.exchange(0);
}

void JournalFlusher::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait_for(lock, m_interval, [this] { return m_stop; });
        if (m_stop)
            return;
        // Lines written before this load are in the page cache: the fdatasync below covers them.
        const qint64 target = m_written.load(std::memory_order_acquire);
        if (target <= m_flushed.load(std::memory_order_relaxed))
            continue;
        lock.unlock();
        const int code = syncData(m_fd);
        lock.lock();
        if (code != 0)
            m_error.store(code);
        else
            m_flushed.store(target, std::memory_order_release);
    }
}

} // namespace UpdateInspector::Internal
