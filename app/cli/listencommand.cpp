// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listencommand.h"

#include "bottoken.h"
#include "capturejournal.h"
#include "syncoption.h"
#include "quitsignals.h"
#include "secrettoken.h"
#include "selfsignedcertificate.h"
#include "stdinlines.h"
#include "webhooklistener.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QTextStream>

namespace UpdateInspector::Cli {

namespace {
constexpr int kExitUsage = 2;
constexpr int kCertificateDays = 365;

struct ListenSetup
{
    ListenerOptions listener;
    ListenerFault fault;
    ListenerReply reply;
    QString out;
    QString generateFor; // host or IP for a self-signed certificate
    bool quiet = false;
    CaptureJournal::Sync sync = CaptureJournal::Sync::Periodic;
};

std::optional<QString> readAddress(const QString &text, QHostAddress &address)
{
    if (text == u"any" || text == u"all")
        address = QHostAddress(QHostAddress::Any);
    else if (text == u"localhost")
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(text))
        return QStringLiteral("--bind: not an IP address: %1 (say 127.0.0.1, ::1 or any)").arg(text);
    return std::nullopt;
}

std::optional<int> parseOptions(const QStringList &arguments, ListenSetup &setup, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a webhook listener: POSTs of Telegram updates to PATH are checked (secret token, method, size,\n"
        "JSON Update), accepted ones are written to LOG before the 200 is sent, and every request is printed\n"
        "with its verdict. Type commands on standard input: `fault SPEC`, `reply JSON` / `reply none`,\n"
        "`status`, `quit`.\n\n"
        "Fault SPEC: 500, 502, 429[:RETRY_AFTER], stall[:SECONDS], close, none; then xN for the next N\n"
        "updates or @P% for a share of them (e.g. 502x3, 429:5@50%, stall:70x1)."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1; `any` exposes it to the network)."), QStringLiteral("ADDR"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("port"), QStringLiteral("Port (default 8443; 0 = any free port)."), QStringLiteral("P"), QStringLiteral("8443")},
        {QStringLiteral("path"), QStringLiteral("The webhook path (default /webhook)."), QStringLiteral("PATH"), QStringLiteral("/webhook")},
        {QStringLiteral("secret"), QStringLiteral("Require this X-Telegram-Bot-Api-Secret-Token (setWebhook's secret_token)."), QStringLiteral("S")},
        {QStringLiteral("tls-cert"), QStringLiteral("Serve HTTPS with this PEM certificate (with --tls-key)."), QStringLiteral("C")},
        {QStringLiteral("tls-key"), QStringLiteral("The PEM private key for --tls-cert."), QStringLiteral("K")},
        {QStringLiteral("generate-cert"), QStringLiteral("Generate a self-signed certificate for HOST (a name or an IPv4 address) into --cert-dir and serve HTTPS with it."), QStringLiteral("HOST")},
        {QStringLiteral("cert-dir"), QStringLiteral("Where --generate-cert writes webhook-cert.pem and webhook-key.pem (default: the current folder)."), QStringLiteral("DIR"), QStringLiteral(".")},
        {QStringLiteral("max-body"), QStringLiteral("Largest body accepted, in bytes (default 1048576); larger ones get 413."), QStringLiteral("BYTES")},
        {QStringLiteral("fault"), QStringLiteral("Start with this fault (see above)."), QStringLiteral("SPEC")},
        {QStringLiteral("reply"), QStringLiteral("Answer updates with this reply-with-method JSON (e.g. {\"method\":\"sendMessage\",...})."), QStringLiteral("JSON")},
        {QStringLiteral("quiet"), QStringLiteral("Print no line per request, only the summary at the end.")},
        {QStringLiteral("out"), QStringLiteral("The log accepted updates are appended to (created when missing)."), QStringLiteral("LOG")},
    });
    const SyncOption syncOption;
    syncOption.addTo(parser);
    if (!parser.parse(arguments)) {
        err << "listen: " << BotToken::redact(parser.errorText()) << "\n";
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const auto fail = [&err](const QString &message) {
        err << "listen: " << BotToken::redact(message) << "\n";
        return kExitUsage;
    };
    if (const std::optional<QString> problem = readAddress(parser.value(QStringLiteral("bind")), setup.listener.address))
        return fail(*problem);
    bool ok = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(QStringLiteral("--port: give 0..65535"));
    setup.listener.port = quint16(port);
    setup.listener.path = parser.value(QStringLiteral("path"));
    if (!setup.listener.path.startsWith(u'/') || setup.listener.path.contains(u'?') || setup.listener.path.contains(u'#'))
        return fail(QStringLiteral("--path must start with / and hold no query (e.g. /webhook)"));
    setup.listener.secretToken = parser.value(QStringLiteral("secret"));
    QString problem;
    if (!SecretToken::isValid(setup.listener.secretToken, &problem))
        return fail(QStringLiteral("--secret: ") + problem);
    setup.listener.tlsCertificatePath = parser.value(QStringLiteral("tls-cert"));
    setup.listener.tlsKeyPath = parser.value(QStringLiteral("tls-key"));
    if (setup.listener.tlsCertificatePath.isEmpty() != setup.listener.tlsKeyPath.isEmpty())
        return fail(QStringLiteral("give both --tls-cert and --tls-key (or neither)"));
    setup.generateFor = parser.value(QStringLiteral("generate-cert"));
    if (!setup.generateFor.isEmpty()) {
        if (!setup.listener.tlsCertificatePath.isEmpty())
            return fail(QStringLiteral("give either --generate-cert or --tls-cert/--tls-key"));
        const QDir dir(parser.value(QStringLiteral("cert-dir")));
        setup.listener.tlsCertificatePath = dir.filePath(QStringLiteral("webhook-cert.pem"));
        setup.listener.tlsKeyPath = dir.filePath(QStringLiteral("webhook-key.pem"));
    }
    if (parser.isSet(QStringLiteral("max-body"))) {
        setup.listener.limits.maxBodyBytes = parser.value(QStringLiteral("max-body")).toLongLong(&ok);
        if (!ok || setup.listener.limits.maxBodyBytes <= 0)
            return fail(QStringLiteral("--max-body: give a positive number of bytes"));
    }
    if (parser.isSet(QStringLiteral("fault")) && !ListenerFault::parse(parser.value(QStringLiteral("fault")), &setup.fault, &problem))
        return fail(QStringLiteral("--fault: ") + problem);
    setup.reply.methodBody = parser.value(QStringLiteral("reply")).toUtf8();
    setup.quiet = parser.isSet(QStringLiteral("quiet"));
    if (const std::optional<QString> syncProblem = syncOption.read(parser, setup.sync))
        return fail(*syncProblem);
    setup.out = parser.value(QStringLiteral("out"));
    if (setup.out.isEmpty())
        return fail(QStringLiteral("give the log to write with --out LOG"));
    return std::nullopt;
}

