// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The capture journal's background flush: it flushes what was written, only when something was,
// keeps a failed flush for the journal to report, and stops promptly.
#include "capturejournal_p.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

using namespace UpdateInspector::Internal;
using namespace std::chrono_literals;

class TestJournalFlusher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void flushesWhatWasWritten();
    void failedFlushIsKept();
    void stopsPromptly();
};

void TestJournalFlusher::flushesWhatWasWritten()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const int fd = ::open(QFile::encodeName(dir.filePath(QStringLiteral("lines"))).constData(),
                          O_RDWR | O_CREAT, 0644);
    QVERIFY(fd >= 0);
    {
        JournalFlusher flusher(fd, 20ms);
        QCOMPARE(flusher.flushed(), 0);
        QCOMPARE(::write(fd, "line 1\n", 7), 7);
        flusher.written(7);
        QTRY_COMPARE(flusher.flushed(), 7);
        QCOMPARE(::write(fd, "line 2\n", 7), 7);
        flusher.written(14);
        QTRY_COMPARE(flusher.flushed(), 14);
        flusher.written(10); // cut back (a rolled-back batch): never more than written
        QCOMPARE(flusher.flushed(), 10);
        QCOMPARE(flusher.takeError(), 0);
    }
    ::close(fd);
}

void TestJournalFlusher::failedFlushIsKept()
{
    int pipe[2];
    QCOMPARE(::pipe(pipe), 0); // fdatasync() on a pipe fails with EINVAL
    {
        JournalFlusher flusher(pipe[1], 10ms);
        flusher.written(5);
        int error = 0; // takeError() clears it: not a QTRY condition, which is evaluated again
        QElapsedTimer waited;
        waited.start();
        while ((error = flusher.takeError()) == 0 && waited.elapsed() < 5000)
            QTest::qWait(5);
        QCOMPARE(error, EINVAL);
        QCOMPARE(flusher.takeError(), 0); // reported once
        QCOMPARE(flusher.flushed(), 0);
    }
    ::close(pipe[0]);
    ::close(pipe[1]);
}

void TestJournalFlusher::stopsPromptly()
{
    QElapsedTimer timer;
    timer.start();
    {
        JournalFlusher flusher(-1, 60s);
    }
    QVERIFY2(timer.elapsed() < 1000, "the destructor waited for the interval");
}

QTEST_GUILESS_MAIN(TestJournalFlusher)
#include "tst_journalflusher.moc"
