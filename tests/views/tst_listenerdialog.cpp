// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The "Start webhook listener" dialog: each field's plain-words validation, the all-interfaces
// warning, the generated secret, and a self-signed certificate written to real files.
#include "widgetscreenshot.h"
#include "listenerdialog.h"
#include "secrettoken.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;

namespace {
QPushButton *startButton(ListenerDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

template<typename T>
T *child(ListenerDialog &dialog, const char *name)
{
    return dialog.findChild<T *>(QLatin1StringView(name));
}
} // namespace

class tst_ListenerDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        ListenerDialog dialog;
        dialog.show();
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Start webhook listener"));
        QCOMPARE(dialog.address(), ListenerDialog::Address::Loopback);
        QVERIFY(!child<QLabel>(dialog, "allInterfacesWarning")->isVisible());
        QVERIFY(startButton(dialog)->isEnabled());
        const ListenerOptions options = dialog.options();
        QCOMPARE(options.address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(options.port, 0);
        QCOMPARE(options.path, QStringLiteral("/webhook"));
        QVERIFY(options.secretToken.isEmpty());
        QVERIFY(options.tlsCertificatePath.isEmpty());
        QCOMPARE(options.limits.maxBodyBytes, 1 << 20);
        QVERIFY(dialog.generatedCertificatePem().isEmpty());
        QCOMPARE(dialog.journalSync(), CaptureJournal::Sync::Periodic);
    }

    void flushChoice()
    {
        ListenerDialog dialog;
        dialog.show();
        auto *flush = child<QCheckBox>(dialog, "flushEachBatch");
        QVERIFY(flush->isVisible());
        QVERIFY(!flush->isChecked());
        QVERIFY(child<QLabel>(dialog, "flushHint")->text().contains(QStringLiteral("power loss")));
        flush->click();
        QCOMPARE(dialog.journalSync(), CaptureJournal::Sync::EachAppend);
        dialog.setJournalSync(CaptureJournal::Sync::Periodic);
        QVERIFY(!flush->isChecked());
    }

