// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "apiparams.h"
#include "apireply.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace UpdateInspector {

// Plausible Bot API answers to the calls a bot under test makes (sendMessage, editMessageText,
// answerCallbackQuery, getChat, ...): what the real service would return, built from the call's own
// parameters, with the service's validation errors for the common mistakes. getUpdates, getMe and
// the webhook methods are answered elsewhere. Not thread-safe; one instance per emulated bot.
class OutgoingCalls
{
public:
    explicit OutgoingCalls(const QJsonObject &botUser);

    // Method names are case-insensitive: any case of a known method gives its documented spelling
    // ("SENDMESSAGE" -> "sendMessage"); an unknown name is returned as given.
    static QString canonicalName(QStringView method);
    static bool isKnownMethod(QStringView method);

    // The reply to `canonicalMethod` (see canonicalName) called with `params` at `unixNow`.
    // Unknown methods are answered `true`.
    ApiReply answer(const QString &canonicalMethod, const ApiParams &params, qint64 unixNow);

    // A message with `messageId` exists in `chatId` (e.g. one the emulated user sent): the bot's
    // next message there gets a higher id, as message ids are shared by everyone in a chat.
    void noteMessageId(qint64 chatId, qint64 messageId);
    // Gives out the next message id in a chat (for a message from anyone in it).
    qint64 nextMessageId(qint64 chatId);
    void setBotUser(const QJsonObject &botUser) { m_botUser = botUser; }

private:
    struct Call
    {
        const QString &method;
        const ApiParams &params;
        qint64 now;
    };
    struct IssuedFile
    {
        QString fileId;
        QString uniqueId;
        qint64 size = 0;
        QString fileName;
        QString mimeType;
    };
    using Handler = ApiReply (OutgoingCalls::*)(const Call &);
    // Fills the content fields of a new or edited message (text, photo, location, ...).
    using ContentBuilder = std::optional<ApiReply> (OutgoingCalls::*)(const Call &, QJsonObject *);
    static constexpr qsizetype MaxRemembered = 50000; // polls and files kept for later calls

    // outgoingcalls.cpp: dispatch, fixed answers, chats. outgoingcalls_methods.cpp: method names.
    static const QHash<QString, Handler> &handlers();
    static const QHash<QString, QJsonValue> &fixedResults();
    static std::optional<QJsonObject> chatFor(const ApiParams &params, const QString &field,
                                              ApiReply *error);
    static QJsonObject userObject(qint64 id);

    // outgoingcalls_validation.cpp: required parameters and the errors for missing ones.
    static std::optional<ApiReply> checkRequired(const Call &call);
    static QString missingDescription(QStringView method, QStringView param);
    static QString messageNotFound(QStringView method);

    // outgoingcalls_messages.cpp: messages sent or edited, and what the bot may ask about chats.
    QJsonObject newMessage(const QJsonObject &chat, const Call &call);
    QJsonObject editedMessage(const QJsonObject &chat, const Call &call) const;
    static void addInlineMarkup(const ApiParams &params, QJsonObject *message);
    void rememberPoll(const QJsonObject &message);
    ApiReply sendContent(const Call &call);
    ApiReply sendMediaGroup(const Call &call);
    ApiReply forwardMessage(const Call &call);
    ApiReply copyMessage(const Call &call);
    ApiReply copyMessages(const Call &call);
    ApiReply editMessage(const Call &call);
    ApiReply stopPoll(const Call &call);
    ApiReply getChat(const Call &call);
    ApiReply getChatMember(const Call &call);
    ApiReply getChatAdministrators(const Call &call);
    ApiReply getChatMemberCount(const Call &call);
    ApiReply getMyName(const Call &call);
    ApiReply exportChatInviteLink(const Call &call);
    ApiReply chatInviteLink(const Call &call);
    ApiReply createForumTopic(const Call &call);
    ApiReply createInvoiceLink(const Call &call);
    ApiReply getStickerSet(const Call &call);

    // outgoingcalls_content.cpp: message contents.
    static const QHash<QString, ContentBuilder> &contentBuilders();
    std::optional<ApiReply> textContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> captionContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> fileContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> mediaContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> paidMediaContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> locationContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> venueContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> contactContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> pollContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> diceContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> checklistContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> invoiceContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> gameContent(const Call &call, QJsonObject *content);
    std::optional<ApiReply> noContent(const Call &call, QJsonObject *content);
    // The InputMedia `media` as message content: {"photo": [...]}, {"video": {...}}, ...
    QJsonObject inputMediaContent(const QJsonObject &media, const ApiParams &params);

    // outgoingcalls_files.cpp: fake files, as message media and for getFile.
    // Adds the `kind` field for `file`, with what `given` says of it (width, duration, ...).
    void insertMedia(const QString &kind, const IssuedFile &file, const QJsonObject &given,
                     QJsonObject *content);
    QJsonArray photoSizes(const IssuedFile &largest);
    IssuedFile issueFile(const QString &kind, const ApiParams &params, const QString &field);
    IssuedFile issueFileFrom(const QString &kind, const QString &reference,
                             const ApiParams &params);
    IssuedFile newFile(const QString &kind, qint64 size);
    IssuedFile remember(const IssuedFile &file);
    qint64 fakeFileSize();
    QString newToken(int bytes);
    ApiReply getFile(const Call &call);
    ApiReply uploadStickerFile(const Call &call);

    QJsonObject m_botUser;
    qint64 m_botId = 0;
    QHash<qint64, qint64> m_lastMessageId; // per chat
    QHash<QString, QJsonObject> m_polls; // "<chat id>/<message id>" -> the Poll sent
    QHash<QString, IssuedFile> m_files; // file_id -> the file, for getFile
    QHash<QString, QString> m_filePaths; // file_id -> file_path once getFile gave one
    qint64 m_counter = 0; // for fake ids, tokens and file names
};

} // namespace UpdateInspector
