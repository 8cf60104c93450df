// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatestore.h"

#include <cstring>

namespace UpdateInspector {

UpdateStore::UpdateStore(QObject *parent) : QObject(parent)
{
    m_notifyTimer.setSingleShot(true);
    connect(&m_notifyTimer, &QTimer::timeout, this, &UpdateStore::flushNotifications);
}

UpdateStore::~UpdateStore() = default;

QByteArrayView UpdateStore::raw(qsizetype row) const
{
    const UpdateIndexEntry &e = m_entries[size_t(row)];
    return QByteArrayView(m_chunks[e.chunk].constData() + e.offset, e.length);
}

// Room for `length` bytes plus the indexer's padding at the end of the tail chunk. A chunk never
// reallocates (its capacity is reserved up front), so views into earlier rows stay valid.
char *UpdateStore::reserveTail(qsizetype length)
{
    const qsizetype needed = length + UpdateIndexer::Padding;
    if (m_tailChunk < 0 || m_chunks[m_tailChunk].capacity() - m_chunks[m_tailChunk].size() < needed) {
        QByteArray chunk;
        chunk.reserve(qMax(ChunkSize, needed));
        m_chunks.append(chunk);
        m_tailChunk = m_chunks.size() - 1;
    }
    QByteArray &tail = m_chunks[m_tailChunk];
    const qsizetype at = tail.size();
    tail.resize(at + length);
    return tail.data() + at;
}

bool UpdateStore::append(const UpdateRecord &record, QString *error)
{
    QString why;
    char *at = reserveTail(record.raw.size());
    std::memcpy(at, record.raw.constData(), size_t(record.raw.size()));
    QByteArray &tail = m_chunks[m_tailChunk];
    const qsizetype offset = at - tail.constData();
    UpdateIndexEntry entry;
    // The padding lies within the chunk's reserved capacity.
    const qsizetype readable = tail.capacity() - offset;
    if (!m_indexer.index(at, record.raw.size(), readable, entry, &why)) {
        tail.resize(offset); // take the bytes back
        if (error)
            *error = why;
        return false;
    }
    entry.chunk = std::uint32_t(m_tailChunk);
    entry.offset = std::uint64_t(offset);
    entry.length = std::uint32_t(record.raw.size());
    entry.receivedMs = record.receivedMs;
    entry.source = record.source;
    flagLiveEntry(entry);
    appendEntry(entry);
    scheduleNotification();
    return true;
}

qsizetype UpdateStore::append(const QList<UpdateRecord> &records, QList<Rejection> *rejected)
{
    qsizetype appended = 0;
    for (qsizetype i = 0; i < records.size(); ++i) {
        QString error;
        if (append(records[i], &error))
            ++appended;
        else if (rejected)
            rejected->append({i, error});
    }
    return appended;
}

void UpdateStore::adoptChunks(QList<QByteArray> chunks, std::vector<UpdateIndexEntry> &&entries)
{
    if (entries.empty())
        return;
    const auto firstChunk = std::uint32_t(m_chunks.size());
    m_chunks.append(std::move(chunks));
    for (UpdateIndexEntry &e : entries) {
        e.chunk += firstChunk;
        m_totalBytes += e.length;
    }
    if (m_entries.empty())
        m_entries = std::move(entries); // a large log: no second copy of its index
    else
        m_entries.insert(m_entries.end(), entries.begin(), entries.end());
    scheduleNotification();
}

void UpdateStore::appendEntry(UpdateIndexEntry entry)
{
    m_totalBytes += entry.length;
    m_entries.push_back(entry);
}

// A redelivered update_id is flagged, not dropped: the user wants to see the redelivery.
void UpdateStore::flagLiveEntry(UpdateIndexEntry &entry)
{
    const auto source = std::size_t(entry.source);
    QSet<std::int64_t> &seen = m_seenIds[source];
    if (seen.contains(entry.updateId)) {
        entry.flags |= Duplicate;
        return;
    }
    seen.insert(entry.updateId);
    std::int64_t &last = m_lastIds[source];
    if (last != 0 && entry.updateId > last + 1)
        entry.flags |= Gap;
    last = qMax(last, entry.updateId);
}

void UpdateStore::clear()
{
    Q_EMIT aboutToClear();
    m_notifyTimer.stop();
    m_entries = {};
    m_chunks.clear();
    m_tailChunk = -1;
    m_announced = 0;
    m_totalBytes = 0;
    for (auto &seen : m_seenIds)
        seen.clear();
    m_lastIds = {};
    Q_EMIT cleared();
}

void UpdateStore::scheduleNotification()
{
    if (m_notifyInterval <= 0)
        flushNotifications();
    else if (!m_notifyTimer.isActive())
        m_notifyTimer.start(m_notifyInterval);
}

void UpdateStore::flushNotifications()
{
    m_notifyTimer.stop();
    const qsizetype total = size();
    if (total == m_announced)
        return;
    const qsizetype first = m_announced;
    m_announced = total;
    Q_EMIT rowsAppended(first, total - 1);
}

} // namespace UpdateInspector
