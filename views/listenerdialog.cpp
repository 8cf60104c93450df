// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listenerdialog.h"

#include "secrettoken.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <algorithm>

namespace UpdateInspector {

namespace {
constexpr int CertificateDays = 365;

QLabel *hintLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

// Problems in red; notes in the normal text colour.
void showHint(QLabel *label, const QString &text, bool problem)
{
    label->setText(text);
    label->setStyleSheet(problem ? QStringLiteral("color: #c62828;") : QString());
    label->setVisible(!text.isEmpty());
}

QString folderNameFor(const QString &host)
{
    QString name = host;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9.-]")), QStringLiteral("_"));
    return name + u'-' + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
}
} // namespace

ListenerDialog::ListenerDialog(QWidget *parent)
    : QDialog(parent), m_address(new QComboBox(this)),
      m_allInterfacesWarning(hintLabel(QStringLiteral("allInterfacesWarning"), this)),
      m_port(new QSpinBox(this)), m_path(new QLineEdit(QStringLiteral("/webhook"), this)),
      m_pathHint(hintLabel(QStringLiteral("pathHint"), this)), m_secret(new QLineEdit(this)),
      m_generateSecret(new QPushButton(tr("Generate"), this)),
      m_secretHint(hintLabel(QStringLiteral("secretHint"), this)), m_maxBody(new QSpinBox(this)),
      m_flushEachBatch(new QCheckBox(tr("Flush to the disk before each answer"), this)),
      m_flushHint(hintLabel(QStringLiteral("flushHint"), this)),
      m_tlsNone(new QRadioButton(tr("None: plain HTTP"), this)),
      m_tlsFiles(new QRadioButton(tr("Certificate and private key from PEM files"), this)),
      m_tlsSelfSigned(new QRadioButton(tr("Generate a self-signed certificate for host or IP:"), this)),
      m_certificateFile(new QLineEdit(this)), m_keyFile(new QLineEdit(this)),
      m_filesRows(new QWidget(this)), m_host(new QLineEdit(this)),
      m_generateCertificate(new QPushButton(tr("Generate"), this)),
      m_tlsHint(hintLabel(QStringLiteral("tlsHint"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_certificateFolder(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                          + QStringLiteral("/listener-certificates"))
{
    setWindowTitle(tr("Start webhook listener"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));

    m_address->setObjectName(QStringLiteral("address"));
    m_address->addItem(tr("Loopback: 127.0.0.1 (this machine only)"));
    m_address->addItem(tr("Loopback IPv6: ::1 (this machine only)"));
    m_address->addItem(tr("All interfaces (reachable from the network)"));
    m_allInterfacesWarning->setText(
        tr("Anyone who can reach this machine over the network can send requests to the listener. "
           "Set a secret token so that requests without it are refused."));
    m_allInterfacesWarning->setStyleSheet(
        QStringLiteral("background: #fff1c9; color: black; padding: 6px;"));
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setToolTip(tr("Telegram delivers only to ports 443, 80, 88 and 8443; with a tunnel or "
                          "reverse proxy in front, any local port works."));
    m_path->setObjectName(QStringLiteral("path"));
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setPlaceholderText(tr("none (any request to the path is accepted)"));
    m_secret->setMinimumWidth(360);
    m_generateSecret->setObjectName(QStringLiteral("generateSecret"));
    m_generateSecret->setToolTip(tr("A random 64-character secret for setWebhook's secret_token"));
    m_maxBody->setObjectName(QStringLiteral("maxBody"));
    m_maxBody->setRange(1, 64 * 1024);
    m_maxBody->setSuffix(tr(" KiB"));
    m_flushEachBatch->setObjectName(QStringLiteral("flushEachBatch"));
    m_flushHint->setAlignment(Qt::AlignLeft | Qt::AlignTop); // under its checkbox, not centred
    m_flushHint->setText(
        tr("Updates are saved before the 200 either way (safe if the app crashes) and reach "
           "the disk within 0.1 s. Flushing first survives a power loss too, but is slower."));
    m_flushEachBatch->setToolTip(
        tr("Flush the capture file to the disk (fdatasync) before answering each batch: "
           "accepted updates then survive a power loss or a system crash, but every answer "
           "waits for the disk."));

    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_generateSecret);
    auto *form = new QFormLayout;
    form->addRow(tr("Address:"), m_address);
    form->addRow(QString(), m_allInterfacesWarning);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Path:"), m_path);
    form->addRow(QString(), m_pathHint);
    form->addRow(tr("Secret token:"), secretRow);
    form->addRow(QString(), m_secretHint);
    form->addRow(tr("Largest body:"), m_maxBody);
    form->addRow(tr("Saving:"), m_flushEachBatch);
    form->addRow(QString(), m_flushHint);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(makeTlsBox());
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ListenerDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_address, &QComboBox::currentIndexChanged, this, &ListenerDialog::validate);
    connect(m_path, &QLineEdit::textChanged, this, &ListenerDialog::validate);
    connect(m_secret, &QLineEdit::textChanged, this, &ListenerDialog::validate);
    connect(m_generateSecret, &QPushButton::clicked, this,
            [this] { m_secret->setText(SecretToken::generate()); });
    setOptions(ListenerOptions());
    m_path->setText(QStringLiteral("/webhook"));
}

QWidget *ListenerDialog::makeTlsBox()
{
    auto *box = new QGroupBox(tr("HTTPS"), this);
    m_tlsNone->setObjectName(QStringLiteral("tlsNone"));
    m_tlsFiles->setObjectName(QStringLiteral("tlsFiles"));
    m_tlsSelfSigned->setObjectName(QStringLiteral("tlsSelfSigned"));
    m_certificateFile->setObjectName(QStringLiteral("certificateFile"));
    m_keyFile->setObjectName(QStringLiteral("keyFile"));
    m_host->setObjectName(QStringLiteral("certificateHost"));
    m_host->setPlaceholderText(tr("example.org or 203.0.113.7"));
    m_generateCertificate->setObjectName(QStringLiteral("generateCertificate"));

    auto *browseCertificate = new QPushButton(tr("Browse…"), box);
    auto *browseKey = new QPushButton(tr("Browse…"), box);
    auto *files = new QFormLayout(m_filesRows);
    files->setContentsMargins(24, 0, 0, 0);
    auto *certificateRow = new QHBoxLayout;
    certificateRow->addWidget(m_certificateFile, 1);
    certificateRow->addWidget(browseCertificate);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyFile, 1);
    keyRow->addWidget(browseKey);
    files->addRow(tr("Certificate:"), certificateRow);
    files->addRow(tr("Private key:"), keyRow);

    auto *selfSignedRow = new QHBoxLayout;
    selfSignedRow->addWidget(m_tlsSelfSigned);
    selfSignedRow->addWidget(m_host, 1);
    selfSignedRow->addWidget(m_generateCertificate);

    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_tlsNone);
    layout->addWidget(m_tlsFiles);
    layout->addWidget(m_filesRows);
    layout->addLayout(selfSignedRow);
    layout->addWidget(m_tlsHint);

    const QString pem = tr("PEM files (*.pem *.crt *.key);;All files (*)");
    connect(browseCertificate, &QPushButton::clicked, this,
            [this, pem] { chooseFile(m_certificateFile, tr("Certificate (PEM)"), pem); });
    connect(browseKey, &QPushButton::clicked, this,
            [this, pem] { chooseFile(m_keyFile, tr("Private key (PEM, unencrypted)"), pem); });
    for (QRadioButton *button : {m_tlsNone, m_tlsFiles, m_tlsSelfSigned})
        connect(button, &QRadioButton::toggled, this, &ListenerDialog::validate);
    for (QLineEdit *field : {m_certificateFile, m_keyFile, m_host})
        connect(field, &QLineEdit::textChanged, this, &ListenerDialog::validate);
    connect(m_generateCertificate, &QPushButton::clicked, this, [this] {
        QString error;
        if (!generateCertificate(&error))
            showHint(m_tlsHint, error, true);
    });
    return box;
}

