// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "botapiclient.h"
#include "longpoller.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QDockWidget;

namespace UpdateInspector {

class BotPanel;
class BotSession;
class ConnectDialog;
class DemoSession;
class MainWindow;
class PollerStatus;
class UpdateStore;
struct SavedConnection;

// The GUI's live sources: the demo, or the bot the user connected (File › Connect to a Bot…),
// polled into the store; the Bot menu, the bot panel dock and the poller's state in the status
// bar. Remembers the connection (never the token) in QSettings and the token in the keychain.
class AppController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppController)

public:
    AppController(MainWindow &window, UpdateStore &store, QObject *parent = nullptr);
    ~AppController() override;

    // With no log named: the saved connection (its token from the keychain; without one the
    // connect dialog asks, and cancelling it starts the demo), else the demo.
    void startUp();
    // The demo in place of what runs; false (and the sample log shown) when it cannot start.
    bool startDemo();
    // Polls `endpoint` in place of the demo or the bot before; false, with an error notice, when
    // it cannot start (the demo, if it ran, comes back).
    bool connectTo(const BotApiEndpoint &endpoint, const PollerOptions &options);
    // Stops polling the connected bot and forgets it (settings and keychain entry); what was
    // captured stays in the window. The demo does not restart.
    void disconnectBot();
    void openConnectDialog();

    ConnectDialog *connectDialog() const; // the open one
    BotSession *session() const { return m_session.get(); }
    DemoSession *demo() const { return m_demo.get(); }
    LongPoller *activePoller() const;
    PollerStatus *pollerStatus() const { return m_status; }
    BotPanel *botPanel() const { return m_panel; }
    QDockWidget *botDock() const { return m_dock; }
    QAction *connectAction() const { return m_connect; }
    QAction *disconnectAction() const { return m_disconnect; }

Q_SIGNALS:
    // The connect dialog was opened (window-modal, not blocking): a hook for tests.
    void connectDialogShown(UpdateInspector::ConnectDialog *dialog);

private:
    void createActions();
    void stopLive();
    QString demoNotice() const;
    void showBot(BotApiClient &client);
    // appcontroller_connect.cpp: the dialog, the keychain and the saved connection.
    void showDialog(const std::optional<SavedConnection> &prefill, const QString &token, bool remember,
                    bool demoOnCancel);
    void applyDialog(const ConnectDialog &dialog);
    void readSavedToken(const SavedConnection &saved);
    void remember(const BotApiEndpoint &endpoint, const PollerOptions &options);
    void forgetSaved(const QString &keychainKey);

    MainWindow &m_window;
    UpdateStore &m_store;
    PollerStatus *m_status;
    BotPanel *m_panel;
    QDockWidget *m_dock;
    QAction *m_connect = nullptr;
    QAction *m_disconnect = nullptr;
    QPointer<ConnectDialog> m_dialog;
    bool m_awaitingKeychain = false; // start-up's read; anything the user does first wins
    std::unique_ptr<DemoSession> m_demo;
    std::unique_ptr<BotSession> m_session;
};

} // namespace UpdateInspector
