// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The capture journal's appends: envelopes and raw bytes back, tails kept, the bytes in the file
// when append() returns, the two sync modes, and failures cut back (capturejournal.cpp).
#include "capturejournaltesting.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;
using namespace UpdateInspector::JournalTesting;

class tst_CaptureJournal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendAndReopen_data();
    void appendAndReopen();
    void rawBytesPreserved_data();
    void rawBytesPreserved();
    void bytesOnDiskAfterAppend();
    void syncModes();
    void appendWhenClosed();
    void diskFull();
    void failedWriteRolledBack();
    void appendSpeed();
};

void tst_CaptureJournal::appendAndReopen_data()
{
    QTest::addColumn<QList<QList<UpdateRecord>>>("batches");

    QTest::newRow("empty journal") << QList<QList<UpdateRecord>> {};
    QTest::newRow("one poll update") << QList<QList<UpdateRecord>> {{record(10, UpdateSource::Poll)}};
    QTest::newRow("poll and webhook interleaved")
        << QList<QList<UpdateRecord>> {
               {record(10, UpdateSource::Poll, kBaseMs), record(500, UpdateSource::Webhook, kBaseMs + 1),
                record(11, UpdateSource::Poll, kBaseMs + 2)},
               {record(501, UpdateSource::Webhook, kBaseMs + 3), record(12, UpdateSource::Poll, kBaseMs + 4),
                record(502, UpdateSource::Webhook, kBaseMs + 5)},
               {record(13, UpdateSource::Poll, kBaseMs + 6)},
           };
    QTest::newRow("ids going down (newest line wins, not the largest id)")
        << QList<QList<UpdateRecord>> {
               {record(90, UpdateSource::Poll), record(5, UpdateSource::Poll, kBaseMs + 9)}};
    QTest::newRow("every source, no receive time")
        << QList<QList<UpdateRecord>> {
               {record(1, UpdateSource::File, 0), record(2, UpdateSource::Poll, 0),
                record(3, UpdateSource::Webhook, 0), record(4, UpdateSource::MTProto, 0),
                record(5, UpdateSource::Emulator, 0), record(6, UpdateSource::Replay, 0)}};
    QTest::newRow("a non-update after the last update of its source")
        << QList<QList<UpdateRecord>> {
               {record(7, UpdateSource::Webhook),
                UpdateRecord {"{\"not\":\"an update\"}", kBaseMs + 1, UpdateSource::Poll},
                record(8, UpdateSource::Poll, kBaseMs + 2),
                UpdateRecord {"{\"update\":1}", kBaseMs + 3, UpdateSource::Webhook}}};
}

// The tails after appending equal the tails found by reading the file's end after reopening.
void tst_CaptureJournal::appendAndReopen()
{
    QFETCH(QList<QList<UpdateRecord>>, batches);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("deep/er/capture.jsonl"));
    QList<UpdateRecord> all;
    {
        CaptureJournal journal;
        QString error;
        QVERIFY2(journal.open(path, &error), qPrintable(error));
        QVERIFY(journal.isOpen());
        QCOMPARE(journal.path(), path);
        QCOMPARE(journal.repairedBytes(), 0);
        for (const QList<UpdateRecord> &batch : std::as_const(batches)) {
            QVERIFY2(journal.append(batch, &error), qPrintable(error));
            all += batch;
            // Records that are no updates count for no tail; checkTails only knows updates.
            QList<UpdateRecord> updates = all;
            updates.removeIf([](const UpdateRecord &r) { return !r.raw.startsWith("{\"update_id\""); });
            const QString problem = checkTails(journal, updates);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }
    QList<UpdateRecord> updates = all;
    updates.removeIf([](const UpdateRecord &r) { return !r.raw.startsWith("{\"update_id\""); });
    CaptureJournal reopened;
    QString error;
    QVERIFY2(reopened.open(path, &error), qPrintable(error));
    QCOMPARE(reopened.repairedBytes(), 0);
    const QString problem = checkTails(reopened, updates);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    if (updates.size() == all.size()) {
        const QString unreadable = checkReadable(path, all);
        QVERIFY2(unreadable.isEmpty(), qPrintable(unreadable));
    }
}