    void badPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("no slash") << QStringLiteral("webhook") << QStringLiteral("must start with \"/\"");
        QTest::newRow("empty") << QString() << QStringLiteral("must start with \"/\"");
        QTest::newRow("space") << QStringLiteral("/web hook") << QStringLiteral("cannot contain spaces");
        QTest::newRow("query") << QStringLiteral("/webhook?x=1") << QStringLiteral("Leave out the \"?\" part");
    }

    void badPath()
    {
        QFETCH(QString, path);
        QFETCH(QString, message);
        ListenerDialog dialog;
        dialog.show();
        child<QLineEdit>(dialog, "path")->setText(path);
        auto *hint = child<QLabel>(dialog, "pathHint");
        QVERIFY(hint->isVisible());
        QVERIFY2(hint->text().contains(message), qPrintable(hint->text()));
        QVERIFY(!startButton(dialog)->isEnabled());
        QVERIFY(!dialog.isAcceptable());
        child<QLineEdit>(dialog, "path")->setText(QStringLiteral("/bot/updates"));
        QVERIFY(!hint->isVisible());
        QVERIFY(startButton(dialog)->isEnabled());
        QCOMPARE(dialog.options().path, QStringLiteral("/bot/updates"));
    }

    void secretValidation()
    {
        ListenerDialog dialog;
        dialog.show();
        auto *secret = child<QLineEdit>(dialog, "secret");
        auto *hint = child<QLabel>(dialog, "secretHint");
        const QString bad = QStringLiteral("not a secret!");
        secret->setText(bad);
        QString problem;
        QVERIFY(!SecretToken::isValid(bad, &problem));
        QVERIFY(!problem.isEmpty());
        QCOMPARE(hint->text(), problem);
        QVERIFY(!startButton(dialog)->isEnabled());

        QTest::mouseClick(child<QPushButton>(dialog, "generateSecret"), Qt::LeftButton);
        QCOMPARE(secret->text().size(), 64);
        QVERIFY(SecretToken::isValid(secret->text()));
        QVERIFY(startButton(dialog)->isEnabled());
        QCOMPARE(dialog.options().secretToken, secret->text());
        QVERIFY(hint->text() != problem);
    }

    void allInterfacesWarns()
    {
        ListenerDialog dialog;
        dialog.show();
        auto *warning = child<QLabel>(dialog, "allInterfacesWarning");
        child<QComboBox>(dialog, "address")->setCurrentIndex(int(ListenerDialog::Address::AllInterfaces));
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QStringLiteral("network")));
        QCOMPARE(dialog.options().address, QHostAddress(QHostAddress::Any));
        dialog.setAddress(ListenerDialog::Address::LoopbackIPv6);
        QVERIFY(!warning->isVisible());
        QCOMPARE(dialog.options().address, QHostAddress(QHostAddress::LocalHostIPv6));
    }

    void optionsRoundTrip()
    {
        ListenerOptions options;
        options.address = QHostAddress(QHostAddress::LocalHostIPv6);
        options.port = 8443;
        options.path = QStringLiteral("/hook");
        options.secretToken = QStringLiteral("abc_DEF-123");
        options.limits.maxBodyBytes = 256 * 1024;
        options.limits.idleTimeoutMs = 1234; // not shown, but kept
        ListenerDialog dialog;
        dialog.setOptions(options);
        const ListenerOptions back = dialog.options();
        QCOMPARE(back.address, options.address);
        QCOMPARE(back.port, options.port);
        QCOMPARE(back.path, options.path);
        QCOMPARE(back.secretToken, options.secretToken);
        QCOMPARE(back.limits.maxBodyBytes, options.limits.maxBodyBytes);
        QCOMPARE(back.limits.idleTimeoutMs, 1234);
        child<QSpinBox>(dialog, "maxBody")->setValue(64);
        QCOMPARE(dialog.options().limits.maxBodyBytes, 64 * 1024);
    }

    void pemFilesMustExist()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ListenerDialog dialog;
        dialog.show();
        dialog.setTls(ListenerDialog::Tls::PemFiles);
        auto *hint = child<QLabel>(dialog, "tlsHint");
        QVERIFY(!startButton(dialog)->isEnabled());
        QVERIFY2(hint->text().contains(QStringLiteral("Choose the certificate file")), qPrintable(hint->text()));
        child<QLineEdit>(dialog, "certificateFile")->setText(dir.filePath(QStringLiteral("missing.pem")));
        QVERIFY2(hint->text().contains(QStringLiteral("does not exist")), qPrintable(hint->text()));
        QVERIFY(!startButton(dialog)->isEnabled());

        QFile certificate(dir.filePath(QStringLiteral("c.pem")));
        QFile key(dir.filePath(QStringLiteral("k.pem")));
        QVERIFY(certificate.open(QIODevice::WriteOnly) && key.open(QIODevice::WriteOnly));
        certificate.close();
        key.close();
        child<QLineEdit>(dialog, "certificateFile")->setText(certificate.fileName());
        QVERIFY2(hint->text().contains(QStringLiteral("Choose the private key file")), qPrintable(hint->text()));
        child<QLineEdit>(dialog, "keyFile")->setText(key.fileName());
        QVERIFY(startButton(dialog)->isEnabled());
        QCOMPARE(dialog.options().tlsCertificatePath, certificate.fileName());
        QCOMPARE(dialog.options().tlsKeyPath, key.fileName());
        QVERIFY(dialog.generatedCertificatePem().isEmpty());
    }

    void generatesSelfSignedCertificate()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ListenerDialog dialog;
        dialog.setCertificateFolder(dir.path());
        dialog.resize(dialog.sizeHint());
        dialog.show();
        dialog.setTls(ListenerDialog::Tls::SelfSigned);
        QVERIFY(!startButton(dialog)->isEnabled()); // no host yet
        child<QLineEdit>(dialog, "certificateHost")->setText(QStringLiteral("127.0.0.1"));
        QVERIFY(startButton(dialog)->isEnabled());
        QVERIFY(dialog.options().tlsCertificatePath.isEmpty()); // written on Generate or Start

        QTest::mouseClick(child<QPushButton>(dialog, "generateCertificate"), Qt::LeftButton);
        const ListenerOptions options = dialog.options();
        QVERIFY(options.tlsCertificatePath.startsWith(dir.path()));
        QVERIFY(QFile::exists(options.tlsCertificatePath));
        QVERIFY(QFile::exists(options.tlsKeyPath));
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(options.tlsCertificatePath);
        QCOMPARE(certificates.size(), 1);
        QCOMPARE(certificates.first().subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("127.0.0.1")});
        QFile keyFile(options.tlsKeyPath);
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QVERIFY(!QSslKey(keyFile.readAll(), QSsl::Rsa).isNull());
        QFile certificateFile(options.tlsCertificatePath);
        QVERIFY(certificateFile.open(QIODevice::ReadOnly));
        QCOMPARE(dialog.generatedCertificatePem(), certificateFile.readAll());
        const QString hint = child<QLabel>(dialog, "tlsHint")->text();
        QVERIFY2(hint.contains(QStringLiteral("Written to")), qPrintable(hint));
        QVERIFY2(hint.contains(QFileInfo(options.tlsCertificatePath).path()), qPrintable(hint));

        // Another host: the certificate no longer fits, Start would make a new one.
        child<QLineEdit>(dialog, "certificateHost")->setText(QStringLiteral("example.org"));
        QVERIFY(dialog.generatedCertificatePem().isEmpty());
        QVERIFY(dialog.options().tlsCertificatePath.isEmpty());
        child<QLineEdit>(dialog, "certificateHost")->setText(QStringLiteral("127.0.0.1"));
        QVERIFY(!dialog.generatedCertificatePem().isEmpty());

        child<QComboBox>(dialog, "address")->setCurrentIndex(int(ListenerDialog::Address::AllInterfaces));
        child<QLineEdit>(dialog, "secret")->setText(QStringLiteral("bad secret"));
        saveScreenshot(dialog, QStringLiteral("listenerdialog"));
    }

    void startGeneratesMissingCertificate()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ListenerDialog dialog;
        dialog.setCertificateFolder(dir.path());
        dialog.setTls(ListenerDialog::Tls::SelfSigned);
        child<QLineEdit>(dialog, "certificateHost")->setText(QStringLiteral("::1"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(QFile::exists(dialog.options().tlsCertificatePath));
        QVERIFY(!QSslCertificate::fromPath(dialog.options().tlsCertificatePath).isEmpty());

        // A host the generator refuses keeps the dialog open with the reason.
        ListenerDialog refused;
        refused.setCertificateFolder(dir.path());
        refused.setTls(ListenerDialog::Tls::SelfSigned);
        child<QLineEdit>(refused, "certificateHost")->setText(QStringLiteral("not a host name!"));
        refused.accept();
        QCOMPARE(refused.result(), int(QDialog::Rejected));
        QVERIFY(!child<QLabel>(refused, "tlsHint")->text().isEmpty());
        QVERIFY(refused.options().tlsCertificatePath.isEmpty());
    }
};

QTEST_MAIN(tst_ListenerDialog)
#include "tst_listenerdialog.moc"
