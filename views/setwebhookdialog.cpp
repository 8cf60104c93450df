// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "setwebhookdialog.h"

#include "bottoken.h"

#include "allowedupdatesbox.h"
#include "botapiclient.h"
#include "preflightfindingsview.h"
#include "secrettoken.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>

#include <algorithm>

namespace UpdateInspector {

namespace {
constexpr int ProbeDelayMs = 600;
constexpr qint64 MaxCertificateFileSize = 16 << 20; // far above the service's 3 MiB: read, then judged
const QString kErrorStyle = QStringLiteral("color: #b00020;");

QLabel *wrappingLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}
} // namespace

SetWebhookDialog::SetWebhookDialog(BotApiClient &client, QWidget *parent)
    : QDialog(parent), m_client(client), m_url(new QLineEdit(this)), m_certificate(new QComboBox(this)),
      m_certificateFileRow(new QWidget(this)), m_certificateFile(new QLineEdit(m_certificateFileRow)),
      m_ipAddress(new QLineEdit(this)), m_maxConnections(new QSpinBox(this)),
      m_dropPending(new QCheckBox(tr("Drop the pending updates (drop_pending_updates)"), this)),
      m_secret(new QLineEdit(this)), m_secretHint(wrappingLabel(this)), m_listenerBox(nullptr),
      m_listenerLabel(wrappingLabel(this)), m_publicUrl(new QLineEdit(this)), m_allowedUpdates(nullptr),
      m_findingsView(nullptr), m_answer(wrappingLabel(this)), m_send(nullptr), m_probe(this)
{
    m_probe.setObjectName(QStringLiteral("reachabilityProbe"));
    setWindowTitle(tr("Set Webhook"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_send = buttons->addButton(tr("Set webhook"), QDialogButtonBox::ApplyRole);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_answer->setObjectName(QStringLiteral("answer"));
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // The fields on the left, the findings beside them at full height: they grow as one types.
    auto *left = new QVBoxLayout;
    left->addWidget(makeFieldsBox());
    left->addWidget(makeListenerBox());
    m_allowedUpdates = new AllowedUpdatesBox(this);
    left->addWidget(m_allowedUpdates);
    left->addStretch();
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 3);
    m_findingsView = new PreflightFindingsView(this);
    columns->addWidget(m_findingsView, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_answer);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_send, &QPushButton::clicked, this, &SetWebhookDialog::send);
    connect(m_allowedUpdates, &AllowedUpdatesBox::changed, this, &SetWebhookDialog::revalidate);
    m_probeDelay.setSingleShot(true);
    m_probeDelay.setInterval(ProbeDelayMs);
    connect(&m_probeDelay, &QTimer::timeout, this, &SetWebhookDialog::startProbe);
    connect(&m_probe, &WebhookReachabilityProbe::finished, this, [this](const QList<PreflightFinding> &found) {
        m_probing = false;
        m_probeFindings = found;
        revalidate();
    });
    validateSecret();
    revalidate();
}

