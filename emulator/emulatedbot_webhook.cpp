// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// setWebhook, deleteWebhook, getWebhookInfo and what the bot answers to deliveries.
#include "emulatedbot.h"

#include "apiparams.h"
#include "emulatorlogging.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>

namespace UpdateInspector {

namespace {
// Methods the service does not execute when they come back in a webhook's answer.
bool ignoredInWebhookReply(const QString &method)
{
    return method.startsWith(u"get") || method == u"setWebhook" || method == u"deleteWebhook"
           || method == u"close" || method == u"logOut";
}

// The address the webhook is delivered to, as getWebhookInfo shows it. Host names are not
// resolved (the emulator never looks up outside names), so only literal ones are known.
QString webhookAddress(const WebhookConfig &config)
{
    if (!config.ipAddress.isEmpty())
        return config.ipAddress;
    const QString host = config.url.host();
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return QStringLiteral("127.0.0.1");
    return QHostAddress(host).isNull() ? QString() : host;
}
} // namespace

ApiReply EmulatedBot::setWebhook(const ApiParams &params)
{
    auto checked = checkSetWebhook(params, m_settings.localMode);
    if (auto *error = std::get_if<ApiReply>(&checked))
        return *error;
    const WebhookConfig config = std::get<WebhookConfig>(std::move(checked));
    if (config.url.isEmpty())
        return deleteWebhook(params);

    applyAllowedUpdates(params);
    if (params.boolean(QStringLiteral("drop_pending_updates")))
        m_queue.clear();
    if (m_webhook && *m_webhook == config)
        return ApiReply::ok(true, QStringLiteral("Webhook is already set"));

    if (m_poll)
        endPoll(ApiReply::error(409, QStringLiteral("Conflict: terminated by setWebhook request")));
    if (!m_webhook || m_webhook->url != config.url) {
        m_lastErrorDate = 0;
        m_lastErrorMessage.clear();
    }
    m_webhook = config;
    startDelivery();
    return ApiReply::ok(true, QStringLiteral("Webhook was set"));
}

ApiReply EmulatedBot::deleteWebhook(const ApiParams &params)
{
    if (params.boolean(QStringLiteral("drop_pending_updates")))
        m_queue.clear();
    if (!m_webhook)
        return ApiReply::ok(true, QStringLiteral("Webhook is already deleted"));
    m_delivery.reset();
    m_webhook.reset();
    return ApiReply::ok(true, QStringLiteral("Webhook was deleted"));
}

QJsonObject EmulatedBot::webhookInfo() const
{
    QJsonObject info{
        {QStringLiteral("url"), m_webhook ? m_webhook->url.toString() : QString()},
        {QStringLiteral("has_custom_certificate"), m_webhook && m_webhook->hasCustomCertificate()},
        {QStringLiteral("pending_update_count"), m_queue.size()},
    };
    if (m_webhook) {
        const QString address = webhookAddress(*m_webhook);
        if (!address.isEmpty())
            info.insert(QStringLiteral("ip_address"), address);
        info.insert(QStringLiteral("max_connections"), m_webhook->maxConnections);
    }
    if (m_lastErrorDate != 0) {
        info.insert(QStringLiteral("last_error_date"), m_lastErrorDate);
        info.insert(QStringLiteral("last_error_message"), m_lastErrorMessage);
    }
    // Omitted when it is the default set, as the service does.
    if (m_allowed != defaultAllowedUpdates()) {
        QJsonArray names;
        for (int k = 1; k < UpdateKindCount; ++k) {
            if (m_allowed & kindBit(UpdateKind(k)))
                names.append(QString(kindName(UpdateKind(k))));
        }
        info.insert(QStringLiteral("allowed_updates"), names);
    }
    return info;
}

void EmulatedBot::startDelivery()
{
    m_delivery.reset();
    m_delivery = std::make_unique<WebhookDelivery>(m_queue, *m_webhook, m_settings.delivery,
                                                   m_deliveryFaults);
    connect(m_delivery.get(), &WebhookDelivery::delivered, this, [this](qint64 updateId) {
        m_lastHandedUpdateId = std::max(m_lastHandedUpdateId, updateId);
        Q_EMIT webhookDelivered(updateId);
    });
    connect(m_delivery.get(), &WebhookDelivery::failed, this, [this](qint64 updateId, const QString &message) {
        m_lastErrorDate = QDateTime::currentSecsSinceEpoch();
        m_lastErrorMessage = message;
        Q_EMIT webhookFailed(updateId, message);
    });
    connect(m_delivery.get(), &WebhookDelivery::replyCall, this, &EmulatedBot::executeWebhookReply);
    m_delivery->start();
}

void EmulatedBot::executeWebhookReply(qint64 updateId, const QByteArray &contentType, const QByteArray &body)
{
    QString error;
    const std::optional<ApiParams> params = ApiParams::parse({}, contentType, body, &error);
    if (!params) {
        qCInfo(lcEmulator) << "bot" << m_id << "answered update" << updateId << "with an unreadable body:" << error;
        return;
    }
    const QString method = OutgoingCalls::canonicalName(params->string(QStringLiteral("method")));
    if (ignoredInWebhookReply(method)) {
        record(method, *params, ApiReply::ok(true), RecordedCall::Via::WebhookReply, updateId, true);
        return;
    }
    // The bot never learns the result; it is recorded for the user.
    const ApiReply reply = OutgoingCalls::isKnownMethod(method)
                               ? m_outgoing.answer(method, *params, QDateTime::currentSecsSinceEpoch())
                               : ApiReply::error(404, QStringLiteral("Not Found"));
    record(method, *params, reply, RecordedCall::Via::WebhookReply, updateId);
}

} // namespace UpdateInspector
