// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "emulatedbot.h"

#include "apiparams.h"
#include "bottoken.h"
#include "emulatorlogging.h"
#include "preparedupdate.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace UpdateInspector {

UpdateKindMask defaultAllowedUpdates()
{
    UpdateKindMask mask = 0;
    for (int k = 1; k < UpdateKindCount; ++k) {
        if (!isOptInKind(UpdateKind(k)))
            mask |= kindBit(UpdateKind(k));
    }
    return mask | kindBit(UpdateKind::Unknown); // keys we do not know are not filtered
}

namespace {

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

qint64 firstUpdateId(const EmulatorSettings &settings)
{
    // A new bot's ids start somewhere arbitrary, as with the service.
    return settings.firstUpdateId > 0 ? settings.firstUpdateId
                                      : QRandomGenerator::global()->bounded(100000000, 900000000);
}
} // namespace

EmulatedBot::EmulatedBot(const QString &token, bool testEnvironment, const EmulatorSettings &settings,
                         QObject *parent)
    : QObject(parent)
    , m_token(token)
    , m_id(BotToken::botId(token))
    , m_testEnvironment(testEnvironment)
    , m_settings(settings)
    , m_profile{QStringLiteral("Emulated Bot"), QStringLiteral("emulated_%1_bot").arg(m_id)}
    , m_outgoing(QJsonObject{})
    , m_nextUpdateId(firstUpdateId(settings))
    , m_allowed(defaultAllowedUpdates())
{
    m_outgoing.setBotUser(messageSender());
    // Retention is checked well within its own span so an expired update never lingers long.
    m_retentionTimer.setInterval(int(std::clamp<qint64>(settings.retentionMs / 4, 10, 60000)));
    connect(&m_retentionTimer, &QTimer::timeout, this, &EmulatedBot::dropExpired);
    m_retentionTimer.start();
    m_pollTimeout.setSingleShot(true);
    m_pollTimeout.setTimerType(Qt::PreciseTimer); // a coarse timer may end a 50 s poll late
    m_pollBatch.setSingleShot(true);
    connect(&m_pollTimeout, &QTimer::timeout, this, &EmulatedBot::answerPoll);
    connect(&m_pollBatch, &QTimer::timeout, this, &EmulatedBot::answerPoll);
}

EmulatedBot::~EmulatedBot() = default;

void EmulatedBot::setProfile(const BotProfile &profile)
{
    m_profile = profile;
    m_outgoing.setBotUser(messageSender());
    m_templates.reset(); // they name the bot
}

QJsonObject EmulatedBot::messageSender() const
{
    // A Message's `from` is a plain User: the can_* fields appear only in getMe.
    return QJsonObject{{QStringLiteral("id"), m_id},
                       {QStringLiteral("is_bot"), true},
                       {QStringLiteral("first_name"), m_profile.firstName},
                       {QStringLiteral("username"), m_profile.username}};
}

QJsonObject EmulatedBot::user() const
{
    return QJsonObject{
        {QStringLiteral("id"), m_id},
        {QStringLiteral("is_bot"), true},
        {QStringLiteral("first_name"), m_profile.firstName},
        {QStringLiteral("username"), m_profile.username},
        {QStringLiteral("can_join_groups"), m_profile.canJoinGroups},
        {QStringLiteral("can_read_all_group_messages"), m_profile.canReadAllGroupMessages},
        {QStringLiteral("supports_inline_queries"), m_profile.supportsInlineQueries},
        {QStringLiteral("can_connect_to_business"), false},
        {QStringLiteral("has_main_web_app"), false},
    };
}

void EmulatedBot::setNextUpdateId(qint64 id)
{
    const qint64 lowest = m_queue.isEmpty() ? 1 : m_queue.updates().rbegin()->first + 1;
    m_nextUpdateId = std::max(id, lowest);
}

UpdateTemplates &EmulatedBot::templates()
{
    if (!m_templates) {
        m_templates = std::make_unique<UpdateTemplates>(m_id, m_profile.username, QRandomGenerator::global()->generate());
        m_templates->setMessageIdSource([this](qint64 chatId) { return m_outgoing.nextMessageId(chatId); });
    }
    return *m_templates;
}

qint64 EmulatedBot::inject(QByteArrayView payload, QString *error)
{
    std::optional<PreparedUpdate> prepared = prepareUpdate(payload, m_nextUpdateId, error);
    if (!prepared)
        return -1;
    // allowed_updates decides what is queued at all; changing it later does not touch the queue.
    if (!(m_allowed & kindBit(prepared->entry.kind)))
        return 0;
    const qint64 id = m_nextUpdateId++;
    const UpdateIndexEntry &entry = prepared->entry;
    if (isMessageKind(entry.kind) && entry.chatId != 0)
        noteUserMessage(entry.kind, prepared->json);
    m_queue.push(QueuedUpdate{id, std::move(prepared->json), entry.kind,
                              entry.chatId != 0 ? entry.chatId : entry.senderId, nowMs()});
    if (m_delivery)
        m_delivery->enqueue(id);
    else if (m_poll)
        wakePoll();
    Q_EMIT updateQueued(id);
    return id;
}

