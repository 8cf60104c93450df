// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updaterecord.h"

#include <QString>

#include <memory>

namespace UpdateInspector {

// Reads the index fields (update_id, kind, chat, sender, date) of one raw update with simdjson's
// on-demand parser: one pass, nothing allocated per update. Not thread-safe: one per thread.
class UpdateIndexer
{
public:
    // simdjson reads ahead: this many bytes after the update must be readable.
    static constexpr qsizetype Padding = 64;

    UpdateIndexer();
    ~UpdateIndexer();
    UpdateIndexer(const UpdateIndexer &) = delete;
    UpdateIndexer &operator=(const UpdateIndexer &) = delete;

    // `capacity` counts the readable bytes from `data` on (at least length + Padding).
    // Fills the index fields of `entry`; on failure returns false and says why in `error`.
    bool index(const char *data, qsizetype length, qsizetype capacity, UpdateIndexEntry &entry,
               QString *error);
    // For data without padding at hand: copies it into a padded buffer first.
    bool index(QByteArrayView raw, UpdateIndexEntry &entry, QString *error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace UpdateInspector
