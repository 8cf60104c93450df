// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookcontroller.h"

#include "appcontroller.h"
#include "botapiclient.h"
#include "botsession.h"
#include "bottoken.h"
#include "capturejournal.h"
#include "demosession.h"
#include "deletewebhookdialog.h"
#include "listenerdialog.h"
#include "listenerpanel.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "setwebhookdialog.h"
#include "updatestore.h"
#include "webhookhealthpanel.h"
#include "webhookinfo.h"
#include "webhooksettings.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QMenu>
#include <QStandardPaths>

namespace UpdateInspector {

WebhookController::WebhookController(MainWindow &window, UpdateStore &store, AppController &app, QObject *parent)
    : QObject(parent), m_window(window), m_store(store), m_app(app), m_listenerPanel(new ListenerPanel),
      m_healthPanel(new WebhookHealthPanel), m_listenerDock(addDock(tr("Listener"), QStringLiteral("listenerDock"), m_listenerPanel)),
      m_healthDock(addDock(tr("Webhook Health"), QStringLiteral("webhookHealthDock"), m_healthPanel))
{
    // One bottom area, tabbed, so the stream keeps most of the window.
    m_window.tabifyDockWidget(m_listenerDock, m_healthDock);
    createMenu();
    m_healthPanel->setInterval(DefaultHealthIntervalSeconds);
    connect(m_healthPanel, &WebhookHealthPanel::refreshRequested, this, &WebhookController::refreshHealth);
    connect(m_healthPanel, &WebhookHealthPanel::intervalChanged, this, &WebhookController::setHealthInterval);
    connect(&m_healthTimer, &QTimer::timeout, this, &WebhookController::refreshHealth);
    // Polled only while someone looks: getWebhookInfo costs the bot nothing, but the window
    // should not talk to the Bot API unasked.
    connect(m_healthDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) {
            refreshHealth();
            setHealthInterval(m_healthPanel->interval());
        } else {
            m_healthTimer.stop();
        }
    });
    // A log opened over the live stream ends the listener too: its updates would mix into the log.
    connect(&window, &MainWindow::streamReplaced, this, &WebhookController::stopListener);
    updateActions();
}

WebhookController::~WebhookController() = default;

SetWebhookDialog *WebhookController::setWebhookDialog() const
{
    return m_setDialog;
}

DeleteWebhookDialog *WebhookController::deleteWebhookDialog() const
{
    return m_deleteDialog;
}

ListenerDialog *WebhookController::listenerDialog() const
{
    return m_listenerDialog;
}

QDockWidget *WebhookController::addDock(const QString &title, const QString &objectName, QWidget *panel)
{
    auto *dock = new QDockWidget(title, &m_window);
    dock->setObjectName(objectName); // for saveState()
    dock->setWidget(panel);
    dock->setAllowedAreas(Qt::AllDockWidgetAreas);
    m_window.addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide();
    return dock;
}

void WebhookController::showDock(QDockWidget *dock)
{
    const bool wasHidden = m_listenerDock->isHidden() && m_healthDock->isHidden();
    dock->show();
    dock->raise();
    if (wasHidden) // the first dock shown takes about half of the window, the stream the rest
        m_window.resizeDocks({dock}, {m_window.height() * 9 / 20}, Qt::Vertical);
}

void WebhookController::createMenu()
{
    QMenu *menu = m_window.insertMenu(tr("&Webhook"));
    m_startListener = menu->addAction(tr("&Start Listener…"), this, &WebhookController::openListenerDialog);
    m_startListener->setToolTip(tr("Receive webhook updates on this machine and show every request"));
    m_stopListener = menu->addAction(tr("S&top Listener"), this, &WebhookController::stopListener);
    menu->addSeparator();
    m_setWebhook = menu->addAction(tr("Set &Webhook…"), this, &WebhookController::openSetWebhookDialog);
    m_deleteWebhook = menu->addAction(tr("&Delete Webhook…"), this, &WebhookController::openDeleteWebhookDialog);
    menu->addSeparator();
    QAction *listener = m_listenerDock->toggleViewAction();
    listener->setText(tr("Show &Listener"));
    menu->addAction(listener);
    QAction *health = m_healthDock->toggleViewAction();
    health->setText(tr("Show Webhook &Health"));
    menu->addAction(health);
    connect(menu, &QMenu::aboutToShow, this, &WebhookController::updateActions);
}

void WebhookController::updateActions()
{
    const bool listening = m_listener && m_listener->isListening();
    m_startListener->setEnabled(!listening);
    m_stopListener->setEnabled(listening);
    const bool haveBot = client() != nullptr;
    m_setWebhook->setEnabled(haveBot);
    m_deleteWebhook->setEnabled(haveBot);
}

BotApiClient *WebhookController::client() const
{
    if (BotSession *session = m_app.session())
        return session->client();
    if (DemoSession *demo = m_app.demo())
        return demo->client();
    return nullptr;
}

