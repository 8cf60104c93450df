// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "capturecommand.h"

#include "botapiclient.h"
#include "bottoken.h"
#include "capturejournal.h"
#include "syncoption.h"
#include "endpointoptions.h"
#include "longpoller.h"
#include "quitsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTextStream>
#include <QTimer>

namespace UpdateInspector::Cli {

namespace {
constexpr int kProgressIntervalMs = 1000;

struct CaptureOptions
{
    BotApiEndpoint endpoint;
    PollerOptions poller;
    qint64 count = 0;      // stop after this many updates; 0 = no limit
    qint64 durationMs = 0; // stop after this long; 0 = no limit
    QString out;
    CaptureJournal::Sync sync = CaptureJournal::Sync::Periodic;
};

std::optional<int> parseOptions(const QStringList &arguments, CaptureOptions &options, QTextStream &out,
                                QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Long-polls a bot with getUpdates and writes every update to LOG (JSON Lines of envelopes; the raw\n"
        "bytes kept exactly). Each batch is written to LOG before the next offset confirms it (see --sync), and\n"
        "a new run with the same LOG continues where the last one stopped. The token may come from the\n"
        "environment variable UPDATE_INSPECTOR_TOKEN instead of --token, which keeps it out of the shell history.\n\n"
        "Polling takes the bot's updates away from anything else serving it: do not point it at a bot in\n"
        "production unless that is what you want."));
    parser.addHelpOption();
    const EndpointOptions endpointOptions;
    endpointOptions.addTo(parser);
    const QCommandLineOption allowed(QStringLiteral("allowed-updates"), QStringLiteral("Comma-separated update kinds to receive (e.g. message,callback_query,chat_member); default: the bot's stored setting."), QStringLiteral("a,b"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("Updates per getUpdates call, 1..100 (default 100)."), QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Long-poll timeout in seconds, 0..50 (default 30)."), QStringLiteral("S"), QStringLiteral("30"));
    const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("Stop after N updates."), QStringLiteral("N"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Stop after S seconds."), QStringLiteral("S"));
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("The log to write (appended to; created when missing)."), QStringLiteral("LOG"));
    parser.addOptions({allowed, limit, timeout, count, duration, outFile});
    const SyncOption syncOption;
    syncOption.addTo(parser);
    if (!parser.parse(arguments)) {
        err << "capture: " << BotToken::redact(parser.errorText()) << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const auto fail = [&err](const QString &message) {
        err << "capture: " << BotToken::redact(message) << "\n";
        return 2;
    };
    if (const std::optional<QString> problem = endpointOptions.read(parser, options.endpoint))
        return fail(*problem);
    bool ok = false;
    options.poller.limit = parser.value(limit).toInt(&ok);
    if (!ok || options.poller.limit < 1 || options.poller.limit > 100)
        return fail(QStringLiteral("--limit: give 1..100"));
    options.poller.timeoutSeconds = parser.value(timeout).toInt(&ok);
    if (!ok || options.poller.timeoutSeconds < 0 || options.poller.timeoutSeconds > 50)
        return fail(QStringLiteral("--timeout: give 0..50 seconds"));
    if (parser.isSet(allowed)) {
        options.poller.sendAllowedUpdates = true;
        options.poller.allowedUpdates = parser.value(allowed).split(u',', Qt::SkipEmptyParts);
    }
    if (parser.isSet(count)) {
        options.count = parser.value(count).toLongLong(&ok);
        if (!ok || options.count <= 0)
            return fail(QStringLiteral("--count: give a positive number"));
    }
    if (parser.isSet(duration)) {
        options.durationMs = qint64(parser.value(duration).toDouble(&ok) * 1000);
        if (!ok || options.durationMs <= 0)
            return fail(QStringLiteral("--duration: give a positive number of seconds"));
    }
    options.out = parser.value(outFile);
    if (options.out.isEmpty())
        return fail(QStringLiteral("give the log to write with --out LOG"));
    if (const std::optional<QString> problem = syncOption.read(parser, options.sync))
        return fail(*problem);
    return std::nullopt;
}
} // namespace

int runCapture(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CaptureOptions options;
    if (const std::optional<int> exitCode = parseOptions(arguments, options, out, err))
        return *exitCode;

    CaptureJournal journal;
    journal.setSync(options.sync);
    QString error;
    if (!journal.open(options.out, &error)) {
        err << "capture: " << error << "\n";
        return 1;
    }
    if (journal.repairedBytes() > 0)
        err << "capture: " << options.out << " ended with a cut-off line (" << journal.repairedBytes()
            << " bytes, from a crash?); it was removed\n";
    QNetworkAccessManager network;
    BotApiClient client(&network);
    client.setEndpoint(options.endpoint);
    LongPoller poller(client, journal, options.poller);

    const CaptureJournal::Tail tail = journal.tail(UpdateSource::Poll);
    out << "capturing " << options.endpoint.displayName() << " into " << options.out;
    if (tail.found)
        out << " (continuing after update " << tail.updateId << ")";
    out << "\n" << Qt::flush;
    if (options.endpoint.baseUrl.host() == u"api.telegram.org")
        err << "capture: note: while this runs, the bot's own getUpdates loop (if any) gets 409 Conflict and "
               "this program takes its updates\n" << Qt::flush;

    int exitCode = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    const auto finish = [&](int code) {
        exitCode = code;
        poller.stop();
        QCoreApplication::quit();
    };
    QObject::connect(&poller, &LongPoller::captured, &poller, [&] {
        if (options.count > 0 && poller.capturedCount() >= options.count)
            finish(0);
    });
    QObject::connect(&poller, &LongPoller::stateChanged, &poller, [&](PollerState state, const QString &why) {
        if (state == PollerState::Failed || state == PollerState::Conflict) {
            err << "capture: " << BotToken::redact(why) << "\n" << Qt::flush;
            finish(1);
        } else if (state == PollerState::Backoff || state == PollerState::RateLimited) {
            err << "capture: " << BotToken::redact(why) << "\n" << Qt::flush;
        }
    });
    QTimer progress;
    QObject::connect(&progress, &QTimer::timeout, &poller, [&] {
        out << "  " << poller.capturedCount() << " updates captured, offset " << poller.offset() << ", "
            << pollerStateName(poller.state()) << ", " << elapsed.elapsed() / 1000 << " s\n" << Qt::flush;
        if (options.durationMs > 0 && elapsed.elapsed() >= options.durationMs)
            finish(0);
    });
    progress.start(options.durationMs > 0 ? std::min<qint64>(kProgressIntervalMs, options.durationMs) : kProgressIntervalMs);
    if (options.durationMs > 0)
        QTimer::singleShot(options.durationMs, &poller, [&] { finish(0); });

    quitOnSignals();
    poller.start();
    QCoreApplication::exec();
    out << "captured " << poller.capturedCount() << " updates";
    if (poller.redeliveredCount() > 0)
        out << " (" << poller.redeliveredCount() << " sent again by the server were already in the log)";
    out << " into " << options.out << "; next offset " << poller.offset() << "\n" << Qt::flush;
    return exitCode;
}

} // namespace UpdateInspector::Cli
