// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// Opening a capture journal: a cut-off last line repaired, the reserve a crash left dropped, the
// tails found within the scan limit, and files that are no journal or are in use refused
// (capturejournal_open.cpp).
#include "capturejournaltesting.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;
using namespace UpdateInspector::JournalTesting;

class tst_CaptureJournalOpen : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void repairCutOffLine_data();
    void repairCutOffLine();
    void reserveLeftByCrash();
    void largeJournalTail();
    void lineStartsAtABlockBoundary();
    void sourceBeyondScanLimit();
    void openFailures_data();
    void openFailures();
    void notAJournal();
    void secondWriterRefused();
};

void tst_CaptureJournalOpen::repairCutOffLine_data()
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

void tst_CaptureJournalOpen::repairCutOffLine()
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

// A copy taken while the journal is open ends in the reserve, as a journal left by a crash does:
// the log reader loads it without an error, and opening it drops the zeros (not a repair) and
// appends right after the last line.
void tst_CaptureJournalOpen::reserveLeftByCrash()
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

// 50 MB written in big batches; reopening reads only the end.
void tst_CaptureJournalOpen::largeJournalTail()
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

// A line break exactly at the first byte of a 64 KiB read block: the backward scan then holds an
// empty rest before it (found by killing a capture at random and restarting it).
void tst_CaptureJournalOpen::lineStartsAtABlockBoundary()
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

// A source whose last line is further back than the scan limit is not found (the documented
// rule); one within it is, and a small journal is read whole.
void tst_CaptureJournalOpen::sourceBeyondScanLimit()
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

void tst_CaptureJournalOpen::openFailures_data()
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

void tst_CaptureJournalOpen::openFailures()
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
void tst_CaptureJournalOpen::notAJournal()
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

void tst_CaptureJournalOpen::secondWriterRefused()
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

QTEST_GUILESS_MAIN(tst_CaptureJournalOpen)
#include "tst_capturejournalopen.moc"
