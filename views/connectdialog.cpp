// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "connectdialog.h"

#include "bottoken.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace UpdateInspector {

namespace {
constexpr QLatin1StringView CloudHost("api.telegram.org");
constexpr int KindColumns = 3;

// What a bot gets when allowed_updates is [] (or was never set): all but the opt-in kinds.
UpdateKindMask defaultKinds()
{
    UpdateKindMask mask = 0;
    for (int i = 1; i < UpdateKindCount; ++i)
        if (!isOptInKind(UpdateKind(i)))
            mask |= kindBit(UpdateKind(i));
    return mask;
}

void showState(QWidget *field, ConnectDialog::FieldState state)
{
    // The filter bar's colours: green for usable, red for not; nothing while empty.
    static const QString styles[] = {
        QString(),
        QStringLiteral("background: #d7f5d7; color: black;"),
        QStringLiteral("background: #ffd6d6; color: black;"),
    };
    field->setStyleSheet(styles[int(state)]);
}

QLabel *hintLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // "<bot id>" is not a tag
    label->setWordWrap(true);
    return label;
}
} // namespace

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent), m_token(new QLineEdit(this)), m_showToken(new QToolButton(this)),
      m_tokenHint(hintLabel(this)), m_server(new QComboBox(this)), m_urlHint(hintLabel(this)),
      m_testEnvironment(new QCheckBox(tr("Test environment (requests go to /bot<token>/test/…)"), this)),
      m_remember(new QCheckBox(tr("Remember the token in the system keychain"), this)),
      m_productionWarning(hintLabel(this)), m_mode(new QButtonGroup(this)), m_kindsHint(hintLabel(this)),
      m_limit(new QSpinBox(this)), m_timeout(new QSpinBox(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_explicitKinds(defaultKinds())
{
    setWindowTitle(tr("Connect to a Bot"));
    m_productionWarning->setObjectName(QStringLiteral("productionWarning"));
    m_productionWarning->setText(
        tr("This is the production Bot API. Polling takes this bot's updates away from wherever it runs now "
           "(its webhook or its own getUpdates loop)."));
    m_productionWarning->setStyleSheet(QStringLiteral("background: #fff1c9; color: black; padding: 6px;"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(makeConnectionRows());
    layout->addWidget(m_productionWarning);
    layout->addWidget(makeAllowedUpdatesBox());
    layout->addWidget(makePollingBox());
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_token, &QLineEdit::textChanged, this, &ConnectDialog::validate);
    connect(m_server, &QComboBox::activated, this, &ConnectDialog::onPresetActivated);
    connect(m_server->lineEdit(), &QLineEdit::textChanged, this, &ConnectDialog::validate);
    connect(m_testEnvironment, &QCheckBox::toggled, this, &ConnectDialog::validate);
    connect(m_mode, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked)
            showKinds();
    });
    setAllowedUpdatesMode(AllowedUpdatesMode::KeepBotSetting);
    choosePreset(Preset::Cloud);
}

QLayout *ConnectDialog::makeConnectionRows()
{
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("123456789:AA… (from @BotFather)"));
    m_token->setMinimumWidth(380);
    m_showToken->setObjectName(QStringLiteral("showToken"));
    m_showToken->setCheckable(true);
    m_showToken->setText(tr("Show"));
    m_showToken->setToolTip(tr("Show or hide the token"));
    connect(m_showToken, &QToolButton::toggled, this, [this](bool shown) {
        m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_showToken->setText(shown ? tr("Hide") : tr("Show"));
    });
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_showToken);
    m_tokenHint->setObjectName(QStringLiteral("tokenHint"));
    m_tokenHint->setWordWrap(false); // one short line; wrapping labels in a form leave gaps

    m_server->setObjectName(QStringLiteral("server"));
    m_server->setEditable(true);
    m_server->setInsertPolicy(QComboBox::NoInsert);
    m_server->setCompleter(nullptr); // it would complete a typed URL to a preset's label
    m_server->addItem(tr("Telegram (https://api.telegram.org)"), QStringLiteral("https://api.telegram.org"));
    m_server->addItem(tr("Telegram test environment"), QStringLiteral("https://api.telegram.org"));
    m_server->addItem(tr("Local Bot API server (http://127.0.0.1:8081)"), QStringLiteral("http://127.0.0.1:8081"));
    m_server->addItem(tr("Built-in emulator (demo)"), QString());
    if (auto *model = qobject_cast<QStandardItemModel *>(m_server->model()))
        model->item(int(Preset::Demo))->setEnabled(false);
    m_server->setToolTip(tr("Pick a preset or type the URL of a Bot API server"));
    m_urlHint->setObjectName(QStringLiteral("urlHint"));
    m_urlHint->setWordWrap(false);
    m_testEnvironment->setObjectName(QStringLiteral("testEnvironment"));
    m_remember->setObjectName(QStringLiteral("rememberToken"));
    m_remember->setToolTip(tr("Only the system keychain ever holds the token; without one you are asked each time"));

    auto *tokenLabel = new QLabel(tr("Bot &token:"), this);
    tokenLabel->setBuddy(m_token); // addRow() sets a buddy only for a widget field, not a layout
    auto *form = new QFormLayout;
    form->addRow(tokenLabel, tokenRow);
    form->addRow(QString(), m_tokenHint);
    form->addRow(tr("Bot API &server:"), m_server);
    form->addRow(QString(), m_urlHint);
    form->addRow(QString(), m_testEnvironment);
    form->addRow(QString(), m_remember);
    return form;
}