QWidget *SetWebhookDialog::makeFieldsBox()
{
    auto *box = new QGroupBox(tr("setWebhook"), this);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(tr("https://bot.example.com/telegram-webhook"));
    m_url->setMinimumWidth(320);

    m_certificate->setObjectName(QStringLiteral("certificate"));
    m_certificate->addItem(tr("None (the server's certificate is from a public CA)"));
    m_certificate->addItem(tr("A PEM file…"));
    m_certificate->addItem(tr("The listener's generated certificate"));
    if (auto *model = qobject_cast<QStandardItemModel *>(m_certificate->model()))
        model->item(int(CertificateChoice::Listener))->setEnabled(false);
    m_certificate->setToolTip(tr("Upload the public certificate only when it is self-signed"));
    m_certificateFile->setObjectName(QStringLiteral("certificateFile"));
    m_certificateFile->setPlaceholderText(tr("/path/to/certificate.pem"));
    auto *browse = new QToolButton(m_certificateFileRow);
    browse->setText(tr("Browse…"));
    auto *fileRow = new QHBoxLayout(m_certificateFileRow);
    fileRow->setContentsMargins(0, 0, 0, 0);
    fileRow->addWidget(m_certificateFile, 1);
    fileRow->addWidget(browse);
    m_certificateFileRow->hide();

    m_ipAddress->setObjectName(QStringLiteral("ipAddress"));
    m_ipAddress->setPlaceholderText(tr("optional: an IPv4 address instead of DNS"));
    m_maxConnections->setObjectName(QStringLiteral("maxConnections"));
    m_maxConnections->setRange(1, 100);
    m_maxConnections->setValue(40);
    m_maxConnections->setToolTip(tr("How many HTTPS connections the service opens at once (default 40)"));
    m_dropPending->setObjectName(QStringLiteral("dropPendingUpdates"));

    m_secret->setObjectName(QStringLiteral("secretToken"));
    m_secret->setPlaceholderText(tr("optional: sent back in X-Telegram-Bot-Api-Secret-Token"));
    auto *generate = new QPushButton(tr("Generate"), this);
    generate->setObjectName(QStringLiteral("generateSecret"));
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(generate);
    m_secretHint->setObjectName(QStringLiteral("secretHint"));

    auto *secretLabel = new QLabel(tr("&secret_token:"), box);
    secretLabel->setBuddy(m_secret);
    auto *form = new QFormLayout;
    form->addRow(tr("&url:"), m_url);
    form->addRow(tr("&certificate:"), m_certificate);
    form->addRow(QString(), m_certificateFileRow);
    form->addRow(tr("&ip_address:"), m_ipAddress);
    form->addRow(tr("&max_connections:"), m_maxConnections);
    form->addRow(secretLabel, secretRow);
    // Below the form rather than in it: a wrapped label in a form row gets one line's height.
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(form);
    layout->addWidget(m_secretHint);
    layout->addWidget(m_dropPending);

    connect(m_url, &QLineEdit::textChanged, this, [this] {
        revalidate();
        m_probeDelay.start();
    });
    connect(m_certificate, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_certificateFileRow->setVisible(index == int(CertificateChoice::File));
        revalidate();
    });
    connect(m_certificateFile, &QLineEdit::textChanged, this, &SetWebhookDialog::loadCertificateFile);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Certificate to upload"), m_certificateFile->text(),
            tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!path.isEmpty())
            m_certificateFile->setText(path);
    });
    connect(m_ipAddress, &QLineEdit::textChanged, this, &SetWebhookDialog::revalidate);
    connect(m_maxConnections, &QSpinBox::valueChanged, this, &SetWebhookDialog::revalidate);
    connect(m_secret, &QLineEdit::textChanged, this, [this] {
        validateSecret();
        revalidate();
    });
    connect(generate, &QPushButton::clicked, this, [this] { m_secret->setText(SecretToken::generate()); });
    return box;
}

QWidget *SetWebhookDialog::makeListenerBox()
{
    m_listenerBox = new QGroupBox(tr("Point at this app's listener"), this);
    m_listenerBox->setObjectName(QStringLiteral("listenerBox"));
    m_listenerLabel->setObjectName(QStringLiteral("listenerLabel"));
    m_publicUrl->setObjectName(QStringLiteral("publicUrl"));
    m_publicUrl->setPlaceholderText(tr("e.g. https://abc.ngrok.app"));
    m_publicUrl->setToolTip(tr("The public base URL of a tunnel or port forward that reaches the listener; "
                               "empty: the listener's own address"));
    auto *point = new QPushButton(tr("Point at this listener"), m_listenerBox);
    point->setObjectName(QStringLiteral("pointAtListener"));
    point->setToolTip(tr("Fills url with the public URL plus the listener's path, and secret_token with the "
                         "listener's secret"));
    auto *form = new QFormLayout(m_listenerBox);
    form->addRow(m_listenerLabel);
    form->addRow(tr("Public URL (&tunnel):"), m_publicUrl);
    form->addRow(QString(), point);
    connect(point, &QPushButton::clicked, this, &SetWebhookDialog::pointAtListener);
    m_listenerBox->hide();
    return m_listenerBox;
}

void SetWebhookDialog::setListenerCertificate(const QByteArray &pem)
{
    m_listenerCertificate = pem;
    if (auto *model = qobject_cast<QStandardItemModel *>(m_certificate->model()))
        model->item(int(CertificateChoice::Listener))->setEnabled(!pem.isEmpty());
    if (pem.isEmpty() && m_certificate->currentIndex() == int(CertificateChoice::Listener))
        m_certificate->setCurrentIndex(int(CertificateChoice::None));
    revalidate();
}

