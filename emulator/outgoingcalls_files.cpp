// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// OutgoingCalls, part four: fake files, as message media and for getFile.
#include "outgoingcalls.h"
#include "outgoingcalls_p.h"

#include <QJsonArray>
#include <QUrl>

#include <algorithm>
#include <tuple>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

using Internal::digest;
using Internal::integerOf;

namespace {

constexpr qint64 MaxDownloadSize = 20 << 20; // getFile refuses bigger files

// The first characters of a real file_id name the file's type; fake ones keep them.
QString fileIdPrefix(QStringView kind)
{
    static const QHash<QString, QString> prefixes {
        {u"photo"_s, u"AgAC"_s},    {u"animation"_s, u"CgAC"_s}, {u"audio"_s, u"CQAC"_s},
        {u"document"_s, u"BQAC"_s}, {u"video"_s, u"BAAC"_s},     {u"video_note"_s, u"DQAC"_s},
        {u"voice"_s, u"AwAC"_s},    {u"sticker"_s, u"CAAC"_s}};
    return prefixes.value(kind.toString(), u"BQAC"_s);
}

// Where getFile puts a file of that type, and its extension.
std::pair<QString, QString> folderFor(QStringView fileId)
{
    static const QHash<QString, std::pair<QString, QString>> folders {
        {u"AgAC"_s, {u"photos"_s, u".jpg"_s}},      {u"CgAC"_s, {u"animations"_s, u".mp4"_s}},
        {u"CQAC"_s, {u"music"_s, u".mp3"_s}},       {u"BAAC"_s, {u"videos"_s, u".mp4"_s}},
        {u"DQAC"_s, {u"video_notes"_s, u".mp4"_s}}, {u"AwAC"_s, {u"voice"_s, u".oga"_s}},
        {u"CAAC"_s, {u"stickers"_s, u".webp"_s}}};
    return folders.value(fileId.first(std::min<qsizetype>(4, fileId.size())).toString(),
                         {u"documents"_s, QString()});
}

QString base64Url(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

void OutgoingCalls::insertMedia(const QString &kind, const IssuedFile &file,
                                const QJsonObject &given, QJsonObject *content)
{
    if (kind == u"photo") {
        content->insert(kind, photoSizes(file));
        return;
    }
    QJsonObject object{{u"file_id"_s, file.fileId},
                        {u"file_unique_id"_s, file.uniqueId},
                        {u"file_size"_s, file.size}};
    const auto number = [&](const QString &key, qint64 fallback) {
        object.insert(key, integerOf(given.value(key), fallback));
    };
    if (kind == u"video" || kind == u"animation") {
        number(u"width"_s, kind == u"video" ? 640 : 320);
        number(u"height"_s, kind == u"video" ? 360 : 240);
    }
    if (kind == u"video_note")
        number(u"length"_s, 240);
    if (kind != u"document" && kind != u"sticker")
        number(u"duration"_s, 1);
    if (kind == u"sticker") {
        object.insert(u"type"_s, u"regular"_s);
        object.insert(u"width"_s, 512);
        object.insert(u"height"_s, 512);
        object.insert(u"is_animated"_s, false);
        object.insert(u"is_video"_s, false);
    }
    const QStringList texts = kind == u"audio" ? QStringList{u"performer"_s, u"title"_s}
        : kind == u"sticker"                   ? QStringList{u"emoji"_s}
                                               : QStringList();
    for (const QString &name : texts) {
        if (given.value(name).isString())
            object.insert(name, given.value(name).toString());
    }
    if (!file.fileName.isEmpty() && kind != u"sticker" && kind != u"video_note" && kind != u"voice")
        object.insert(u"file_name"_s, file.fileName);
    if (!file.mimeType.isEmpty() && kind != u"sticker" && kind != u"video_note")
        object.insert(u"mime_type"_s, file.mimeType);
    content->insert(kind, object);
    if (kind == u"animation") // documented: for backward compatibility `document` is set too
        content->insert(u"document"_s, object);
}

QJsonArray OutgoingCalls::photoSizes(const IssuedFile &largest)
{
    // The service stores a photo in several sizes, the sent one last.
    const IssuedFile small = remember(newFile(u"photo"_s, largest.size / 40 + 1));
    const IssuedFile medium = remember(newFile(u"photo"_s, largest.size / 6 + 1));
    QJsonArray sizes;
    for (const auto &[file, width, height] :
         {std::tuple(small, 90, 67), std::tuple(medium, 320, 240), std::tuple(largest, 800, 600)}) {
        sizes.append(QJsonObject{{u"file_id"_s, file.fileId},
                                  {u"file_unique_id"_s, file.uniqueId},
                                  {u"width"_s, width},
                                  {u"height"_s, height},
                                  {u"file_size"_s, file.size}});
    }
    return sizes;
}

OutgoingCalls::IssuedFile OutgoingCalls::issueFile(const QString &kind, const ApiParams &params,
                                                   const QString &field)
{
    if (const ApiParams::File *upload = params.file(field)) {
        IssuedFile file = newFile(kind, upload->data.size());
        file.fileName = upload->fileName;
        if (!upload->contentType.isEmpty() && upload->contentType != "application/octet-stream")
            file.mimeType = QString::fromLatin1(upload->contentType);
        return remember(file);
    }
    return issueFileFrom(kind, params.string(field), params);
}

// `reference` is how the bot named the file: attach://<part>, an HTTP URL, or a file_id.
OutgoingCalls::IssuedFile
OutgoingCalls::issueFileFrom(const QString &kind, const QString &reference, const ApiParams &params)
{
    if (reference.startsWith(u"attach://") && params.file(reference.sliced(9)))
        return issueFile(kind, params, reference.sliced(9));
    if (reference.startsWith(u"http://") || reference.startsWith(u"https://")
        || reference.startsWith(u"attach://")) {
        IssuedFile file = newFile(kind, fakeFileSize());
        file.fileName = QUrl(reference).fileName();
        return remember(file);
    }
    if (m_files.contains(reference)) // a file sent before: the same file again
        return m_files.value(reference);
    IssuedFile file = newFile(kind, fakeFileSize());
    file.fileId = reference;
    return remember(file);
}

OutgoingCalls::IssuedFile OutgoingCalls::newFile(const QString &kind, qint64 size)
{
    const QByteArray bytes = digest(QByteArray::number(m_botId) + ':' + kind.toLatin1() + ':'
                                    + QByteArray::number(++m_counter));
    IssuedFile file;
    file.fileId = fileIdPrefix(kind) + u"AgIAAxkDAAI"_s + base64Url(bytes);
    file.uniqueId = u"AQAD"_s + base64Url(bytes.first(12));
    file.size = size;
    static const QHash<QString, QString> mimeTypes{{u"audio"_s, u"audio/mpeg"_s},
                                                    {u"video"_s, u"video/mp4"_s},
                                                    {u"animation"_s, u"video/mp4"_s},
                                                    {u"voice"_s, u"audio/ogg"_s}};
    file.mimeType = mimeTypes.value(kind);
    return file;
}

OutgoingCalls::IssuedFile OutgoingCalls::remember(const IssuedFile &file)
{
    if (m_files.size() >= MaxRemembered) // bounded: an emulator session may run for days
        m_files.clear();
    m_files.insert(file.fileId, file);
    return file;
}

qint64 OutgoingCalls::fakeFileSize() { return 10000 + (m_counter * 7919) % 90000; }

QString OutgoingCalls::newToken(int bytes)
{
    return base64Url(
        digest(QByteArray::number(m_botId) + ":token:" + QByteArray::number(++m_counter))
            .first(bytes));
}

ApiReply OutgoingCalls::getFile(const Call &call)
{
    const QString fileId = call.params.string(u"file_id"_s);
    IssuedFile file = m_files.value(fileId);
    if (file.fileId.isEmpty()) { // a file_id from an update the emulator made up
        file.fileId = fileId;
        file.uniqueId = u"AQAD"_s + base64Url(digest(fileId.toUtf8()).first(12));
        file.size = 10000 + qint64(quint8(digest(fileId.toUtf8()).at(0))) * 97;
    }
    if (file.size > MaxDownloadSize)
        return ApiReply::error(400, u"Bad Request: file is too big"_s);
    QString path = m_filePaths.value(fileId);
    if (path.isEmpty()) {
        if (m_filePaths.size() >= MaxRemembered)
            m_filePaths.clear();
        const auto [folder, extension] = folderFor(fileId);
        path = u"%1/file_%2%3"_s.arg(folder).arg(m_filePaths.size()).arg(extension);
        m_filePaths.insert(fileId, path);
    }
    return ApiReply::ok(QJsonObject{{u"file_id"_s, file.fileId},
                                     {u"file_unique_id"_s, file.uniqueId},
                                     {u"file_size"_s, file.size},
                                     {u"file_path"_s, path}});
}

ApiReply OutgoingCalls::uploadStickerFile(const Call &call)
{
    const IssuedFile file = issueFile(u"document"_s, call.params, u"sticker"_s);
    return ApiReply::ok(QJsonObject{{u"file_id"_s, file.fileId},
                                     {u"file_unique_id"_s, file.uniqueId},
                                     {u"file_size"_s, file.size}});
}

} // namespace UpdateInspector
