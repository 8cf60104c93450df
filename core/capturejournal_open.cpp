// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// CaptureJournal::open(): the checks, the repair of a cut-off last line, and the per-source tails,
// all from at most TailScanLimit bytes read back from the end.
#include "capturejournal_p.h"

#include "timestamp.h"

#include <QFileInfo>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector {

using namespace Internal;

namespace {

constexpr qint64 BlockSize = 64 * 1024;

// ---- Reading lines from the end ----------------------------------------------------------

// The lines of a file, newest first, read backwards in blocks and never more than `limit` bytes.
class BackwardLines
{
public:
    enum Result { Line, StartOfFile, LimitReached, ReadError };

    BackwardLines(int fd, qint64 end, qint64 limit)
        : m_fd(fd), m_start(end), m_stop(qMax<qint64>(0, end - limit)) {}

    // The line before the previous one (without its '\n'; the first call gives what follows the
    // last '\n', empty when the file ends with one). Valid until the next call.
    Result previous(QByteArrayView *line)
    {
        for (;;) {
            if (m_done)
                return StartOfFile;
            // An empty view is not searched: Qt 6.8's lastIndexOf() on one still looked at its
            // first byte and could answer 0, giving a line of length -1.
            const qsizetype nl = m_end == 0 ? -1 : QByteArrayView(m_buffer.constData(), m_end).lastIndexOf('\n');
            if (nl >= 0 || m_start == 0) {
                *line = QByteArrayView(m_buffer.constData() + nl + 1, m_end - nl - 1);
                m_done = nl < 0;
                m_end = qMax<qsizetype>(nl, 0);
                return Line;
            }
            if (m_start <= m_stop)
                return LimitReached;
            if (const int code = readBlock()) {
                m_error = code;
                return ReadError;
            }
        }
    }
    qint64 bytesRead() const { return m_bytesRead; }
    int error() const { return m_error; }

private:
    // Puts the block before what was read so far in front of the unreturned bytes.
    int readBlock()
    {
        const qint64 length = qMin(BlockSize, m_start - m_stop);
        QByteArray block(length + m_end, Qt::Uninitialized);
        std::memcpy(block.data() + length, m_buffer.constData(), size_t(m_end));
        if (const int code = readAt(m_fd, block.data(), length, m_start - length))
            return code;
        m_buffer = std::move(block);
        m_end += length;
        m_start -= length;
        m_bytesRead += length;
        return 0;
    }

    int m_fd;
    qint64 m_start; // file offset of m_buffer[0]
    qint64 m_stop;  // no reading before this offset
    QByteArray m_buffer;
    qsizetype m_end = 0; // m_buffer[0, m_end) is not returned yet
    qint64 m_bytesRead = 0;
    int m_error = 0;
    bool m_done = false;
};

} // namespace

// An envelope line of a source not found yet: its source, update_id and receive time.
std::optional<TailLine> CaptureJournal::Private::readTailLine(QByteArrayView line)
{
    ondemand::document doc;
    ondemand::object envelope;
    if (!parsePadded(line, doc) || doc.get_object().get(envelope) != SUCCESS)
        return std::nullopt;
    TailLine result;
    std::optional<qint64> id;
    QByteArray base64;
    for (auto field : envelope) {
        std::string_view key, text;
        if (field.escaped_key().get(key) != SUCCESS)
            return std::nullopt;
        if (key == "received_at"sv && field.value().get_string().get(text) == SUCCESS) {
            const QByteArrayView time(text.data(), qsizetype(text.size()));
            result.receivedMs = parseTimestamp(time).value_or(0);
        } else if (key == "source"sv && field.value().get_string().get(text) == SUCCESS) {
            result.source = sourceFromName(QByteArrayView(text.data(), qsizetype(text.size())));
            if (tails[size_t(result.source)].found)
                return std::nullopt; // a newer line of this source was seen already
        } else if (key == "update"sv) {
            ondemand::object update;
            if (field.value().get_object().get(update) == SUCCESS)
                id = updateIdOf(update);
        } else if (key == "update_b64"sv && field.value().get_string().get(text) == SUCCESS) {
            base64 = QByteArray(text.data(), qsizetype(text.size()));
        }
    }
    if (!base64.isEmpty()) // parsed after the envelope: the parser serves one document at a time
        id = updateIdOfRaw(QByteArray::fromBase64(base64));
    if (!id || tails[size_t(result.source)].found)
        return std::nullopt;
    result.updateId = *id;
    return result;
}

