// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookcommand.h"

#include "botapiclient.h"
#include "bottoken.h"
#include "endpointoptions.h"
#include "secrettoken.h"
#include "webhookhealth.h"
#include "webhookinfo.h"
#include "webhookpreflight.h"
#include "webhooksettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTextStream>

namespace UpdateInspector::Cli {

namespace {
constexpr int kExitUsage = 2;
constexpr int kExitFailed = 1;

const char kDescription[] =
    "webhook info     getWebhookInfo: every field, last_error_message explained, warnings\n"
    "webhook set      setWebhook after the same checks as the Set webhook dialog (problems block it)\n"
    "webhook delete   deleteWebhook (updates then wait for getUpdates)\n";

// What a finished call said; read inside finished(), as the call deletes itself afterwards.
struct Outcome
{
    bool ok = false;
    QJsonValue result;
    QString answer; // in the service's words (WebhookCalls::describeAnswer)
};

Outcome waitFor(BotApiCall *call)
{
    Outcome outcome;
    const auto read = [&outcome, call] {
        outcome.ok = call->error().kind == BotApiError::Kind::None;
        outcome.result = call->result();
        outcome.answer = WebhookCalls::describeAnswer(*call);
    };
    if (call->isFinished()) { // ended before it started (e.g. a bad URL); deleted later
        read();
        return outcome;
    }
    QEventLoop loop;
    QObject::connect(call, &BotApiCall::finished, &loop, [&] {
        read();
        loop.quit();
    });
    loop.exec();
    return outcome;
}

QString severityName(PreflightFinding::Severity severity)
{
    switch (severity) {
    case PreflightFinding::Severity::Problem: return QStringLiteral("problem");
    case PreflightFinding::Severity::Warning: return QStringLiteral("warning");
    case PreflightFinding::Severity::Note: return QStringLiteral("note");
    }
    return {};
}

QString dateText(qint64 unixSeconds)
{
    if (unixSeconds <= 0)
        return QStringLiteral("-");
    const QDateTime when = QDateTime::fromSecsSinceEpoch(unixSeconds);
    const qint64 ago = when.secsTo(QDateTime::currentDateTime());
    return QStringLiteral("%1 (%2 s ago)").arg(when.toString(Qt::ISODate)).arg(ago);
}

void printInfo(const WebhookInfo &info, QTextStream &out)
{
    out << "url:                    " << (info.url.isEmpty() ? QStringLiteral("(none: getUpdates is in use)") : BotToken::redact(info.url)) << "\n"
        << "has_custom_certificate: " << (info.hasCustomCertificate ? "true" : "false") << "\n"
        << "pending_update_count:   " << info.pendingUpdateCount << "\n";
    if (!info.ipAddress.isEmpty())
        out << "ip_address:             " << info.ipAddress << "\n";
    if (info.maxConnections > 0)
        out << "max_connections:        " << info.maxConnections << "\n";
    out << "allowed_updates:        "
        << (info.allowedUpdatesGiven ? info.allowedUpdates.join(u", ") : QStringLiteral("(the default set)")) << "\n";
    if (info.lastErrorDate > 0 || !info.lastErrorMessage.isEmpty()) {
        out << "last_error_date:        " << dateText(info.lastErrorDate) << "\n"
            << "last_error_message:     " << BotToken::redact(info.lastErrorMessage) << "\n"
            << "  what it means:        " << explainWebhookError(info.lastErrorMessage) << "\n";
    }
    if (info.lastSynchronizationErrorDate > 0)
        out << "last_synchronization_error_date: " << dateText(info.lastSynchronizationErrorDate) << "\n";
    static const QStringList known = {
        QStringLiteral("url"), QStringLiteral("has_custom_certificate"), QStringLiteral("pending_update_count"),
        QStringLiteral("ip_address"), QStringLiteral("max_connections"), QStringLiteral("allowed_updates"),
        QStringLiteral("last_error_date"), QStringLiteral("last_error_message"),
        QStringLiteral("last_synchronization_error_date")};
    for (auto it = info.raw.begin(); it != info.raw.end(); ++it) {
        if (!known.contains(it.key()))
            out << it.key() << ": " << BotToken::redact(QString::fromUtf8(QJsonDocument::fromVariant(it.value().toVariant()).toJson(QJsonDocument::Compact))) << "\n";
    }
}

struct Command
{
    QCommandLineParser parser;
    EndpointOptions endpointOptions;
    BotApiEndpoint endpoint;
};

int runInfo(Command &command, BotApiClient &client, QTextStream &out, QTextStream &err)
{
    const Outcome outcome = waitFor(WebhookCalls::getWebhookInfo(client));
    if (!outcome.ok) {
        err << "webhook info: " << outcome.answer << "\n";
        return kExitFailed;
    }
    const WebhookInfo info = WebhookInfo::fromJson(outcome.result.toObject());
    if (command.parser.isSet(QStringLiteral("json"))) {
        out << BotToken::redact(QString::fromUtf8(QJsonDocument(info.raw).toJson(QJsonDocument::Indented)));
        return 0;
    }
    out << command.endpoint.displayName() << "\n";
    printInfo(info, out);
    HealthContext context;
    if (command.parser.isSet(QStringLiteral("listener-url")))
        context.listenerUrl = QUrl(command.parser.value(QStringLiteral("listener-url")));
    context.listenerRunning = !context.listenerUrl.isEmpty();
    for (const HealthWarning &warning : webhookWarnings(info, context))
        out << "warning (" << warning.id << "): " << BotToken::redact(warning.message) << "\n";
    return 0;
}

// Reads setWebhook's options; an error message when they are unusable.
std::optional<QString> readSettings(const QCommandLineParser &parser, WebhookSettings &settings, QTextStream &out)
{
    settings.url = parser.value(QStringLiteral("url"));
    if (parser.isSet(QStringLiteral("certificate"))) {
        QFile file(parser.value(QStringLiteral("certificate")));
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("--certificate: cannot read %1: %2").arg(file.fileName(), file.errorString());
        settings.certificatePem = file.readAll();
    }
    settings.ipAddress = parser.value(QStringLiteral("ip-address"));
    if (parser.isSet(QStringLiteral("max-connections"))) {
        bool ok = false;
        settings.maxConnections = parser.value(QStringLiteral("max-connections")).toInt(&ok);
        if (!ok)
            return QStringLiteral("--max-connections: give a number (1..100)");
    }
    if (parser.isSet(QStringLiteral("allowed-updates"))) {
        settings.sendAllowedUpdates = true;
        settings.allowedUpdates = parser.value(QStringLiteral("allowed-updates")).split(u',', Qt::SkipEmptyParts);
    }
    settings.dropPendingUpdates = parser.isSet(QStringLiteral("drop-pending-updates"));
    settings.secretToken = parser.value(QStringLiteral("secret"));
    if (parser.isSet(QStringLiteral("generate-secret"))) {
        settings.secretToken = SecretToken::generate();
        out << "secret_token: " << settings.secretToken << "  (give it to the listener: listen --secret ...)\n";
    }
    return std::nullopt;
}

int runSet(Command &command, BotApiClient &client, QTextStream &out, QTextStream &err)
{
    WebhookSettings settings;
    if (const std::optional<QString> problem = readSettings(command.parser, settings, out)) {
        err << "webhook set: " << *problem << "\n";
        return kExitUsage;
    }
    PreflightContext context;
    context.apiBaseUrl = command.endpoint.baseUrl;
    context.listenerPort = quint16(command.parser.value(QStringLiteral("listener-port")).toUInt());
    QList<PreflightFinding> findings = preflightWebhook(settings, context);
    if (context.listenerPort != 0) {
        WebhookReachabilityProbe probe;
        QEventLoop loop;
        QObject::connect(&probe, &WebhookReachabilityProbe::finished, &loop,
                         [&](const QList<PreflightFinding> &found) { findings += found; loop.quit(); });
        probe.start(QUrl(settings.url), context.listenerPort);
        loop.exec();
    }
    for (const PreflightFinding &finding : std::as_const(findings))
        err << severityName(finding.severity) << " (" << finding.field << "): " << BotToken::redact(finding.message) << "\n";
    if (hasProblems(findings)) {
        err << "webhook set: not sent; fix the problems above\n";
        return kExitUsage;
    }
    const Outcome outcome = waitFor(WebhookCalls::setWebhook(client, settings));
    (outcome.ok ? out : err) << outcome.answer << "\n";
    return outcome.ok ? 0 : kExitFailed;
}

int runDelete(Command &command, BotApiClient &client, QTextStream &out, QTextStream &err)
{
    const Outcome outcome = waitFor(WebhookCalls::deleteWebhook(client, command.parser.isSet(QStringLiteral("drop-pending-updates"))));
    (outcome.ok ? out : err) << outcome.answer << "\n";
    return outcome.ok ? 0 : kExitFailed;
}

void addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("json"), QStringLiteral("info: print the result as JSON.")},
        {QStringLiteral("listener-url"), QStringLiteral("info: the public URL of your listener (warns when the webhook points elsewhere)."), QStringLiteral("URL")},
        {QStringLiteral("url"), QStringLiteral("set: the webhook URL (https://HOST[:PORT]/PATH)."), QStringLiteral("URL")},
        {QStringLiteral("certificate"), QStringLiteral("set: upload this PEM certificate (for a self-signed one)."), QStringLiteral("FILE")},
        {QStringLiteral("ip-address"), QStringLiteral("set: the IP address to send to instead of resolving the host."), QStringLiteral("IP")},
        {QStringLiteral("max-connections"), QStringLiteral("set: parallel connections, 1..100 (service default 40)."), QStringLiteral("N")},
        {QStringLiteral("allowed-updates"), QStringLiteral("set: comma-separated update kinds (chat_member, message_reaction, message_reaction_count are opt-in)."), QStringLiteral("a,b")},
        {QStringLiteral("secret"), QStringLiteral("set: secret_token, 1..256 of A-Z a-z 0-9 _ -."), QStringLiteral("S")},
        {QStringLiteral("generate-secret"), QStringLiteral("set: generate a random secret_token and print it.")},
        {QStringLiteral("listener-port"), QStringLiteral("set: the local listener's port; when the URL uses it, check it answers from here."), QStringLiteral("P")},
        {QStringLiteral("drop-pending-updates"), QStringLiteral("set, delete: drop the updates waiting to be delivered.")},
    });
}
} // namespace

