// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "apireply.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace UpdateInspector {

namespace {
QByteArray jsonString(const QString &text)
{
    // A one-element array serializes the string with the right escaping; strip the brackets.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.sliced(1, array.size() - 2);
}
} // namespace

ApiReply ApiReply::ok(const QJsonValue &result, const QString &description)
{
    QByteArray json;
    if (result.isObject())
        json = QJsonDocument(result.toObject()).toJson(QJsonDocument::Compact);
    else if (result.isArray())
        json = QJsonDocument(result.toArray()).toJson(QJsonDocument::Compact);
    else {
        const QByteArray array = QJsonDocument(QJsonArray{result}).toJson(QJsonDocument::Compact);
        json = array.sliced(1, array.size() - 2); // a scalar: true, a number, a string
    }
    return okRaw(json, description);
}

ApiReply ApiReply::okRaw(const QByteArray &resultJson, const QString &description)
{
    ApiReply reply;
    reply.body.reserve(resultJson.size() + 32);
    reply.body += "{\"ok\":true,\"result\":";
    reply.body += resultJson;
    if (!description.isEmpty())
        reply.body += ",\"description\":" + jsonString(description);
    reply.body += '}';
    return reply;
}

ApiReply ApiReply::error(int code, const QString &description, const QJsonObject &parameters)
{
    ApiReply reply;
    reply.status = code;
    // Keep the documented key order (ok, error_code, description, parameters): QJsonObject sorts.
    reply.body = "{\"ok\":false,\"error_code\":" + QByteArray::number(code)
                 + ",\"description\":" + jsonString(description);
    if (!parameters.isEmpty())
        reply.body += ",\"parameters\":" + QJsonDocument(parameters).toJson(QJsonDocument::Compact);
    reply.body += '}';
    return reply;
}

ApiReply ApiReply::tooManyRequests(int retryAfterSeconds)
{
    ApiReply reply = error(429, QStringLiteral("Too Many Requests: retry after %1").arg(retryAfterSeconds),
                           QJsonObject{{QStringLiteral("retry_after"), retryAfterSeconds}});
    reply.retryAfterHeader = retryAfterSeconds;
    return reply;
}

ApiReply ApiReply::badGatewayHtml()
{
    ApiReply reply;
    reply.status = 502;
    reply.contentType = "text/html";
    reply.body = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                 "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
                 "</body>\r\n</html>\r\n";
    return reply;
}

ApiReply ApiReply::dropped()
{
    ApiReply reply;
    reply.transport = Transport::Drop;
    return reply;
}

ApiReply ApiReply::stalled(int ms)
{
    ApiReply reply;
    reply.transport = Transport::Stall;
    reply.stallMs = ms;
    return reply;
}

QJsonObject ApiReply::envelope() const
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace UpdateInspector
