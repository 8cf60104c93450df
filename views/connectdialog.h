// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "botapiclient.h"
#include "longpoller.h"
#include "updatekind.h"

#include <QDialog>
#include <QList>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace UpdateInspector {

// Asks which bot to poll and how: the token (masked, shape-checked as typed), the Bot API server
// (presets or a URL), allowed_updates, limit and timeout. The token is shown nowhere but in its
// masked field: labels and the title carry at most its redacted form.
class ConnectDialog final : public QDialog
{
    Q_OBJECT
public:
    // A field's state, coloured the way the filter bar shows its syntax state.
    enum class FieldState { Empty, Valid, Invalid };
    Q_ENUM(FieldState)
    // The order of the server combo's items.
    enum class Preset { Cloud, TestEnvironment, LocalServer, Demo };
    Q_ENUM(Preset)
    enum class AllowedUpdatesMode {
        KeepBotSetting, // allowed_updates not sent: the server keeps what the bot set last
        DefaultSet,     // [] : every kind but the opt-in ones
        OnlyChecked,    // the kinds checked in the list
    };
    Q_ENUM(AllowedUpdatesMode)

    explicit ConnectDialog(QWidget *parent = nullptr);

    // The built-in emulator's demo bot, for the "Built-in emulator (demo)" preset (disabled
    // until this is called); its token is filled in, never typed.
    void setDemoEndpoint(const BotApiEndpoint &demo);
    void choosePreset(Preset preset);
    // Fills the dialog from an earlier connection.
    void setEndpoint(const BotApiEndpoint &endpoint);
    void setPollerOptions(const PollerOptions &options);
    void setRememberToken(bool remember);

    BotApiEndpoint endpoint() const;
    PollerOptions pollerOptions() const;
    bool rememberToken() const;

    FieldState tokenState() const { return m_tokenState; }
    FieldState urlState() const { return m_urlState; }
    AllowedUpdatesMode allowedUpdatesMode() const;
    void setAllowedUpdatesMode(AllowedUpdatesMode mode);
    bool isDemo() const;
    // The production cloud: polling there competes with wherever the bot runs now.
    bool isProductionCloud() const;
    bool isAcceptable() const;

private:
    QLayout *makeConnectionRows();
    QWidget *makeAllowedUpdatesBox();
    QWidget *makePollingBox();
    void onPresetActivated(int index);
    void showKinds();
    void validate();
    void validateToken(bool demo);
    void validateUrl(bool demo);
    void updateKindsHint();
    QString token() const;
    QUrl url() const;
    UpdateKindMask checkedKinds() const;

    QLineEdit *m_token;
    QToolButton *m_showToken;
    QLabel *m_tokenHint;
    QComboBox *m_server;
    QLabel *m_urlHint;
    QCheckBox *m_testEnvironment;
    QCheckBox *m_remember;
    QLabel *m_productionWarning;
    QButtonGroup *m_mode;
    QList<QCheckBox *> m_kindBoxes; // index = UpdateKind - 1 (Unknown has none)
    QLabel *m_kindsHint;
    QSpinBox *m_limit;
    QSpinBox *m_timeout;
    QDialogButtonBox *m_buttons;
    BotApiEndpoint m_demo; // no token: no demo
    UpdateKindMask m_explicitKinds; // the user's own list, kept while another mode is shown
    FieldState m_tokenState = FieldState::Empty;
    FieldState m_urlState = FieldState::Empty;
};

} // namespace UpdateInspector
