// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "servesession.h"

#include "stdinlines.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>

namespace UpdateInspector::Cli {

namespace {
constexpr qsizetype ShownParamsLength = 160;
}

std::optional<FaultSpec> parseFault(const QString &text, FaultTarget target, QString *error)
{
    const QStringList parts = text.split(u':');
    const std::optional<FaultKind> kind = faultKindFromName(parts.value(0).trimmed());
    const bool api = target == FaultTarget::ApiCalls;
    const bool fits = kind && (api ? *kind != FaultKind::Duplicate
                                   : (*kind == FaultKind::Stall || *kind == FaultKind::Drop || *kind == FaultKind::Duplicate));
    if (!fits || parts.size() > 2) {
        *error = QStringLiteral("unknown fault '%1' (one of %2, optionally :N for the next N or :P% for a share)")
                     .arg(text, api ? QStringLiteral("429, 502, 500, stall, drop") : QStringLiteral("stall, drop, duplicate"));
        return std::nullopt;
    }
    FaultSpec spec;
    spec.kind = *kind;
    spec.count = 1;
    const QString amount = parts.value(1).trimmed();
    bool ok = true;
    if (amount.endsWith(u'%')) {
        spec.count = 0;
        spec.share = amount.chopped(1).toDouble(&ok) / 100.0;
        ok = ok && spec.share > 0 && spec.share <= 1;
    } else if (!amount.isEmpty()) {
        spec.count = amount.toInt(&ok);
        ok = ok && spec.count > 0;
    }
    if (!ok) {
        *error = QStringLiteral("'%1': give a count (e.g. 3) or a share (e.g. 25%)").arg(amount);
        return std::nullopt;
    }
    return spec;
}

ServeSession::ServeSession(EmulatorServer &server, QTextStream &out, QTextStream &err)
    : m_server(server)
    , m_out(out)
    , m_err(err)
{
    connect(&m_server, &EmulatorServer::callRecorded, this, &ServeSession::onCall);
    if (!m_server.bots().isEmpty())
        m_currentBotId = m_server.bots().constFirst()->id();
}

ServeSession::~ServeSession() = default;

bool ServeSession::openRecord(const QString &path, QString *error)
{
    m_record.emplace();
    if (m_record->open(path, error))
        return true;
    m_record.reset();
    return false;
}

void ServeSession::onCall(const RecordedCall &call)
{
    ++m_callCount;
    if (m_record && !m_record->write(call))
        m_err << "serve: could not write a recorded call\n" << Qt::flush;
    if (m_quiet)
        return;
    QString params = QString::fromUtf8(QJsonDocument(call.params).toJson(QJsonDocument::Compact));
    if (params.size() > ShownParamsLength)
        params = params.first(ShownParamsLength) + u'…';
    m_out << QDateTime::fromMSecsSinceEpoch(call.timeMs).toString(u"HH:mm:ss.zzz") << "  bot " << call.botId
          << (call.via == RecordedCall::Via::WebhookReply ? "  webhook reply " : "  ") << call.method << ' '
          << params << "  -> " << (call.ignored ? QStringLiteral("ignored") : QString::number(call.status));
    if (call.updateId)
        m_out << "  (after update " << call.updateId << ')';
    m_out << '\n' << Qt::flush;
}

void ServeSession::listenToStdin()
{
    auto *lines = new StdinLines(this);
    connect(lines, &StdinLines::line, this, [this](const QString &line) { execute(line); });
}

QString ServeSession::commandHelp()
{
    return QStringLiteral(
        "commands (one per line on standard input):\n"
        "  text TEXT           a user's text message          command /start   a command\n"
        "  callback DATA       a press of an inline button    inline QUERY     an inline query\n"
        "  join                a user joins the group         inject JSON      any Update object\n"
        "  chat ID             send the above to chat ID (0 = a private chat with the test user)\n"
        "  bot ID              send the above to this bot (several --token)\n"
        "  fault F             the bot's next API call fails: 429, 502, 500, stall, drop, with\n"
        "                      :N for the next N calls or :P% for a share (fault off: none)\n"
        "  webhook-fault F     the same for webhook deliveries: stall, drop, duplicate\n"
        "  status              queues, webhooks and calls so far     help, quit\n");
}

bool ServeSession::execute(const QString &line)
{
    const qsizetype space = line.indexOf(u' ');
    const QString verb = line.first(space < 0 ? line.size() : space).toLower();
    const QString rest = space < 0 ? QString() : line.sliced(space + 1).trimmed();
    if (const auto kind = UpdateTemplates::kindFromName(verb))
        return injectTemplate(*kind, rest);
    if (verb == u"inject") {
        QString error;
        const qint64 id = currentBot()->inject(rest.toUtf8(), &error);
        if (id < 0)
            m_err << "inject: " << error << '\n' << Qt::flush;
        else
            m_out << (id ? QStringLiteral("queued update %1").arg(id) : QStringLiteral("filtered out by allowed_updates")) << '\n' << Qt::flush;
        return id >= 0;
    }
    if (verb == u"chat" || verb == u"bot") {
        bool ok = false;
        const qint64 id = rest.toLongLong(&ok);
        const bool known = verb == u"chat" || std::any_of(m_server.bots().cbegin(), m_server.bots().cend(),
                                                          [id](EmulatedBot *b) { return b->id() == id; });
        if (!ok || !known) {
            m_err << verb << ": give a" << (verb == u"bot" ? " served bot's" : "") << " numeric id\n" << Qt::flush;
            return false;
        }
        (verb == u"chat" ? m_chatId : m_currentBotId) = id;
        return true;
    }
    if (verb == u"fault" || verb == u"webhook-fault")
        return setFault(verb == u"webhook-fault", rest.split(u' ', Qt::SkipEmptyParts));
    if (verb == u"status") {
        printStatus();
        return true;
    }
    if (verb == u"help") {
        m_out << commandHelp() << Qt::flush;
        return true;
    }
    if (verb == u"quit" || verb == u"exit") {
        QCoreApplication::quit();
        return true;
    }
    m_err << "unknown command '" << verb << "' (try: help)\n" << Qt::flush;
    return false;
}

EmulatedBot *ServeSession::currentBot() const
{
    const QList<EmulatedBot *> bots = m_server.bots();
    for (EmulatedBot *bot : bots) {
        if (bot->id() == m_currentBotId && !bot->testEnvironment())
            return bot;
    }
    return bots.constFirst();
}

bool ServeSession::injectTemplate(UpdateTemplates::Kind kind, const QString &text)
{
    EmulatedBot *bot = currentBot();
    UpdateTemplates::Params params;
    params.chatId = m_chatId;
    params.text = text;
    const QByteArray update = bot->templates().make(kind, params, QDateTime::currentSecsSinceEpoch());
    QString error;
    const qint64 id = bot->inject(update, &error);
    if (id < 0) {
        m_err << UpdateTemplates::kindName(kind) << ": " << error << '\n' << Qt::flush;
        return false;
    }
    m_out << (id ? QStringLiteral("queued update %1 for bot %2").arg(id).arg(bot->id())
                 : QStringLiteral("not queued: allowed_updates of bot %1 excludes it").arg(bot->id()))
          << '\n' << Qt::flush;
    return true;
}

bool ServeSession::setFault(bool delivery, const QStringList &words)
{
    EmulatedBot *bot = currentBot();
    FaultPlan &plan = delivery ? bot->deliveryFaults() : bot->apiFaults();
    if (words.value(0) == u"off") {
        plan.clear();
        m_out << "faults off\n" << Qt::flush;
        return true;
    }
    QString error;
    const std::optional<FaultSpec> spec =
        parseFault(words.join(u':'), delivery ? FaultTarget::Deliveries : FaultTarget::ApiCalls, &error);
    if (!spec) {
        m_err << error << '\n' << Qt::flush;
        return false;
    }
    plan.set(*spec);
    m_out << (delivery ? "webhook deliveries" : "API calls") << " of bot " << bot->id() << ": "
          << faultKindName(spec->kind)
          << (spec->count ? QStringLiteral(" for the next %1").arg(spec->count)
                          : QStringLiteral(" for %1% of them").arg(spec->share * 100))
          << '\n' << Qt::flush;
    return true;
}

void ServeSession::printStatus()
{
    for (EmulatedBot *bot : m_server.bots()) {
        const QJsonObject info = bot->webhookInfo();
        m_out << "bot " << bot->id() << (bot->testEnvironment() ? " (test environment)" : "") << ": "
              << bot->queue().size() << " pending, "
              << (bot->webhook() ? QStringLiteral("webhook ") + info.value(QLatin1StringView("url")).toString()
                                 : QStringLiteral("no webhook"))
              << (bot->hasPendingPoll() ? ", a getUpdates is waiting" : "");
        if (info.contains(QLatin1StringView("last_error_message")))
            m_out << ", last error: " << info.value(QLatin1StringView("last_error_message")).toString();
        m_out << ", " << bot->calls().size() << " calls\n";
    }
    m_out << Qt::flush;
}

} // namespace UpdateInspector::Cli
