// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "recordedcall.h"

#include "timestamp.h"

#include <QJsonDocument>

namespace UpdateInspector {

QJsonObject RecordedCall::toJson() const
{
    QJsonObject object{
        {QStringLiteral("time"), QString::fromLatin1(formatTimestamp(timeMs))},
        {QStringLiteral("bot_id"), botId},
        {QStringLiteral("method"), method},
        {QStringLiteral("params"), params},
        {QStringLiteral("status"), status},
        {QStringLiteral("response"), response},
        {QStringLiteral("via"), via == Via::Http ? QStringLiteral("http") : QStringLiteral("webhook_reply")},
    };
    if (testEnvironment)
        object.insert(QStringLiteral("test_environment"), true);
    if (ignored)
        object.insert(QStringLiteral("ignored"), true);
    if (updateId != 0)
        object.insert(QStringLiteral("update_id"), updateId);
    return object;
}

bool RecordedCallWriter::open(const QString &path, QString *error)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, m_file.errorString());
        return false;
    }
    return true;
}

bool RecordedCallWriter::write(const RecordedCall &call)
{
    const QByteArray line = QJsonDocument(call.toJson()).toJson(QJsonDocument::Compact) + '\n';
    return m_file.write(line) == line.size() && m_file.flush();
}

} // namespace UpdateInspector
