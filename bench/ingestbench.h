// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QString>

class QTextStream;

namespace UpdateInspector::Bench {

// End-to-end ingest (issue 4): `update-inspector-cli serve` (at `cliPath`, its own process) queues
// the updates of `log`; this process polls them with LongPoller (limit 100, timeout 1) into a
// CaptureJournal in a temporary folder, then UpdateStore, UpdateModel and UpdateFilterProxy, as the
// app wires them, until the proxy shows every queued update. Reports updates/s, the event loop's
// stalls (a 5 ms timer probe: worst and 99th percentile lateness) and where the main thread's time
// went. Anchor, same run, a fresh serve: the bare getUpdates loop of `emulator poll`.
int runIngestBench(const QString &cliPath, const QString &log, QTextStream &out);

} // namespace UpdateInspector::Bench
