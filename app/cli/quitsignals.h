// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

namespace UpdateInspector::Cli {

// Makes SIGINT and SIGTERM end the event loop (QCoreApplication::quit) instead of the process,
// so long-running commands can flush their files and print a summary. Call once, after the
// QCoreApplication exists.
void quitOnSignals();

} // namespace UpdateInspector::Cli
