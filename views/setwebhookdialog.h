// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhookpreflight.h"
#include "webhooksettings.h"

#include <QDialog>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace UpdateInspector {

class AllowedUpdatesBox;
class BotApiCall;
class BotApiClient;
class PreflightFindingsView;

// "Set webhook": every setWebhook parameter, checked as it is typed (preflightWebhook, plus a
// debounced reachability probe when a local listener runs), with the findings listed in plain
// words by severity. Send stays disabled while there is a Problem; the service's answer is shown
// in its own words and the dialog stays open.
class SetWebhookDialog final : public QDialog
{
    Q_OBJECT
public:
    // The order of the certificate choice's items.
    enum class CertificateChoice { None, File, Listener };
    Q_ENUM(CertificateChoice)

    // Calls go through `client`, whose endpoint also decides the cloud's rules or a local server's.
    explicit SetWebhookDialog(BotApiClient &client, QWidget *parent = nullptr);

    // The certificate the local listener presents (its generated self-signed one): offered as
    // the certificate to upload, and checked against the URL. Empty: none.
    void setListenerCertificate(const QByteArray &pem);
    // The local listener: enables "Point at this listener" and the reachability probe.
    // `localUrl` is where it answers on this machine, `path` the path it serves.
    void setListener(const QUrl &localUrl, quint16 port, const QString &path, const QString &secret);
    // Fills the fields from earlier settings (the certificate is not restored).
    void setSettings(const WebhookSettings &settings);
    // url = the tunnel's public base (or, when none is given, the listener's local URL) + the
    // listener's path; secret_token = the listener's secret.
    void pointAtListener();
    void send();

    WebhookSettings settings() const;
    // The preflight's findings, the dialog's own (an unreadable certificate file) and the last
    // reachability result for the URL as it is now.
    QList<PreflightFinding> findings() const { return m_findings; }
    bool isProbing() const { return m_probing; }
    bool isSending() const { return !m_call.isNull(); }
    bool canSend() const;
    QString answer() const { return m_answerText; } // the last answer, empty before one

Q_SIGNALS:
    void answered(bool ok, const QString &answer);

private:
    QWidget *makeFieldsBox();
    QWidget *makeListenerBox();
    void loadCertificateFile();
    void validateSecret();
    void revalidate();
    void startProbe();
    void markFields();

    BotApiClient &m_client;
    QLineEdit *m_url;
    QComboBox *m_certificate;
    QWidget *m_certificateFileRow;
    QLineEdit *m_certificateFile;
    QLineEdit *m_ipAddress;
    QSpinBox *m_maxConnections;
    QCheckBox *m_dropPending;
    QLineEdit *m_secret;
    QLabel *m_secretHint;
    QGroupBox *m_listenerBox;
    QLabel *m_listenerLabel;
    QLineEdit *m_publicUrl;
    AllowedUpdatesBox *m_allowedUpdates;
    PreflightFindingsView *m_findingsView;
    QLabel *m_answer;
    QPushButton *m_send;

    QByteArray m_fileCertificate;
    QString m_certificateError; // the file could not be read
    QByteArray m_listenerCertificate;
    QUrl m_listenerUrl;
    quint16 m_listenerPort = 0;
    QString m_listenerPath;
    QString m_listenerSecret;

    QList<PreflightFinding> m_findings;
    WebhookReachabilityProbe m_probe;
    QTimer m_probeDelay;
    QUrl m_probedUrl; // the URL the probe findings belong to
    QList<PreflightFinding> m_probeFindings;
    bool m_probing = false;
    QPointer<BotApiCall> m_call;
    QString m_answerText;
};

} // namespace UpdateInspector
