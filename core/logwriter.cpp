// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logwriter.h"

#include "gzip.h"
#include "timestamp.h"
#include "updatestore.h"

#include <QSaveFile>

#include <charconv>
#include <cstring>

namespace UpdateInspector {

namespace {

void appendPositions(QByteArray &out, const char *key, QByteArrayView raw, char byte)
{
    const char *begin = raw.data();
    const char *end = begin + raw.size();
    const char *at = static_cast<const char *>(std::memchr(begin, byte, size_t(raw.size())));
    if (!at)
        return;
    out.append(key);
    for (;;) {
        char digits[24];
        const auto [last, ec] = std::to_chars(digits, digits + sizeof digits, at - begin);
        out.append(digits, last - digits);
        at = static_cast<const char *>(std::memchr(at + 1, byte, size_t(end - at - 1)));
        if (!at)
            break;
        out.append(',');
    }
    out.append("],");
}

} // namespace

void LogWriter::appendEnvelope(QByteArray &out, QByteArrayView raw, std::int64_t receivedMs,
                               UpdateSource source)
{
    out.append("{");
    if (receivedMs != 0)
        out.append("\"received_at\":\"").append(formatTimestamp(receivedMs)).append("\",");
    out.append("\"source\":\"").append(sourceName(source)).append("\",");
    // Raw JSON can only hold line breaks between tokens, where a space is equivalent: write
    // spaces and note where the breaks were, so the line stays one line and the bytes come back.
    if (raw.startsWith('{') && raw.endsWith('}')) {
        appendPositions(out, "\"raw_lf\":[", raw, '\n');
        appendPositions(out, "\"raw_cr\":[", raw, '\r');
        out.append("\"update\":");
        const qsizetype at = out.size();
        out.append(raw);
        char *copy = out.data() + at; // one detach check, not one a byte
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (copy[i] == '\n' || copy[i] == '\r')
                copy[i] = ' ';
        }
    } else {
        // Leading or trailing bytes outside the object: keep them exactly, encoded.
        out.append("\"update_b64\":\"").append(raw.toByteArray().toBase64()).append('"');
    }
    out.append("}\n");
}

bool LogWriter::writeFile(const QString &path, const UpdateStore &store, QString *error,
                          const QList<qsizetype> &rows)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const bool compress = path.endsWith(QLatin1StringView(".gz"));
    GzipWriter gzip(&file);
    QByteArray block;
    block.reserve(1 << 20);
    auto flush = [&] {
        const bool ok = compress ? gzip.write(block) : file.write(block) == block.size();
        block.clear();
        return ok;
    };
    const qsizetype count = rows.isEmpty() ? store.size() : rows.size();
    for (qsizetype i = 0; i < count; ++i) {
        const qsizetype row = rows.isEmpty() ? i : rows[i];
        const UpdateIndexEntry &e = store.entry(row);
        appendEnvelope(block, store.raw(row), e.receivedMs, e.source);
        if (block.size() >= (1 << 20) && !flush())
            break;
    }
    const bool ok = flush() && (!compress || gzip.finish()) && file.commit();
    if (!ok)
        *error = QStringLiteral("cannot write %1: %2")
                     .arg(path, compress && !gzip.errorString().isEmpty() ? gzip.errorString() : file.errorString());
    return ok;
}

} // namespace UpdateInspector
