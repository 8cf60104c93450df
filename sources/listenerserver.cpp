// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listenerserver_p.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace UpdateInspector {

PlainServer::PlainServer(AcceptSocket accept)
    : m_accept(std::move(accept))
{ }

void PlainServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    m_accept(socket, false);
}

TlsServer::TlsServer(AcceptSocket accept)
    : m_accept(std::move(accept))
{ }

void TlsServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket;
    socket->setSslConfiguration(sslConfiguration());
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    m_accept(socket, true);
}

namespace {
bool readFile(const QString &path, const QString &what, QByteArray *data, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error
            = QStringLiteral("cannot read the %1 file %2: %3").arg(what, path, file.errorString());
        return false;
    }
    *data = file.readAll();
    return true;
}

// Whether the private key belongs to the certificate (OpenSSL compares the public halves).
bool keyMatchesCertificate(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    const std::unique_ptr<BIO, decltype(&BIO_free)> certificateBio(
        BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())), &BIO_free);
    const std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(
        BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), &BIO_free);
    if (!certificateBio || !keyBio)
        return false;
    const std::unique_ptr<X509, decltype(&X509_free)> certificate(
        PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr), &X509_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    return certificate && key && X509_check_private_key(certificate.get(), key.get()) == 1;
}
} // namespace

bool loadTlsConfiguration(const QString &certificatePath, const QString &keyPath,
                          QSslConfiguration *configuration, QString *error)
{
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("HTTPS is not available: Qt found no TLS backend");
        return false;
    }
    QByteArray certificatePem;
    QByteArray keyPem;
    if (!readFile(certificatePath, QStringLiteral("certificate"), &certificatePem, error)
        || !readFile(keyPath, QStringLiteral("private key"), &keyPem, error)) {
        return false;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (chain.isEmpty()) {
        *error = QStringLiteral("the certificate file %1 holds no PEM certificate")
                     .arg(certificatePath);
        return false;
    }
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *error
            = QStringLiteral("the key file %1 holds no unencrypted PEM private key").arg(keyPath);
        return false;
    }
    if (!keyMatchesCertificate(certificatePem, keyPem)) {
        *error = QStringLiteral("the private key in %1 does not belong to the certificate in %2")
                     .arg(keyPath, certificatePath);
        return false;
    }
    QSslConfiguration result = QSslConfiguration::defaultConfiguration();
    result.setLocalCertificateChain(chain);
    result.setPrivateKey(key);
    result.setPeerVerifyMode(QSslSocket::VerifyNone); // clients bring no certificate
    result.setProtocol(QSsl::TlsV1_2OrLater);
    *configuration = result;
    return true;
}

} // namespace UpdateInspector