void ListenerDialog::chooseFile(QLineEdit *field, const QString &title, const QString &filter)
{
    const QString path = QFileDialog::getOpenFileName(this, title, field->text(), filter);
    if (!path.isEmpty())
        field->setText(path);
}

void ListenerDialog::setOptions(const ListenerOptions &options)
{
    m_base = options;
    const QHostAddress &a = options.address;
    setAddress(a == QHostAddress(QHostAddress::LocalHostIPv6) ? Address::LoopbackIPv6
               : a == QHostAddress(QHostAddress::LocalHost)   ? Address::Loopback
                                                              : Address::AllInterfaces);
    m_port->setValue(options.port);
    m_path->setText(options.path);
    m_secret->setText(options.secretToken);
    m_maxBody->setValue(int(std::clamp<qint64>(options.limits.maxBodyBytes / 1024, 1, m_maxBody->maximum())));
    m_certificateFile->setText(options.tlsCertificatePath);
    m_keyFile->setText(options.tlsKeyPath);
    setTls(options.tlsCertificatePath.isEmpty() ? Tls::None : Tls::PemFiles);
    validate();
}

CaptureJournal::Sync ListenerDialog::journalSync() const
{
    return m_flushEachBatch->isChecked() ? CaptureJournal::Sync::EachAppend : CaptureJournal::Sync::Periodic;
}

