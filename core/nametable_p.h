// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArrayView>
#include <QLatin1StringView>

#include <array>
#include <cstddef>

namespace UpdateInspector::Internal {

// Names indexed by an enum's values (kinds, sources): the enum value for a name, both ways.
template<std::size_t N>
constexpr int indexOfName(const std::array<QLatin1StringView, N> &names, QByteArrayView name, std::size_t from = 0)
{
    for (std::size_t i = from; i < N; ++i) {
        if (names[i].size() == name.size() && QByteArrayView(names[i].data(), names[i].size()) == name)
            return int(i);
    }
    return -1;
}

template<std::size_t N>
constexpr QLatin1StringView nameAt(const std::array<QLatin1StringView, N> &names, std::size_t index)
{
    return index < N ? names[index] : names[0];
}

} // namespace UpdateInspector::Internal
