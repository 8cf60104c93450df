// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "stdinlines.h"

#include <QSocketNotifier>

#include <unistd.h>

namespace UpdateInspector::Cli {

StdinLines::StdinLines(QObject *parent)
    : QObject(parent)
    , m_notifier(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &StdinLines::readAvailable);
}

void StdinLines::readAvailable()
{
    char buffer[4096];
    const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got <= 0) {
        m_notifier->setEnabled(false);
        return;
    }
    m_buffer.append(buffer, got);
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QString text = QString::fromUtf8(m_buffer.first(newline)).trimmed();
        m_buffer.remove(0, newline + 1);
        if (!text.isEmpty())
            Q_EMIT line(text);
    }
}

} // namespace UpdateInspector::Cli
