// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "capturejournal.h"
#include "webhooklistener.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

class QAction;
class QDockWidget;

namespace UpdateInspector {

class AppController;
class BotApiClient;
class DeleteWebhookDialog;
class ListenerDialog;
class ListenerPanel;
class MainWindow;
class SetWebhookDialog;
class UpdateStore;
class WebhookHealthPanel;

// The Webhook menu: the local listener (its updates journaled and appended to the stream), the
// Set/Delete Webhook dialogs for the bot being polled (or the demo bot), and the health panel fed
// by getWebhookInfo at the panel's interval. Two docks: Listener and Webhook Health.
class WebhookController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookController)

public:
    static constexpr int DefaultHealthIntervalSeconds = 5;

    WebhookController(MainWindow &window, UpdateStore &store, AppController &app, QObject *parent = nullptr);
    ~WebhookController() override;

    // Starts the listener (journal: AppDataLocation/capture/webhook-listener.jsonl unless
    // `journalPath` is given, synced as `sync` says); false with a notice in the window when it
    // cannot.
    bool startListener(const ListenerOptions &options, const QByteArray &certificatePem = {},
                       const QString &journalPath = {},
                       CaptureJournal::Sync sync = CaptureJournal::Sync::Periodic);
    void stopListener();
    void openListenerDialog();
    void openSetWebhookDialog();
    void openDeleteWebhookDialog();
    void refreshHealth(); // one getWebhookInfo now

    WebhookListener *listener() const { return m_listener.get(); }
    CaptureJournal *journal() const { return m_journal.get(); } // the listener's, while it runs
    ListenerPanel *listenerPanel() const { return m_listenerPanel; }
    WebhookHealthPanel *healthPanel() const { return m_healthPanel; }
    QDockWidget *listenerDock() const { return m_listenerDock; }
    QDockWidget *healthDock() const { return m_healthDock; }
    // The open dialogs (null when closed), for tests.
    SetWebhookDialog *setWebhookDialog() const;
    DeleteWebhookDialog *deleteWebhookDialog() const;
    ListenerDialog *listenerDialog() const;

Q_SIGNALS:
    void healthRefreshed(); // an answer (or failure) of getWebhookInfo was shown

private:
    void createMenu();
    QDockWidget *addDock(const QString &title, const QString &objectName, QWidget *panel);
    void showDock(QDockWidget *dock);
    BotApiClient *client() const; // the polled bot's, or the demo bot's; null when none
    void updateActions();
    void updateHealthContext();
    void setHealthInterval(int seconds);

    MainWindow &m_window;
    UpdateStore &m_store;
    AppController &m_app;
    ListenerPanel *m_listenerPanel;
    WebhookHealthPanel *m_healthPanel;
    QDockWidget *m_listenerDock;
    QDockWidget *m_healthDock;
    QAction *m_startListener = nullptr;
    QAction *m_stopListener = nullptr;
    QAction *m_setWebhook = nullptr;
    QAction *m_deleteWebhook = nullptr;
    QPointer<ListenerDialog> m_listenerDialog;
    QPointer<SetWebhookDialog> m_setDialog;
    QPointer<DeleteWebhookDialog> m_deleteDialog;
    // Destroyed in reverse: the listener before its journal.
    std::unique_ptr<CaptureJournal> m_journal;
    std::unique_ptr<WebhookListener> m_listener;
    QByteArray m_certificatePem; // what the listener serves, for the Set Webhook dialog
    QUrl m_publicUrl;            // the webhook URL last set to reach the listener
    QTimer m_healthTimer;
    bool m_healthInFlight = false;
};

} // namespace UpdateInspector
