// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "capturejournal.h"
#include "logreader.h"
#include "logwriter.h"
#include "updatestore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

using namespace UpdateInspector;

namespace {

constexpr qint64 kBaseMs = 1763755680123;

// A message update as a webhook body has it: a line feed after "update_id":N, (and optionally
// CR LF between later tokens). `padding` grows the text to make big journals quickly.
QByteArray update(qint64 id, int padding = 0, bool crlf = false)
{
    return "{\"update_id\":" + QByteArray::number(id) + ",\n\"message\":{\"message_id\":"
        + QByteArray::number(id % 100000) + "," + (crlf ? "\r\n" : "")
        + "\"chat\":{\"id\":421937654,\"type\":\"private\"},\"date\":1763755680,\"text\":\"hi "
        + QByteArray(padding, 'x') + "\"}}";
}

UpdateRecord record(qint64 id, UpdateSource source, qint64 receivedMs = kBaseMs, int padding = 0)
{
    return UpdateRecord {update(id, padding), receivedMs, source};
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// The lines of a journal file without the zeros it reserves ahead of them while open.
QByteArray withoutTrailingZeros(QByteArray bytes)
{
    while (bytes.endsWith('\0'))
        bytes.chop(1);
    return bytes;
}

QString describe(const LogReadResult &r)
{
    QStringList lines {QStringLiteral("fatal: %1, %2 errors").arg(r.fatal).arg(r.errorCount)};
    for (const LogError &e : r.errors)
        lines << QStringLiteral("line %1: %2").arg(e.line).arg(e.message);
    return lines.join(u'\n');
}

// Reads the journal with the program's own log reader: every record back, no error.
QString checkReadable(const QString &path, const QList<UpdateRecord> &records)
{
    if (records.isEmpty())
        return QFileInfo(path).size() == 0 ? QString() : QStringLiteral("not empty");
    UpdateStore store;
    const LogReadResult result = LogReader().readFile(path, store);
    if (!result.ok() || result.errorCount != 0)
        return describe(result);
    if (result.format != LogFormat::EnvelopeLines)
        return QStringLiteral("read as %1").arg(logFormatName(result.format));
    if (store.size() != records.size())
        return QStringLiteral("%1 updates read, %2 written").arg(store.size()).arg(records.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (store.raw(i) != records[i].raw)
            return QStringLiteral("update %1: bytes differ").arg(i);
        const UpdateIndexEntry &e = store.entry(i);
        if (e.source != records[i].source || e.receivedMs != records[i].receivedMs)
            return QStringLiteral("update %1: source or receive time differ").arg(i);
    }
    return {};
}

// The id of update(): {"update_id":N,...
qint64 idOf(const QByteArray &raw)
{
    return raw.split(',').first().mid(13).toLongLong();
}

QString checkTail(const CaptureJournal &journal, UpdateSource source, bool found, qint64 id,
                  qint64 ms)
{
    const CaptureJournal::Tail tail = journal.tail(source);
    if (tail.found != found || (found && (tail.updateId != id || tail.receivedMs != ms)))
        return QStringLiteral("%1: found %2 id %3 at %4, expected found %5 id %6 at %7")
            .arg(sourceName(source)).arg(tail.found).arg(tail.updateId).arg(tail.receivedMs)
            .arg(found).arg(id).arg(ms);
    return {};
}

// What the tails must be after `records`: the last record of each source.
QString checkTails(const CaptureJournal &journal, const QList<UpdateRecord> &records)
{
    for (int s = 0; s < UpdateSourceCount; ++s) {
        const auto source = UpdateSource(s);
        const auto last = std::find_if(records.rbegin(), records.rend(),
                                       [&](const UpdateRecord &r) { return r.source == source; });
        const bool found = last != records.rend();
        const QString problem = found
            ? checkTail(journal, source, true, idOf(last->raw), last->receivedMs)
            : checkTail(journal, source, false, 0, 0);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

#ifdef Q_OS_UNIX
// Lowers the process's file size limit for one test; writes past it fail with EFBIG.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        m_handler = std::signal(SIGXFSZ, SIG_IGN); // else the kernel ends the process
        getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit lower = m_old;
        lower.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &lower) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_handler);
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;
    bool ok() const { return m_ok; }

private:
    rlimit m_old {};
    void (*m_handler)(int) = nullptr;
    bool m_ok = false;
};
#endif

} // namespace