QString badgeText(const WebhookRequest &request)
{
    QStringList badges;
    if (request.badges & SecretMatched)
        badges << QStringLiteral("secret ok");
    if (request.badges & TelegramRange)
        badges << QStringLiteral("from Telegram's ranges (unverified list)");
    if (request.badges & DuplicateUpdate)
        badges << QStringLiteral("seen before");
    return badges.isEmpty() ? QString() : QStringLiteral("  [") + badges.join(u", ") + u']';
}

void printRequest(const WebhookRequest &request, QTextStream &out)
{
    out << QDateTime::fromMSecsSinceEpoch(request.receivedMs).toString(u"HH:mm:ss.zzz") << "  "
        << request.peer << ':' << request.peerPort << "  " << (request.method.isEmpty() ? QByteArray("-") : request.method)
        << ' ' << request.path << "  -> " << (request.status ? QString::number(request.status) : QStringLiteral("closed"))
        << ' ' << verdictName(request.verdict);
    if (request.updateId)
        out << "  update " << request.updateId;
    out << "  " << QString::number(double(request.latencyUs) / 1000.0, 'f', 2) << " ms" << badgeText(request);
    if (!request.reason.isEmpty())
        out << "  (" << request.reason << ')';
    out << '\n';
}

void printCounts(const WebhookListener &listener, QTextStream &out)
{
    out << listener.requestCount() << " requests";
    for (int v = 0; v < WebhookVerdictCount; ++v) {
        if (const qint64 n = listener.count(WebhookVerdict(v)))
            out << ", " << n << ' ' << verdictName(WebhookVerdict(v));
    }
}

