// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QGroupBox>
#include <QList>
#include <QStringList>

class QCheckBox;
class QLabel;

namespace UpdateInspector {

// "Updates to receive (allowed_updates)" for setWebhook: whether the list is sent at all, a check
// box per update kind (opt-in kinds marked, the default set checked to begin with) and a line on
// what the service does with the choice. The check boxes are named "sendAllowedUpdates" and after
// their kinds ("message", "chat_member", ...).
class AllowedUpdatesBox final : public QGroupBox
{
    Q_OBJECT
public:
    explicit AllowedUpdatesBox(QWidget *parent = nullptr);

    bool sendsList() const; // unchecked: allowed_updates is left out and the bot keeps its stored list
    QStringList allowedUpdates() const; // the checked kinds in API order; empty when not sent
    // Checks "send" as `send` says and, when the list is sent and `kinds` is not empty, exactly
    // those kinds (otherwise the kinds stay as they are).
    void setAllowedUpdates(bool send, const QStringList &kinds);

Q_SIGNALS:
    void changed();

private:
    void showHint();

    QCheckBox *m_send;
    QList<QCheckBox *> m_kindBoxes; // index = UpdateKind - 1
    QLabel *m_hint;
};

} // namespace UpdateInspector
