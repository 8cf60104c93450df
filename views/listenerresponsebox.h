// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QGroupBox>
#include <QPointer>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace UpdateInspector {

class WebhookListener;

// The listener panel's "Answer valid updates" controls: how a valid update is answered (an empty
// 200 or a reply-with-method body) and a deliberate fault (kind, seconds, how many requests), put
// into effect with Apply.
class ListenerResponseBox final : public QGroupBox
{
    Q_OBJECT
public:
    explicit ListenerResponseBox(QWidget *parent = nullptr);
    ~ListenerResponseBox() override;

    // Fills the controls from `listener`'s current reply and fault; nullptr disables Apply. The
    // box does not own the listener. Either way the last message is cleared.
    void setListener(WebhookListener *listener);

    // Applies the controls to the listener; false (and message()) on a problem.
    bool apply();
    QString message() const; // what Apply said (an error in plain words, or what it did)

Q_SIGNALS:
    void applied(); // the listener now answers with what the controls say

private:
    void loadFromListener();
    void updateControls();
    void showMessage(const QString &text, bool problem);

    QPointer<WebhookListener> m_listener;
    QComboBox *m_replyMode;
    QPlainTextEdit *m_replyBody;
    QComboBox *m_faultKind;
    QSpinBox *m_faultSeconds;
    QComboBox *m_faultScope;
    QSpinBox *m_faultAmount;
    QPushButton *m_apply;
    QLabel *m_message;
};

} // namespace UpdateInspector
