// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QString>

class QTextStream;

namespace UpdateInspector::Bench {

// Runs `update-inspector-cli serve` (at `cliPath`) fed with the updates of `log`, then measures
// from this process, over loopback:
//  poll:    a getUpdates loop (limit 100, offset confirmation) taking every update;
//  deliver: webhook delivery of every update to a Qt HTTP Server sink in this process, with
//           `connections` max_connections; anchor: a bare QNetworkAccessManager client posting the
//           same bodies to the same sink with the same concurrency.
int runEmulatorBench(const QString &cliPath, const QString &log, const QString &mode, int connections,
                     QTextStream &out);

} // namespace UpdateInspector::Bench
