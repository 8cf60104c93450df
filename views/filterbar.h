// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updatefilter.h"

#include <QTimer>
#include <QWidget>

class QLineEdit;
class QToolButton;

namespace UpdateInspector {

class KindMenu;

// The quick filter: kinds, a chat id, and free text over the raw JSON. The chat field shows its
// syntax state (empty / valid / invalid) in its colour, as Wireshark's filter edit does.
class FilterBar final : public QWidget
{
    Q_OBJECT
public:
    enum class SyntaxState { Empty, Valid, Invalid };
    Q_ENUM(SyntaxState)

    explicit FilterBar(QWidget *parent = nullptr);

    UpdateFilter filter() const { return m_filter; }
    void setChat(std::int64_t chatId);
    void clear();
    void focusText();
    SyntaxState chatSyntaxState() const { return m_chatState; }
    QLineEdit *textEdit() const { return m_text; }
    QLineEdit *chatEdit() const { return m_chat; }
    KindMenu *kindMenu() const { return m_kinds; }

Q_SIGNALS:
    void filterChanged(const UpdateFilter &filter);

private:
    void onChatEdited();
    void updateKindButton();
    void publish();

    KindMenu *m_kinds;
    QToolButton *m_kindButton;
    QLineEdit *m_chat;
    QLineEdit *m_text;
    QTimer m_textDelay; // a keystroke's filter over a large log waits for the next keystroke
    UpdateFilter m_filter;
    SyntaxState m_chatState = SyntaxState::Empty;
};

} // namespace UpdateInspector
