// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "capturejournal.h"

#include <QCommandLineOption>

#include <optional>

class QCommandLineParser;

namespace UpdateInspector::Cli {

// --sync MODE of the commands that write a capture journal (capture, listen): when an update
// counts as saved, so may be confirmed (docs/LOG_FORMAT.md, "Durability").
class SyncOption
{
public:
    SyncOption();
    void addTo(QCommandLineParser &parser) const;
    // The mode, or an error in plain words.
    std::optional<QString> read(const QCommandLineParser &parser, CaptureJournal::Sync &sync) const;

private:
    QCommandLineOption m_option;
};

} // namespace UpdateInspector::Cli
