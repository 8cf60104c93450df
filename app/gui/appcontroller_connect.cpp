// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// AppController's connecting: the connect dialog, the token in the keychain, the saved connection
// and the start-up that uses them.
#include "appcontroller.h"

#include "botsession.h"
#include "bottoken.h"
#include "connectdialog.h"
#include "demosession.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "pollerstatus.h"
#include "savedconnection.h"
#include "tokenkeychain.h"

#include <utility>

namespace UpdateInspector {

void AppController::startUp()
{
    if (const std::optional<SavedConnection> saved = SavedConnection::load())
        readSavedToken(*saved);
    else
        startDemo();
}

void AppController::readSavedToken(const SavedConnection &saved)
{
    const QString name = saved.displayName();
    m_window.noticeBar()->showNotice(NoticeBar::Level::Info,
                                     tr("Reading the token of %1 from the system keychain…").arg(name));
    // One keychain object per job: its signals then answer this job only.
    auto *keychain = new TokenKeychain(this);
    m_awaitingKeychain = true;
    connect(keychain, &TokenKeychain::tokenRead, this,
            [this, keychain, saved](const QString &, const QString &token) {
        keychain->deleteLater();
        if (!std::exchange(m_awaitingKeychain, false))
            return;
        if (BotToken::isWellFormed(token) && BotToken::botId(token) == saved.botId) {
            connectTo(saved.endpoint(token), saved.options);
            return;
        }
        showDialog(saved, {}, true, true);
    });
    connect(keychain, &TokenKeychain::unavailable, this, [this, keychain, saved, name](const QString &reason) {
        keychain->deleteLater();
        if (!std::exchange(m_awaitingKeychain, false))
            return;
        // Without a keychain the app asks each time.
        m_window.noticeBar()->showNotice(NoticeBar::Level::Info,
                                         tr("%1. Enter the token of %2 to poll it again, or cancel for the demo.")
                                             .arg(reason, name));
        showDialog(saved, {}, true, true);
    });
    keychain->read(saved.keychainKey());
}

void AppController::openConnectDialog()
{
    m_awaitingKeychain = false;
    const std::optional<SavedConnection> saved = SavedConnection::load();
    if (m_session) {
        const SavedConnection current = SavedConnection::from(m_session->endpoint(), m_session->options());
        showDialog(current, m_session->endpoint().token, saved && saved->keychainKey() == current.keychainKey(),
                   false);
    } else {
        showDialog(saved, {}, saved.has_value(), false);
    }
}

void AppController::showDialog(const std::optional<SavedConnection> &prefill, const QString &token, bool remember,
                               bool demoOnCancel)
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    auto *dialog = new ConnectDialog(&m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_demo)
        dialog->setDemoEndpoint(m_demo->endpoint());
    if (prefill) {
        dialog->setEndpoint(prefill->endpoint(token));
        dialog->setPollerOptions(prefill->options);
    }
    dialog->setRememberToken(remember);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applyDialog(*dialog); });
    if (demoOnCancel)
        connect(dialog, &QDialog::rejected, this, [this] { startDemo(); });
    m_dialog = dialog;
    dialog->open();
    Q_EMIT connectDialogShown(dialog);
}

void AppController::applyDialog(const ConnectDialog &dialog)
{
    const PollerOptions options = dialog.pollerOptions();
    if (dialog.isDemo()) {
        // The demo preset: the demo bot again, polled with these options.
        QString error;
        if (!m_demo) {
            startDemo();
        } else if (m_demo->setPollerOptions(options, &error)) {
            m_status->watch(m_demo->poller(), tr("the demo bot"), demoNotice());
        } else {
            m_window.noticeBar()->showNotice(NoticeBar::Level::Error,
                                             tr("The demo could not poll: %1").arg(error));
        }
        return;
    }
    const BotApiEndpoint endpoint = dialog.endpoint();
    if (!connectTo(endpoint, options))
        return;
    const QString key = TokenKeychain::keyFor(endpoint);
    if (dialog.rememberToken())
        remember(endpoint, options);
    else if (const auto saved = SavedConnection::load(); saved && saved->keychainKey() == key)
        forgetSaved(key); // asked not to remember this bot any more
}

void AppController::remember(const BotApiEndpoint &endpoint, const PollerOptions &options)
{
    const SavedConnection connection = SavedConnection::from(endpoint, options);
    const auto old = SavedConnection::load();
    if (old && old->keychainKey() != connection.keychainKey())
        forgetSaved(old->keychainKey()); // one remembered bot: the old token goes too
    connection.save();
    auto *keychain = new TokenKeychain(this);
    connect(keychain, &TokenKeychain::stored, keychain, &QObject::deleteLater);
    connect(keychain, &TokenKeychain::unavailable, this, [this, keychain](const QString &reason) {
        keychain->deleteLater();
        m_window.noticeBar()->showNotice(NoticeBar::Level::Warning,
                                         tr("The token could not be stored: %1. The connection is remembered "
                                            "without it, so it will be asked for at the next start.")
                                             .arg(reason));
    });
    keychain->store(connection.keychainKey(), endpoint.token);
}

void AppController::forgetSaved(const QString &keychainKey)
{
    if (const auto saved = SavedConnection::load(); saved && saved->keychainKey() == keychainKey)
        SavedConnection::forget();
    auto *keychain = new TokenKeychain(this);
    connect(keychain, &TokenKeychain::removed, keychain, &QObject::deleteLater);
    // Nothing stored, or no keychain: nothing to forget either way.
    connect(keychain, &TokenKeychain::unavailable, keychain, &QObject::deleteLater);
    keychain->remove(keychainKey);
}

} // namespace UpdateInspector