class tst_CaptureJournal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendAndReopen_data();
    void appendAndReopen();
    void rawBytesPreserved_data();
    void rawBytesPreserved();
    void bytesOnDiskAfterAppend();
    void reserveLeftByCrash();
    void syncModes();
    void repairCutOffLine_data();
    void repairCutOffLine();
    void largeJournalTail();
    void lineStartsAtABlockBoundary();
    void sourceBeyondScanLimit();
    void openFailures_data();
    void openFailures();
    void notAJournal();
    void secondWriterRefused();
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

// A copy taken while the journal is open ends in the reserve, as a journal left by a crash does:
// the log reader loads it without an error, and opening it drops the zeros (not a repair) and
// appends right after the last line.
void tst_CaptureJournal::reserveLeftByCrash()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    const QString copy = dir.filePath(QStringLiteral("crashed.jsonl"));
    QList<UpdateRecord> records;
    for (int i = 0; i < 40; ++i)
        records.append(record(i, i % 2 ? UpdateSource::Poll : UpdateSource::Webhook, kBaseMs + i));
    QString error;
    CaptureJournal journal;
    QVERIFY2(journal.open(path, &error), qPrintable(error));
    QVERIFY2(journal.append(records.first(25), &error), qPrintable(error));
    QVERIFY2(journal.append(records.sliced(25), &error), qPrintable(error));
    QVERIFY(QFile::copy(path, copy));
    const QByteArray lines = withoutTrailingZeros(readAll(copy));
    QVERIFY(QFileInfo(copy).size() > lines.size());

    QString problem = checkReadable(copy, records);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    CaptureJournal reopened;
    QVERIFY2(reopened.open(copy, &error), qPrintable(error));
    QCOMPARE(reopened.repairedBytes(), 0);
    QCOMPARE(QFileInfo(copy).size(), lines.size());
    problem = checkTails(reopened, records);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QList<UpdateRecord> more {record(1000, UpdateSource::Poll, kBaseMs + 1000)};
    QVERIFY2(reopened.append(more, &error), qPrintable(error));
    reopened.close();
    problem = checkReadable(copy, records + more);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // A file of zeros only (a crash before the first line was written) is an empty journal.
    const QString zeros = dir.filePath(QStringLiteral("zeros.jsonl"));
    {
        QFile file(zeros);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(QByteArray(4096, '\0')), 4096);
    }
    QVERIFY2(reopened.open(zeros, &error), qPrintable(error));
    QCOMPARE(QFileInfo(zeros).size(), 0);
    QVERIFY(!reopened.tail(UpdateSource::Poll).found);
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

void tst_CaptureJournal::repairCutOffLine_data()
{
    QTest::addColumn<int>("goodUpdates");
    QTest::addColumn<QByteArray>("garbage");

    QByteArray envelope;
    LogWriter::appendEnvelope(envelope, update(99), kBaseMs + 99, UpdateSource::Poll);
    QTest::newRow("half an envelope") << 5 << envelope.first(envelope.size() / 2);
    QTest::newRow("all but the newline") << 5 << envelope.chopped(1);
    QTest::newRow("zeros (the reserve, left by a crash)") << 3 << QByteArray(700, '\0');
    QTest::newRow("a cut-off line, then zeros") << 3 << envelope.first(50) + QByteArray(700, '\0');
    QTest::newRow("one brace") << 1 << QByteArray("{");
    QTest::newRow("the whole file is one cut-off line") << 0 << envelope.first(40);
    QTest::newRow("a long cut-off line over several blocks")
        << 200 << envelope.first(60) + QByteArray(300000, 'x');
}

