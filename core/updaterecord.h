// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updatekind.h"

#include <QByteArray>
#include <QLatin1StringView>

#include <cstdint>

namespace UpdateInspector {

// Where an update came from.
enum class UpdateSource : std::uint8_t {
    File = 0, // a log opened from disk that did not say (raw updates, getUpdates responses)
    Poll,     // getUpdates long polling
    Webhook,  // the local webhook listener
    MTProto,  // the MTProto plugin
    Emulator, // the built-in Bot API emulator
    Replay,   // re-sent from a saved log
};
inline constexpr int UpdateSourceCount = int(UpdateSource::Replay) + 1;

QLatin1StringView sourceName(UpdateSource source);
// The source for a name as written in logs; File when the name is unknown.
UpdateSource sourceFromName(QByteArrayView name);

enum UpdateFlag : std::uint16_t {
    NoFlags = 0,
    Duplicate = 1 << 0,    // an update_id seen before from the same source (a redelivery)
    Gap = 1 << 1,          // update_id jumped forward from the previous one of the same source
    ExtraFields = 1 << 2,  // more than one field besides update_id
};

// The compact, fixed-size part of an update kept for every row. The raw bytes live in the
// store's blob chunks; JSON trees are built only for the update being looked at.
struct UpdateIndexEntry
{
    std::int64_t updateId = 0;
    std::int64_t chatId = 0;   // 0 when the update has no chat
    std::int64_t senderId = 0; // user (or sender chat) id; 0 when none
    std::int64_t receivedMs = 0; // ms since the epoch, UTC; 0 when unknown
    std::uint64_t offset = 0;  // byte offset of the raw update in its chunk
    std::uint32_t length = 0;  // byte length of the raw update
    std::uint32_t chunk = 0;   // which blob chunk
    std::uint32_t date = 0;    // the payload's unix date; 0 when it has none
    UpdateKind kind = UpdateKind::Unknown;
    UpdateSource source = UpdateSource::File;
    std::uint16_t flags = NoFlags;
};
static_assert(sizeof(UpdateIndexEntry) == 56, "keep the index entry compact");

// An update handed to the store by a source: the raw bytes exactly as received.
struct UpdateRecord
{
    QByteArray raw;
    std::int64_t receivedMs = 0;
    UpdateSource source = UpdateSource::File;
};

} // namespace UpdateInspector
