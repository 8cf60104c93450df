// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "pollerstate.h"

#include <QObject>
#include <QPointer>

class QAction;
class QLabel;
class QMessageBox;

namespace UpdateInspector {

class LongPoller;
class MainWindow;

// What the user sees of the active poller and does with it: its state in the status bar, a
// notice when it fails or hits a conflict, the webhook question, and Pause/Resume.
class PollerStatus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PollerStatus)

public:
    explicit PollerStatus(MainWindow &window, QObject *parent = nullptr);

    // Follows `poller` (nullptr: none). `name` (the endpoint's display name, never the token)
    // goes in messages; `liveNotice` comes back when polling recovers from a failure or conflict.
    void watch(LongPoller *poller, const QString &name, const QString &liveNotice);
    LongPoller *poller() const { return m_poller; }

    QLabel *label() const { return m_label; }
    QAction *pauseAction() const { return m_pause; }
    // The open "a webhook is set" question, if any.
    QMessageBox *webhookQuestion() const;

    // "polling", "rate limited: waiting 5 s", … for the status bar.
    static QString statusText(PollerState state, const QString &explanation);

Q_SIGNALS:
    // The webhook question was opened (window-modal, not blocking): a hook for tests.
    void webhookQuestionShown(QMessageBox *box);

private:
    void show(PollerState state, const QString &explanation);
    void askAboutWebhook();
    void closeQuestion();

    MainWindow &m_window;
    QLabel *m_label;
    QAction *m_pause;
    QPointer<LongPoller> m_poller;
    QPointer<QMessageBox> m_question;
    QString m_name;
    QString m_liveNotice;
    PollerState m_shown = PollerState::Stopped;
};

} // namespace UpdateInspector
