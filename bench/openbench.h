// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QString>

class QTextStream;

namespace UpdateInspector::Bench {

// The anchor: a bare simdjson on-demand pass over the log's lines (read update_id of each).
int runAnchor(const QString &path, QTextStream &out);
// Opens the log into store + model + proxy, then applies kind, chat and text filters.
int runOpen(const QString &path, QTextStream &out);

} // namespace UpdateInspector::Bench