int runWebhook(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    Command command;
    QCommandLineParser &parser = command.parser;
    parser.setApplicationDescription(QString::fromLatin1(kDescription));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("info, set or delete"));
    command.endpointOptions.addTo(parser);
    addOptions(parser);
    if (!parser.parse(arguments)) {
        err << "webhook: " << BotToken::redact(parser.errorText()) << "\n";
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 1 || !QStringList{QStringLiteral("info"), QStringLiteral("set"), QStringLiteral("delete")}.contains(action)) {
        err << "webhook: say info, set or delete\n\n" << kDescription;
        return kExitUsage;
    }
    if (const std::optional<QString> problem = command.endpointOptions.read(parser, command.endpoint)) {
        err << "webhook " << action << ": " << BotToken::redact(*problem) << "\n";
        return kExitUsage;
    }
    if (action == u"set" && !parser.isSet(QStringLiteral("url"))) {
        err << "webhook set: give the webhook URL with --url (to remove the webhook: webhook delete)\n";
        return kExitUsage;
    }
    QNetworkAccessManager network;
    BotApiClient client(&network);
    client.setEndpoint(command.endpoint);
    if (action == u"info")
        return runInfo(command, client, out, err);
    if (action == u"set")
        return runSet(command, client, out, err);
    return runDelete(command, client, out, err);
}

} // namespace UpdateInspector::Cli
