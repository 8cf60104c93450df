// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <Qt>

namespace UpdateInspector {

// Columns of the update stream, shared by the model, the proxy and the views.
namespace UpdateColumn {
enum : int { Row, UpdateId, Kind, Chat, From, Summary, Date, Received, Source, Size, Count };
}

enum UpdateRole : int {
    RawValueRole = Qt::UserRole + 1, // the column's value for sorting (numbers as numbers)
    RawJsonRole,                     // QByteArray: the update's raw bytes
    StoreRowRole,                    // qsizetype: the row in the UpdateStore
    KindRole,                        // int: UpdateKind
    FlagsRole,                       // int: UpdateFlag bits
};

} // namespace UpdateInspector
