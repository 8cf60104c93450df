// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QLabel;
class QPushButton;

namespace UpdateInspector {

class BotApiCall;
class BotApiClient;

// "Delete webhook": what deleting means (updates then wait for getUpdates), whether to drop the
// pending ones, and the service's answer in its own words. The dialog stays open to show it.
class DeleteWebhookDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit DeleteWebhookDialog(BotApiClient &client, QWidget *parent = nullptr);

    // getWebhookInfo's pending_update_count, shown with the drop option; -1: not known.
    void setPendingCount(int count);
    void setDropPendingUpdates(bool drop);
    bool dropPendingUpdates() const;
    void send();

    bool isSending() const { return !m_call.isNull(); }
    QString answer() const { return m_answerText; } // the last answer, empty before one

Q_SIGNALS:
    void answered(bool ok, const QString &answer);

private:
    BotApiClient &m_client;
    QCheckBox *m_drop;
    QLabel *m_answer;
    QPushButton *m_delete;
    QPointer<BotApiCall> m_call;
    QString m_answerText;
};

} // namespace UpdateInspector
