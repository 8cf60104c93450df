// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "multipart_p.h"

#include <QByteArrayView>

namespace UpdateInspector::Internal {

namespace {
// The value of `key` in a header's parameters, e.g. name="x" in Content-Disposition.
QByteArray headerParameter(QByteArrayView header, QByteArrayView key)
{
    qsizetype pos = 0;
    while ((pos = header.indexOf(key, pos)) >= 0) {
        const bool startsWord = pos == 0 || header[pos - 1] == ';' || header[pos - 1] == ' '
                                || header[pos - 1] == '\t';
        const qsizetype eq = pos + key.size();
        if (!startsWord || eq >= header.size() || header[eq] != '=') {
            pos = eq;
            continue;
        }
        qsizetype begin = eq + 1;
        if (begin < header.size() && header[begin] == '"') {
            QByteArray value;
            for (qsizetype i = begin + 1; i < header.size() && header[i] != '"'; ++i) {
                if (header[i] == '\\' && i + 1 < header.size())
                    ++i;
                value += header[i];
            }
            return value;
        }
        qsizetype end = header.indexOf(';', begin);
        if (end < 0)
            end = header.size();
        return header.sliced(begin, end - begin).trimmed().toByteArray();
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
