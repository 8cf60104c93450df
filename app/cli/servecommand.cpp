// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "servecommand.h"

#include "logfeeder.h"
#include "quitsignals.h"
#include "servesession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <unistd.h>

namespace UpdateInspector::Cli {

namespace {
constexpr int kShownLogErrors = 20;
constexpr quint16 kDefaultPort = 8081; // where telegram-bot-api listens by default

struct ServeOptions
{
    EmulatorServer::Options server;
    QStringList tokens;
    QString log;
    LogFeeder::Pace pace;
    bool loop = false;
    QString record;
    std::optional<FaultSpec> fault;
    bool quiet = false;
};

// Fills `options` from the command line; returns an exit code when serve should not run.
std::optional<int> parseOptions(const QStringList &arguments, ServeOptions &options, QTextStream &out,
                                QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the local Bot API emulator: bots poll it with getUpdates or get webhooks from it, and every\n"
        "call they make is printed (and recorded with --record). Point a bot library's API URL at the\n"
        "printed base URL. Updates come from --log and from commands typed on standard input.\n\n")
        + ServeSession::commandHelp());
    parser.addHelpOption();
    const QCommandLineOption bind(QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1)."), QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (default 8081; 0 = any free port)."), QStringLiteral("P"), QString::number(kDefaultPort));
    const QCommandLineOption token(QStringLiteral("token"), QStringLiteral("A bot token to serve (repeatable; default: one generated token)."), QStringLiteral("T"));
    const QCommandLineOption log(QStringLiteral("log"), QStringLiteral("Feed this saved update log to the bots."), QStringLiteral("LOG"));
    const QCommandLineOption pace(QStringLiteral("pace"), QStringLiteral("real (the log's own pace), fast (default) or xN (N times the log's pace)."), QStringLiteral("PACE"), QStringLiteral("fast"));
    const QCommandLineOption loop(QStringLiteral("loop"), QStringLiteral("Start the log over when it ends."));
    const QCommandLineOption local(QStringLiteral("local"), QStringLiteral("Local mode, like telegram-bot-api --local: http webhooks on any port and address."));
    const QCommandLineOption record(QStringLiteral("record"), QStringLiteral("Write the bots' calls to OUT as JSON Lines."), QStringLiteral("OUT"));
    const QCommandLineOption firstId(QStringLiteral("first-update-id"), QStringLiteral("update_id of the first update (default: a random one, as the service)."), QStringLiteral("N"));
    const QCommandLineOption fault(QStringLiteral("fault"), QStringLiteral("Fail API calls on purpose: 429, 502, 500, stall, drop, with :N (next N calls) or :P% (a share)."), QStringLiteral("F"));
    const QCommandLineOption retention(QStringLiteral("retention"), QStringLiteral("Drop updates not taken within S seconds (default 86400, as the service)."), QStringLiteral("S"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("Do not print each call."));
    parser.addOptions({bind, port, token, log, pace, loop, local, record, firstId, fault, retention, quiet});
    if (!parser.parse(arguments)) {
        err << "serve: " << parser.errorText() << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const auto fail = [&err](const QString &message) {
        err << "serve: " << message << "\n";
        return 2;
    };
    options.server.address = QHostAddress(parser.value(bind));
    if (options.server.address.isNull())
        return fail(QStringLiteral("--bind: not an IP address: %1").arg(parser.value(bind)));
    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535)
        return fail(QStringLiteral("--port: not a port number: %1").arg(parser.value(port)));
    options.server.port = quint16(portNumber);
    options.server.settings.localMode = parser.isSet(local);
    if (parser.isSet(firstId)) {
        options.server.settings.firstUpdateId = parser.value(firstId).toLongLong(&ok);
        if (!ok || options.server.settings.firstUpdateId <= 0)
            return fail(QStringLiteral("--first-update-id: give a positive number"));
    }
    if (parser.isSet(retention)) {
        const qint64 seconds = parser.value(retention).toLongLong(&ok);
        if (!ok || seconds <= 0)
            return fail(QStringLiteral("--retention: give a positive number of seconds"));
        options.server.settings.retentionMs = seconds * 1000;
    }
    options.tokens = parser.values(token);
    options.log = parser.value(log);
    QString error;
    const std::optional<LogFeeder::Pace> parsedPace = LogFeeder::Pace::parse(parser.value(pace), &error);
    if (!parsedPace)
        return fail(QStringLiteral("--pace: ") + error);
    options.pace = *parsedPace;
    options.loop = parser.isSet(loop);
    options.record = parser.value(record);
    if (parser.isSet(fault)) {
        options.fault = parseFault(parser.value(fault), FaultTarget::ApiCalls, &error);
        if (!options.fault)
            return fail(QStringLiteral("--fault: ") + error);
    }
    options.quiet = parser.isSet(quiet);
    return std::nullopt;
}
} // namespace

