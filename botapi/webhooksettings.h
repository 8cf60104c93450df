// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace UpdateInspector {

class BotApiCall;
class BotApiClient;

// What setWebhook is called with.
struct WebhookSettings
{
    QString url;
    QByteArray certificatePem;   // empty: no upload; otherwise sent as the `certificate` file
    QString certificateFileName = QStringLiteral("certificate.pem");
    QString ipAddress;           // empty: not sent
    int maxConnections = 40;     // 1–100 (the service clamps); 0: not sent
    bool sendAllowedUpdates = false;
    QStringList allowedUpdates;  // sent when sendAllowedUpdates ([] = the default set)
    bool dropPendingUpdates = false;
    QString secretToken;         // empty: not sent
};

namespace WebhookCalls {
// setWebhook as JSON, or as multipart/form-data when a certificate is uploaded.
BotApiCall *setWebhook(BotApiClient &client, const WebhookSettings &settings);
BotApiCall *deleteWebhook(BotApiClient &client, bool dropPendingUpdates);
BotApiCall *getWebhookInfo(BotApiClient &client);
// The service's answer in its own words: "Webhook was set", "Bad Request: bad webhook: ...".
// For a finished call: the envelope's description, or the error text (token redacted).
QString describeAnswer(const BotApiCall &call);
} // namespace WebhookCalls

} // namespace UpdateInspector