QWidget *ConnectDialog::makeAllowedUpdatesBox()
{
    auto *box = new QGroupBox(tr("Updates to receive (allowed_updates)"), this);
    auto *keep = new QRadioButton(tr("Keep the bot's setting (allowed_updates is not sent)"), box);
    auto *defaults = new QRadioButton(tr("The default set: every kind except the opt-in ones"), box);
    auto *only = new QRadioButton(tr("Only the kinds checked below"), box);
    keep->setObjectName(QStringLiteral("keepBotSetting"));
    defaults->setObjectName(QStringLiteral("defaultSet"));
    only->setObjectName(QStringLiteral("onlyChecked"));
    m_mode->addButton(keep, int(AllowedUpdatesMode::KeepBotSetting));
    m_mode->addButton(defaults, int(AllowedUpdatesMode::DefaultSet));
    m_mode->addButton(only, int(AllowedUpdatesMode::OnlyChecked));

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(16);
    grid->setContentsMargins(20, 0, 0, 0);
    const int rows = (UpdateKindCount - 1 + KindColumns - 1) / KindColumns;
    for (int i = 1; i < UpdateKindCount; ++i) {
        const auto kind = UpdateKind(i);
        QString label = kindName(kind);
        if (isOptInKind(kind))
            label += tr(" (opt-in)");
        auto *check = new QCheckBox(label, box);
        check->setObjectName(kindName(kind));
        if (isOptInKind(kind))
            check->setToolTip(tr("Sent only to bots that list it in allowed_updates"));
        connect(check, &QCheckBox::toggled, this, [this] {
            if (allowedUpdatesMode() == AllowedUpdatesMode::OnlyChecked)
                m_explicitKinds = checkedKinds();
            validate();
        });
        grid->addWidget(check, (i - 1) % rows, (i - 1) / rows); // down the columns, in API order
        m_kindBoxes.append(check);
    }
    m_kindsHint->setObjectName(QStringLiteral("kindsHint"));

    auto *layout = new QVBoxLayout(box);
    layout->addWidget(keep);
    layout->addWidget(defaults);
    layout->addWidget(only);
    layout->addLayout(grid);
    layout->addWidget(m_kindsHint);
    return box;
}

QWidget *ConnectDialog::makePollingBox()
{
    auto *box = new QGroupBox(tr("Polling"), this);
    m_limit->setObjectName(QStringLiteral("limit"));
    m_limit->setRange(1, 100);
    m_limit->setValue(PollerOptions().limit);
    m_limit->setToolTip(tr("getUpdates' limit: at most this many updates per answer"));
    m_timeout->setObjectName(QStringLiteral("timeout"));
    m_timeout->setRange(0, 50);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(PollerOptions().timeoutSeconds);
    m_timeout->setToolTip(tr("getUpdates' timeout: how long the server holds a poll open when nothing "
                             "is waiting (0 = short polling)"));
    auto *layout = new QFormLayout(box);
    layout->addRow(tr("&Limit per request:"), m_limit);
    layout->addRow(tr("Long-poll t&imeout:"), m_timeout);
    return box;
}

