// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace UpdateInspector::Cli {

// `update-inspector-cli listen`: the webhook listener; every accepted update goes to the log
// (durably, before the 200), every request is printed with its verdict.
int runListen(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace UpdateInspector::Cli
