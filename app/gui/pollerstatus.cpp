// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "pollerstatus.h"

#include "bottoken.h"
#include "longpoller.h"
#include "mainwindow.h"
#include "noticebar.h"

#include <QAction>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>

namespace UpdateInspector {

namespace {
// The seconds in a poller explanation ("… waiting 5 s …", "… again in 2.3 s"); empty if none.
QString secondsIn(const QString &explanation)
{
    static const QRegularExpression seconds(QStringLiteral("([0-9]+(?:\\.[0-9]+)?) s\\b"));
    return seconds.match(explanation).captured(1);
}
} // namespace

PollerStatus::PollerStatus(MainWindow &window, QObject *parent)
    : QObject(parent), m_window(window), m_label(new QLabel(&window)),
      m_pause(new QAction(tr("&Pause Polling"), this))
{
    m_label->setObjectName(QStringLiteral("pollerState"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->setContentsMargins(0, 0, 12, 0); // apart from the counts
    m_label->hide();
    window.addStatusWidget(m_label);
    m_pause->setCheckable(true);
    m_pause->setEnabled(false);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pause->setToolTip(tr("Stop asking for updates for now; resuming continues from the same offset"));
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        if (!m_poller)
            return;
        if (paused)
            m_poller->pause();
        else
            m_poller->resume();
    });
}

void PollerStatus::watch(LongPoller *poller, const QString &name, const QString &liveNotice)
{
    if (m_poller)
        disconnect(m_poller, nullptr, this, nullptr);
    closeQuestion();
    m_poller = poller;
    m_name = name;
    m_liveNotice = liveNotice;
    m_shown = PollerState::Stopped;
    if (!poller) {
        m_label->hide();
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(false);
        m_pause->setEnabled(false);
        return;
    }
    connect(poller, &LongPoller::stateChanged, this, &PollerStatus::show);
    show(poller->state(), poller->explanation());
}

QMessageBox *PollerStatus::webhookQuestion() const
{
    return m_question;
}

QString PollerStatus::statusText(PollerState state, const QString &explanation)
{
    const QString seconds = secondsIn(explanation);
    switch (state) {
    case PollerState::Stopped:
        return tr("stopped");
    case PollerState::Polling:
        return explanation.isEmpty() ? tr("polling") : tr("polling (%1)").arg(explanation);
    case PollerState::Paused:
        return tr("paused");
    case PollerState::Backoff:
        return seconds.isEmpty() ? tr("network trouble: retrying")
                                 : tr("network trouble: retrying in %1 s").arg(seconds);
    case PollerState::RateLimited:
        return seconds.isEmpty() ? tr("rate limited: waiting") : tr("rate limited: waiting %1 s").arg(seconds);
    case PollerState::Conflict:
        return tr("conflict: not polling");
    case PollerState::Failed:
        return tr("failed: not polling");
    }
    return {};
}

void PollerStatus::show(PollerState state, const QString &explanation)
{
    const QString safe = BotToken::redact(explanation); // it quotes the server: trust nothing in it
    m_label->setText(statusText(state, safe));
    m_label->setToolTip(safe);
    // Green while updates flow, amber while waiting, red when the user has to act.
    const bool stuck = state == PollerState::Conflict || state == PollerState::Failed;
    const QString colour = state == PollerState::Polling ? QStringLiteral("#1b7f3b")
                           : stuck                       ? QStringLiteral("#b00020")
                                                         : QStringLiteral("#a15c00");
    m_label->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
    m_label->show();
    {
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(state == PollerState::Paused);
        m_pause->setEnabled(state != PollerState::Stopped && state != PollerState::Failed);
    }
    NoticeBar *notice = m_window.noticeBar();
    if (state == PollerState::Failed) {
        notice->showNotice(NoticeBar::Level::Error, tr("Polling %1 stopped: %2").arg(m_name, safe));
    } else if (state == PollerState::Conflict) {
        notice->showNotice(NoticeBar::Level::Warning, tr("Polling %1 is blocked: %2").arg(m_name, safe));
        if (m_poller && m_poller->conflict() == ConflictKind::WebhookActive)
            askAboutWebhook();
    } else if (state == PollerState::Polling
               && (m_shown == PollerState::Conflict || m_shown == PollerState::Failed)) {
        notice->showNotice(NoticeBar::Level::Info, m_liveNotice);
    }
    if (state != PollerState::Conflict)
        closeQuestion();
    m_shown = state;
}

void PollerStatus::askAboutWebhook()
{
    if (m_question)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("A Webhook Is Set"),
                                tr("A webhook is set for %1, so its updates cannot be polled.").arg(m_name),
                                QMessageBox::NoButton, &m_window);
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(tr("Deleting the webhook lets this inspector poll the bot. Updates the server holds "
                               "for the webhook can be kept (they come here next) or dropped. Set the webhook "
                               "again later if the bot should get its updates there."));
    QPushButton *keep = box->addButton(tr("Delete the Webhook and Poll"), QMessageBox::AcceptRole);
    QPushButton *drop = box->addButton(tr("Delete It and Drop Pending Updates"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    keep->setObjectName(QStringLiteral("deleteWebhook"));
    drop->setObjectName(QStringLiteral("deleteWebhookDropPending"));
    box->setDefaultButton(keep);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    const QPointer<LongPoller> poller = m_poller; // the question is about this one only
    connect(box, &QMessageBox::buttonClicked, this, [this, poller, keep, drop](QAbstractButton *button) {
        m_question.clear(); // it closes itself
        if (poller && (button == keep || button == drop))
            poller->deleteWebhookAndPoll(button == drop);
    });
    m_question = box;
    box->open();
    Q_EMIT webhookQuestionShown(box);
}

void PollerStatus::closeQuestion()
{
    if (m_question)
        m_question->close(); // deletes it (WA_DeleteOnClose)
}

} // namespace UpdateInspector
