// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// Shared by the preflight's source files; not part of the library's interface.
#pragma once

#include "webhookpreflight.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

namespace UpdateInspector::Internal {

inline PreflightFinding finding(PreflightFinding::Severity severity, const QString &field, const QString &message)
{
    PreflightFinding result;
    result.severity = severity;
    result.field = field;
    result.message = message;
    return result;
}

// The certificate checks: the uploaded PEM (readable, no private key, size), and for the
// certificate Telegram will meet (the uploaded one, else the one the listener serves): host,
// dates, self-signed without an upload. `webhookUrl` is invalid when the URL could not be read.
void checkCertificates(const WebhookSettings &settings, const PreflightContext &context, const QUrl &webhookUrl,
                       const QByteArray &servedCertificatePem, QList<PreflightFinding> *findings);

} // namespace UpdateInspector::Internal