void tst_CaptureJournal::rawBytesPreserved_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("LF after update_id, CR LF inside") << update(734120001, 0, true);
    QTest::newRow("CR LF after update_id") << QByteArray("{\"update_id\":734120002,\r\n\"poll\":{\"id\":\"1\"}}");
    QTest::newRow("escaped quotes and backslashes")
        << QByteArray("{\"update_id\":734120003,\"message\":{\"text\":\"a \\\"b\\\" \\\\n c\"}}");
    QTest::newRow("whitespace around the object (update_b64)")
        << QByteArray(" \n{\"update_id\":734120004,\"poll\":{\"id\":\"1\"}}\r\n");
}

void tst_CaptureJournal::rawBytesPreserved()
{
    QFETCH(QByteArray, raw);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    const QList<UpdateRecord> records {UpdateRecord {raw, kBaseMs, UpdateSource::Webhook},
                                       record(1, UpdateSource::Poll)};
    QString error;
    {
        CaptureJournal journal;
        QVERIFY2(journal.open(path, &error), qPrintable(error));
        QVERIFY2(journal.append(records, &error), qPrintable(error));
    }
    const QString problem = checkReadable(path, records);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    CaptureJournal reopened;
    QVERIFY2(reopened.open(path, &error), qPrintable(error));
    QVERIFY(reopened.tail(UpdateSource::Webhook).found);
    QCOMPARE(reopened.tail(UpdateSource::Webhook).updateId, raw.trimmed().mid(13, 9).toLongLong());
}

// The append's bytes are in the file (not in a buffer of ours) once append() returns, followed
// by zeros reserved for the next appends; close() cuts the reserve off.
void tst_CaptureJournal::bytesOnDiskAfterAppend()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    CaptureJournal journal;
    QString error;
    QVERIFY2(journal.open(path, &error), qPrintable(error));
    QByteArray expected;
    for (int batch = 0; batch < 3; ++batch) {
        const QList<UpdateRecord> records {record(batch * 2, UpdateSource::Poll),
                                           record(batch * 2 + 1, UpdateSource::Webhook, kBaseMs + 7)};
        QVERIFY2(journal.append(records, &error), qPrintable(error));
        for (const UpdateRecord &r : records)
            LogWriter::appendEnvelope(expected, r.raw, r.receivedMs, r.source);
        const QByteArray file = readAll(path);
        QCOMPARE(withoutTrailingZeros(file), expected);
        QVERIFY2(file.size() > expected.size(), "no space reserved ahead");
        QCOMPARE(file.size() % (256 * 1024), 0);
    }
    const qint64 reservedSize = QFileInfo(path).size();
    QVERIFY2(journal.append({}, &error), qPrintable(error));
    QCOMPARE(withoutTrailingZeros(readAll(path)), expected);
    QCOMPARE(QFileInfo(path).size(), reservedSize); // small appends stay inside the reserve
    journal.close();
    QCOMPARE(readAll(path), expected);
}

// Sync::EachAppend has the lines on the disk when append() returns; Sync::Periodic (the default)
// returns once they are written, and its flusher has them on the disk within FlushInterval.
void tst_CaptureJournal::syncModes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    CaptureJournal journal;
    QCOMPARE(journal.sync(), CaptureJournal::Sync::Periodic);

    journal.setSync(CaptureJournal::Sync::EachAppend);
    QVERIFY2(journal.open(dir.filePath(QStringLiteral("each.jsonl")), &error), qPrintable(error));
    for (int batch = 0; batch < 3; ++batch) {
        QVERIFY2(journal.append({record(batch, UpdateSource::Webhook)}, &error), qPrintable(error));
        QVERIFY(journal.size() > 0);
        QCOMPARE(journal.flushedSize(), journal.size());
    }
    journal.close();

    journal.setSync(CaptureJournal::Sync::Periodic);
    QElapsedTimer sinceOpen;
    sinceOpen.start();
    QVERIFY2(journal.open(dir.filePath(QStringLiteral("periodic.jsonl")), &error), qPrintable(error));
    QVERIFY2(journal.append({record(1, UpdateSource::Webhook)}, &error), qPrintable(error));
    const qint64 flushedAtOnce = journal.flushedSize();
    if (sinceOpen.elapsed() < CaptureJournal::FlushInterval.count() * 9 / 10)
        QCOMPARE(flushedAtOnce, 0); // append() did not wait for the disk
    QTRY_COMPARE_WITH_TIMEOUT(journal.flushedSize(), journal.size(),
                              int(CaptureJournal::FlushInterval.count()) * 3);
    QVERIFY(journal.size() > 0);

    // A change of mode takes effect at the next open(), not in the middle.
    journal.setSync(CaptureJournal::Sync::EachAppend);
    QVERIFY2(journal.append({record(2, UpdateSource::Webhook)}, &error), qPrintable(error));
    journal.close();
    QVERIFY2(journal.open(dir.filePath(QStringLiteral("periodic.jsonl")), &error), qPrintable(error));
    QVERIFY2(journal.append({record(3, UpdateSource::Webhook)}, &error), qPrintable(error));
    QCOMPARE(journal.flushedSize(), journal.size());
}

