// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "jsonformat.h"

#include <algorithm>
#include <cstring>

namespace UpdateInspector {

namespace {

// Levels deeper than this are laid out at this depth: n bytes of "[[[[..." would otherwise ask
// for n*n/2 bytes of indentation. Real updates nest about ten levels.
constexpr int MaxIndentDepth = 32;
constexpr int MaxIndent = 16;

constexpr bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A byte that ends a run of number/literal bytes (or of garbage, in invalid input).
constexpr bool endsScalar(char c)
{
    switch (c) {
    case '{':
    case '}':
    case '[':
    case ']':
    case ',':
    case ':':
    case '"':
    case ' ':
    case '\t':
    case '\n':
    case '\r':
        return true;
    default:
        return false;
    }
}

// One past the closing quote of the string whose opening quote is at `begin`; the end of the
// input when it is unterminated. memchr finds candidates fast; a quote is escaped only when an odd
// number of backslashes (inside the string) precedes it.
qsizetype stringEnd(const char *data, qsizetype size, qsizetype begin)
{
    qsizetype from = begin + 1;
    while (from < size) {
        const auto *hit
            = static_cast<const char *>(std::memchr(data + from, '"', size_t(size - from)));
        if (!hit)
            return size;
        const qsizetype quote = hit - data;
        qsizetype backslashes = 0;
        while (quote - backslashes - 1 > begin && data[quote - backslashes - 1] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return quote + 1;
        from = quote + 1;
    }
    return size;
}

qsizetype scalarEnd(const char *data, qsizetype size, qsizetype begin)
{
    qsizetype end = begin + 1;
    while (end < size && !endsScalar(data[end]))
        ++end;
    return end;
}

} // namespace

QByteArray prettyJson(QByteArrayView raw, int indent)
{
    indent = std::clamp(indent, 0, MaxIndent);
    const char *data = raw.data();
    const qsizetype size = raw.size();
    QByteArray out;
    out.reserve(2 * size
                + 64); // compact Bot API JSON roughly doubles; one allocation in most cases

    int depth = 0;
    // The last token written completed a value. Another value right after it only happens in
    // invalid input; a separator keeps the two apart instead of gluing "1 2" into "12".
    bool afterValue = false;
    const auto newline = [&] {
        out.append('\n');
        out.append(qsizetype(std::min(depth, MaxIndentDepth)) * indent, ' ');
    };
    const auto separate = [&] {
        if (afterValue)
            out.append(depth == 0 ? '\n' : ' ');
    };

    qsizetype i = 0;
    while (i < size) {
        const char c = data[i];
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            ++i;
            break;
        case '{':
        case '[': {
            separate();
            const char close = c == '{' ? '}' : ']';
            qsizetype next = i + 1;
            while (next < size && isSpace(data[next]))
                ++next;
            if (next < size && data[next] == close) { // jq keeps empty containers on one line
                out.append(c);
                out.append(close);
                i = next + 1;
                afterValue = true;
                break;
            }
            out.append(c);
            ++depth;
            newline();
            afterValue = false;
            ++i;
            break;
        }
        case '}':
        case ']':
            if (depth > 0)
                --depth;
            if (!out.isEmpty())
                newline();
            out.append(c);
            afterValue = true;
            ++i;
            break;
        case ',':
            out.append(',');
            newline();
            afterValue = false;
            ++i;
            break;
        case ':':
            out.append(": ");
            afterValue = false;
            ++i;
            break;
        case '"': {
            separate();
            const qsizetype end = stringEnd(data, size, i);
            out.append(data + i, end - i);
            afterValue = true;
            i = end;
            break;
        }
        default: {
            separate();
            const qsizetype end = scalarEnd(data, size, i);
            out.append(data + i, end - i);
            afterValue = true;
            i = end;
            break;
        }
        }
    }
    return out;
}

QByteArray compactJson(QByteArrayView raw)
{
    const char *data = raw.data();
    const qsizetype size = raw.size();
    QByteArray out;
    out.reserve(size);
    qsizetype i = 0;
    while (i < size) {
        const char c = data[i];
        if (isSpace(c)) {
            ++i;
            continue;
        }
        const qsizetype end = c == '"' ? stringEnd(data, size, i) : i + 1;
        out.append(data + i, end - i);
        i = end;
    }
    return out;
}

bool isJsonNumber(QByteArrayView token)
{
    qsizetype i = 0;
    const qsizetype size = token.size();
    const auto digits = [&] {
        const qsizetype from = i;
        while (i < size && token[i] >= '0' && token[i] <= '9')
            ++i;
        return i > from;
    };
    if (i < size && token[i] == '-')
        ++i;
    if (i < size && token[i] == '0')
        ++i; // no leading zeros: "0" stands alone
    else if (!digits())
        return false;
    if (i < size && token[i] == '.') {
        ++i;
        if (!digits())
            return false;
    }
    if (i < size && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        if (i < size && (token[i] == '+' || token[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == size;
}

} // namespace UpdateInspector
