// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatequeue.h"

#include <iterator>

namespace UpdateInspector {

void UpdateQueue::push(QueuedUpdate update)
{
    const qint64 id = update.updateId;
    m_updates.insert_or_assign(id, std::move(update));
}

const QueuedUpdate *UpdateQueue::find(qint64 updateId) const
{
    const auto it = m_updates.find(updateId);
    return it == m_updates.end() ? nullptr : &it->second;
}

bool UpdateQueue::remove(qint64 updateId)
{
    return m_updates.erase(updateId) > 0;
}

void UpdateQueue::confirmBelow(qint64 offset)
{
    m_updates.erase(m_updates.begin(), m_updates.lower_bound(offset));
}

void UpdateQueue::keepNewest(qsizetype n)
{
    if (n >= size())
        return;
    m_updates.erase(m_updates.begin(), std::prev(m_updates.end(), std::ptrdiff_t(n)));
}

qsizetype UpdateQueue::dropQueuedBefore(qint64 cutoffMs)
{
    // Ids are given out in queuing order, so the expired updates are the oldest ones: stop at the
    // first that is not (a full walk of a big queue on every getUpdates would cost milliseconds).
    qsizetype dropped = 0;
    auto it = m_updates.begin();
    while (it != m_updates.end() && it->second.queuedMs < cutoffMs) {
        it = m_updates.erase(it);
        ++dropped;
    }
    return dropped;
}

QList<const QueuedUpdate *> UpdateQueue::front(qsizetype limit, qsizetype byteBudget) const
{
    QList<const QueuedUpdate *> result;
    qsizetype bytes = 0;
    for (auto it = m_updates.begin(); it != m_updates.end() && result.size() < limit; ++it) {
        if (!result.isEmpty() && bytes + it->second.json.size() > byteBudget)
            break;
        bytes += it->second.json.size();
        result.append(&it->second);
    }
    return result;
}

} // namespace UpdateInspector
