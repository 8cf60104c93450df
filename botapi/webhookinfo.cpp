// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookinfo.h"

#include <QJsonArray>

namespace UpdateInspector {

WebhookInfo WebhookInfo::fromJson(const QJsonObject &result)
{
    WebhookInfo info;
    info.raw = result;
    info.url = result.value(QLatin1StringView("url")).toString();
    info.hasCustomCertificate = result.value(QLatin1StringView("has_custom_certificate")).toBool();
    info.pendingUpdateCount = result.value(QLatin1StringView("pending_update_count")).toInt();
    info.ipAddress = result.value(QLatin1StringView("ip_address")).toString();
    // Dates are unix seconds; toInteger keeps them exact (QJsonValue holds numbers as doubles).
    info.lastErrorDate = result.value(QLatin1StringView("last_error_date")).toInteger();
    info.lastErrorMessage = result.value(QLatin1StringView("last_error_message")).toString();
    info.lastSynchronizationErrorDate =
        result.value(QLatin1StringView("last_synchronization_error_date")).toInteger();
    info.maxConnections = result.value(QLatin1StringView("max_connections")).toInt();
    const QJsonValue allowed = result.value(QLatin1StringView("allowed_updates"));
    info.allowedUpdatesGiven = allowed.isArray();
    for (const QJsonValue &name : allowed.toArray())
        info.allowedUpdates.append(name.toString());
    return info;
}

} // namespace UpdateInspector
