// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QFile>
#include <QJsonObject>
#include <QString>

namespace UpdateInspector {

// A Bot API call the bot under test made to the emulator, and what it was answered: what the
// inspector shows as "what the bot did in reply".
struct RecordedCall
{
    enum class Via {
        Http,         // an ordinary request to /bot<token>/<method>
        WebhookReply, // a method in the body of the bot's answer to a webhook delivery
    };

    qint64 timeMs = 0;
    qint64 botId = 0;            // never the token
    bool testEnvironment = false;
    QString method;              // as the emulator knows it (canonical case) or as the bot wrote it
    QJsonObject params;
    int status = 200;
    QJsonObject response;        // the envelope sent (or that would have been sent, for WebhookReply)
    Via via = Via::Http;
    // WebhookReply: the update answered. Http: the newest update handed to the bot before the call
    // (0 when none), the update the call most likely answers.
    qint64 updateId = 0;
    // The service ignores some methods in a webhook reply (get*, setWebhook, deleteWebhook,
    // close, logOut): recorded so the user sees why nothing happened, but not executed.
    bool ignored = false;

    QJsonObject toJson() const;
};

// Writes recorded calls as JSON Lines, one flushed line per call.
class RecordedCallWriter
{
public:
    bool open(const QString &path, QString *error);
    bool write(const RecordedCall &call);
    void close() { m_file.close(); }

private:
    QFile m_file;
};

} // namespace UpdateInspector
