// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "capturejournal.h"
#include "selfsignedcertificate.h"
#include "webhooklistener.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace UpdateInspector {

// "Start webhook listener": where to listen (loopback by default; all interfaces only with a
// visible warning), the path, the secret token, HTTPS (PEM files or a freshly generated
// self-signed certificate) and the body size cap. Every field says what is wrong with it in plain
// words next to it, and Start stays disabled until all are usable.
class ListenerDialog final : public QDialog
{
    Q_OBJECT
public:
    enum class Address { Loopback, LoopbackIPv6, AllInterfaces };
    Q_ENUM(Address)
    enum class Tls { None, PemFiles, SelfSigned };
    Q_ENUM(Tls)

    explicit ListenerDialog(QWidget *parent = nullptr);

    void setOptions(const ListenerOptions &options);
    ListenerOptions options() const;
    // How the listener's capture journal syncs: flushed before each answer, or periodically.
    CaptureJournal::Sync journalSync() const;
    void setJournalSync(CaptureJournal::Sync sync);
    // The self-signed certificate made here (PEM), for setWebhook's `certificate` upload; empty
    // unless the self-signed choice is selected and its certificate was generated.
    QByteArray generatedCertificatePem() const;

    Address address() const;
    void setAddress(Address address);
    Tls tls() const;
    void setTls(Tls tls);
    // Where generated certificates go, one new folder each: AppDataLocation/listener-certificates
    // unless set (tests use a temporary folder).
    QString certificateFolder() const { return m_certificateFolder; }
    void setCertificateFolder(const QString &folder) { m_certificateFolder = folder; }
    // Generates a certificate for the host field and writes it; false with `error` in words.
    bool generateCertificate(QString *error);

    bool isAcceptable() const;
    void accept() override; // generates the self-signed certificate first when it is missing

private:
    QWidget *makeTlsBox();
    void validate();
    QString pathProblem() const;
    QString tlsProblem() const;
    void chooseFile(QLineEdit *field, const QString &title, const QString &filter);
    bool hasCertificateForHost() const;

    QComboBox *m_address;
    QLabel *m_allInterfacesWarning;
    QSpinBox *m_port;
    QLineEdit *m_path;
    QLabel *m_pathHint;
    QLineEdit *m_secret;
    QPushButton *m_generateSecret;
    QLabel *m_secretHint;
    QSpinBox *m_maxBody;
    QCheckBox *m_flushEachBatch;
    QLabel *m_flushHint;
    QRadioButton *m_tlsNone;
    QRadioButton *m_tlsFiles;
    QRadioButton *m_tlsSelfSigned;
    QLineEdit *m_certificateFile;
    QLineEdit *m_keyFile;
    QWidget *m_filesRows;
    QLineEdit *m_host;
    QPushButton *m_generateCertificate;
    QLabel *m_tlsHint;
    QDialogButtonBox *m_buttons;
    ListenerOptions m_base; // what setOptions() gave for the fields this dialog does not show
    QString m_certificateFolder;
    GeneratedCertificate m_generated;
    QString m_generatedHost;
    QString m_generatedCertificatePath;
    QString m_generatedKeyPath;
};

} // namespace UpdateInspector
