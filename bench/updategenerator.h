// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace UpdateInspector::Bench {

// What writeRealisticUpdates() generates; the same options always give the same bytes.
struct GeneratorOptions
{
    qint64 count = 1000;
    quint32 seed = 1;
    qint64 firstUpdateId = 500000000;
    qint64 firstDate = 1795700000; // unix seconds
};

// Writes `count` raw Update objects, one per line ('\n'), to `out`: a mix close to a busy bot's
// traffic (messages, edits, callback queries, member changes, inline queries, channel posts,
// polls), about 590 bytes a line on average. update_id counts up by 1 from firstUpdateId; the
// update's own time (date, or edit_date of an edited message) never goes down.
// Returns bytes written or -1 on a write error.
qint64 writeRealisticUpdates(QIODevice &out, const GeneratorOptions &options);

} // namespace UpdateInspector::Bench