void ConnectDialog::setDemoEndpoint(const BotApiEndpoint &demo)
{
    m_demo = demo;
    m_server->setItemData(int(Preset::Demo), demo.baseUrl.toString());
    m_server->setItemText(int(Preset::Demo), tr("Built-in emulator (demo, %1)").arg(demo.baseUrl.toString()));
    if (auto *model = qobject_cast<QStandardItemModel *>(m_server->model()))
        model->item(int(Preset::Demo))->setEnabled(!demo.token.isEmpty());
    validate();
}

void ConnectDialog::choosePreset(Preset preset)
{
    m_server->setCurrentIndex(int(preset));
    onPresetActivated(int(preset));
}

void ConnectDialog::onPresetActivated(int index)
{
    // The combo has just put the preset's label in the edit field; the URL belongs there.
    const QString presetUrl = m_server->itemData(index).toString();
    m_server->lineEdit()->setText(presetUrl);
    m_testEnvironment->setChecked(index == int(Preset::TestEnvironment));
    validate();
}

void ConnectDialog::setEndpoint(const BotApiEndpoint &endpoint)
{
    m_token->setText(endpoint.token);
    m_server->lineEdit()->setText(endpoint.baseUrl.toString());
    m_testEnvironment->setChecked(endpoint.testEnvironment);
    validate();
}

void ConnectDialog::setPollerOptions(const PollerOptions &options)
{
    m_limit->setValue(options.limit);
    m_timeout->setValue(options.timeoutSeconds);
    if (!options.sendAllowedUpdates) {
        setAllowedUpdatesMode(AllowedUpdatesMode::KeepBotSetting);
        return;
    }
    if (options.allowedUpdates.isEmpty()) {
        setAllowedUpdatesMode(AllowedUpdatesMode::DefaultSet);
        return;
    }
    m_explicitKinds = 0;
    for (const QString &name : options.allowedUpdates)
        if (const UpdateKind kind = kindFromKey(name.toUtf8()); kind != UpdateKind::Unknown)
            m_explicitKinds |= kindBit(kind);
    setAllowedUpdatesMode(AllowedUpdatesMode::OnlyChecked);
    showKinds(); // the mode may not have changed, the list did
}

void ConnectDialog::setRememberToken(bool remember)
{
    m_remember->setChecked(remember);
}

BotApiEndpoint ConnectDialog::endpoint() const
{
    if (isDemo())
        return m_demo;
    return {url(), token(), m_testEnvironment->isChecked()};
}

PollerOptions ConnectDialog::pollerOptions() const
{
    PollerOptions options;
    options.limit = m_limit->value();
    options.timeoutSeconds = m_timeout->value();
    const AllowedUpdatesMode mode = allowedUpdatesMode();
    options.sendAllowedUpdates = mode != AllowedUpdatesMode::KeepBotSetting;
    if (mode == AllowedUpdatesMode::OnlyChecked) {
        for (int i = 1; i < UpdateKindCount; ++i)
            if (m_explicitKinds & kindBit(UpdateKind(i)))
                options.allowedUpdates.append(kindName(UpdateKind(i)));
    }
    return options;
}

bool ConnectDialog::rememberToken() const
{
    return m_remember->isChecked() && !isDemo();
}

ConnectDialog::AllowedUpdatesMode ConnectDialog::allowedUpdatesMode() const
{
    return AllowedUpdatesMode(m_mode->checkedId());
}

void ConnectDialog::setAllowedUpdatesMode(AllowedUpdatesMode mode)
{
    m_mode->button(int(mode))->setChecked(true);
}

bool ConnectDialog::isDemo() const
{
    return !m_demo.token.isEmpty() && url() == m_demo.baseUrl;
}

bool ConnectDialog::isProductionCloud() const
{
    return m_urlState == FieldState::Valid && url().host().compare(CloudHost, Qt::CaseInsensitive) == 0
           && !m_testEnvironment->isChecked();
}

bool ConnectDialog::isAcceptable() const
{
    return (isDemo() || m_tokenState == FieldState::Valid) && m_urlState == FieldState::Valid
           && (allowedUpdatesMode() != AllowedUpdatesMode::OnlyChecked || m_explicitKinds != 0);
}

