// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "apiparams.h"

#include "multipart_p.h"

#include <QJsonDocument>

namespace UpdateInspector {

namespace {
// a=b&c=d with '+' as space, as browsers and HTTP libraries encode both query strings and forms.
void insertFormEncoded(ApiParams &params, QByteArrayView text)
{
    for (const QByteArrayView pair : QByteArray::fromRawData(text.data(), text.size()).split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name = (eq < 0 ? pair : pair.first(eq)).toByteArray().replace('+', ' ');
        QByteArray value = eq < 0 ? QByteArray() : pair.sliced(eq + 1).toByteArray().replace('+', ' ');
        params.insert(QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                      QString::fromUtf8(QByteArray::fromPercentEncoding(value)));
    }
}

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toLower();
}

QJsonDocument parseJsonText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(u'[') && !trimmed.startsWith(u'{'))
        return {};
    return QJsonDocument::fromJson(trimmed.toUtf8());
}
} // namespace

std::optional<ApiParams> ApiParams::parse(const QByteArray &query, const QByteArray &contentType,
                                          const QByteArray &body, QString *error)
{
    ApiParams params;
    insertFormEncoded(params, query);
    const QByteArray type = mediaType(contentType);
    if (body.trimmed().isEmpty())
        return params;
    if (type == "application/json") {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (!document.isObject()) {
            if (error)
                *error = QStringLiteral("can't parse JSON object");
            return std::nullopt;
        }
        const QJsonObject object = document.object();
        for (auto it = object.begin(); it != object.end(); ++it)
            params.insert(it.key(), it.value());
    } else if (type == "multipart/form-data") {
        const auto parts = Internal::parseMultipart(body, Internal::multipartBoundary(contentType), error);
        if (!parts)
            return std::nullopt;
        for (const Internal::FormPart &part : *parts) {
            if (part.fileName.isEmpty())
                params.insert(part.name, QString::fromUtf8(part.data));
            else
                params.insertFile(part.name, File{part.fileName, part.contentType, part.data});
        }
    } else {
        // application/x-www-form-urlencoded, and what clients send without a content type.
        insertFormEncoded(params, body);
    }
    return params;
}

QString ApiParams::string(const QString &name) const
{
    const QJsonValue v = m_values.value(name);
    switch (v.type()) {
    case QJsonValue::String: return v.toString();
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const qint64 integer = v.toInteger();
        return double(integer) == v.toDouble() ? QString::number(integer) : QString::number(v.toDouble());
    }
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default: return {};
    }
}

std::optional<qint64> ApiParams::integer(const QString &name, bool *valid) const
{
    if (valid)
        *valid = true;
    if (!m_values.contains(name))
        return std::nullopt;
    const QJsonValue v = m_values.value(name);
    bool ok = false;
    qint64 result = 0;
    if (v.isDouble()) {
        result = v.toInteger();
        ok = double(result) == v.toDouble();
    } else if (v.isString()) {
        result = v.toString().trimmed().toLongLong(&ok);
    }
    if (!ok) {
        if (valid)
            *valid = false;
        return std::nullopt;
    }
    return result;
}

bool ApiParams::boolean(const QString &name, bool fallback) const
{
    if (!m_values.contains(name))
        return fallback;
    const QJsonValue v = m_values.value(name);
    if (v.isBool())
        return v.toBool();
    if (v.isDouble())
        return v.toDouble() != 0;
    const QString text = v.toString().trimmed();
    return text.compare(u"true", Qt::CaseInsensitive) == 0 || text == u"1";
}

std::optional<QJsonArray> ApiParams::array(const QString &name) const
{
    const QJsonValue v = m_values.value(name);
    if (v.isArray())
        return v.toArray();
    if (v.isString()) {
        const QJsonDocument document = parseJsonText(v.toString());
        if (document.isArray())
            return document.array();
    }
    return std::nullopt;
}

std::optional<QJsonObject> ApiParams::object(const QString &name) const
{
    const QJsonValue v = m_values.value(name);
    if (v.isObject())
        return v.toObject();
    if (v.isString()) {
        const QJsonDocument document = parseJsonText(v.toString());
        if (document.isObject())
            return document.object();
    }
    return std::nullopt;
}

const ApiParams::File *ApiParams::file(const QString &name) const
{
    const auto it = m_files.constFind(name);
    return it == m_files.cend() ? nullptr : &it.value();
}

QJsonObject ApiParams::toJson() const
{
    QJsonObject object;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        QJsonValue value = it.value();
        if (value.isString()) {
            const QJsonDocument document = parseJsonText(value.toString());
            if (document.isArray())
                value = document.array();
            else if (document.isObject())
                value = document.object();
        }
        object.insert(it.key(), value);
    }
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
        object.insert(it.key(), QJsonObject{{QStringLiteral("file_name"), it->fileName},
                                            {QStringLiteral("content_type"), QString::fromUtf8(it->contentType)},
                                            {QStringLiteral("size"), it->data.size()}});
    }
    return object;
}

} // namespace UpdateInspector
