// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatefilter.h"

namespace UpdateInspector {

CompiledFilter::CompiledFilter(const UpdateFilter &filter)
    : m_kinds(filter.kinds), m_chatId(filter.chatId), m_text(filter.text)
{
}

} // namespace UpdateInspector
