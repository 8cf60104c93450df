// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "filterbar.h"

#include "kindmenu.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

#include <bit>

namespace UpdateInspector {

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent), m_kinds(new KindMenu(this)), m_kindButton(new QToolButton(this)),
      m_chat(new QLineEdit(this)), m_text(new QLineEdit(this))
{
    m_kindButton->setMenu(m_kinds);
    m_kindButton->setPopupMode(QToolButton::InstantPopup);
    m_kindButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_chat->setPlaceholderText(tr("Chat id"));
    m_chat->setClearButtonEnabled(true);
    m_chat->setMaximumWidth(200);
    m_chat->setToolTip(tr("Show only updates in this chat (a chat id such as -1001234567890)"));
    m_text->setPlaceholderText(tr("Search the raw JSON (Ctrl+F)"));
    m_text->setClearButtonEnabled(true);
    m_text->setToolTip(tr("Case-insensitive text search over each update's raw JSON"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(new QLabel(tr("Filter:"), this));
    layout->addWidget(m_kindButton);
    layout->addWidget(m_chat);
    layout->addWidget(m_text, 1);

    m_textDelay.setSingleShot(true);
    m_textDelay.setInterval(150);
    connect(&m_textDelay, &QTimer::timeout, this, &FilterBar::publish);
    connect(m_text, &QLineEdit::textChanged, this, [this] { m_textDelay.start(); });
    connect(m_text, &QLineEdit::returnPressed, this, &FilterBar::publish);
    connect(m_chat, &QLineEdit::textChanged, this, &FilterBar::onChatEdited);
    connect(m_kinds, &KindMenu::maskChanged, this, [this] {
        updateKindButton();
        publish();
    });
    updateKindButton();
}

void FilterBar::setChat(std::int64_t chatId)
{
    m_chat->setText(QString::number(chatId));
}

void FilterBar::clear()
{
    m_chat->clear();
    m_text->clear();
    m_kinds->setMask(AllKinds);
    publish();
}

void FilterBar::focusText()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void FilterBar::onChatEdited()
{
    const QString text = m_chat->text().trimmed();
    bool ok = false;
    text.toLongLong(&ok);
    m_chatState = text.isEmpty() ? SyntaxState::Empty : ok ? SyntaxState::Valid : SyntaxState::Invalid;
    // Green for a usable id, red for text that is not one: the filter only changes when usable.
    static const QString styles[] = {
        QString(),
        QStringLiteral("QLineEdit { background: #d7f5d7; color: black; }"),
        QStringLiteral("QLineEdit { background: #ffd6d6; color: black; }"),
    };
    m_chat->setStyleSheet(styles[int(m_chatState)]);
    if (m_chatState != SyntaxState::Invalid)
        publish();
}

void FilterBar::updateKindButton()
{
    const UpdateKindMask mask = m_kinds->mask();
    const int shown = std::popcount(mask);
    m_kindButton->setText(mask == AllKinds ? tr("All kinds") : shown == 0 ? tr("No kinds") : tr("%n kind(s)", nullptr, shown));
}

void FilterBar::publish()
{
    m_textDelay.stop();
    UpdateFilter filter;
    filter.kinds = m_kinds->mask();
    bool ok = false;
    const qint64 chat = m_chat->text().trimmed().toLongLong(&ok);
    if (ok)
        filter.chatId = chat;
    filter.text = m_text->text();
    if (filter == m_filter)
        return;
    m_filter = filter;
    Q_EMIT filterChanged(m_filter);
}

} // namespace UpdateInspector
