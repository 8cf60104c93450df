// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "appcontroller.h"

#include "botpanel.h"
#include "botsession.h"
#include "connectdialog.h"
#include "bottoken.h"
#include "demosession.h"
#include "emulatorserver.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "pollerstatus.h"
#include "savedconnection.h"
#include "tokenkeychain.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QMenu>

namespace UpdateInspector {

AppController::AppController(MainWindow &window, UpdateStore &store, QObject *parent)
    : QObject(parent), m_window(window), m_store(store), m_status(new PollerStatus(window, this)),
      m_panel(new BotPanel), m_dock(new QDockWidget(tr("Bot"), &window))
{
    m_dock->setObjectName(QStringLiteral("botDock")); // for saveState()
    m_dock->setWidget(m_panel);
    m_dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    window.addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide(); // until a bot is polled
    createActions();
    // A log opened over a live stream ends the source: its updates would mix into the log.
    connect(&window, &MainWindow::streamReplaced, this, &AppController::stopLive);
}

AppController::~AppController()
{
    m_status->watch(nullptr, {}, {});
}

void AppController::createActions()
{
    m_connect = new QAction(tr("Connect to a &Bot…"), this);
    m_connect->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_connect->setToolTip(tr("Poll a bot's updates with its token"));
    connect(m_connect, &QAction::triggered, this, &AppController::openConnectDialog);
    m_disconnect = new QAction(tr("&Disconnect"), this);
    m_disconnect->setEnabled(false);
    m_disconnect->setToolTip(tr("Stop polling this bot and forget it; the updates captured stay"));
    connect(m_disconnect, &QAction::triggered, this, &AppController::disconnectBot);

    QMenu *file = m_window.fileMenu();
    QAction *first = file->actions().value(0);
    file->insertAction(first, m_connect);
    file->insertSeparator(first);

    QMenu *bot = m_window.insertMenu(tr("&Bot"));
    bot->addAction(m_connect);
    bot->addAction(m_status->pauseAction());
    bot->addAction(m_disconnect);
    bot->addSeparator();
    QAction *panel = m_dock->toggleViewAction();
    panel->setText(tr("Show Bot &Panel"));
    bot->addAction(panel);
}

ConnectDialog *AppController::connectDialog() const
{
    return m_dialog;
}

LongPoller *AppController::activePoller() const
{
    return m_session ? m_session->poller() : m_demo ? m_demo->poller() : nullptr;
}

bool AppController::startDemo()
{
    stopLive();
    auto demo = std::make_unique<DemoSession>(m_store);
    QString error;
    if (!demo->start(&error)) {
        m_window.openSample(); // the next best thing
        return false;
    }
    m_demo = std::move(demo);
    const QString notice = demoNotice();
    m_window.startLiveStream(tr("Demo"), notice);
    m_status->watch(m_demo->poller(), tr("the demo bot"), notice);
    // Loaded, not shown: a newcomer's first look belongs to the stream (Bot › Show Bot Panel).
    m_panel->load(*m_demo->client());
    return true;
}

QString AppController::demoNotice() const
{
    return tr("Demo: no bot is connected, so a built-in emulated bot sends sample updates, polled live at %1. "
              "File › Connect to a Bot… polls your own bot; File › Open looks at a log.")
        .arg(m_demo ? m_demo->emulator()->baseUrl().toString() : QString());
}

bool AppController::connectTo(const BotApiEndpoint &endpoint, const PollerOptions &options)
{
    const bool demoRan = m_demo != nullptr;
    stopLive(); // first: a session for the same bot holds the journal's lock
    auto session = std::make_unique<BotSession>(m_store, endpoint, options);
    const QString name = endpoint.displayName(); // never the token
    QString error;
    if (!session->start(&error)) {
        if (demoRan)
            startDemo();
        m_window.noticeBar()->showNotice(NoticeBar::Level::Error,
                                         tr("Could not poll %1: %2").arg(name, BotToken::redact(error)));
        return false;
    }
    m_session = std::move(session);
    const QString notice = tr("Polling %1 … Each update is saved to %2 before it is confirmed, so none is lost.")
                               .arg(name, QDir::toNativeSeparators(m_session->journalPath()));
    m_window.startLiveStream(name, notice);
    m_status->watch(m_session->poller(), name, notice);
    m_disconnect->setEnabled(true);
    showBot(*m_session->client());
    return true;
}

void AppController::disconnectBot()
{
    if (!m_session)
        return;
    const BotApiEndpoint endpoint = m_session->endpoint();
    const QString journal = QDir::toNativeSeparators(m_session->journalPath());
    const auto captured = int(m_session->poller()->capturedCount());
    forgetSaved(TokenKeychain::keyFor(endpoint));
    stopLive();
    m_window.noticeBar()->showNotice(
        NoticeBar::Level::Info,
        tr("Disconnected from %1 and forgotten: polling stopped. The %n update(s) captured stay here and in %2.",
           nullptr, captured)
            .arg(endpoint.displayName(), journal));
}

void AppController::stopLive()
{
    m_awaitingKeychain = false;
    m_status->watch(nullptr, {}, {});
    m_panel->clear(); // its getMe call goes with the client
    m_session.reset();
    m_demo.reset();
    m_disconnect->setEnabled(false);
}

void AppController::showBot(BotApiClient &client)
{
    m_panel->load(client);
    m_dock->show();
}

} // namespace UpdateInspector