void execute(const QString &line, WebhookListener &listener, QTextStream &out, QTextStream &err)
{
    const QString word = line.section(u' ', 0, 0);
    const QString rest = line.section(u' ', 1).trimmed();
    QString problem;
    if (word == u"quit") {
        QCoreApplication::quit();
    } else if (word == u"status") {
        printCounts(listener, out);
        out << "; fault: " << listener.fault().describe() << "\n" << Qt::flush;
    } else if (word == u"fault") {
        ListenerFault fault;
        if (!ListenerFault::parse(rest, &fault, &problem)) {
            err << "fault: " << problem << "\n" << Qt::flush;
            return;
        }
        listener.setFault(fault);
        out << "fault: " << fault.describe() << "\n" << Qt::flush;
    } else if (word == u"reply") {
        ListenerReply reply;
        if (rest != u"none")
            reply.methodBody = rest.toUtf8();
        if (!listener.setReply(reply, &problem))
            err << "reply: " << problem << "\n" << Qt::flush;
        else
            out << "reply: " << (reply.methodBody.isEmpty() ? QStringLiteral("200 with an empty body") : rest) << "\n" << Qt::flush;
    } else {
        err << "unknown command '" << word << "': fault SPEC, reply JSON|none, status, quit\n" << Qt::flush;
    }
}
} // namespace

int runListen(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    ListenSetup setup;
    if (const std::optional<int> exitCode = parseOptions(arguments, setup, out, err))
        return *exitCode;
    QString error;
    // Every option is checked before anything is written (certificate files, the log).
    CaptureJournal journal;
    WebhookListener listener(journal);
    if (!setup.reply.methodBody.isEmpty() && !listener.setReply(setup.reply, &error)) {
        err << "listen: --reply: " << error << "\n";
        return kExitUsage;
    }
    if (!setup.generateFor.isEmpty()) {
        GeneratedCertificate certificate;
        if (!generateSelfSignedCertificate(setup.generateFor, kCertificateDays, &certificate, &error)
            || !saveCertificate(certificate, setup.listener.tlsCertificatePath, setup.listener.tlsKeyPath, &error)) {
            err << "listen: --generate-cert: " << error << "\n";
            return kExitUsage;
        }
        out << "generated a self-signed certificate for " << setup.generateFor << ": " << setup.listener.tlsCertificatePath
            << " (upload it with setWebhook: webhook set --certificate " << setup.listener.tlsCertificatePath << ")\n";
    }
    journal.setSync(setup.sync);
    if (!journal.open(setup.out, &error)) {
        err << "listen: " << error << "\n";
        return 1;
    }
    listener.setFault(setup.fault);
    if (!listener.start(setup.listener, &error)) {
        err << "listen: " << error << "\n";
        return 1;
    }
    const QHostAddress bound = setup.listener.address;
    if (bound != QHostAddress(QHostAddress::LocalHost) && bound != QHostAddress(QHostAddress::LocalHostIPv6))
        err << "listen: warning: listening on " << bound.toString()
            << " exposes the listener to the network, not just this machine\n";
    out << "listening on " << BotToken::redact(listener.localUrl().toString())
        << (setup.listener.secretToken.isEmpty() ? "  (no secret token required)" : "  (secret token required)")
        << "; accepted updates go to " << setup.out;
    if (setup.fault.isActive())
        out << "; fault: " << setup.fault.describe();
    out << "\n" << Qt::flush;

    QObject::connect(&listener, &WebhookListener::requestsHandled, &listener, [&](const QList<WebhookRequest> &requests) {
        if (setup.quiet)
            return;
        for (const WebhookRequest &request : requests)
            printRequest(request, out);
        out.flush();
    });
    StdinLines commands;
    QObject::connect(&commands, &StdinLines::line, &listener,
                     [&](const QString &line) { execute(line, listener, out, err); });
    quitOnSignals();
    QCoreApplication::exec();
    listener.stop();
    out << "stopped: ";
    printCounts(listener, out);
    out << "\n" << Qt::flush;
    return 0;
}

} // namespace UpdateInspector::Cli
