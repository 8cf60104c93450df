// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updatekind.h"

#include <QByteArray>
#include <QList>

#include <map>

namespace UpdateInspector {

// An update waiting for the bot: its JSON as the service sends it ({"update_id":N,\n"kind":{...}}).
struct QueuedUpdate
{
    qint64 updateId = 0;
    QByteArray json;
    UpdateKind kind = UpdateKind::Unknown;
    // Webhook delivery keeps order among updates with the same key: the chat id, else the sender
    // id; 0 when the update has neither (it is ordered with nothing).
    qint64 orderKey = 0;
    qint64 queuedMs = 0; // when it was queued (ms since the epoch), for the retention limit
};

// One bot's pending updates, in update_id order.
class UpdateQueue
{
public:
    void push(QueuedUpdate update);
    qsizetype size() const { return qsizetype(m_updates.size()); }
    bool isEmpty() const { return m_updates.empty(); }
    const QueuedUpdate *find(qint64 updateId) const;
    bool remove(qint64 updateId);
    void clear() { m_updates.clear(); }

    // getUpdates' offset: everything below `offset` is confirmed and forgotten.
    void confirmBelow(qint64 offset);
    // getUpdates' negative offset -n: only the newest n updates stay.
    void keepNewest(qsizetype n);
    // Drops the updates queued before `cutoffMs`; returns how many.
    qsizetype dropQueuedBefore(qint64 cutoffMs);

    // Up to `limit` updates from the oldest on, stopping once their JSON passes `byteBudget`
    // (at least one is returned when any is queued).
    QList<const QueuedUpdate *> front(qsizetype limit, qsizetype byteBudget) const;

    const std::map<qint64, QueuedUpdate> &updates() const { return m_updates; }

private:
    std::map<qint64, QueuedUpdate> m_updates;
};

} // namespace UpdateInspector
