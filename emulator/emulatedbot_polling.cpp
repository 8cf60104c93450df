// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// getUpdates: offsets, clamps, allowed_updates and the long poll.
#include "emulatedbot.h"

#include "apiparams.h"

namespace UpdateInspector {

namespace {
constexpr qsizetype MaxLimit = 100;
constexpr qint64 MaxTimeoutSeconds = 50;

ApiReply conflict(const char *what)
{
    return ApiReply::error(409, QStringLiteral("Conflict: ") + QLatin1StringView(what));
}
} // namespace

void EmulatedBot::getUpdates(const ApiParams &params, Responder respond)
{
    if (m_webhook) {
        respond(conflict("can't use getUpdates method while webhook is active; "
                         "use deleteWebhook to delete the webhook first"));
        return;
    }
    // A newer request ends the older one: only one instance of a bot may poll.
    if (m_poll)
        endPoll(conflict("terminated by other getUpdates request; "
                         "make sure that only one bot instance is running"));

    // The service clamps rather than rejects, and treats unparsable numbers as absent.
    const qint64 offset = params.integer(QStringLiteral("offset")).value_or(0);
    const qsizetype limit = qsizetype(std::clamp<qint64>(
        params.integer(QStringLiteral("limit")).value_or(MaxLimit), 1, MaxLimit));
    const qint64 timeout = std::clamp<qint64>(params.integer(QStringLiteral("timeout")).value_or(0), 0,
                                              MaxTimeoutSeconds);
    applyAllowedUpdates(params);

    if (offset > 0)
        m_queue.confirmBelow(offset);
    else if (offset < 0)
        m_queue.keepNewest(qsizetype(-offset));
    dropExpired();

    if (!m_queue.isEmpty() || timeout == 0) {
        respond(takeUpdates(limit));
        return;
    }
    m_poll = PendingPoll{std::move(respond), limit};
    m_pollTimeout.start(int(timeout * 1000));
}

void EmulatedBot::wakePoll()
{
    if (m_poll && !m_pollBatch.isActive())
        m_pollBatch.start(m_settings.batchDelayMs);
}

void EmulatedBot::answerPoll()
{
    if (m_poll)
        endPoll(takeUpdates(m_poll->limit));
}

void EmulatedBot::endPoll(const ApiReply &reply)
{
    // Detach first: answering may run code that starts a new poll.
    const Responder respond = std::move(m_poll->respond);
    m_poll.reset();
    m_pollTimeout.stop();
    m_pollBatch.stop();
    respond(reply);
}

ApiReply EmulatedBot::takeUpdates(qsizetype limit)
{
    const QList<const QueuedUpdate *> updates = m_queue.front(limit, m_settings.responseByteBudget);
    QByteArray json;
    qsizetype size = 2;
    for (const QueuedUpdate *update : updates)
        size += update->json.size() + 1;
    json.reserve(size);
    json += '[';
    for (const QueuedUpdate *update : updates) {
        if (json.size() > 1)
            json += ',';
        json += update->json;
    }
    json += ']';
    // Handed out, not confirmed: they stay queued until an offset passes them.
    if (!updates.isEmpty())
        m_lastHandedUpdateId = std::max(m_lastHandedUpdateId, updates.constLast()->updateId);
    return ApiReply::okRaw(json);
}

} // namespace UpdateInspector