// The list shows what will be asked for: nothing known when the bot's setting is kept, the
// default set, or the user's own list (the only editable one).
void ConnectDialog::showKinds()
{
    const AllowedUpdatesMode mode = allowedUpdatesMode();
    const UpdateKindMask shown = mode == AllowedUpdatesMode::OnlyChecked ? m_explicitKinds
                                 : mode == AllowedUpdatesMode::DefaultSet ? defaultKinds()
                                                                          : 0;
    for (int i = 0; i < m_kindBoxes.size(); ++i) {
        const QSignalBlocker blocker(m_kindBoxes[i]);
        m_kindBoxes[i]->setChecked(shown & kindBit(UpdateKind(i + 1)));
        m_kindBoxes[i]->setEnabled(mode == AllowedUpdatesMode::OnlyChecked);
    }
    validate();
}

void ConnectDialog::validate()
{
    const bool demo = isDemo();
    validateToken(demo);
    validateUrl(demo);
    m_remember->setEnabled(!demo);
    m_productionWarning->setVisible(isProductionCloud());
    updateKindsHint();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isAcceptable());
}

void ConnectDialog::validateToken(bool demo)
{
    const QString text = token();
    m_tokenState = text.isEmpty() ? FieldState::Empty
                   : BotToken::isWellFormed(text) ? FieldState::Valid
                                                  : FieldState::Invalid;
    m_token->setEnabled(!demo);
    showState(m_token, demo ? FieldState::Empty : m_tokenState);
    if (demo)
        m_tokenHint->setText(tr("The demo bot's token is filled in for you."));
    else if (m_tokenState == FieldState::Valid) // the redacted form only, never the secret
        m_tokenHint->setText(tr("Bot %1 (token %2)").arg(BotToken::botId(text)).arg(BotToken::redacted(text)));
    else if (m_tokenState == FieldState::Invalid)
        m_tokenHint->setText(tr("Not a bot token: expected <bot id>:<secret> as @BotFather gives it."));
    else
        m_tokenHint->setText(tr("Expected <bot id>:<secret> as @BotFather gives it."));
}

void ConnectDialog::validateUrl(bool demo)
{
    const QString text = m_server->currentText().trimmed();
    const QUrl parsed(text, QUrl::StrictMode);
    const bool usable = parsed.isValid() && (parsed.scheme() == u"http" || parsed.scheme() == u"https")
                        && !parsed.host().isEmpty() && !parsed.hasQuery() && !parsed.hasFragment();
    // A URL with the token in it ("…/bot123:AA…/getMe") would carry it into settings and titles.
    const bool holdsToken = BotToken::redact(text) != text;
    m_urlState = text.isEmpty() ? FieldState::Empty
                 : usable && !holdsToken ? FieldState::Valid
                                         : FieldState::Invalid;
    showState(m_server->lineEdit(), m_urlState);
    if (holdsToken)
        m_urlHint->setText(tr("Give the server only, without /bot<token>/…: the token has its own field."));
    else if (m_urlState != FieldState::Valid)
        m_urlHint->setText(tr("Expected http:// or https:// and a host, e.g. http://127.0.0.1:8081."));
    else
        m_urlHint->setText(demo ? tr("The emulator built into this program, with its demo bot.") : QString());
    m_urlHint->setVisible(!m_urlHint->text().isEmpty());
}

void ConnectDialog::updateKindsHint()
{
    const QString stored = tr("The server stores the list sent: it stays in effect for the bot afterwards.");
    switch (allowedUpdatesMode()) {
    case AllowedUpdatesMode::KeepBotSetting:
        m_kindsHint->setText(tr("The server keeps the list the bot sent last (the default set if it never "
                                "sent one)."));
        break;
    case AllowedUpdatesMode::DefaultSet:
        m_kindsHint->setText(stored);
        break;
    case AllowedUpdatesMode::OnlyChecked:
        m_kindsHint->setText(m_explicitKinds != 0
                                 ? stored
                                 : tr("Check at least one kind: an empty list means the default set."));
        break;
    }
}

QString ConnectDialog::token() const
{
    return m_token->text().trimmed(); // a paste often brings a space or a line break along
}

QUrl ConnectDialog::url() const
{
    return QUrl(m_server->currentText().trimmed(), QUrl::StrictMode);
}

UpdateKindMask ConnectDialog::checkedKinds() const
{
    UpdateKindMask mask = 0;
    for (int i = 0; i < m_kindBoxes.size(); ++i)
        if (m_kindBoxes[i]->isChecked())
            mask |= kindBit(UpdateKind(i + 1));
    return mask;
}

} // namespace UpdateInspector