void EmulatedBot::noteUserMessage(UpdateKind kind, const QByteArray &json)
{
    // Message ids are shared by everyone in a chat: the bot's next reply must come after this one.
    const QJsonObject message = QJsonDocument::fromJson(json).object().value(kindName(kind)).toObject();
    const QJsonValue chatId = message.value(QLatin1StringView("chat")).toObject().value(QLatin1StringView("id"));
    const QJsonValue messageId = message.value(QLatin1StringView("message_id"));
    if (chatId.isDouble() && messageId.isDouble())
        m_outgoing.noteMessageId(chatId.toInteger(), messageId.toInteger());
}

void EmulatedBot::handle(const QString &method, const ApiParams &params, Responder respond)
{
    const FaultKind fault = m_apiFaults.next();
    if (fault != FaultKind::None && fault != FaultKind::Duplicate) { // duplicates are for deliveries
        respond(faultReply(fault));
        return;
    }
    const QString name = OutgoingCalls::canonicalName(method);
    if (name == u"getUpdates") {
        getUpdates(params, std::move(respond));
    } else if (name == u"getMe") {
        respond(ApiReply::ok(user()));
    } else if (name == u"setWebhook") {
        respond(setWebhook(params));
    } else if (name == u"deleteWebhook") {
        respond(deleteWebhook(params));
    } else if (name == u"getWebhookInfo") {
        respond(ApiReply::ok(webhookInfo()));
    } else if (!OutgoingCalls::isKnownMethod(name)) {
        // Not a Bot API method at all (a typo, say): the service's 404, recorded so it is seen.
        const ApiReply reply = ApiReply::error(404, m_settings.localMode ? QStringLiteral("Not Found: method not found")
                                                                         : QStringLiteral("Not Found"));
        record(name, params, reply, RecordedCall::Via::Http, m_lastHandedUpdateId);
        respond(reply);
    } else {
        const ApiReply reply = m_outgoing.answer(name, params, nowMs() / 1000);
        record(name, params, reply, RecordedCall::Via::Http, m_lastHandedUpdateId);
        respond(reply);
    }
}

ApiReply EmulatedBot::faultReply(FaultKind kind) const
{
    const FaultSpec &spec = m_apiFaults.spec();
    switch (kind) {
    case FaultKind::TooManyRequests: return ApiReply::tooManyRequests(spec.retryAfter);
    case FaultKind::BadGatewayHtml: return ApiReply::badGatewayHtml();
    case FaultKind::InternalError: return ApiReply::error(500, QStringLiteral("Internal Server Error"));
    case FaultKind::Stall: return ApiReply::stalled(spec.stallMs);
    case FaultKind::Drop: return ApiReply::dropped();
    case FaultKind::None:
    case FaultKind::Duplicate: break;
    }
    return ApiReply::error(500, QStringLiteral("Internal Server Error"));
}

void EmulatedBot::applyAllowedUpdates(const ApiParams &params)
{
    // As the service: absent or not an array keeps the old setting; [] or only unknown names
    // mean the default set.
    const std::optional<QJsonArray> names = params.array(QStringLiteral("allowed_updates"));
    if (!names)
        return;
    UpdateKindMask mask = 0;
    for (const QJsonValue &name : *names) {
        const UpdateKind kind = kindFromKey(name.toString().toLower().toUtf8());
        if (kind != UpdateKind::Unknown)
            mask |= kindBit(kind);
    }
    m_allowed = mask == 0 ? defaultAllowedUpdates() : mask | kindBit(UpdateKind::Unknown);
}

void EmulatedBot::dropExpired()
{
    const qsizetype dropped = m_queue.dropQueuedBefore(nowMs() - m_settings.retentionMs);
    if (dropped > 0)
        qCInfo(lcEmulator) << "bot" << m_id << "dropped" << dropped << "updates older than the retention limit";
}

void EmulatedBot::record(const QString &method, const ApiParams &params, const ApiReply &reply,
                         RecordedCall::Via via, qint64 updateId, bool ignored)
{
    RecordedCall call;
    call.timeMs = nowMs();
    call.botId = m_id;
    call.testEnvironment = m_testEnvironment;
    call.method = method;
    call.params = params.toJson();
    call.status = reply.status;
    call.response = reply.envelope();
    call.via = via;
    call.updateId = updateId;
    call.ignored = ignored;
    m_calls.append(call);
    Q_EMIT callRecorded(call);
}

} // namespace UpdateInspector
