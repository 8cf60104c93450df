// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "apireply.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <variant>

namespace UpdateInspector {

class ApiParams;

// A bot's webhook as setWebhook left it. (allowed_updates belongs to the bot: getUpdates shares it.)
struct WebhookConfig
{
    QUrl url;
    QByteArray certificatePem; // the uploaded public certificate; empty when none
    QString ipAddress;         // the fixed address to connect to instead of resolving the host
    int maxConnections = 40;
    QByteArray secretToken;    // sent as X-Telegram-Bot-Api-Secret-Token; empty = none

    bool hasCustomCertificate() const { return !certificatePem.isEmpty(); }
    bool operator==(const WebhookConfig &) const = default;
};

// Checks setWebhook's parameters the way the service does (the cloud's rules; `localMode` lifts
// the https-only and port rules and the connection limit, as telegram-bot-api's --local does).
// An empty url is valid and means "remove the webhook". Returns the config or the error reply.
std::variant<WebhookConfig, ApiReply> checkSetWebhook(const ApiParams &params, bool localMode);

} // namespace UpdateInspector