void ListenerDialog::setJournalSync(CaptureJournal::Sync sync)
{
    m_flushEachBatch->setChecked(sync == CaptureJournal::Sync::EachAppend);
}

ListenerOptions ListenerDialog::options() const
{
    ListenerOptions options = m_base;
    switch (address()) {
    case Address::Loopback: options.address = QHostAddress(QHostAddress::LocalHost); break;
    case Address::LoopbackIPv6: options.address = QHostAddress(QHostAddress::LocalHostIPv6); break;
    case Address::AllInterfaces: options.address = QHostAddress(QHostAddress::Any); break;
    }
    options.port = quint16(m_port->value());
    options.path = m_path->text().trimmed();
    options.secretToken = m_secret->text();
    options.limits.maxBodyBytes = qint64(m_maxBody->value()) * 1024;
    options.tlsCertificatePath.clear();
    options.tlsKeyPath.clear();
    if (tls() == Tls::PemFiles) {
        options.tlsCertificatePath = m_certificateFile->text().trimmed();
        options.tlsKeyPath = m_keyFile->text().trimmed();
    } else if (tls() == Tls::SelfSigned && hasCertificateForHost()) {
        options.tlsCertificatePath = m_generatedCertificatePath;
        options.tlsKeyPath = m_generatedKeyPath;
    }
    return options;
}

QByteArray ListenerDialog::generatedCertificatePem() const
{
    return tls() == Tls::SelfSigned && hasCertificateForHost() ? m_generated.certificatePem
                                                               : QByteArray();
}

ListenerDialog::Address ListenerDialog::address() const
{
    return Address(m_address->currentIndex());
}

void ListenerDialog::setAddress(Address address)
{
    m_address->setCurrentIndex(int(address));
    validate();
}

ListenerDialog::Tls ListenerDialog::tls() const
{
    return m_tlsFiles->isChecked() ? Tls::PemFiles : m_tlsSelfSigned->isChecked() ? Tls::SelfSigned : Tls::None;
}

void ListenerDialog::setTls(Tls tls)
{
    (tls == Tls::PemFiles ? m_tlsFiles : tls == Tls::SelfSigned ? m_tlsSelfSigned : m_tlsNone)->setChecked(true);
    validate();
}

bool ListenerDialog::hasCertificateForHost() const
{
    return !m_generated.certificatePem.isEmpty() && m_generatedHost == m_host->text().trimmed();
}

