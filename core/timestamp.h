// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <optional>

namespace UpdateInspector {

// "2026-11-21T20:08:00.123Z": the receive times in logs (UTC, milliseconds).
QByteArray formatTimestamp(std::int64_t msSinceEpoch);
// Parses formatTimestamp's form quickly, and other ISO 8601 forms (offsets, no fraction) slowly.
std::optional<std::int64_t> parseTimestamp(QByteArrayView text);

} // namespace UpdateInspector