void SetWebhookDialog::setListener(const QUrl &localUrl, quint16 port, const QString &path, const QString &secret)
{
    m_listenerUrl = localUrl;
    m_listenerPort = port;
    m_listenerPath = path.startsWith(u'/') ? path : u'/' + path;
    m_listenerSecret = secret;
    QUrl shown = localUrl;
    shown.setPath(m_listenerPath);
    m_listenerLabel->setText(tr("This app's listener answers at %1 (port %2)%3.")
                                 .arg(BotToken::redact(shown.toDisplayString()), QString::number(port),
                                      secret.isEmpty() ? tr(", without a secret token")
                                                       : tr(" and expects a secret token")));
    m_listenerBox->show();
    revalidate();
    m_probeDelay.start();
}

void SetWebhookDialog::setSettings(const WebhookSettings &settings)
{
    m_url->setText(settings.url);
    m_ipAddress->setText(settings.ipAddress);
    m_maxConnections->setValue(settings.maxConnections == 0 ? 40 : settings.maxConnections);
    m_dropPending->setChecked(settings.dropPendingUpdates);
    m_secret->setText(settings.secretToken);
    m_allowedUpdates->setAllowedUpdates(settings.sendAllowedUpdates, settings.allowedUpdates);
}

void SetWebhookDialog::pointAtListener()
{
    QString base = m_publicUrl->text().trimmed();
    QUrl target;
    if (base.isEmpty()) {
        target = m_listenerUrl;
        target.setPath(m_listenerPath);
    } else {
        if (!base.contains(QStringLiteral("://")))
            base.prepend(QStringLiteral("https://")); // tunnels hand out bare host names too
        while (base.endsWith(u'/'))
            base.chop(1);
        target = QUrl(base + m_listenerPath);
    }
    // Direct to the listener: it presents its own certificate, which needs uploading when it is
    // self-signed. Through a tunnel: the tunnel presents a CA-issued one.
    if (base.isEmpty() && !m_listenerCertificate.isEmpty() && target.scheme() == u"https")
        m_certificate->setCurrentIndex(int(CertificateChoice::Listener));
    else if (!base.isEmpty() && m_certificate->currentIndex() == int(CertificateChoice::Listener))
        m_certificate->setCurrentIndex(int(CertificateChoice::None));
    m_secret->setText(m_listenerSecret);
    m_url->setText(target.toString());
}

WebhookSettings SetWebhookDialog::settings() const
{
    WebhookSettings settings;
    settings.url = m_url->text().trimmed();
    switch (CertificateChoice(m_certificate->currentIndex())) {
    case CertificateChoice::None: break;
    case CertificateChoice::File:
        settings.certificatePem = m_fileCertificate;
        if (const QString name = QFileInfo(m_certificateFile->text().trimmed()).fileName(); !name.isEmpty())
            settings.certificateFileName = name;
        break;
    case CertificateChoice::Listener: settings.certificatePem = m_listenerCertificate; break;
    }
    settings.ipAddress = m_ipAddress->text().trimmed();
    settings.maxConnections = m_maxConnections->value();
    settings.sendAllowedUpdates = m_allowedUpdates->sendsList();
    settings.allowedUpdates = m_allowedUpdates->allowedUpdates();
    settings.dropPendingUpdates = m_dropPending->isChecked();
    settings.secretToken = m_secret->text(); // untrimmed: a stray space is reported, not hidden
    return settings;
}

bool SetWebhookDialog::canSend() const
{
    return !isSending() && !hasProblems(m_findings);
}

void SetWebhookDialog::send()
{
    if (!canSend())
        return;
    m_answer->setStyleSheet(QString());
    m_answer->setText(tr("Sending setWebhook…"));
    BotApiCall *call = WebhookCalls::setWebhook(m_client, settings());
    m_call = call;
    connect(call, &BotApiCall::finished, this, [this, call] {
        m_call = nullptr;
        const bool ok = !call->error().isError();
        m_answerText = WebhookCalls::describeAnswer(*call);
        m_answer->setText(m_answerText);
        m_answer->setStyleSheet(ok ? QString() : kErrorStyle);
        revalidate();
        Q_EMIT answered(ok, m_answerText);
    });
    revalidate();
}