bool ListenerDialog::generateCertificate(QString *error)
{
    const QString host = m_host->text().trimmed();
    GeneratedCertificate generated;
    if (host.isEmpty()) {
        *error = tr("Type the host name or IP address Telegram will connect to.");
        return false;
    }
    if (!generateSelfSignedCertificate(host, CertificateDays, &generated, error))
        return false;
    const QString folder = m_certificateFolder + u'/' + folderNameFor(host);
    if (!QDir().mkpath(folder)) {
        *error = tr("Could not create the folder %1.").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    const QString certificatePath = folder + QStringLiteral("/certificate.pem");
    const QString keyPath = folder + QStringLiteral("/private-key.pem");
    if (!saveCertificate(generated, certificatePath, keyPath, error))
        return false;
    m_generated = generated;
    m_generatedHost = host;
    m_generatedCertificatePath = certificatePath;
    m_generatedKeyPath = keyPath;
    validate();
    return true;
}

QString ListenerDialog::pathProblem() const
{
    const QString path = m_path->text().trimmed();
    if (!path.startsWith(u'/'))
        return tr("The path must start with \"/\", for example /webhook.");
    if (path.contains(QRegularExpression(QStringLiteral("\\s"))))
        return tr("The path cannot contain spaces.");
    if (path.contains(u'?') || path.contains(u'#'))
        return tr("Leave out the \"?\" part: the listener compares the path only.");
    return {};
}

QString ListenerDialog::tlsProblem() const
{
    auto fileProblem = [](const QString &path, const QString &what) {
        if (path.trimmed().isEmpty())
            return tr("Choose the %1 file.").arg(what);
        if (!QFileInfo(path.trimmed()).isFile())
            return tr("The %1 file does not exist: %2").arg(what, QDir::toNativeSeparators(path));
        return QString();
    };
    switch (tls()) {
    case Tls::None: return {};
    case Tls::PemFiles: {
        const QString certificate = fileProblem(m_certificateFile->text(), tr("certificate"));
        return !certificate.isEmpty() ? certificate : fileProblem(m_keyFile->text(), tr("private key"));
    }
    case Tls::SelfSigned:
        if (m_host->text().trimmed().isEmpty())
            return tr("Type the host name or IP address Telegram will connect to.");
        return {};
    }
    return {};
}

bool ListenerDialog::isAcceptable() const
{
    return pathProblem().isEmpty() && SecretToken::isValid(m_secret->text()) && tlsProblem().isEmpty();
}

void ListenerDialog::validate()
{
    m_allInterfacesWarning->setVisible(address() == Address::AllInterfaces);
    showHint(m_pathHint, pathProblem(), true);

    QString secretProblem;
    if (!SecretToken::isValid(m_secret->text(), &secretProblem))
        showHint(m_secretHint, secretProblem, true);
    else if (m_secret->text().isEmpty())
        showHint(m_secretHint, tr("No secret: requests are not checked for the "
                                  "X-Telegram-Bot-Api-Secret-Token header."), false);
    else
        showHint(m_secretHint, tr("Give setWebhook the same secret_token."), false);

    m_filesRows->setEnabled(tls() == Tls::PemFiles);
    m_host->setEnabled(tls() == Tls::SelfSigned);
    m_generateCertificate->setEnabled(tls() == Tls::SelfSigned);
    const QString problem = tlsProblem();
    if (!problem.isEmpty())
        showHint(m_tlsHint, problem, true);
    else if (tls() == Tls::SelfSigned && hasCertificateForHost())
        showHint(m_tlsHint, tr("Written to %1 (upload the certificate with setWebhook).")
                                .arg(QDir::toNativeSeparators(QFileInfo(m_generatedCertificatePath).path())),
                 false);
    else if (tls() == Tls::SelfSigned)
        showHint(m_tlsHint, tr("A new certificate and key will be written under %1 on Start.")
                                .arg(QDir::toNativeSeparators(m_certificateFolder)),
                 false);
    else if (tls() == Tls::None)
        showHint(m_tlsHint, tr("Telegram only delivers to HTTPS: put a tunnel or a reverse proxy "
                               "with a certificate in front of this listener."), false);
    else
        showHint(m_tlsHint, QString(), false);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isAcceptable());
    // Hints appear and wrap: a window does not grow for wrapped text by itself, so make room.
    if (isVisible()) {
        if (const int needed = heightForWidth(width()); needed > height())
            resize(width(), needed);
    }
}

void ListenerDialog::accept()
{
    if (!isAcceptable())
        return;
    if (tls() == Tls::SelfSigned && !hasCertificateForHost()) {
        QString error;
        if (!generateCertificate(&error)) {
            showHint(m_tlsHint, error, true);
            return;
        }
    }
    QDialog::accept();
}

} // namespace UpdateInspector
