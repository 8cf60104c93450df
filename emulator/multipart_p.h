// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace UpdateInspector::Internal {

// One part of a multipart/form-data body.
struct FormPart
{
    QString name;
    QString fileName; // empty for a plain field
    QByteArray contentType;
    QByteArray data;
};

// The boundary parameter of a multipart Content-Type; empty when there is none.
QByteArray multipartBoundary(const QByteArray &contentType);

// Splits a multipart/form-data body (RFC 7578). nullopt with `error` set when it is malformed.
std::optional<QList<FormPart>> parseMultipart(const QByteArray &body, const QByteArray &boundary,
                                              QString *error);

} // namespace UpdateInspector::Internal
