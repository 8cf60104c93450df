// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The capture journal's file calls: POSIX here, a stub that says so elsewhere.
#include "capturejournal_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <utility>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace UpdateInspector::Internal {

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
                     O_RDWR | O_CREAT | O_CLOEXEC, 0644); // not O_APPEND: writes go before the reserve
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

// pwrite() may take less than asked (signals, quotas): go on until all is written.
int writeAt(int fd, const char *data, qint64 length, qint64 offset)
{
    while (length > 0) {
        const ssize_t n = ::pwrite(fd, data, size_t(length), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        data += n;
        length -= n;
        offset += n;
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
int writeAt(int, const char *, qint64, qint64) { return ENOSYS; }
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

} // namespace UpdateInspector::Internal
