// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

namespace UpdateInspector::Cli {

// Commands typed on standard input while a long-running command serves: each complete, non-empty
// line (trimmed) is emitted; at the end of input the notifier stops and serving goes on.
class StdinLines final : public QObject
{
    Q_OBJECT
public:
    explicit StdinLines(QObject *parent = nullptr);

Q_SIGNALS:
    void line(const QString &text);

private:
    void readAvailable();

    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_buffer;
};

} // namespace UpdateInspector::Cli
