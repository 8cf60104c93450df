// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "httprequestparser.h"

#include <QByteArrayView>
#include <QString>

namespace UpdateInspector {

// Line helpers the request head and the chunked framing share.
namespace HttpSyntax {
inline bool isOws(char c) { return c == ' ' || c == '\t'; }

inline QByteArrayView trimOws(QByteArrayView text)
{
    while (!text.isEmpty() && isOws(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isOws(text.back()))
        text.chop(1);
    return text;
}

inline QByteArrayView withoutCr(QByteArrayView line)
{
    return line.endsWith('\r') ? line.chopped(1) : line;
}
} // namespace HttpSyntax

// The framing of a chunked request body (RFC 9112 section 7.1), one piece at a time, for
// HttpRequestParser: a chunk-size line, the line end after a chunk's data, a trailer line. Each
// reader looks at `data` from `pos` and keeps no state of its own; the parser keeps its place.
namespace HttpChunkedBody {

struct Step
{
    // True: the piece was read and the data goes on at `next`. False: parsing stops at `pos`
    // with `result` (NeedMore: the piece is not all there yet) and, on a failure, `error`.
    bool read = false;
    qsizetype next = 0;
    qint64 chunkSize = 0; // readSizeLine: the size read; 0 for the last chunk
    bool endsTrailer = false; // readTrailerLine: the blank line that ends the trailer
    HttpRequestParser::Result result = HttpRequestParser::Result::NeedMore;
    QString error;
};

// A chunk-size line (extensions ignored). A size that would take the body, `bodyBytes` so far,
// over `maxBodyBytes` is refused before any of its data is read.
Step readSizeLine(QByteArrayView data, qsizetype pos, qint64 bodyBytes, qint64 maxBodyBytes);
// The CRLF after a chunk's data (a bare LF is tolerated).
Step readDataEnd(QByteArrayView data, qsizetype pos);
// One trailer line, read past and not kept; `trailerBytes` so far count against
// `maxTrailerBytes`.
Step readTrailerLine(QByteArrayView data, qsizetype pos, qint64 trailerBytes,
                     qint64 maxTrailerBytes);

} // namespace HttpChunkedBody

} // namespace UpdateInspector
