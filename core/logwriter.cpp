// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logwriter.h"

#include "gzip.h"
#include "timestamp.h"
#include "updatestore.h"

#include <QSaveFile>

namespace UpdateInspector {

namespace {

void appendPositions(QByteArray &out, const char *key, QByteArrayView raw, char byte)
{
    bool first = true;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] != byte)
            continue;
        out.append(first ? key : ",");
        out.append(QByteArray::number(i));
        first = false;
    }
    if (!first)
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
        for (qsizetype i = at; i < out.size(); ++i) {
            if (out[i] == '\n' || out[i] == '\r')
                out[i] = ' ';
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
