// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "apireply.h"
#include "faultplan.h"
#include "outgoingcalls.h"
#include "recordedcall.h"
#include "updatetemplates.h"
#include "updatekind.h"
#include "updatequeue.h"
#include "webhookconfig.h"
#include "webhookdelivery.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace UpdateInspector {

class ApiParams;

// Emulator-wide behaviour, shared by all bots.
struct EmulatorSettings
{
    bool localMode = false;               // like telegram-bot-api --local: http/any-port webhooks
    qint64 firstUpdateId = 0;             // a new bot's first update_id; 0 = a random one
    qint64 retentionMs = 24LL * 3600 * 1000; // undelivered updates are dropped after this
    DeliveryTiming delivery;
    int batchDelayMs = 2;                 // a woken long poll waits this long to batch updates
    qsizetype responseByteBudget = 1 << 22; // getUpdates stops adding updates past ~4 MiB
};

// The kinds a bot gets when allowed_updates is not given: all but the opt-in ones.
UpdateKindMask defaultAllowedUpdates();

// What getMe says about a bot.
struct BotProfile
{
    QString firstName;                 // default "Emulated Bot"
    QString username;                  // default "emulated_<id>_bot"
    bool canJoinGroups = true;
    bool canReadAllGroupMessages = false; // privacy mode on, as for a new bot
    bool supportsInlineQueries = true;
};

// One emulated bot: its identity, update queue, offset, allowed_updates, webhook and the calls it
// made. The server hands it the requests addressed to its token.
class EmulatedBot final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmulatedBot)

public:
    using Responder = std::function<void(const ApiReply &)>;

    EmulatedBot(const QString &token, bool testEnvironment, const EmulatorSettings &settings,
                QObject *parent = nullptr);
    ~EmulatedBot() override;

    qint64 id() const { return m_id; }
    const QString &token() const { return m_token; }
    bool testEnvironment() const { return m_testEnvironment; }
    void setProfile(const BotProfile &profile);
    QJsonObject user() const; // getMe's result
    QJsonObject messageSender() const; // the bot as the `from` of its messages

    // Queues an update (any Update object; its update_id is replaced by the next one, as the
    // service assigns them). Returns the id given; 0 when allowed_updates filtered it out (it is
    // not queued, as with the service); -1 when the payload is not an update (see `error`).
    qint64 inject(QByteArrayView payload, QString *error = nullptr);
    // Ids only go up (the retention limit relies on it): a lower id than one queued is raised.
    void setNextUpdateId(qint64 id);
    qint64 nextUpdateId() const { return m_nextUpdateId; }

    // Templated updates for this bot, their message ids shared with the bot's own messages.
    UpdateTemplates &templates();

    const UpdateQueue &queue() const { return m_queue; }
    UpdateKindMask allowedUpdates() const { return m_allowed; }
    const std::optional<WebhookConfig> &webhook() const { return m_webhook; }
    QJsonObject webhookInfo() const;
    bool hasPendingPoll() const { return bool(m_poll); }
    // How long the pending long poll has left (ms); -1 when none is pending.
    int pollRemainingMs() const { return m_poll ? m_pollTimeout.remainingTime() : -1; }

    FaultPlan &apiFaults() { return m_apiFaults; }
    FaultPlan &deliveryFaults() { return m_deliveryFaults; }
    const QList<RecordedCall> &calls() const { return m_calls; }

    // A request for this bot. `method` as the bot wrote it (any case).
    void handle(const QString &method, const ApiParams &params, Responder respond);

Q_SIGNALS:
    void callRecorded(const UpdateInspector::RecordedCall &call);
    void updateQueued(qint64 updateId);
    void webhookDelivered(qint64 updateId);
    void webhookFailed(qint64 updateId, const QString &message);

private:
    struct PendingPoll
    {
        Responder respond;
        qsizetype limit = 100;
    };

    // getUpdates and its long poll (emulatedbot_polling.cpp)
    void getUpdates(const ApiParams &params, Responder respond);
    void wakePoll();
    void answerPoll();
    void endPoll(const ApiReply &reply);
    ApiReply takeUpdates(qsizetype limit);
    // the webhook methods (emulatedbot_webhook.cpp)
    ApiReply setWebhook(const ApiParams &params);
    ApiReply deleteWebhook(const ApiParams &params);
    void startDelivery();
    void executeWebhookReply(qint64 updateId, const QByteArray &contentType, const QByteArray &body);

    void noteUserMessage(UpdateKind kind, const QByteArray &json);
    ApiReply faultReply(FaultKind kind) const;
    void applyAllowedUpdates(const ApiParams &params);
    void dropExpired();
    void record(const QString &method, const ApiParams &params, const ApiReply &reply,
                RecordedCall::Via via, qint64 updateId, bool ignored = false);

    const QString m_token;
    const qint64 m_id;
    const bool m_testEnvironment;
    const EmulatorSettings &m_settings;
    BotProfile m_profile;
    OutgoingCalls m_outgoing;
    std::unique_ptr<UpdateTemplates> m_templates;
    UpdateQueue m_queue;
    qint64 m_nextUpdateId;
    qint64 m_lastHandedUpdateId = 0; // the newest update given to the bot (poll or webhook)
    UpdateKindMask m_allowed;
    std::optional<PendingPoll> m_poll;
    QTimer m_pollTimeout; // ends a long poll with [] when nothing came
    QTimer m_pollBatch;   // started by the first update, so updates arriving together go together
    std::optional<WebhookConfig> m_webhook;
    std::unique_ptr<WebhookDelivery> m_delivery;
    qint64 m_lastErrorDate = 0;
    QString m_lastErrorMessage;
    FaultPlan m_apiFaults;
    FaultPlan m_deliveryFaults;
    QList<RecordedCall> m_calls;
    QTimer m_retentionTimer;
};

} // namespace UpdateInspector
