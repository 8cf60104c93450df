// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "syncoption.h"

#include <QCommandLineParser>

namespace UpdateInspector::Cli {

SyncOption::SyncOption()
    : m_option(QStringLiteral("sync"),
               QStringLiteral("When an update counts as saved, so it may be confirmed: `periodic` (default) once it "
                              "is written to LOG, which survives this program crashing or being killed, LOG being "
                              "flushed to the disk every 100 ms; `each-batch` once LOG is flushed to the disk too, "
                              "which survives a power loss as well, but every batch waits for the disk."),
               QStringLiteral("MODE"), QStringLiteral("periodic"))
{
}

void SyncOption::addTo(QCommandLineParser &parser) const
{
    parser.addOption(m_option);
}

std::optional<QString> SyncOption::read(const QCommandLineParser &parser, CaptureJournal::Sync &sync) const
{
    const QString mode = parser.value(m_option);
    if (mode == u"periodic")
        sync = CaptureJournal::Sync::Periodic;
    else if (mode == u"each-batch")
        sync = CaptureJournal::Sync::EachAppend;
    else
        return QStringLiteral("--sync: give periodic or each-batch, not %1").arg(mode);
    return std::nullopt;
}

} // namespace UpdateInspector::Cli
