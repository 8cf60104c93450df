// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "selfsignedcertificate.h"

#include <QFile>
#include <QHostAddress>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace UpdateInspector {

namespace {
constexpr int kMaxDays = 36500;

template<typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BigNum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

QString openSslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    char text[256] = {};
    if (code != 0)
        ERR_error_string_n(code, text, sizeof text);
    return QStringLiteral("could not %1%2")
        .arg(QLatin1StringView(what),
             code != 0 ? QStringLiteral(" (%1)").arg(QLatin1StringView(text)) : QString());
}

// A DNS name as a certificate may carry it: labels of letters, digits and inner hyphens.
bool isDnsName(const QString &host)
{
    if (host.isEmpty() || host.size() > 253)
        return false;
    const QStringList labels = host.split(u'.');
    for (const QString &label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (const QChar c : label) {
            if (!(c.isDigit() || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'-'))
                return false;
        }
    }
    return true;
}

bool addExtension(X509 *certificate, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    const Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

QByteArray pemOf(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

bool writeFile(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions,
               QString *error)
{
    QFile file(path);
    // Narrow an existing file's mode before the new content is in it.
    if (file.exists() && !file.setPermissions(permissions)) {
        *error
            = QStringLiteral("cannot set the permissions of %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, permissions)
        || file.write(data) != data.size() || !file.flush()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.close();
    return true;
}
} // namespace

bool generateSelfSignedCertificate(const QString &host, int days, GeneratedCertificate *out,
                                   QString *error)
{
    const QHostAddress ip(host);
    const bool isIp = !ip.isNull();
    if (!isIp && !isDnsName(host)) {
        *error = QStringLiteral("\"%1\" is neither a host name nor an IP address").arg(host);
        return false;
    }
    if (days < 1 || days > kMaxDays) {
        *error = QStringLiteral("the certificate must be valid for 1 to %1 days").arg(kMaxDays);
        return false;
    }
    const QByteArray name = (isIp ? ip.toString() : host).toUtf8();

    const PKey key(EVP_RSA_gen(2048));
    const Cert certificate(X509_new());
    if (!key || !certificate) {
        *error = openSslError("create an RSA key");
        return false;
    }
    X509 *x = certificate.get();
    // A positive random 159-bit serial, as RFC 5280 allows at most 20 octets.
    const BigNum serial(BN_new());
    bool ok = serial && BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1
        && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x)) != nullptr;
    ok = ok && X509_set_version(x, X509_VERSION_3) == 1;
    ok = ok && X509_gmtime_adj(X509_getm_notBefore(x), -60) != nullptr;
    ok = ok && X509_gmtime_adj(X509_getm_notAfter(x), long(days) * 24 * 3600) != nullptr;
    ok = ok && X509_set_pubkey(x, key.get()) == 1;
    X509_NAME *subject = X509_get_subject_name(x);
    ok = ok
        && X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(name.constData()),
                                      int(name.size()), -1, 0)
            == 1;
    ok = ok && X509_set_issuer_name(x, subject) == 1;
    ok = ok && addExtension(x, NID_basic_constraints, "critical,CA:TRUE");
    ok = ok && addExtension(x, NID_subject_key_identifier, "hash");
    ok = ok && addExtension(x, NID_subject_alt_name, (isIp ? "IP:" : "DNS:") + name);
    ok = ok && X509_sign(x, key.get(), EVP_sha256()) > 0;
    if (!ok) {
        *error = openSslError("build the certificate");
        return false;
    }

    const Bio certificateBio(BIO_new(BIO_s_mem()));
    const Bio keyBio(BIO_new(BIO_s_mem()));
    if (!certificateBio || !keyBio || PEM_write_bio_X509(certificateBio.get(), x) != 1
        || PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1) {
        *error = openSslError("write the certificate as PEM");
        return false;
    }
    out->certificatePem = pemOf(certificateBio.get());
    out->privateKeyPem = pemOf(keyBio.get());
    return true;
}

bool saveCertificate(const GeneratedCertificate &certificate, const QString &certificatePath,
                     const QString &keyPath, QString *error)
{
    const auto publicMode
        = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
    return writeFile(certificatePath, certificate.certificatePem, publicMode, error)
        && writeFile(keyPath, certificate.privateKeyPem, QFile::ReadOwner | QFile::WriteOwner,
                     error);
}

} // namespace UpdateInspector
