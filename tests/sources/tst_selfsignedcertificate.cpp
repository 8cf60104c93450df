// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// Self-signed certificates as Telegram's guide makes them, read back with Qt's own TLS classes:
// CN and subjectAltName for a DNS name and for IP addresses, the dates, RSA 2048 / SHA-256, a key
// Qt loads, random serials, and key files written with mode 0600.
#include "selfsignedcertificate.h"

#include <QDateTime>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace UpdateInspector;

namespace {
QSslCertificate certificateOf(const GeneratedCertificate &generated)
{
    const QList<QSslCertificate> list
        = QSslCertificate::fromData(generated.certificatePem, QSsl::Pem);
    return list.size() == 1 ? list.first() : QSslCertificate();
}

int modeOf(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}
} // namespace

class TestSelfSignedCertificate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void makesCertificateForHost_data();
    void makesCertificateForHost();
    void drawsRandomSerials();
    void refusesBadInput_data();
    void refusesBadInput();
    void savesKeyPrivately();
    void reportsUnwritablePaths();
};

void TestSelfSignedCertificate::makesCertificateForHost_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QSsl::AlternativeNameEntryType>("sanType");
    QTest::addColumn<QString>("sanValue");
    QTest::newRow("dns") << "bot.example.test" << QSsl::DnsEntry << "bot.example.test";
    QTest::newRow("localhost") << "localhost" << QSsl::DnsEntry << "localhost";
    QTest::newRow("ipv4") << "127.0.0.1" << QSsl::IpAddressEntry << "127.0.0.1";
    QTest::newRow("ipv6") << "::1" << QSsl::IpAddressEntry << "::1";
}

void TestSelfSignedCertificate::makesCertificateForHost()
{
    QFETCH(QString, host);
    QFETCH(QSsl::AlternativeNameEntryType, sanType);
    QFETCH(QString, sanValue);

    const QDateTime before = QDateTime::currentDateTimeUtc();
    GeneratedCertificate generated;
    QString error;
    QVERIFY2(generateSelfSignedCertificate(host, 30, &generated, &error), qPrintable(error));
    QVERIFY(generated.certificatePem.startsWith("-----BEGIN CERTIFICATE-----"));
    QVERIFY(
        generated.privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----")); // PKCS#8, unencrypted

    const QSslCertificate certificate = certificateOf(generated);
    QVERIFY(!certificate.isNull());
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList {host});
    QCOMPARE(certificate.issuerInfo(QSslCertificate::CommonName), QStringList {host});
    QVERIFY(certificate.isSelfSigned());
    QCOMPARE(certificate.version(), QByteArray("3"));
    QCOMPARE(certificate.subjectAlternativeNames().values(sanType), QStringList {sanValue});

    // Valid from a minute before now, for 30 days.
    QVERIFY(certificate.effectiveDate() <= before);
    QVERIFY(certificate.effectiveDate() >= before.addSecs(-120));
    const qint64 lifetime = certificate.effectiveDate().secsTo(certificate.expiryDate());
    QVERIFY2(qAbs(lifetime - (30LL * 86400 + 60)) <= 2, qPrintable(QString::number(lifetime)));

    const QString text = certificate.toText();
    QVERIFY(text.contains(QStringLiteral("sha256WithRSAEncryption")));
    QVERIFY(text.contains(QStringLiteral("CA:TRUE")));
    QCOMPARE(certificate.publicKey().algorithm(), QSsl::Rsa);
    QCOMPARE(certificate.publicKey().length(), 2048);

    const QSslKey key(generated.privateKeyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    QVERIFY(!key.isNull());
    QCOMPARE(key.length(), 2048);
}

void TestSelfSignedCertificate::drawsRandomSerials()
{
    GeneratedCertificate first;
    GeneratedCertificate second;
    QString error;
    QVERIFY(generateSelfSignedCertificate(QStringLiteral("a.test"), 1, &first, &error));
    QVERIFY(generateSelfSignedCertificate(QStringLiteral("a.test"), 1, &second, &error));
    QVERIFY(!certificateOf(first).serialNumber().isEmpty());
    QVERIFY(certificateOf(first).serialNumber() != certificateOf(second).serialNumber());
    QVERIFY(first.privateKeyPem != second.privateKeyPem);
}

void TestSelfSignedCertificate::refusesBadInput_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("days");
    QTest::addColumn<QString>("why");
    QTest::newRow("empty") << "" << 10 << "neither";
    QTest::newRow("space") << "bad host" << 10 << "neither";
    QTest::newRow("leading hyphen") << "-x.test" << 10 << "neither";
    QTest::newRow("empty label") << "a..test" << 10 << "neither";
    QTest::newRow("url") << "https://a.test/" << 10 << "neither";
    QTest::newRow("zero days") << "a.test" << 0 << "1 to";
    QTest::newRow("negative days") << "a.test" << -5 << "1 to";
}

void TestSelfSignedCertificate::refusesBadInput()
{
    QFETCH(QString, host);
    QFETCH(int, days);
    QFETCH(QString, why);
    GeneratedCertificate generated;
    QString error;
    QVERIFY(!generateSelfSignedCertificate(host, days, &generated, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
    QVERIFY(generated.certificatePem.isEmpty());
}

void TestSelfSignedCertificate::savesKeyPrivately()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    GeneratedCertificate generated;
    QString error;
    QVERIFY(generateSelfSignedCertificate(QStringLiteral("127.0.0.1"), 365, &generated, &error));
    const QString certificatePath = dir.filePath(QStringLiteral("public.pem"));
    const QString keyPath = dir.filePath(QStringLiteral("private.key"));

    // An existing key file readable by others is narrowed, not left as it was.
    QFile old(keyPath);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old contents that are longer than nothing");
    old.close();
    QVERIFY(old.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup
                               | QFile::ReadOther));
    QCOMPARE(modeOf(keyPath), 0644);

    QVERIFY2(saveCertificate(generated, certificatePath, keyPath, &error), qPrintable(error));
    QCOMPARE(modeOf(keyPath), 0600);
    QCOMPARE(modeOf(certificatePath) & 0600, 0600);
    QFile key(keyPath);
    QVERIFY(key.open(QIODevice::ReadOnly));
    QCOMPARE(key.readAll(), generated.privateKeyPem);
    QCOMPARE(QSslCertificate::fromPath(certificatePath).size(), 1);
}

void TestSelfSignedCertificate::reportsUnwritablePaths()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    GeneratedCertificate generated;
    QString error;
    QVERIFY(generateSelfSignedCertificate(QStringLiteral("a.test"), 1, &generated, &error));
    const QString missing = dir.filePath(QStringLiteral("no/such/folder/key.pem"));
    QVERIFY(!saveCertificate(generated, dir.filePath(QStringLiteral("c.pem")), missing, &error));
    QVERIFY2(error.contains(missing), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSelfSignedCertificate)
#include "tst_selfsignedcertificate.moc"
