// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The preflight's certificate checks: what Telegram will do with the certificate it meets.
#include "webhookpreflight_p.h"

#include <QHostAddress>
#include <QSslCertificate>

#include <algorithm>

namespace UpdateInspector::Internal {

namespace {

using Severity = PreflightFinding::Severity;

constexpr qsizetype MaxCertificateSize = 3 << 20; // MAX_CERTIFICATE_FILE_SIZE (A7)

const QString kField = QStringLiteral("certificate");

// The first certificate of a PEM (or DER) file; null when there is none.
QSslCertificate readCertificate(const QByteArray &data)
{
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    return certificates.isEmpty() ? QSslCertificate() : certificates.first();
}

QString normalizedHost(QString host)
{
    host = host.toLower();
    if (host.endsWith(u'.'))
        host.chop(1);
    return host;
}

// RFC 6125: a "*" is only the whole leftmost label, and stands for exactly one label.
bool nameMatches(const QString &pattern, const QString &host)
{
    const QString name = normalizedHost(pattern);
    if (!name.startsWith(QStringLiteral("*.")))
        return name == host;
    const qsizetype dot = host.indexOf(u'.');
    return dot > 0 && host.sliced(dot) == name.sliced(1);
}

QStringList commonNames(const QSslCertificate &certificate)
{
    return certificate.subjectInfo(QSslCertificate::CommonName);
}

// subjectAltName entries of the host's kind (DNS names for a name, IP addresses for an address),
// else the CN, as TLS clients check them.
bool certificateMatchesHost(const QSslCertificate &certificate, const QString &host)
{
    const auto alternatives = certificate.subjectAlternativeNames();
    const QHostAddress address(host);
    if (!address.isNull()) {
        const QStringList ips = alternatives.values(QSsl::IpAddressEntry);
        const QStringList candidates = ips.isEmpty() ? commonNames(certificate) : ips;
        return std::any_of(candidates.cbegin(), candidates.cend(),
                           [&address](const QString &ip) { return QHostAddress(ip) == address; });
    }
    const QStringList dns = alternatives.values(QSsl::DnsEntry);
    const QStringList candidates = dns.isEmpty() ? commonNames(certificate) : dns;
    const QString wanted = normalizedHost(host);
    return std::any_of(candidates.cbegin(), candidates.cend(),
                       [&wanted](const QString &name) { return nameMatches(name, wanted); });
}

QString namesOf(const QSslCertificate &certificate)
{
    const auto alternatives = certificate.subjectAlternativeNames();
    QStringList names = alternatives.values(QSsl::DnsEntry);
    QStringList ips = alternatives.values(QSsl::IpAddressEntry);
    names.sort(); // a stable order to show (the map gives no certificate order)
    ips.sort();
    names += ips;
    if (names.isEmpty())
        names = commonNames(certificate);
    return names.isEmpty() ? QStringLiteral("no host at all") : names.join(QStringLiteral(", "));
}

QString dateText(const QDateTime &date)
{
    return date.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

// `which`: "The uploaded certificate" / "The listener's certificate".
void checkEffective(const QSslCertificate &certificate, const QString &which, const PreflightContext &context,
                    const QUrl &webhookUrl, QList<PreflightFinding> *findings)
{
    if (webhookUrl.isValid() && !webhookUrl.host().isEmpty()
        && !certificateMatchesHost(certificate, webhookUrl.host())) {
        findings->append(finding(Severity::Problem, kField,
                                 QStringLiteral("%1 is for %2, not for %3, the URL's host: TLS verification will "
                                                "fail. Make a certificate whose CN/subjectAltName is %3.")
                                     .arg(which, namesOf(certificate), webhookUrl.host())));
    }
    if (certificate.expiryDate().isValid() && certificate.expiryDate() < context.now) {
        findings->append(finding(Severity::Problem, kField,
                                 QStringLiteral("%1 expired on %2: Telegram will not accept it. Make a new one.")
                                     .arg(which, dateText(certificate.expiryDate()))));
    } else if (certificate.effectiveDate().isValid() && certificate.effectiveDate() > context.now) {
        findings->append(finding(Severity::Problem, kField,
                                 QStringLiteral("%1 is not valid before %2: Telegram will not accept it yet "
                                                "(is a clock wrong?).")
                                     .arg(which, dateText(certificate.effectiveDate()))));
    }
}

} // namespace

void checkCertificates(const WebhookSettings &settings, const PreflightContext &context, const QUrl &webhookUrl,
                       const QByteArray &servedCertificatePem, QList<PreflightFinding> *findings)
{
    const bool https = webhookUrl.scheme().compare(u"https", Qt::CaseInsensitive) == 0;
    const bool plainHttp = webhookUrl.scheme().compare(u"http", Qt::CaseInsensitive) == 0;
    QSslCertificate uploaded;
    if (!settings.certificatePem.isEmpty()) {
        if (settings.certificatePem.contains("PRIVATE KEY-----")) {
            findings->append(finding(Severity::Problem, kField,
                                     QStringLiteral("The certificate file contains a private key. Upload only the "
                                                    "public certificate: the key never leaves your server.")));
        }
        if (settings.certificatePem.size() > MaxCertificateSize) {
            findings->append(finding(Severity::Problem, kField,
                                     QStringLiteral("The certificate file is %1 bytes; the service takes at most "
                                                    "3 MiB.").arg(settings.certificatePem.size())));
        }
        uploaded = readCertificate(settings.certificatePem);
        if (uploaded.isNull()) {
            findings->append(finding(Severity::Problem, kField,
                                     QStringLiteral("The certificate cannot be read: it should be a PEM file "
                                                    "starting with -----BEGIN CERTIFICATE-----.")));
        } else if (plainHttp) {
            findings->append(finding(Severity::Warning, kField,
                                     QStringLiteral("A certificate is only used with an https:// URL; this one is "
                                                    "http://, so the upload does nothing.")));
        } else if (!uploaded.isSelfSigned()) {
            findings->append(finding(Severity::Note, kField,
                                     QStringLiteral("This certificate is issued by a CA (%1), not self-signed. "
                                                    "Uploading is only needed for self-signed certificates: "
                                                    "Telegram trusts a public CA's certificate without it.")
                                         .arg(uploaded.issuerDisplayName())));
        }
    }
    const QSslCertificate served =
        servedCertificatePem.isEmpty() ? QSslCertificate() : readCertificate(servedCertificatePem);
    if (plainHttp)
        return;

    if (!uploaded.isNull() && !served.isNull() && uploaded != served) {
        findings->append(finding(served.isSelfSigned() ? Severity::Problem : Severity::Warning, kField,
                                 QStringLiteral("The certificate you upload is not the one the listener presents "
                                                "(%1). Telegram checks the listener's certificate against the "
                                                "uploaded one: upload the listener's certificate.")
                                     .arg(namesOf(served))));
    }
    if (uploaded.isNull() && !served.isNull() && served.isSelfSigned()) {
        findings->append(finding(Severity::Problem, kField,
                                 QStringLiteral("Telegram will refuse a self-signed certificate unless you upload "
                                                "it: the listener presents a self-signed certificate, so choose it "
                                                "as the certificate to upload.")));
    }
    if (!uploaded.isNull())
        checkEffective(uploaded, QStringLiteral("The uploaded certificate"), context, https ? webhookUrl : QUrl(),
                       findings);
    else if (!served.isNull())
        checkEffective(served, QStringLiteral("The listener's certificate"), context, https ? webhookUrl : QUrl(),
                       findings);
}

} // namespace UpdateInspector::Internal
