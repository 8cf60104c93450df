// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhookinfo.h"

#include <QList>
#include <QString>
#include <QUrl>

namespace UpdateInspector {

// last_error_message in plain words: what the service saw and what usually causes it, from a
// dictionary of the messages users meet ("Wrong response from the webhook: 502 Bad Gateway",
// "Connection refused", "Read timeout expired", SSL errors, ...). Empty for an empty message; a
// generic explanation for an unknown one.
QString explainWebhookError(const QString &lastErrorMessage);

struct HealthContext
{
    QUrl listenerUrl;            // the public URL that reaches the local listener; empty: none
    bool listenerRunning = false;
    bool pollerRunning = false;  // this app is long-polling the same bot
    bool pendingGrowing = false; // from the history (see WebhookHealthHistory)
};

struct HealthWarning
{
    QString id;      // "not-this-listener", "pending-growing", "allowed-updates", "poller-conflict", ...
    QString message; // plain words
};

QList<HealthWarning> webhookWarnings(const WebhookInfo &info, const HealthContext &context);

} // namespace UpdateInspector
