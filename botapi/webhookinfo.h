// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace UpdateInspector {

// getWebhookInfo's result. Optional fields the service leaves out keep their "absent" values.
struct WebhookInfo
{
    QString url;                           // empty: no webhook (getUpdates is in use)
    bool hasCustomCertificate = false;
    int pendingUpdateCount = 0;
    QString ipAddress;                     // empty when absent
    qint64 lastErrorDate = 0;              // unix seconds; 0 when absent
    QString lastErrorMessage;
    qint64 lastSynchronizationErrorDate = 0;
    int maxConnections = 0;                // 0 when absent (no webhook)
    bool allowedUpdatesGiven = false;      // absent means the default set
    QStringList allowedUpdates;
    QJsonObject raw;                       // every field as received, unknown ones included

    static WebhookInfo fromJson(const QJsonObject &result);
    bool hasWebhook() const { return !url.isEmpty(); }
};

} // namespace UpdateInspector
