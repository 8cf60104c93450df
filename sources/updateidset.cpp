// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updateidset.h"

#include <limits>

namespace UpdateInspector {

bool UpdateIdSet::contains(qint64 id) const
{
    auto after = m_ranges.upper_bound(id);
    return after != m_ranges.begin() && id <= std::prev(after)->second;
}

bool UpdateIdSet::insert(qint64 id)
{
    const auto next = m_ranges.upper_bound(id); // the first range starting after id
    const auto previous = next == m_ranges.begin() ? m_ranges.end() : std::prev(next);
    if (previous != m_ranges.end() && id <= previous->second)
        return false;
    const bool joinsPrevious = previous != m_ranges.end() && previous->second == id - 1;
    const bool joinsNext = next != m_ranges.end() && id < std::numeric_limits<qint64>::max()
        && next->first == id + 1;
    if (joinsPrevious && joinsNext) {
        previous->second = next->second;
        m_ranges.erase(next);
    } else if (joinsPrevious) {
        previous->second = id;
    } else if (joinsNext) {
        const qint64 last = next->second;
        m_ranges.emplace_hint(m_ranges.erase(next), id, last);
    } else {
        m_ranges.emplace_hint(next, id, id);
    }
    return true;
}

void UpdateIdSet::remove(qint64 id)
{
    auto after = m_ranges.upper_bound(id);
    if (after == m_ranges.begin())
        return;
    const auto range = std::prev(after);
    const qint64 first = range->first;
    const qint64 last = range->second;
    if (id > last)
        return;
    m_ranges.erase(range);
    if (first < id)
        m_ranges.emplace_hint(after, first, id - 1);
    if (id < last)
        m_ranges.emplace_hint(after, id + 1, last);
}

} // namespace UpdateInspector
