// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhooksettings.h"

#include "botapiclient.h"
#include "bottoken.h"

#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

namespace UpdateInspector {

namespace {

// Every parameter but the certificate, in the JSON types a JSON body carries.
QJsonObject webhookParams(const WebhookSettings &settings)
{
    QJsonObject params{{QStringLiteral("url"), settings.url}};
    if (!settings.ipAddress.isEmpty())
        params.insert(QStringLiteral("ip_address"), settings.ipAddress);
    if (settings.maxConnections != 0)
        params.insert(QStringLiteral("max_connections"), settings.maxConnections);
    if (settings.sendAllowedUpdates)
        params.insert(QStringLiteral("allowed_updates"), QJsonArray::fromStringList(settings.allowedUpdates));
    if (settings.dropPendingUpdates)
        params.insert(QStringLiteral("drop_pending_updates"), true);
    if (!settings.secretToken.isEmpty())
        params.insert(QStringLiteral("secret_token"), settings.secretToken);
    return params;
}

// A form field's text: arrays as a JSON string (A2), booleans and numbers as their JSON text.
QByteArray formValue(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isBool())
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    if (value.isDouble())
        return QByteArray::number(value.toInteger());
    return value.toString().toUtf8();
}

// A file name that cannot break out of the Content-Disposition header's quotes.
QByteArray safeFileName(const QString &name)
{
    QByteArray safe;
    for (const char c : name.toUtf8()) {
        if (c != '"' && c != '\\' && c != '\r' && c != '\n')
            safe.append(c);
    }
    return safe.isEmpty() ? QByteArrayLiteral("certificate.pem") : safe;
}

QHttpMultiPart *webhookForm(const WebhookSettings &settings)
{
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    const QJsonObject params = webhookParams(settings);
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        QHttpPart field;
        field.setHeader(QNetworkRequest::ContentDispositionHeader,
                        QByteArray("form-data; name=\"" + it.key().toLatin1() + '"'));
        field.setBody(formValue(it.value()));
        multipart->append(field);
    }
    QHttpPart certificate;
    certificate.setHeader(QNetworkRequest::ContentDispositionHeader,
                          QByteArray(QByteArray("form-data; name=\"certificate\"; filename=\"")
                                     + safeFileName(settings.certificateFileName) + '"'));
    // PEM text, or DER bytes for a certificate saved in binary form.
    const bool pem = settings.certificatePem.trimmed().startsWith("-----BEGIN");
    certificate.setHeader(QNetworkRequest::ContentTypeHeader,
                          pem ? QByteArrayLiteral("application/x-pem-file")
                              : QByteArrayLiteral("application/octet-stream"));
    certificate.setBody(settings.certificatePem);
    multipart->append(certificate);
    return multipart;
}

} // namespace

namespace WebhookCalls {

BotApiCall *setWebhook(BotApiClient &client, const WebhookSettings &settings)
{
    if (settings.certificatePem.isEmpty())
        return client.call(QStringLiteral("setWebhook"), webhookParams(settings));
    return client.callMultipart(QStringLiteral("setWebhook"), webhookForm(settings));
}

BotApiCall *deleteWebhook(BotApiClient &client, bool dropPendingUpdates)
{
    QJsonObject params;
    if (dropPendingUpdates)
        params.insert(QStringLiteral("drop_pending_updates"), true);
    return client.call(QStringLiteral("deleteWebhook"), params);
}

BotApiCall *getWebhookInfo(BotApiClient &client)
{
    return client.call(QStringLiteral("getWebhookInfo"));
}

QString describeAnswer(const BotApiCall &call)
{
    if (!call.isFinished())
        return QStringLiteral("no answer yet");
    const BotApiError &error = call.error();
    if (error.kind == BotApiError::Kind::Api && !error.description.isEmpty())
        return BotToken::redact(error.description);
    if (error.isError())
        return error.message();
    // A success carries its own words beside the result ("Webhook was set", "Webhook is already
    // deleted"); BotApiCall keeps only the result, so they are read from the body.
    const QString description =
        QJsonDocument::fromJson(call.body()).object().value(QLatin1StringView("description")).toString();
    if (!description.isEmpty())
        return BotToken::redact(description.simplified());
    return QStringLiteral("OK");
}

} // namespace WebhookCalls

} // namespace UpdateInspector
