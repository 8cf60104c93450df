// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QLabel;

namespace UpdateInspector {

class BotApiCall;
class BotApiClient;

// Who the connected bot is (getMe's result) and what that means for the updates it gets, in plain
// words: privacy mode, groups, inline mode.
class BotPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit BotPanel(QWidget *parent = nullptr);

    void setBot(const QJsonObject &getMeResult);
    void setError(const QString &message); // shown redacted
    void clear();
    // Calls getMe through `client` and shows its answer or its error; a load still running is
    // dropped. The client must outlive the call (it owns it).
    void load(BotApiClient &client);

    bool isLoading() const { return !m_call.isNull(); }
    QJsonObject bot() const { return m_bot; }
    QString errorText() const { return m_error; } // empty unless the last load or setError failed
    QStringList hints() const { return m_hints; }

Q_SIGNALS:
    void loaded();                        // setBot() ran with getMe's answer
    void failed(const QString &message); // redacted

private:
    void showStatus(const QString &text);
    static QString yesNo(bool value, const QString &field);

    QLabel *m_status; // "Not connected", "Asking…", or the error
    QWidget *m_details;
    QLabel *m_name;
    QLabel *m_username;
    QLabel *m_id;
    QLabel *m_groups;
    QLabel *m_privacy;
    QLabel *m_inline;
    QLabel *m_hintLabel;
    QJsonObject m_bot;
    QStringList m_hints;
    QString m_error;
    QPointer<BotApiCall> m_call;
};

} // namespace UpdateInspector