bool WebhookController::startListener(const ListenerOptions &options, const QByteArray &certificatePem,
                                      const QString &journalPath, CaptureJournal::Sync sync)
{
    stopListener();
    const QString path = !journalPath.isEmpty() ? journalPath
        : QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("capture/webhook-listener.jsonl"));
    auto journal = std::make_unique<CaptureJournal>();
    journal->setSync(sync);
    auto listener = std::make_unique<WebhookListener>(*journal);
    QString error;
    if (!journal->open(path, &error) || !listener->start(options, &error)) {
        m_window.noticeBar()->showNotice(NoticeBar::Level::Error,
                                         tr("Could not start the webhook listener: %1").arg(BotToken::redact(error)));
        return false;
    }
    connect(listener.get(), &WebhookListener::captured, this,
            [this](const QList<UpdateRecord> &records) { m_store.append(records); });
    m_journal = std::move(journal);
    m_listener = std::move(listener);
    m_certificatePem = certificatePem;
    if (m_certificatePem.isEmpty() && !options.tlsCertificatePath.isEmpty()) {
        QFile file(options.tlsCertificatePath);
        if (file.open(QIODevice::ReadOnly))
            m_certificatePem = file.readAll();
    }
    m_publicUrl.clear();
    m_listenerPanel->setListener(m_listener.get());
    showDock(m_listenerDock);
    QString where = BotToken::redact(m_listener->localUrl().toString());
    QString notice = (sync == CaptureJournal::Sync::EachAppend
                          ? tr("Listening for webhook updates at %1; accepted ones are saved to %2 and flushed to the disk before the 200, and appear in the stream.")
                          : tr("Listening for webhook updates at %1; accepted ones are saved to %2 before the 200 and appear in the stream."))
                         .arg(where, QDir::toNativeSeparators(path));
    if (options.address != QHostAddress(QHostAddress::LocalHost) && options.address != QHostAddress(QHostAddress::LocalHostIPv6))
        notice += tr(" It listens on all interfaces: other machines can reach it.");
    m_window.noticeBar()->showNotice(NoticeBar::Level::Info, notice);
    updateActions();
    updateHealthContext();
    return true;
}

void WebhookController::stopListener()
{
    if (!m_listener)
        return;
    m_listenerPanel->setListener(nullptr);
    m_listener.reset();
    m_journal.reset();
    updateActions();
    updateHealthContext();
}

void WebhookController::openListenerDialog()
{
    if (m_listenerDialog) {
        m_listenerDialog->raise();
        return;
    }
    auto *dialog = new ListenerDialog(&m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_listenerDialog = dialog;
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] {
                startListener(dialog->options(), dialog->generatedCertificatePem(), {}, dialog->journalSync());
            });
    dialog->open();
}

void WebhookController::openSetWebhookDialog()
{
    BotApiClient *api = client();
    if (!api)
        return;
    auto *dialog = new SetWebhookDialog(*api, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_setDialog = dialog;
    if (m_listener && m_listener->isListening()) {
        const ListenerOptions &options = m_listener->options();
        dialog->setListener(m_listener->localUrl(), m_listener->port(), options.path, options.secretToken);
        if (!m_certificatePem.isEmpty())
            dialog->setListenerCertificate(m_certificatePem);
    }
    connect(dialog, &SetWebhookDialog::answered, this, [this, dialog](bool ok, const QString &) {
        if (ok && m_listener && QUrl(dialog->settings().url).path() == m_listener->options().path)
            m_publicUrl = QUrl(dialog->settings().url);
        refreshHealth();
    });
    dialog->open();
}

void WebhookController::openDeleteWebhookDialog()
{
    BotApiClient *api = client();
    if (!api)
        return;
    auto *dialog = new DeleteWebhookDialog(*api, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_deleteDialog = dialog;
    if (m_healthPanel->hasInfo())
        dialog->setPendingCount(m_healthPanel->info().pendingUpdateCount);
    connect(dialog, &DeleteWebhookDialog::answered, this, &WebhookController::refreshHealth);
    dialog->open();
}

void WebhookController::setHealthInterval(int seconds)
{
    if (seconds > 0 && m_healthDock->isVisible())
        m_healthTimer.start(seconds * 1000);
    else
        m_healthTimer.stop();
}

void WebhookController::updateHealthContext()
{
    HealthContext context;
    context.listenerRunning = m_listener && m_listener->isListening();
    if (context.listenerRunning)
        context.listenerUrl = m_publicUrl.isEmpty() ? m_listener->localUrl() : m_publicUrl;
    const LongPoller *poller = m_app.activePoller();
    // A poller stopped by a 409 still wants the updates: that is the conflict worth a warning.
    context.pollerRunning = poller && poller->state() != PollerState::Stopped && poller->state() != PollerState::Failed;
    m_healthPanel->setContext(context);
}

void WebhookController::refreshHealth()
{
    BotApiClient *api = client();
    updateHealthContext();
    if (!api) {
        m_healthPanel->setFailure(tr("No bot: connect one (File › Connect to a Bot…)"), QDateTime::currentMSecsSinceEpoch());
        return;
    }
    if (m_healthInFlight)
        return;
    m_healthInFlight = true;
    BotApiCall *call = WebhookCalls::getWebhookInfo(*api);
    const auto show = [this, call] {
        m_healthInFlight = false;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (call->error().kind == BotApiError::Kind::None)
            m_healthPanel->setInfo(WebhookInfo::fromJson(call->result().toObject()), now);
        else
            m_healthPanel->setFailure(WebhookCalls::describeAnswer(*call), now);
        Q_EMIT healthRefreshed();
    };
    if (call->isFinished())
        show();
    else
        connect(call, &BotApiCall::finished, this, show);
}

} // namespace UpdateInspector
