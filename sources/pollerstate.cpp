// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "pollerstate.h"

namespace UpdateInspector {

QString pollerStateName(PollerState state)
{
    switch (state) {
    case PollerState::Stopped: return QStringLiteral("stopped");
    case PollerState::Polling: return QStringLiteral("polling");
    case PollerState::Paused: return QStringLiteral("paused");
    case PollerState::Backoff: return QStringLiteral("waiting to retry");
    case PollerState::RateLimited: return QStringLiteral("rate limited");
    case PollerState::Conflict: return QStringLiteral("conflict");
    case PollerState::Failed: return QStringLiteral("failed");
    }
    return {};
}

ConflictKind conflictKindFromDescription(QStringView description)
{
    if (description.contains(u"webhook is active", Qt::CaseInsensitive))
        return ConflictKind::WebhookActive;
    if (description.contains(u"other getUpdates", Qt::CaseInsensitive))
        return ConflictKind::OtherGetUpdates;
    if (description.contains(u"terminated by setWebhook", Qt::CaseInsensitive))
        return ConflictKind::TerminatedBySetWebhook;
    if (description.contains(u"other setWebhook", Qt::CaseInsensitive))
        return ConflictKind::OtherSetWebhook;
    return ConflictKind::Unknown;
}

QString conflictExplanation(ConflictKind kind)
{
    switch (kind) {
    case ConflictKind::WebhookActive:
        return QStringLiteral("A webhook is set for this bot, so it cannot be polled. Delete the webhook "
                              "(keeping or dropping the updates waiting for it) to poll instead.");
    case ConflictKind::OtherGetUpdates:
        return QStringLiteral("Another program is polling this bot (another instance of the bot, or "
                              "another inspector). Only one may poll at a time: stop the other one.");
    case ConflictKind::TerminatedBySetWebhook:
        return QStringLiteral("Someone set a webhook for this bot while it was being polled. Delete the "
                              "webhook to poll again, or watch it with the webhook listener.");
    case ConflictKind::OtherSetWebhook:
        return QStringLiteral("Another setWebhook call replaced this one.");
    case ConflictKind::Unknown:
        return QStringLiteral("The server reported a conflict it did not explain.");
    case ConflictKind::None:
        break;
    }
    return {};
}

} // namespace UpdateInspector
