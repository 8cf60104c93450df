// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QtGlobal>

#include <map>

namespace UpdateInspector {

// A set of update_ids kept as ranges of consecutive ids. A bot's update_ids go up by one
// (PROTOCOL.md), so a long capture is a handful of ranges: lookups stay fast and memory small,
// and there is never a rehash of a million entries to stall the listener.
class UpdateIdSet
{
public:
    bool contains(qint64 id) const;
    bool insert(qint64 id); // false when it was there already
    void remove(qint64 id);
    void clear() { m_ranges.clear(); }
    qsizetype rangeCount() const { return qsizetype(m_ranges.size()); }

private:
    std::map<qint64, qint64> m_ranges; // first id -> last id; disjoint, never adjacent
};

} // namespace UpdateInspector
