// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "longpoller.h"

#include "botapiclient.h"
#include "capturejournal.h"
#include "getupdatesresponse.h"
#include "updateindexer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>

namespace UpdateInspector {

LongPoller::LongPoller(BotApiClient &client, CaptureJournal &journal, const PollerOptions &options,
                       QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_journal(journal)
    , m_options(options)
{
    m_wait.setSingleShot(true);
    connect(&m_wait, &QTimer::timeout, this, &LongPoller::poll);
}

LongPoller::~LongPoller()
{
    abortCall();
}

void LongPoller::start()
{
    const CaptureJournal::Tail tail = m_journal.tail(UpdateSource::Poll);
    const bool fresh = tail.found && QDateTime::currentMSecsSinceEpoch() - tail.receivedMs <= StaleOffsetMs;
    // Continue after what the journal holds: the server forgets those with this offset. A stale
    // journal says nothing about the ids to come, so neither offset nor redelivery filter then.
    m_lastJournaled = fresh ? tail.updateId : 0;
    m_offset = fresh ? tail.updateId + 1 : 0;
    m_conflict = ConflictKind::None;
    m_backoffMs = 0;
    poll();
}

void LongPoller::pause()
{
    if (m_state == PollerState::Stopped || m_state == PollerState::Failed)
        return;
    abortCall();
    m_wait.stop();
    setState(PollerState::Paused, QStringLiteral("paused; resuming continues from update %1").arg(m_offset));
}

void LongPoller::resume()
{
    if (m_state == PollerState::Paused || m_state == PollerState::Conflict)
        poll();
}

void LongPoller::stop()
{
    abortCall();
    m_wait.stop();
    setState(PollerState::Stopped);
}

void LongPoller::deleteWebhookAndPoll(bool dropPendingUpdates)
{
    abortCall();
    m_wait.stop();
    setState(PollerState::Polling, QStringLiteral("deleting the webhook"));
    m_call = m_client.call(QStringLiteral("deleteWebhook"),
                           {{QStringLiteral("drop_pending_updates"), dropPendingUpdates}});
    BotApiCall *call = m_call;
    connect(call, &BotApiCall::finished, this, [this, call] {
        if (call->error().isError()) {
            setState(PollerState::Failed, QStringLiteral("deleteWebhook failed: ") + call->error().message());
            return;
        }
        m_conflict = ConflictKind::None;
        poll();
    });
}

void LongPoller::poll()
{
    abortCall();
    QJsonObject params{{QStringLiteral("limit"), m_options.limit},
                       {QStringLiteral("timeout"), m_options.timeoutSeconds}};
    if (m_offset != 0)
        params.insert(QStringLiteral("offset"), m_offset);
    if (m_options.sendAllowedUpdates)
        params.insert(QStringLiteral("allowed_updates"), QJsonArray::fromStringList(m_options.allowedUpdates));
    setState(PollerState::Polling);
    // The batch is read from the body (raw bytes kept); splitGetUpdatesResponse validates it.
    m_call = m_client.callForBody(QStringLiteral("getUpdates"), params,
                                  m_options.timeoutSeconds * 1000 + m_options.httpMarginMs);
    BotApiCall *call = m_call;
    connect(call, &BotApiCall::finished, this, [this, call] { onFinished(call); });
}

void LongPoller::onFinished(BotApiCall *call)
{
    if (call != m_call)
        return; // an aborted call finishing late
    m_call = nullptr;
    if (call->error().isError()) {
        handleError(call);
        return;
    }
    // A receiver of captured() may delete this poller (the app closing, a test "crashing").
    const QPointer<LongPoller> self(this);
    if (!takeBatch(call->body()) || !self)
        return;
    m_backoffMs = 0;
    poll();
}

bool LongPoller::takeBatch(const QByteArray &body)
{
    QString error;
    const std::optional<QList<QByteArray>> updates = splitGetUpdatesResponse(body, &error);
    if (!updates) {
        waitThenPoll(m_options.backoffFirstMs, PollerState::Backoff,
                     QStringLiteral("the getUpdates answer could not be read: ") + error);
        return false;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    UpdateIndexer indexer;
    QList<UpdateRecord> fresh;
    qint64 newest = m_offset - 1;
    for (const QByteArray &raw : *updates) {
        UpdateIndexEntry entry;
        if (!indexer.index(raw, entry, &error))
            continue; // the journal only holds updates; the offset still moves past it below
        newest = std::max<qint64>(newest, entry.updateId);
        if (m_lastJournaled != 0 && entry.updateId <= m_lastJournaled) {
            ++m_redelivered; // sent again because its confirmation was lost: already journaled
            continue;
        }
        fresh.append(UpdateRecord{raw, now, UpdateSource::Poll});
        m_lastJournaled = entry.updateId;
    }
    // Durable first, confirmed second: the next getUpdates with this offset forgets them.
    if (!fresh.isEmpty() && !m_journal.append(fresh, &error)) {
        setState(PollerState::Failed, QStringLiteral("the capture journal could not be written (%1); "
                                                     "polling stopped so that no update is lost").arg(error));
        return false;
    }
    if (!updates->isEmpty())
        m_offset = newest + 1;
    m_captured += fresh.size();
    if (!fresh.isEmpty())
        Q_EMIT captured(fresh);
    return true;
}

void LongPoller::handleError(BotApiCall *call)
{
    const BotApiError &error = call->error();
    const QString message = error.message();
    const int code = error.kind == BotApiError::Kind::Api ? error.errorCode : error.httpStatus;
    if (error.kind == BotApiError::Kind::Api && code == 401) {
        setState(PollerState::Failed, QStringLiteral("The server rejected the token (401 Unauthorized): it is "
                                                     "wrong, or it was revoked in @BotFather. Polling stopped."));
    } else if (error.kind == BotApiError::Kind::Api && code == 404) {
        setState(PollerState::Failed, QStringLiteral("Not Found (404): the token is malformed or the API URL is "
                                                     "wrong. Polling stopped."));
    } else if (error.kind == BotApiError::Kind::Api && code == 409) {
        m_conflict = conflictKindFromDescription(error.description);
        setState(PollerState::Conflict, conflictExplanation(m_conflict) + QStringLiteral(" (") + message + u')');
    } else if (code == 429) {
        const int seconds = error.retryAfter >= 0 ? error.retryAfter : m_options.defaultRetryAfterSeconds;
        waitThenPoll(seconds * 1000, PollerState::RateLimited,
                     QStringLiteral("Too many requests: waiting %1 s as the server asks").arg(seconds));
    } else if (error.kind == BotApiError::Kind::Api && code >= 400 && code < 500) {
        setState(PollerState::Failed, message + QStringLiteral(". Polling stopped."));
    } else {
        // Network errors, time-outs and 5xx (JSON or an HTML page): exponential backoff with jitter.
        m_backoffMs = m_backoffMs == 0 ? m_options.backoffFirstMs : std::min(m_backoffMs * 2, m_options.backoffMaxMs);
        const double jitter = 1.0 + m_options.backoffJitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
        const int wait = int(m_backoffMs * jitter);
        waitThenPoll(wait, PollerState::Backoff, QStringLiteral("%1; trying again in %2 s").arg(message).arg(wait / 1000.0, 0, 'f', 1));
    }
}

void LongPoller::waitThenPoll(int ms, PollerState state, const QString &explanation)
{
    setState(state, explanation);
    m_wait.start(ms);
}

void LongPoller::setState(PollerState state, const QString &explanation)
{
    if (state == m_state && explanation == m_explanation)
        return;
    m_state = state;
    m_explanation = explanation;
    Q_EMIT stateChanged(state, explanation);
}

void LongPoller::abortCall()
{
    if (BotApiCall *call = m_call) {
        m_call = nullptr;
        call->abort();
    }
}

} // namespace UpdateInspector
