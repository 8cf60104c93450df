// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QString>

namespace UpdateInspector {

enum class PollerState {
    Stopped,     // not started, or stopped by the user
    Polling,     // a getUpdates is on its way or being answered
    Paused,      // by the user; resume() continues from the same offset
    Backoff,     // a network error or a 5xx: waiting before the next try
    RateLimited, // 429: waiting retry_after seconds
    Conflict,    // 409: see ConflictKind; stopped until the user acts
    Failed,      // 401/404/400 or the journal cannot be written: stopped
};

// The four 409s of getUpdates and setWebhook (PROTOCOL.md A4).
enum class ConflictKind {
    None,
    WebhookActive,          // "can't use getUpdates method while webhook is active"
    OtherGetUpdates,        // "terminated by other getUpdates request": another instance polls
    TerminatedBySetWebhook, // "terminated by setWebhook request": a webhook was just set
    OtherSetWebhook,        // "terminated by other setWebhook"
    Unknown,                // a 409 with words we do not know
};

QString pollerStateName(PollerState state);
ConflictKind conflictKindFromDescription(QStringView description);
// What it means and what to do, in plain words.
QString conflictExplanation(ConflictKind kind);

} // namespace UpdateInspector
