// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace UpdateInspector::Cli {

// `update-inspector-cli serve`: runs the Bot API emulator until interrupted.
int runServe(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace UpdateInspector::Cli
