// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "multipart_p.h"

#include <QByteArrayView>

namespace UpdateInspector::Internal {

namespace {
// The value of parameter `key` (case-insensitive) in a header such as
// `form-data; name="x"; filename="a; b.pem"`: parameters are split at semicolons outside quotes.
QByteArray headerParameter(QByteArrayView header, QByteArrayView key)
{
    qsizetype pos = header.indexOf(';');
    while (pos >= 0 && pos < header.size()) {
        qsizetype i = pos + 1;
        while (i < header.size() && (header[i] == ' ' || header[i] == '\t'))
            ++i;
        const qsizetype eq = header.indexOf('=', i);
        if (eq < 0)
            return {};
        const bool wanted = header.sliced(i, eq - i).trimmed().compare(key, Qt::CaseInsensitive) == 0;
        QByteArray value;
        i = eq + 1;
        if (i < header.size() && header[i] == '"') {
            for (++i; i < header.size() && header[i] != '"'; ++i) {
                if (header[i] == '\\' && i + 1 < header.size())
                    ++i;
                value += header[i];
            }
            pos = header.indexOf(';', i);
        } else {
            pos = header.indexOf(';', i);
            value = header.sliced(i, (pos < 0 ? header.size() : pos) - i).trimmed().toByteArray();
        }
        if (wanted)
            return value;
    }
    return {};
}
} // namespace

QByteArray multipartBoundary(const QByteArray &contentType)
{
    return headerParameter(contentType, "boundary");
}

std::optional<QList<FormPart>> parseMultipart(const QByteArray &body, const QByteArray &boundary,
                                              QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<QList<FormPart>> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (boundary.isEmpty())
        return fail(QStringLiteral("multipart/form-data without a boundary"));
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return fail(QStringLiteral("the multipart body has no boundary line"));
    QList<FormPart> parts;
    while (true) {
        pos += delimiter.size();
        if (body.sliced(pos).startsWith("--"))
            return parts; // the closing delimiter
        if (!body.sliced(pos).startsWith("\r\n"))
            return fail(QStringLiteral("a multipart boundary line is malformed"));
        pos += 2;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", pos);
        if (headersEnd < 0)
            return fail(QStringLiteral("a multipart part has no end of headers"));
        const QByteArray partEnd = "\r\n" + delimiter;
        const qsizetype next = body.indexOf(partEnd, headersEnd + 4);
        if (next < 0)
            return fail(QStringLiteral("the multipart body ends early (no closing boundary)"));
        FormPart part;
        for (const QByteArray &line : body.sliced(pos, headersEnd - pos).split('\n')) {
            const QByteArray header = line.trimmed();
            const qsizetype colon = header.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = header.first(colon).trimmed().toLower();
            const QByteArray value = header.sliced(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = QString::fromUtf8(headerParameter(value, "name"));
                part.fileName = QString::fromUtf8(headerParameter(value, "filename"));
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        if (part.name.isEmpty())
            return fail(QStringLiteral("a multipart part has no name"));
        part.data = body.sliced(headersEnd + 4, next - headersEnd - 4);
        parts.append(std::move(part));
        pos = next + 2;
    }
}

} // namespace UpdateInspector::Internal
