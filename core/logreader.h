// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "logformat.h"

#include <QByteArray>

#include <memory>

namespace UpdateInspector {

class UpdateStore;

// Reads update logs into a store. Every good update is loaded; every bad line is reported with
// its line number. The file's bytes become one of the store's chunks (no copy per update).
class LogReader
{
public:
    LogReader();
    ~LogReader();
    LogReader(const LogReader &) = delete;
    LogReader &operator=(const LogReader &) = delete;

    LogReadResult readFile(const QString &path, UpdateStore &store);
    // `data` is taken over (gzip is detected and decoded).
    LogReadResult readData(QByteArray data, UpdateStore &store);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace UpdateInspector
