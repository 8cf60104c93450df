// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "textmatcher.h"
#include "updaterecord.h"

#include <QString>

#include <optional>

namespace UpdateInspector {

// The quick filter: a set of kinds, one chat, and free text over the raw JSON (case-insensitive).
struct UpdateFilter
{
    UpdateKindMask kinds = AllKinds;
    std::optional<std::int64_t> chatId;
    QString text;

    bool isEmpty() const { return kinds == AllKinds && !chatId && text.isEmpty(); }
    bool operator==(const UpdateFilter &) const = default;
};

// A filter prepared for testing many rows: the text matcher is built once.
class CompiledFilter
{
public:
    explicit CompiledFilter(const UpdateFilter &filter);
    bool accepts(const UpdateIndexEntry &entry, QByteArrayView raw) const
    {
        if (!(m_kinds & kindBit(entry.kind)))
            return false;
        if (m_chatId && entry.chatId != *m_chatId)
            return false;
        return m_text.isEmpty() || m_text.matches(raw);
    }

private:
    UpdateKindMask m_kinds;
    std::optional<std::int64_t> m_chatId;
    TextMatcher m_text;
};

} // namespace UpdateInspector
