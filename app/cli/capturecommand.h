// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace UpdateInspector::Cli {

// `update-inspector-cli capture`: long-polls a bot into a log (the capture journal).
int runCapture(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace UpdateInspector::Cli