void tst_CaptureJournal::repairCutOffLine()
{
    QFETCH(int, goodUpdates);
    QFETCH(QByteArray, garbage);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    QList<UpdateRecord> records;
    for (int i = 0; i < goodUpdates; ++i)
        records.append(record(i, i % 3 ? UpdateSource::Poll : UpdateSource::Webhook, kBaseMs + i));
    QString error;
    {
        CaptureJournal journal;
        QVERIFY2(journal.open(path, &error), qPrintable(error));
        QVERIFY2(journal.append(records, &error), qPrintable(error));
    }
    const qint64 goodSize = QFileInfo(path).size();
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        QCOMPARE(file.write(garbage), garbage.size());
    }
    CaptureJournal journal;
    QVERIFY2(journal.open(path, &error), qPrintable(error));
    // The zeros a journal reserves ahead are dropped without counting as a repair.
    QCOMPARE(journal.repairedBytes(), withoutTrailingZeros(garbage).size());
    QCOMPARE(QFileInfo(path).size(), goodSize);
    QString problem = checkTails(journal, records);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = checkReadable(path, records);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Appending goes on after the last good line.
    const QList<UpdateRecord> more {record(1000, UpdateSource::Poll, kBaseMs + 1000)};
    QVERIFY2(journal.append(more, &error), qPrintable(error));
    problem = checkReadable(path, records + more);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// 50 MB written in big batches; reopening reads only the end.
void tst_CaptureJournal::largeJournalTail()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    qint64 id = 0;
    QString error;
    {
        CaptureJournal journal;
        QVERIFY2(journal.open(path, &error), qPrintable(error));
        while (QFileInfo(path).size() < 50'000'000) {
            QList<UpdateRecord> batch;
            for (int i = 0; i < 10000; ++i, ++id)
                batch.append(record(id, id % 2 ? UpdateSource::Poll : UpdateSource::Webhook, kBaseMs + id, 400));
            QVERIFY2(journal.append(batch, &error), qPrintable(error));
        }
    }
    QElapsedTimer timer;
    timer.start();
    CaptureJournal journal;
    QVERIFY2(journal.open(path, &error), qPrintable(error));
    const qint64 openUs = timer.nsecsElapsed() / 1000;
    QVERIFY2(checkTail(journal, UpdateSource::Poll, true, id - 1, kBaseMs + id - 1).isEmpty(),
             qPrintable(checkTail(journal, UpdateSource::Poll, true, id - 1, kBaseMs + id - 1)));
    QVERIFY2(checkTail(journal, UpdateSource::Webhook, true, id - 2, kBaseMs + id - 2).isEmpty(),
             qPrintable(checkTail(journal, UpdateSource::Webhook, true, id - 2, kBaseMs + id - 2)));
    qInfo("reopening a %lld-byte journal: %lld us, %lld bytes read", QFileInfo(path).size(), openUs,
          journal.bytesReadAtOpen());
    QVERIFY(journal.bytesReadAtOpen() > 0);
    QVERIFY(journal.bytesReadAtOpen() <= CaptureJournal::TailScanLimit);
    QVERIFY2(openUs < 2'000'000, "reopening took over 2 s");
}

// A source whose last line is further back than the scan limit is not found (the documented
// rule); one within it is, and a small journal is read whole.
void tst_CaptureJournal::sourceBeyondScanLimit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    QString error;
    {
        CaptureJournal journal;
        QVERIFY2(journal.open(path, &error), qPrintable(error));
        QVERIFY2(journal.append({record(1, UpdateSource::MTProto)}, &error), qPrintable(error));
        QList<UpdateRecord> filler;
        for (int i = 0; i < 20000; ++i)
            filler.append(record(100 + i, UpdateSource::Webhook, kBaseMs, 500));
        QVERIFY2(journal.append(filler, &error), qPrintable(error));
        QVERIFY(QFileInfo(path).size() > CaptureJournal::TailScanLimit);
        QVERIFY2(journal.append({record(2, UpdateSource::Poll)}, &error), qPrintable(error));
        QVERIFY(journal.tail(UpdateSource::MTProto).found); // known since it was appended
    }
    CaptureJournal journal;
    QVERIFY2(journal.open(path, &error), qPrintable(error));
    QVERIFY(!journal.tail(UpdateSource::MTProto).found);
    QCOMPARE(journal.tail(UpdateSource::Poll).updateId, 2);
    QCOMPARE(journal.tail(UpdateSource::Webhook).updateId, 100 + 19999);
    QCOMPARE(journal.bytesReadAtOpen(), CaptureJournal::TailScanLimit);
}

void tst_CaptureJournal::openFailures_data()
{
    QTest::addColumn<QString>("relativePath"); // within a fresh temporary folder
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("folder is a file") << QStringLiteral("file/capture.jsonl")
                                      << QStringLiteral("a part of the path is not a folder");
    QTest::newRow("parent of the folder is a file") << QStringLiteral("file/sub/capture.jsonl")
                                                    << QStringLiteral("a part of the path is not a folder");
    QTest::newRow("path is a folder") << QStringLiteral("folder") << QStringLiteral("it is a folder");
    QTest::newRow("read-only folder") << QStringLiteral("readonly/capture.jsonl")
                                      << QStringLiteral("permission denied");
    QTest::newRow("gzip name") << QStringLiteral("capture.jsonl.gz") << QStringLiteral("without .gz");
}

