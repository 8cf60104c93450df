// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updaterecord.h"

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
    const auto index = std::size_t(source);
    return index < kSourceNames.size() ? kSourceNames[index] : kSourceNames[0];
}

UpdateSource sourceFromName(QByteArrayView name)
{
    for (std::size_t i = 0; i < kSourceNames.size(); ++i) {
        if (QByteArrayView(kSourceNames[i].data(), kSourceNames[i].size()) == name)
            return UpdateSource(i);
    }
    return UpdateSource::File;
}

} // namespace UpdateInspector
