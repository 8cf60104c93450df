// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// CaptureJournal's append() and close(), its accessors, and the parsing both open() and append()
// need. open() is in capturejournal_open.cpp, the file calls are in capturejournal_file.cpp.
#include "capturejournal.h"
#include "capturejournal_p.h"

#include "logwriter.h"

#include <cstdint>
#include <string_view>

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector {

using namespace Internal;

// The update_id of an update object, read by open() (capturejournal_open.cpp) and append().
std::optional<qint64> Internal::updateIdOf(ondemand::object update)
{
    for (auto field : update) {
        std::string_view key;
        if (field.escaped_key().get(key) != SUCCESS)
            return std::nullopt;
        if (key == "update_id"sv) {
            std::int64_t id = 0;
            if (field.value().get_int64().get(id) != SUCCESS)
                return std::nullopt;
            return id;
        }
    }
    return std::nullopt;
}

bool CaptureJournal::Private::fail(QString *error, const QString &what, int code)
{
    *error = QStringLiteral("%1 the capture journal %2: %3").arg(what, path, errorText(code));
    return false;
}

ondemand::document *CaptureJournal::Private::parsePadded(QByteArrayView bytes,
                                                        ondemand::document &doc)
{
    scratch.assign(bytes.data(), size_t(bytes.size()));
    scratch.append(SIMDJSON_PADDING, ' ');
    const padded_string_view padded(scratch.data(), size_t(bytes.size()), scratch.size());
    return parser.iterate(padded).get(doc) == SUCCESS ? &doc : nullptr;
}

std::optional<qint64> CaptureJournal::Private::updateIdOfRaw(QByteArrayView raw)
{
    ondemand::document doc;
    ondemand::object object;
    if (!parsePadded(raw, doc) || doc.get_object().get(object) != SUCCESS)
        return std::nullopt;
    return updateIdOf(object);
}

void CaptureJournal::Private::noteAppended(const QList<UpdateRecord> &records)
{
    // Newest first: usually one parse per source in the batch.
    std::array<bool, UpdateSourceCount> done {};
    for (qsizetype i = records.size() - 1; i >= 0; --i) {
        const UpdateRecord &record = records[i];
        if (done[size_t(record.source)])
            continue;
        if (const std::optional<qint64> id = updateIdOfRaw(record.raw)) {
            tails[size_t(record.source)] = Tail {true, *id, record.receivedMs};
            done[size_t(record.source)] = true;
        }
    }
}

// Cuts a half-written batch (and the reserve) away, so that the file ends at the last durable
// line again.
bool CaptureJournal::Private::rollBack()
{
    reserved = size;
    return truncateTo(fd, size) == 0 && syncData(fd) == 0;
}

// Makes room for `length` more bytes of lines: when they would pass the reserve, zeros are
// written up to the next ReserveChunk boundary after them (only where the lines will not go).
int CaptureJournal::Private::reserveFor(qint64 length)
{
    const qint64 end = size + length;
    if (end <= reserved)
        return 0;
    static const QByteArray zeros(ReserveChunk, '\0');
    const qint64 target = (end / ReserveChunk + 1) * ReserveChunk;
    for (qint64 at = end; at < target;) {
        const qint64 piece = qMin<qint64>(target - at, zeros.size());
        if (const int code = writeAt(fd, zeros.constData(), piece, at))
            return code;
        at += piece;
    }
    reserved = target;
    return 0;
}

CaptureJournal::CaptureJournal() : d(std::make_unique<Private>()) {}

CaptureJournal::~CaptureJournal()
{
    close();
}

void CaptureJournal::close()
{
    if (d->fd >= 0) {
        d->flusher.reset();
        if (d->reserved > d->size)
            truncateTo(d->fd, d->size); // at worst the next open() drops the reserve
        syncData(d->fd); // the last lines (and the size) on the disk; an error has no one to tell
        closeFile(d->fd);
    }
    d->fd = -1;
    d->path.clear();
    d->size = 0;
    d->reserved = 0;
    d->repaired = 0;
    d->bytesRead = 0;
    d->tails = {};
}

bool CaptureJournal::isOpen() const
{
    return d->fd >= 0;
}

QString CaptureJournal::path() const
{
    return d->path;
}

qint64 CaptureJournal::repairedBytes() const
{
    return d->repaired;
}

qint64 CaptureJournal::bytesReadAtOpen() const
{
    return d->bytesRead;
}

CaptureJournal::Tail CaptureJournal::tail(UpdateSource source) const
{
    return d->tails[size_t(source)];
}

bool CaptureJournal::append(const QList<UpdateRecord> &records, QString *error)
{
    if (d->fd < 0) {
        *error = QStringLiteral("the capture journal is not open");
        return false;
    }
    if (records.isEmpty())
        return true;
    qsizetype expected = 0;
    for (const UpdateRecord &record : records)
        expected += record.raw.size() + 96;
    QByteArray batch;
    batch.reserve(expected);
    for (const UpdateRecord &record : records)
        LogWriter::appendEnvelope(batch, record.raw, record.receivedMs, record.source);

    int code = writeAt(d->fd, batch.constData(), batch.size(), d->size);
    if (code == 0)
        code = d->reserveFor(batch.size());
    if (code == 0)
        code = d->flusher ? d->flusher->takeError() : syncData(d->fd); // as it was opened
    if (code != 0) {
        d->fail(error, QStringLiteral("cannot write to"), code);
        if (!d->rollBack()) {
            // The file may now end in part of this batch: only a fresh open() can sort that out.
            *error += QStringLiteral(" (the journal could not be cut back to its last complete "
                                     "batch and was closed)");
            const QString path = d->path;
            close();
            d->path = path;
        }
        return false;
    }
    d->size += batch.size();
    if (d->flusher)
        d->flusher->written(d->size);
    d->noteAppended(records);
    return true;
}

void CaptureJournal::setSync(Sync sync)
{
    d->syncMode = sync;
}

CaptureJournal::Sync CaptureJournal::sync() const
{
    return d->syncMode;
}

qint64 CaptureJournal::size() const
{
    return d->size;
}

qint64 CaptureJournal::flushedSize() const
{
    return d->flusher ? d->flusher->flushed() : d->size; // EachAppend: flushed at open and append
}

} // namespace UpdateInspector