void tst_CaptureJournal::openFailures()
{
    QFETCH(QString, relativePath);
    QFETCH(QString, expectedError);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder")));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("readonly")));
    QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("readonly")),
                                  QFile::ReadOwner | QFile::ExeOwner));
    {
        QFile file(dir.filePath(QStringLiteral("file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
#ifdef Q_OS_UNIX
    if (relativePath.startsWith(QLatin1StringView("readonly")) && geteuid() == 0)
        QSKIP("running as root: permissions do not stop root (the /proc case covers a refusal)");
#endif
    CaptureJournal journal;
    QString error;
    QVERIFY(!journal.open(dir.filePath(relativePath), &error));
    QVERIFY(!journal.isOpen());
    QVERIFY2(error.contains(expectedError), qPrintable(error));
    QVERIFY2(error.contains(dir.filePath(relativePath)) || relativePath.endsWith(QLatin1StringView(".gz")),
             qPrintable(error));
    QVERIFY(!journal.append({record(1, UpdateSource::Poll)}, &error));
#ifdef Q_OS_LINUX
    // A folder where nobody, root included, can create files.
    QVERIFY(!journal.open(QStringLiteral("/proc/capture.jsonl"), &error));
    QVERIFY2(error.startsWith(QLatin1StringView("cannot open the capture journal /proc/capture.jsonl: ")),
             qPrintable(error));
#endif
}

// A file that is no journal is not "repaired" (truncated) away.
void tst_CaptureJournal::notAJournal()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    const QByteArray content("shopping list\nmilk");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    CaptureJournal journal;
    QString error;
    QVERIFY(!journal.open(path, &error));
    QVERIFY2(error.contains(QLatin1StringView("does not look like a capture journal")), qPrintable(error));
    QCOMPARE(readAll(path), content);
}

void tst_CaptureJournal::secondWriterRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    CaptureJournal first, second;
    QString error;
    QVERIFY2(first.open(path, &error), qPrintable(error));
    QVERIFY(!second.open(path, &error));
    QVERIFY2(error.contains(QLatin1StringView("another capture is writing to it")), qPrintable(error));
    first.close();
    QVERIFY(!first.isOpen());
    QVERIFY2(second.open(path, &error), qPrintable(error));
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

// A line break exactly at the first byte of a 64 KiB read block: the backward scan then holds an
// empty rest before it (found by killing a capture at random and restarting it).
void tst_CaptureJournal::lineStartsAtABlockBoundary()
{
    constexpr qsizetype Block = 64 * 1024;
    const auto update = [](int id, qsizetype padding) {
        return QStringLiteral("{\"update_id\":%1,\"message\":{\"message_id\":1,\"date\":1,"
                              "\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"%2\"}}")
            .arg(id).arg(QString(padding, u'x')).toUtf8();
    };
    QByteArray bytes;
    for (int id = 1; id <= 200; ++id)
        LogWriter::appendEnvelope(bytes, update(id, 500), 1700000000000, UpdateSource::Poll);
    // The last line, '\n' included, is one byte short of a block: the break before it is the
    // block's first byte.
    QByteArray last;
    for (qsizetype padding = Block - 400; last.size() != Block - 1; padding += (Block - 1) - last.size()) {
        last.clear();
        LogWriter::appendEnvelope(last, update(201, padding), 1700000000000, UpdateSource::Poll);
    }
    bytes += last;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("boundary.jsonl"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();
    QCOMPARE(bytes.at(bytes.size() - Block), '\n');

    CaptureJournal journal;
    QString error;
    QVERIFY2(journal.open(path, &error), qPrintable(error));
    const CaptureJournal::Tail tail = journal.tail(UpdateSource::Poll);
    QVERIFY(tail.found);
    QCOMPARE(tail.updateId, 201);
    QCOMPARE(journal.repairedBytes(), 0);
}

QTEST_GUILESS_MAIN(tst_CaptureJournal)
#include "tst_capturejournal.moc"