void SetWebhookDialog::loadCertificateFile()
{
    m_fileCertificate.clear();
    m_certificateError.clear();
    const QString path = m_certificateFile->text().trimmed();
    if (!path.isEmpty()) {
        QFile file(path);
        if (file.size() > MaxCertificateFileSize)
            m_certificateError = tr("%1 is %2 bytes: far too big for a certificate.").arg(path).arg(file.size());
        else if (!file.open(QIODevice::ReadOnly))
            m_certificateError = tr("%1 cannot be read: %2.").arg(path, file.errorString());
        else
            m_fileCertificate = file.readAll();
    }
    revalidate();
}

void SetWebhookDialog::validateSecret()
{
    const QString secret = m_secret->text();
    QString problem;
    if (!SecretToken::isValid(secret, &problem)) {
        m_secretHint->setText(problem.left(1).toUpper() + problem.mid(1) + u'.');
        m_secretHint->setStyleSheet(kErrorStyle);
        return;
    }
    m_secretHint->setStyleSheet(QString());
    m_secretHint->setText(secret.isEmpty() ? tr("No secret: the listener cannot tell Telegram's requests from "
                                                "anyone else's.")
                                           : tr("%1 characters, valid.").arg(secret.size()));
}

void SetWebhookDialog::revalidate()
{
    const WebhookSettings current = settings();
    PreflightContext context;
    context.apiBaseUrl = m_client.endpoint().baseUrl;
    context.listenerPort = m_listenerPort;
    const QUrl url(current.url, QUrl::StrictMode);
    // The listener's certificate is what Telegram meets only when the URL reaches the listener
    // directly (same port); a tunnel in between presents its own.
    const bool direct = m_listenerPort != 0 && url.port(url.scheme() == u"https" ? 443 : 80) == m_listenerPort;
    QList<PreflightFinding> found =
        preflightWebhook(current, context, direct ? m_listenerCertificate : QByteArray());
    if (m_certificate->currentIndex() == int(CertificateChoice::File)) {
        if (!m_certificateError.isEmpty())
            found.prepend({PreflightFinding::Severity::Problem, QStringLiteral("certificate"), m_certificateError});
        else if (m_certificateFile->text().trimmed().isEmpty())
            found.prepend({PreflightFinding::Severity::Problem, QStringLiteral("certificate"),
                           tr("Choose the PEM file to upload, or pick None.")});
    }
    if (!m_probing && m_probedUrl == url)
        found += m_probeFindings;
    std::stable_sort(found.begin(), found.end(), [](const PreflightFinding &a, const PreflightFinding &b) {
        return a.severity < b.severity;
    });
    m_findings = found;
    m_findingsView->showFindings(m_findings, m_probing ? m_probedUrl : QUrl());
    markFields();
    m_send->setEnabled(canSend());
}

void SetWebhookDialog::startProbe()
{
    const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
    if (m_listenerPort == 0 || !url.isValid() || url.host().isEmpty())
        return;
    m_probing = true;
    m_probedUrl = url;
    m_probeFindings.clear();
    m_probe.start(url, m_listenerPort);
    revalidate();
}

void SetWebhookDialog::markFields()
{
    static const QString styles[] = {
        QStringLiteral("background: #ffd6d6; color: black;"), // Problem
        QStringLiteral("background: #fff1c9; color: black;"), // Warning
    };
    const auto worst = [this](const QString &field) {
        int best = 2;
        for (const PreflightFinding &f : std::as_const(m_findings))
            if (f.field == field)
                best = std::min(best, int(f.severity));
        return best < 2 ? styles[best] : QString();
    };
    m_url->setStyleSheet(worst(QStringLiteral("url")));
    m_ipAddress->setStyleSheet(worst(QStringLiteral("ip_address")));
    m_secret->setStyleSheet(worst(QStringLiteral("secret_token")));
    m_certificateFile->setStyleSheet(worst(QStringLiteral("certificate")));
}

} // namespace UpdateInspector
