// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QRandomGenerator>
#include <QString>

#include <functional>
#include <optional>

namespace UpdateInspector {

// Makes realistic update payloads (Bot API 10.x shapes, without update_id) to inject into the
// emulator: what a bot would receive when a user writes, taps a button, types an inline query or
// joins a group. Message ids count up per chat; ids and chat instances come from the seed.
class UpdateTemplates
{
public:
    enum class Kind { Text, Command, CallbackButton, InlineQuery, MemberJoin };

    // "text", "command", "callback", "inline", "join"; nullopt otherwise.
    static std::optional<Kind> kindFromName(QStringView name);
    static QLatin1StringView kindName(Kind kind);

    // Where a join lands when no group is given: a supergroup.
    static constexpr qint64 DefaultGroupId = -1001234567890;

    struct Params
    {
        qint64 chatId = 0; // 0 = the private chat with the user; negative = a group
        qint64 userId = 0; // 0 = the default user ("Ada")
        QString text;      // message text / command (with or without '/') / callback data / query
        QString firstName; // empty = "Ada" for the default user, "User <n>" for others
        QString username;  // empty = "ada_tester" for the default user, none for others
    };

    explicit UpdateTemplates(qint64 botId, const QString &botUsername, quint32 seed);

    qint64 defaultUserId() const { return m_defaultUserId; }
    // Message ids are shared by everyone in a chat: when a bot's emulator gives them out, the
    // templates take theirs from it too (by default they count on their own).
    void setMessageIdSource(std::function<qint64(qint64 chatId)> next) { m_messageIdSource = std::move(next); }

    // One Update object without update_id, as compact JSON.
    QByteArray make(Kind kind, const Params &params, qint64 unixDate);

private:
    QJsonObject user(const Params &params) const;
    QJsonObject botUser() const;
    QJsonObject chat(qint64 chatId, const Params &params) const;
    qint64 chatIdFor(const Params &params) const;
    qint64 nextMessageId(qint64 chatId);
    QString randomId();
    QString chatInstance(qint64 chatId);

    QJsonObject textMessage(const Params &params, qint64 unixDate);
    QJsonObject commandMessage(const Params &params, qint64 unixDate);
    QJsonObject callbackQuery(const Params &params, qint64 unixDate);
    QJsonObject inlineQuery(const Params &params);
    QJsonObject memberJoin(const Params &params, qint64 unixDate);

    qint64 m_botId;
    QString m_botUsername;
    qint64 m_defaultUserId;
    QRandomGenerator m_random;
    QHash<qint64, qint64> m_lastMessageId; // per chat
    std::function<qint64(qint64)> m_messageIdSource;
    QHash<qint64, QString> m_chatInstances; // per chat, stable like the service's
};

} // namespace UpdateInspector
