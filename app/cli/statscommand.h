// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace UpdateInspector::Cli {

// `stats LOG...`: loads the logs into one store and prints per-kind counts, the update_id range,
// the malformed lines and the time taken. Returns the process exit code.
int runStats(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace UpdateInspector::Cli