void tst_CaptureJournal::appendWhenClosed()
{
    CaptureJournal journal;
    QString error;
    QVERIFY(!journal.isOpen());
    QVERIFY(!journal.append({record(1, UpdateSource::Poll)}, &error));
    QCOMPARE(error, QStringLiteral("the capture journal is not open"));
    QVERIFY(!journal.tail(UpdateSource::Poll).found);
}

// /dev/full takes the open and refuses every write with "no space left on the device".
void tst_CaptureJournal::diskFull()
{
#ifdef Q_OS_LINUX
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full here");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), path));
    CaptureJournal journal;
    QString error;
    QVERIFY2(journal.open(path, &error), qPrintable(error));
    QVERIFY(!journal.append({record(1, UpdateSource::Poll)}, &error));
    const QString expected = QStringLiteral("cannot write to the capture journal %1: the disk is full");
    QVERIFY2(error.startsWith(expected.arg(path)), qPrintable(error));
    // A device cannot be cut back: the journal closes rather than go on after an unknown state.
    QVERIFY2(error.contains(QLatin1StringView("was closed")), qPrintable(error));
    QVERIFY(!journal.isOpen());
    QVERIFY(!journal.tail(UpdateSource::Poll).found);
#else
    QSKIP("needs Linux's /dev/full");
#endif
}

// A write that fails part-way (here: past the process's file size limit, EFBIG) is cut back, so
// no half batch stays; the journal stays usable.
void tst_CaptureJournal::failedWriteRolledBack()
{
#ifdef Q_OS_UNIX
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    CaptureJournal journal;
    QString error;
    QVERIFY2(journal.open(path, &error), qPrintable(error));
    const QList<UpdateRecord> first {record(1, UpdateSource::Poll), record(2, UpdateSource::Webhook)};
    QVERIFY2(journal.append(first, &error), qPrintable(error));
    const QByteArray before = withoutTrailingZeros(readAll(path));
    const qint64 fileSize = QFileInfo(path).size(); // with the reserve
    QList<UpdateRecord> big;
    for (int i = 0; i < 500; ++i) // more than the reserve holds
        big.append(record(100 + i, UpdateSource::Poll, kBaseMs, 600));
    {
        FileSizeLimit limit(rlim_t(fileSize + 4000)); // a part of the batch fits
        QVERIFY(limit.ok());
        QVERIFY(!journal.append(big, &error));
    }
    QVERIFY2(error.contains(QLatin1StringView("the file has reached the largest size allowed")),
             qPrintable(error));
    QVERIFY(journal.isOpen());
    QCOMPARE(readAll(path), before);
    QCOMPARE(journal.tail(UpdateSource::Poll).updateId, 1);

    QVERIFY2(journal.append(big, &error), qPrintable(error));
    QCOMPARE(journal.tail(UpdateSource::Poll).updateId, 599);
    const QString problem = checkReadable(path, first + big);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
#else
    QSKIP("uses the POSIX file size limit");
#endif
}

// Figures: a poll's batch (100 updates, ~60 KB) written and fdatasync'd.
void tst_CaptureJournal::appendSpeed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CaptureJournal journal;
    QString error;
    QVERIFY2(journal.open(dir.filePath(QStringLiteral("capture.jsonl")), &error), qPrintable(error));
    QList<qint64> times;
    for (int round = 0; round < 30; ++round) {
        QList<UpdateRecord> batch;
        for (int i = 0; i < 100; ++i)
            batch.append(record(round * 100 + i, UpdateSource::Poll, kBaseMs, 450));
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(journal.append(batch, &error), qPrintable(error));
        times.append(timer.nsecsElapsed() / 1000);
    }
    std::sort(times.begin(), times.end());
    const qint64 median = times[times.size() / 2];
    qInfo("append+fdatasync of 100 updates: median %lld us, max %lld us", median, times.last());
    QVERIFY2(median < 1'000'000, "a durable append of 100 updates took over a second");
}

QTEST_GUILESS_MAIN(tst_CaptureJournal)
#include "tst_capturejournal.moc"
