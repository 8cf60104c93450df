// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "botpanel.h"

#include "botapiclient.h"
#include "bottoken.h"

#include <QFormLayout>
#include <QLabel>
#include <QUrl>
#include <QVBoxLayout>

namespace UpdateInspector {

namespace {
QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // names come from the server
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

BotPanel::BotPanel(QWidget *parent)
    : QWidget(parent), m_status(new QLabel(this)), m_details(new QWidget(this)),
      m_name(valueLabel(m_details)), m_username(new QLabel(m_details)), m_id(valueLabel(m_details)),
      m_groups(valueLabel(m_details)), m_privacy(valueLabel(m_details)), m_inline(valueLabel(m_details)),
      m_hintLabel(new QLabel(this))
{
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_username->setObjectName(QStringLiteral("username"));
    m_username->setTextFormat(Qt::RichText); // a t.me link
    m_username->setOpenExternalLinks(true);
    m_username->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_hintLabel->setObjectName(QStringLiteral("hints"));
    m_hintLabel->setTextFormat(Qt::PlainText);
    m_hintLabel->setWordWrap(true);

    auto *form = new QFormLayout(m_details);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Bot:"), m_name);
    form->addRow(tr("Username:"), m_username);
    form->addRow(tr("Id:"), m_id);
    form->addRow(tr("Groups:"), m_groups);
    form->addRow(tr("Privacy mode:"), m_privacy);
    form->addRow(tr("Inline mode:"), m_inline);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_details);
    layout->addSpacing(4);
    layout->addWidget(m_hintLabel);
    layout->addStretch();
    clear();
}

QString BotPanel::yesNo(bool value, const QString &field)
{
    return (value ? tr("yes") : tr("no")) + QStringLiteral(" (") + field
           + (value ? QStringLiteral(": true)") : QStringLiteral(": false)"));
}

void BotPanel::setBot(const QJsonObject &getMeResult)
{
    m_bot = getMeResult;
    const QString username = getMeResult.value(u"username").toString();
    const bool canJoinGroups = getMeResult.value(u"can_join_groups").toBool();
    const bool readsAll = getMeResult.value(u"can_read_all_group_messages").toBool();
    const bool inlineMode = getMeResult.value(u"supports_inline_queries").toBool();

    QString name = getMeResult.value(u"first_name").toString();
    if (const QString last = getMeResult.value(u"last_name").toString(); !last.isEmpty())
        name += u' ' + last;
    m_name->setText(name);
    m_username->setText(username.isEmpty() ? tr("(none)")
                                           : QStringLiteral("<a href=\"https://t.me/%1\">@%2</a>")
                                                 .arg(QString::fromLatin1(QUrl::toPercentEncoding(username)),
                                                      username.toHtmlEscaped()));
    // The address in a tooltip rather than on the line, so the panel stays narrow.
    m_username->setToolTip(username.isEmpty() ? QString() : u"https://t.me/" + username);
    m_id->setText(QString::number(getMeResult.value(u"id").toInteger()));
    m_groups->setText(yesNo(canJoinGroups, QStringLiteral("can_join_groups")));
    m_privacy->setText((readsAll ? tr("off") : tr("on")) + QStringLiteral(" (can_read_all_group_messages: ")
                       + (readsAll ? QStringLiteral("true)") : QStringLiteral("false)")));
    m_inline->setText(yesNo(inlineMode, QStringLiteral("supports_inline_queries")));

    m_hints.clear();
    if (!canJoinGroups)
        m_hints << tr("It cannot be added to groups.");
    m_hints << (readsAll ? tr("Privacy mode is off: the bot sees every message in its groups.")
                         : tr("Privacy mode is on: in groups this bot only sees commands, replies to it and "
                              "messages that mention it."));
    if (!inlineMode)
        m_hints << tr("Inline mode is off: inline_query updates will not come (turn it on in @BotFather).");
    QStringList bullets;
    for (const QString &hint : std::as_const(m_hints))
        bullets << u"• " + hint;
    m_hintLabel->setText(bullets.join(u'\n'));

    m_error.clear();
    m_status->hide();
    m_details->show();
    m_hintLabel->show();
}

void BotPanel::setError(const QString &message)
{
    m_bot = {};
    m_hints.clear();
    showStatus(tr("getMe failed: %1").arg(BotToken::redact(message)));
    m_error = m_status->text();
    m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
}

void BotPanel::clear()
{
    m_bot = {};
    m_hints.clear();
    showStatus(tr("No bot connected."));
}

void BotPanel::load(BotApiClient &client)
{
    if (m_call) {
        disconnect(m_call, nullptr, this, nullptr);
        m_call->abort();
    }
    showStatus(tr("Asking the Bot API who this bot is (getMe)…"));
    BotApiCall *call = client.call(QStringLiteral("getMe"));
    m_call = call;
    connect(call, &BotApiCall::finished, this, [this, call] {
        m_call.clear();
        if (const BotApiError &error = call->error(); error.isError()) {
            // 401 from any server, a plain 404 from the cloud: the token itself is refused.
            const bool tokenRefused = (error.kind == BotApiError::Kind::Api && error.errorCode == 401)
                                      || error.httpStatus == 404;
            setError(tokenRefused ? tr("%1. The server does not know this token: it is mistyped or was revoked "
                                       "(@BotFather shows the current one).").arg(error.message())
                                  : error.message());
            Q_EMIT failed(errorText());
            return;
        }
        setBot(call->result().toObject());
        Q_EMIT loaded();
    });
}

void BotPanel::showStatus(const QString &text)
{
    m_error.clear();
    m_status->setStyleSheet(QString());
    m_status->setText(text);
    m_status->show();
    m_details->hide();
    m_hintLabel->hide();
    m_hintLabel->clear();
}

} // namespace UpdateInspector