int runServe(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    ServeOptions options;
    if (const std::optional<int> exitCode = parseOptions(arguments, options, out, err))
        return *exitCode;

    EmulatorServer server(options.server);
    if (options.tokens.isEmpty())
        options.tokens.append(EmulatorServer::generateToken());
    QString error;
    for (const QString &token : std::as_const(options.tokens)) {
        EmulatedBot *bot = server.addBot(token, &error);
        if (!bot) {
            err << "serve: --token: " << error << "\n";
            return 2;
        }
        if (options.fault)
            bot->apiFaults().set(*options.fault);
    }
    LogFeeder feeder;
    if (!options.log.isEmpty()) {
        if (!feeder.openFile(options.log, &error)) {
            err << "serve: " << error << "\n";
            return 1;
        }
        const LogReadResult &read = feeder.readResult();
        for (qsizetype i = 0; i < qMin<qsizetype>(read.errors.size(), kShownLogErrors); ++i)
            err << options.log << " line " << read.errors[i].line << ": " << read.errors[i].message << "\n";
        if (read.errorCount > kShownLogErrors)
            err << options.log << ": ... and " << (read.errorCount - kShownLogErrors) << " more malformed lines\n";
    }
    ServeSession session(server, out, err);
    session.setQuiet(options.quiet);
    if (!options.record.isEmpty() && !session.openRecord(options.record, &error)) {
        err << "serve: " << error << "\n";
        return 1;
    }
    if (!server.listen(&error)) {
        err << "serve: " << error << "\n";
        return 1;
    }

    if (!options.server.address.isLoopback())
        err << "serve: warning: listening on " << options.server.address.toString()
            << ", not loopback: other machines can reach the emulator and its tokens\n";
    const QString base = server.baseUrl().toString();
    out << "Bot API emulator at " << base
        << (options.server.settings.localMode ? " (local mode: http webhooks on any port)" : " (cloud rules)") << "\n";
    for (EmulatedBot *bot : server.bots()) {
        out << "  bot " << bot->id() << " @" << bot->user().value(QLatin1StringView("username")).toString()
            << "  token " << bot->token() << "\n";
    }
    out << "  e.g. " << base << "/bot" << server.bots().constFirst()->token() << "/getMe\n";
    if (!options.log.isEmpty()) {
        const LogReadResult &read = feeder.readResult();
        out << "feeding " << options.log << ": " << read.updates << " updates, " << read.errorCount
            << " malformed lines, pace " << (options.pace.realTime ? QStringLiteral("x%1").arg(options.pace.speed) : QStringLiteral("fast"))
            << (options.loop ? ", looping" : "") << "\n";
        auto filtered = std::make_shared<qsizetype>(0);
        QObject::connect(&feeder, &LogFeeder::updateReady, &server, [&server, filtered](const QByteArray &raw) {
            for (EmulatedBot *bot : server.bots()) {
                if (!bot->testEnvironment() && bot->inject(raw) == 0)
                    ++*filtered;
            }
        });
        QObject::connect(&feeder, &LogFeeder::finished, &server, [&out, &feeder, filtered] {
            out << "log fed: " << feeder.fed() << " updates";
            if (*filtered)
                out << " (" << *filtered << " not queued: their kinds are not in the bot's allowed_updates)";
            out << "\n" << Qt::flush;
        });
        feeder.setLoop(options.loop);
        feeder.start(options.pace);
    }
    if (!options.record.isEmpty())
        out << "recording the bots' calls to " << options.record << "\n";
    out << "Type 'help' for commands; Ctrl+C stops.\n" << Qt::flush;

    session.listenToStdin();
    quitOnSignals();
    QCoreApplication::exec();
    qsizetype calls = 0;
    for (EmulatedBot *bot : server.bots())
        calls += bot->calls().size();
    out << "stopped: " << calls << " calls recorded\n" << Qt::flush;
    return 0;
}

} // namespace UpdateInspector::Cli
