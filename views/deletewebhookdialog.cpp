// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "deletewebhookdialog.h"

#include "botapiclient.h"
#include "webhooksettings.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace UpdateInspector {

DeleteWebhookDialog::DeleteWebhookDialog(BotApiClient &client, QWidget *parent)
    : QDialog(parent), m_client(client), m_drop(new QCheckBox(this)), m_answer(new QLabel(this)), m_delete(nullptr)
{
    setWindowTitle(tr("Delete Webhook"));
    auto *explanation = new QLabel(
        tr("Telegram stops posting updates to the webhook. New updates then wait on the server until "
           "something calls getUpdates (this app's poller or the bot itself), for up to 24 hours."),
        this);
    explanation->setObjectName(QStringLiteral("explanation"));
    explanation->setTextFormat(Qt::PlainText);
    explanation->setWordWrap(true);
    m_drop->setObjectName(QStringLiteral("dropPendingUpdates"));
    m_drop->setToolTip(tr("drop_pending_updates: the waiting updates are thrown away and cannot be fetched later"));
    m_answer->setObjectName(QStringLiteral("answer"));
    m_answer->setTextFormat(Qt::PlainText);
    m_answer->setWordWrap(true);
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_delete = buttons->addButton(tr("Delete webhook"), QDialogButtonBox::ApplyRole);
    m_delete->setObjectName(QStringLiteral("delete"));
    m_delete->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(m_drop);
    layout->addWidget(m_answer);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(420);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_delete, &QPushButton::clicked, this, &DeleteWebhookDialog::send);
    setPendingCount(-1);
}

void DeleteWebhookDialog::setPendingCount(int count)
{
    // Spelled out: without a translation loaded, %n's "(s)" would show as it is.
    m_drop->setText(count < 0    ? tr("Drop the pending updates (drop_pending_updates)")
                    : count == 1 ? tr("Drop the 1 pending update (drop_pending_updates)")
                                 : tr("Drop the %1 pending updates (drop_pending_updates)").arg(count));
}

void DeleteWebhookDialog::setDropPendingUpdates(bool drop)
{
    m_drop->setChecked(drop);
}

bool DeleteWebhookDialog::dropPendingUpdates() const
{
    return m_drop->isChecked();
}

void DeleteWebhookDialog::send()
{
    if (isSending())
        return;
    m_answer->setStyleSheet(QString());
    m_answer->setText(tr("Sending deleteWebhook…"));
    m_delete->setEnabled(false);
    BotApiCall *call = WebhookCalls::deleteWebhook(m_client, m_drop->isChecked());
    m_call = call;
    connect(call, &BotApiCall::finished, this, [this, call] {
        m_call = nullptr;
        const bool ok = !call->error().isError();
        m_answerText = WebhookCalls::describeAnswer(*call);
        m_answer->setText(m_answerText);
        m_answer->setStyleSheet(ok ? QString() : QStringLiteral("color: #b00020;"));
        m_delete->setEnabled(true);
        Q_EMIT answered(ok, m_answerText);
    });
}

} // namespace UpdateInspector
