// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "capturejournal.h"

#include "logwriter.h"
#include "timestamp.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <simdjson.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector {

namespace {

constexpr qint64 BlockSize = 64 * 1024;

// Plain words for the failures a capture meets in practice; the rest in the system's words.
QString errorText(int code)
{
    switch (code) {
    case ENOSPC: return QStringLiteral("the disk is full");
#ifdef EDQUOT
    case EDQUOT: return QStringLiteral("the disk quota is used up");
#endif
    case EFBIG: return QStringLiteral("the file has reached the largest size allowed");
    case EROFS: return QStringLiteral("the file system is read-only");
    case EACCES:
    case EPERM: return QStringLiteral("permission denied");
    case EIO: return QStringLiteral("a disk input/output error");
    case EISDIR: return QStringLiteral("it is a folder");
    case ENOTDIR: return QStringLiteral("a part of the path is not a folder");
    case ENOENT: return QStringLiteral("no such file or folder");
    case EWOULDBLOCK: // only flock() gives it: the file is not opened non-blocking
        return QStringLiteral("another capture is writing to it");
    default: return qt_error_string(code);
    }
}

// ---- The few file calls, each returning 0 or an errno value ----------------------------------

#ifdef Q_OS_UNIX
int openFile(const QString &path, int *fd)
{
    do {
        *fd = ::open(QFile::encodeName(path).constData(),
                     O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    } while (*fd < 0 && errno == EINTR);
    if (*fd < 0)
        return errno;
    // Two writers would cut each other's lines (and "repair" a line the other is writing).
    if (::flock(*fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    const int code = errno;
    ::close(*fd);
    *fd = -1;
    return code;
}

void closeFile(int fd)
{
    ::close(fd);
}

int fileSize(int fd, qint64 *size)
{
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        return errno;
    *size = qint64(info.st_size);
    return 0;
}

int readAt(int fd, char *data, qint64 length, qint64 offset)
{
    while (length > 0) {
        const ssize_t n = ::pread(fd, data, size_t(length), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO; // shorter than fstat said: someone cut it meanwhile
        data += n;
        length -= n;
        offset += n;
    }
    return 0;
}

// write() may take less than asked (signals, quotas, pipes): go on until all is written.
int writeAll(int fd, const char *data, qint64 length)
{
    while (length > 0) {
        const ssize_t n = ::write(fd, data, size_t(length));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        data += n;
        length -= n;
    }
    return 0;
}

// The data (and the size, which fdatasync covers) on the disk, not just in the page cache.
int syncData(int fd)
{
#ifdef Q_OS_DARWIN
    if (::fcntl(fd, F_FULLFSYNC) == 0) // fsync() on macOS stops at the drive's cache
        return 0;
    return errno == ENOTSUP || errno == EINVAL ? (::fsync(fd) == 0 ? 0 : errno) : errno;
#else
    int rc;
    do {
        rc = ::fdatasync(fd);
    } while (rc != 0 && errno == EINTR);
    return rc == 0 ? 0 : errno;
#endif
}

int truncateTo(int fd, qint64 size)
{
    int rc;
    do {
        rc = ::ftruncate(fd, off_t(size));
    } while (rc != 0 && errno == EINTR);
    return rc == 0 ? 0 : errno;
}

// A new file (or folder) survives a crash only once the folder holding its name is synced.
int syncFolder(const QString &folder)
{
    const int fd
        = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    const int rc = ::fsync(fd) == 0 ? 0 : errno;
    ::close(fd);
    return rc == EINVAL ? 0 : rc; // some file systems cannot sync folders: nothing to do then
}
#else
// Not written yet for Windows (_wsopen_s, _commit, _chsize_s): open() says so.
int openFile(const QString &, int *fd) { *fd = -1; return ENOSYS; }
void closeFile(int) {}
int fileSize(int, qint64 *) { return ENOSYS; }
int readAt(int, char *, qint64, qint64) { return ENOSYS; }
int writeAll(int, const char *, qint64) { return ENOSYS; }
int syncData(int) { return ENOSYS; }
int truncateTo(int, qint64) { return ENOSYS; }
int syncFolder(const QString &) { return 0; }
#endif

// Creates `folder` and any missing parents, syncing each new folder's parent.
int makeFolder(const QString &folder)
{
    QStringList missing;
    QFileInfo info(folder);
    for (; !info.exists() && !info.isRoot(); info.setFile(info.absolutePath()))
        missing.prepend(info.absoluteFilePath());
    if (missing.isEmpty())
        return 0;
    if (!QDir().mkpath(folder))
        return QFileInfo(QFileInfo(missing.first()).absolutePath()).isDir() ? EACCES : ENOTDIR;
    for (const QString &created : std::as_const(missing)) {
        if (const int code = syncFolder(QFileInfo(created).absolutePath()))
            return code;
    }
    return 0;
}

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

// ---- Parsing what the tails need -------------------------------------------------------------

std::optional<qint64> updateIdOf(ondemand::object update)
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

struct TailLine
{
    UpdateSource source = UpdateSource::File;
    qint64 updateId = 0;
    qint64 receivedMs = 0;
};

} // namespace

struct CaptureJournal::Private
{
    int fd = -1;
    QString path;
    qint64 size = 0;
    qint64 repaired = 0;
    qint64 bytesRead = 0;
    std::array<Tail, UpdateSourceCount> tails {};
    ondemand::parser parser;
    std::string scratch; // one line or update with simdjson's padding after it

    bool fail(QString *error, const QString &what, int code);
    bool openChecked(QString *error);
    bool repairAndScan(QString *error);
    ondemand::document *parsePadded(QByteArrayView bytes, ondemand::document &doc);
    std::optional<qint64> updateIdOfRaw(QByteArrayView raw);
    std::optional<TailLine> readTailLine(QByteArrayView line);
    void noteAppended(const QList<UpdateRecord> &records);
    bool rollBack();
};

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

// Removes a last line cut off by a crash (the caller reports repairedBytes()), then finds each
// source's newest update, newest line first, until every source is found, the file starts, or
// TailScanLimit bytes were read. Lines that do not parse (or hold no update_id) are passed over.
bool CaptureJournal::Private::repairAndScan(QString *error)
{
    BackwardLines lines(fd, size, TailScanLimit);
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
    bytesRead = lines.bytesRead();
    if (result == BackwardLines::ReadError)
        return fail(error, QStringLiteral("cannot read"), lines.error());
    return true;
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

// Cuts a half-written batch away, so that the file ends at the last durable line again.
bool CaptureJournal::Private::rollBack()
{
    return truncateTo(fd, size) == 0 && syncData(fd) == 0;
}

CaptureJournal::CaptureJournal() : d(std::make_unique<Private>()) {}

CaptureJournal::~CaptureJournal()
{
    close();
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
    return true;
}

void CaptureJournal::close()
{
    if (d->fd >= 0)
        closeFile(d->fd);
    d->fd = -1;
    d->path.clear();
    d->size = 0;
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

    int code = writeAll(d->fd, batch.constData(), batch.size());
    if (code == 0)
        code = syncData(d->fd);
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
    d->noteAppended(records);
    return true;
}

} // namespace UpdateInspector