bool CaptureJournal::Private::openChecked(QString *error)
{
    if (const int code = makeFolder(QFileInfo(path).absolutePath()))
        return fail(error, QStringLiteral("cannot create the folder of"), code);
    const bool existed = QFileInfo::exists(path);
    if (const int code = openFile(path, &fd))
        return fail(error, QStringLiteral("cannot open"), code);
    if (!existed) {
        if (const int code = syncFolder(QFileInfo(path).absolutePath()))
            return fail(error, QStringLiteral("cannot create"), code);
    }
    if (const int code = fileSize(fd, &size))
        return fail(error, QStringLiteral("cannot read"), code);
    if (const int code = dropReserve())
        return fail(error, QStringLiteral("cannot repair"), code);
    if (size > 0) {
        // Truncating a cut-off "line" of a file that is no journal at all would destroy it.
        char first = 0;
        if (const int code = readAt(fd, &first, 1, 0))
            return fail(error, QStringLiteral("cannot read"), code);
        if (first != '{') {
            *error = QStringLiteral("%1 does not look like a capture journal "
                                    "(it does not start with '{')").arg(path);
            return false;
        }
    }
    return repairAndScan(error);
}

// Cuts off the zeros a journal reserves ahead of its lines (see ReserveChunk), left by a crash
// or still there in a copy made while it was open. Zeros are never part of a line.
int CaptureJournal::Private::dropReserve()
{
    // Usually the file ends in '\n' (closed cleanly): one byte read tells.
    reserved = size;
    char last = 0;
    if (size == 0)
        return 0;
    if (const int code = readAt(fd, &last, 1, size - 1))
        return code;
    bytesRead = 1;
    if (last != '\0')
        return 0;
    qint64 end = size;
    QByteArray block;
    while (end > 0 && bytesRead < TailScanLimit) {
        const qint64 length = std::min({BlockSize, end, TailScanLimit - bytesRead});
        block.resize(length);
        if (const int code = readAt(fd, block.data(), length, end - length))
            return code;
        bytesRead += length;
        const char *bytes = block.constData();
        qsizetype zeros = 0;
        while (zeros < length && bytes[length - 1 - zeros] == '\0')
            ++zeros;
        end -= zeros;
        if (zeros < length)
            break;
    }
    if (int code = truncateTo(fd, end); code || (code = syncData(fd)))
        return code;
    size = end;
    reserved = size;
    return 0;
}

// Removes a last line cut off by a crash (the caller reports repairedBytes()), then finds each
// source's newest update, newest line first, until every source is found, the file starts, or
// TailScanLimit bytes were read. Lines that do not parse (or hold no update_id) are passed over.
bool CaptureJournal::Private::repairAndScan(QString *error)
{
    BackwardLines lines(fd, size, TailScanLimit - bytesRead); // dropReserve() read some
    QByteArrayView line;
    BackwardLines::Result result = lines.previous(&line);
    if (result == BackwardLines::LimitReached) {
        *error = QStringLiteral("the last line of the capture journal %1 is cut off and longer "
                                "than %2 MiB: not repairing it automatically")
                     .arg(path).arg(TailScanLimit >> 20);
        return false;
    }
    if (result == BackwardLines::Line && !line.isEmpty()) {
        if (int code = truncateTo(fd, size - line.size()); code || (code = syncData(fd)))
            return fail(error, QStringLiteral("cannot repair"), code);
        repaired = line.size();
        size -= line.size();
    }
    int left = UpdateSourceCount;
    while (left > 0 && result == BackwardLines::Line) {
        result = lines.previous(&line);
        if (result != BackwardLines::Line || line.trimmed().isEmpty())
            continue;
        if (const std::optional<TailLine> found = readTailLine(line)) {
            tails[size_t(found->source)] = Tail {true, found->updateId, found->receivedMs};
            --left;
        }
    }
    bytesRead += lines.bytesRead();
    if (result == BackwardLines::ReadError)
        return fail(error, QStringLiteral("cannot read"), lines.error());
    return true;
}

bool CaptureJournal::open(const QString &path, QString *error)
{
    close();
    d->path = path;
    if (path.endsWith(QLatin1StringView(".gz"))) {
        *error = QStringLiteral(
            "the capture journal is written uncompressed: choose a name without .gz");
        return false;
    }
    if (!d->openChecked(error)) {
        close();
        d->path = path;
        return false;
    }
    // What an earlier run left unflushed goes to the disk too: at the flusher's first round, or
    // now when every append flushes (so that flushedSize() is size() from here on).
    if (d->syncMode == Sync::Periodic) {
        d->flusher = std::make_unique<JournalFlusher>(d->fd, FlushInterval);
        d->flusher->written(d->size);
    } else if (const int code = syncData(d->fd)) {
        d->fail(error, QStringLiteral("cannot write to"), code);
        close();
        d->path = path;
        return false;
    }
    return true;
}

} // namespace UpdateInspector
