// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "httpchunkedbody_p.h"

#include <algorithm>

namespace UpdateInspector::HttpChunkedBody {

namespace {
using Result = HttpRequestParser::Result;
using HttpSyntax::trimOws;
using HttpSyntax::withoutCr;

constexpr qsizetype kMaxChunkSizeLine = 1024; // hex digits plus extensions

Step stop(Result result, const QString &error)
{
    Step step;
    step.result = result;
    step.error = error;
    return step;
}

Step readTo(qsizetype next)
{
    Step step;
    step.read = true;
    step.next = next;
    return step;
}
} // namespace

Step readSizeLine(QByteArrayView data, qsizetype pos, qint64 bodyBytes, qint64 maxBodyBytes)
{
    const qsizetype lineEnd = data.indexOf('\n', pos);
    if (lineEnd < 0) {
        return data.size() - pos > kMaxChunkSizeLine
            ? stop(Result::Malformed, QStringLiteral("a chunk size line is too long"))
            : Step();
    }
    QByteArrayView line = withoutCr(data.sliced(pos, lineEnd - pos));
    if (const qsizetype semicolon = line.indexOf(';'); semicolon >= 0)
        line = line.first(semicolon); // chunk extensions carry nothing we use
    line = trimOws(line);
    const bool hex = !line.isEmpty() && std::all_of(line.begin(), line.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
    if (!hex)
        return stop(Result::Malformed, QStringLiteral("a chunk size is not a hexadecimal number"));
    while (line.size() > 1 && line.front() == '0')
        line = line.sliced(1);
    const qint64 size = line.size() > 15 ? -1 : line.toLongLong(nullptr, 16);
    if (size < 0 || size > maxBodyBytes - bodyBytes)
        return stop(Result::BodyTooLarge,
                    QStringLiteral("the chunked body is larger than %1 bytes").arg(maxBodyBytes));
    Step step = readTo(lineEnd + 1);
    step.chunkSize = size;
    return step;
}

Step readDataEnd(QByteArrayView data, qsizetype pos)
{
    if (pos >= data.size() || (data[pos] == '\r' && pos + 1 >= data.size()))
        return Step();
    const qsizetype skip
        = data[pos] == '\n' ? 1 : (data[pos + 1] == '\n' && data[pos] == '\r' ? 2 : 0);
    if (skip == 0)
        return stop(Result::Malformed, QStringLiteral("a chunk is longer than its size says"));
    return readTo(pos + skip);
}

Step readTrailerLine(QByteArrayView data, qsizetype pos, qint64 trailerBytes,
                     qint64 maxTrailerBytes)
{
    const qsizetype lineEnd = data.indexOf('\n', pos);
    const qint64 lineBytes = (lineEnd < 0 ? data.size() : lineEnd + 1) - pos;
    if (trailerBytes + lineBytes > maxTrailerBytes)
        return stop(
            Result::HeadTooLarge,
            QStringLiteral("the chunked trailer is larger than %1 bytes").arg(maxTrailerBytes));
    if (lineEnd < 0)
        return Step();
    Step step = readTo(lineEnd + 1);
    step.endsTrailer = withoutCr(data.sliced(pos, lineEnd - pos)).isEmpty();
    return step;
}

} // namespace UpdateInspector::HttpChunkedBody
