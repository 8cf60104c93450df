// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updaterecord.h"

#include "nametable_p.h"

#include <array>

namespace UpdateInspector {

namespace {
constexpr std::array<QLatin1StringView, UpdateSourceCount> kSourceNames = {
    QLatin1StringView("file"),     QLatin1StringView("poll"),     QLatin1StringView("webhook"),
    QLatin1StringView("mtproto"),  QLatin1StringView("emulator"), QLatin1StringView("replay"),
};
} // namespace

QLatin1StringView sourceName(UpdateSource source)
{
    return Internal::nameAt(kSourceNames, std::size_t(source));
}

UpdateSource sourceFromName(QByteArrayView name)
{
    const int index = Internal::indexOfName(kSourceNames, name);
    return index < 0 ? UpdateSource::File : UpdateSource(index);
}

} // namespace UpdateInspector
