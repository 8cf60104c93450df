// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// update-inspector-cli: the command-line companion. `update-inspector-cli COMMAND [ARGS...]`.
#include "capturecommand.h"
#include "listencommand.h"
#include "servecommand.h"
#include "statscommand.h"
#include "webhookcommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace UpdateInspector;

namespace {
const char kUsage[] =
    "usage: update-inspector-cli COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  stats LOG...   per-kind counts, update_id range, malformed lines and time for update logs\n"
    "  capture        long-poll a bot (getUpdates) into a log, durably, resuming where it stopped\n"
    "  serve          run the local Bot API emulator (getUpdates, webhooks, recorded bot calls)\n"
    "  listen         run a webhook listener: every request checked and shown, accepted updates logged\n"
    "  webhook        info | set | delete: the bot's webhook, checked and explained\n"
    "\n"
    "`update-inspector-cli COMMAND --help` describes a command.\n";
}

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher, not GLib's: a command-line server has no GLib sources to serve,
    // and GLib's costs a wake-up per socket notifier change (about 5-10 % of the listener's
    // requests/s, docs/PERFORMANCE.md). QT_NO_GLIB set empty in the environment keeps GLib's.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("update-inspector-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == QLatin1StringView("--help") || args[1] == QLatin1StringView("-h")) {
        (args.size() < 2 ? err : out) << kUsage;
        return args.size() < 2 ? 2 : 0;
    }
    if (args[1] == QLatin1StringView("--version")) {
        out << "update-inspector-cli " << PROJECT_VERSION << "\n";
        return 0;
    }
    const QString command = args[1];
    args.removeAt(1); // the command's own parser sees "program ARGS..."
    if (command == QLatin1StringView("stats"))
        return Cli::runStats(args, out, err);
    if (command == QLatin1StringView("capture"))
        return Cli::runCapture(args, out, err);
    if (command == QLatin1StringView("serve"))
        return Cli::runServe(args, out, err);
    if (command == QLatin1StringView("listen"))
        return Cli::runListen(args, out, err);
    if (command == QLatin1StringView("webhook"))
        return Cli::runWebhook(args, out, err);
    err << "update-inspector-cli: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}
