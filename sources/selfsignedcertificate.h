// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QString>

namespace UpdateInspector {

struct GeneratedCertificate
{
    QByteArray certificatePem; // what setWebhook's `certificate` uploads
    QByteArray privateKeyPem;  // unencrypted PKCS#8
};

// A self-signed certificate (RSA 2048, SHA-256) for `host` — a DNS name or an IPv4/IPv6 literal —
// as Telegram's self-signed guide makes it: CN = host, and a subjectAltName (DNS: or IP:) for
// clients that only read SANs. Valid from now for `days`. False with `error` on a bad host.
bool generateSelfSignedCertificate(const QString &host, int days, GeneratedCertificate *out,
                                   QString *error);

// Writes both PEM files (the key with mode 0600). False with `error` when either cannot be written.
bool saveCertificate(const GeneratedCertificate &certificate, const QString &certificatePath,
                     const QString &keyPath, QString *error);

} // namespace UpdateInspector
