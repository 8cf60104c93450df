// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The listener's journal thread over a real capture journal in a temporary folder: a batch's
// `done` runs on the owner's thread after its lines are in the file, batches handed over while
// others are being written complete in order (an empty one too, after the batches before it),
// finishNow() runs what is written, a failing journal fails every batch in the append, and a
// `done` may delete the thread.
#include "capturejournal.h"
#include "journalthread_p.h"
#include "logreader.h"
#include "updatestore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace UpdateInspector;

namespace {

UpdateRecord record(qint64 id)
{
    return UpdateRecord {"{\"update_id\":" + QByteArray::number(id) + ",\n\"message\":{\"text\":\"hi\"}}",
                         1763755680123 + id, UpdateSource::Webhook};
}

// The update_ids in the journal file, in file order.
QList<qint64> idsInFile(const QString &path)
{
    UpdateStore store;
    LogReader reader;
    const LogReadResult result = reader.readFile(path, store);
    QList<qint64> ids;
    if (!result.fatal.isEmpty() || result.errorCount != 0)
        return {-1};
    for (qsizetype row = 0; row < store.size(); ++row)
        ids.append(store.entry(row).updateId);
    return ids;
}

struct Completion
{
    int batch = 0;
    bool durable = false;
    QString error;
    QList<qint64> idsInFileThen;
    bool onOwnerThread = false;
};

} // namespace

class TestJournalThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void doneAfterTheLinesAreWritten();
    void batchesCompleteInOrder();
    void emptyBatchWaitsForTheOnesBefore();
    void finishNowRunsWhatIsWritten();
    void destructorWritesWhatWasHandedOver();
    void failingJournalFailsTheBatch();
    void doneMayDeleteTheThread();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<CaptureJournal> m_journal; // open on m_path
};

void TestJournalThread::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("capture.jsonl"));
    m_journal = std::make_unique<CaptureJournal>();
    QString error;
    QVERIFY2(m_journal->open(m_path, &error), qPrintable(error));
}

void TestJournalThread::cleanup()
{
    m_journal.reset();
    m_dir.reset();
}

void TestJournalThread::doneAfterTheLinesAreWritten()
{
    CaptureJournal &journal = *m_journal;
    QObject context;
    QList<Completion> done;
    {
        JournalThread writer(journal);
        writer.append({record(1), record(2)}, &context, [&](bool durable, const QString &why) {
            done.append({1, durable, why, idsInFile(m_path), QThread::currentThread() == thread()});
        });
        QCOMPARE(writer.batchesInFlight(), 1);
        QVERIFY(done.isEmpty()); // never from inside append()
        QTRY_COMPARE(done.size(), 1);
        QCOMPARE(writer.batchesInFlight(), 0);
    }
    QVERIFY(done[0].durable);
    QVERIFY(done[0].error.isEmpty());
    QVERIFY(done[0].onOwnerThread);
    QCOMPARE(done[0].idsInFileThen, (QList<qint64> {1, 2}));
}

void TestJournalThread::batchesCompleteInOrder()
{
    CaptureJournal &journal = *m_journal;
    QObject context;
    QList<int> order;
    QList<qint64> expected;
    {
        JournalThread writer(journal);
        for (int batch = 0; batch < 200; ++batch) {
            writer.append({record(batch * 2), record(batch * 2 + 1)}, &context,
                          [&order, batch](bool durable, const QString &) {
                              order.append(durable ? batch : -1);
                          });
            expected << batch * 2 << batch * 2 + 1;
        }
        QCOMPARE(writer.batchesInFlight(), 200);
        QTRY_COMPARE(order.size(), 200);
    }
    for (int batch = 0; batch < 200; ++batch)
        QCOMPARE(order[batch], batch);
    journal.close();
    QCOMPARE(idsInFile(m_path), expected);
}

// The listener hands over an empty batch for redeliveries while their first delivery may still
// be in flight: it must not complete before the batches handed over earlier.
void TestJournalThread::emptyBatchWaitsForTheOnesBefore()
{
    CaptureJournal &journal = *m_journal;
    QObject context;
    QList<int> order;
    QList<qint64> linesAtEmptyDone;
    JournalThread writer(journal);
    for (int batch = 0; batch < 20; ++batch) {
        writer.append({record(batch)}, &context, [&order, batch](bool, const QString &) { order.append(batch); });
    }
    writer.append({}, &context, [&](bool durable, const QString &) {
        order.append(durable ? 100 : -100);
        linesAtEmptyDone = idsInFile(m_path);
    });
    QTRY_COMPARE(order.size(), 21);
    QCOMPARE(order.last(), 100);
    QCOMPARE(linesAtEmptyDone.size(), 20);
}

void TestJournalThread::finishNowRunsWhatIsWritten()
{
    CaptureJournal &journal = *m_journal;
    QObject context;
    int done = 0;
    JournalThread writer(journal);
    for (int batch = 0; batch < 5; ++batch)
        writer.append({record(batch)}, &context, [&done](bool durable, const QString &) { done += durable; });
    writer.finishNow(); // no event loop turn
    QCOMPARE(done, 5);
    QCOMPARE(writer.batchesInFlight(), 0);
    QCOMPARE(idsInFile(m_path).size(), 5);
    QCoreApplication::processEvents(); // the completions still queued run nothing twice
    QCOMPARE(done, 5);
}

void TestJournalThread::destructorWritesWhatWasHandedOver()
{
    CaptureJournal &journal = *m_journal;
    QObject context;
    int done = 0;
    {
        JournalThread writer(journal);
        for (int batch = 0; batch < 10; ++batch)
            writer.append({record(batch)}, &context, [&done](bool, const QString &) { ++done; });
    }
    QCoreApplication::processEvents();
    QCOMPARE(done, 0); // dropped with the thread
    journal.close();
    QCOMPARE(idsInFile(m_path).size(), 10);
}

void TestJournalThread::failingJournalFailsTheBatch()
{
    CaptureJournal journal; // never opened: every append fails
    QObject context;
    QList<QString> errors;
    JournalThread writer(journal);
    for (qint64 id : {1, 2}) {
        writer.append({record(id)}, &context, [&errors](bool durable, const QString &why) {
            errors.append(durable ? QStringLiteral("durable?") : why);
        });
    }
    QTRY_COMPARE(errors.size(), 2);
    for (const QString &why : std::as_const(errors))
        QVERIFY2(why.contains(QLatin1StringView("not open")), qPrintable(why));
}

void TestJournalThread::doneMayDeleteTheThread()
{
    CaptureJournal &journal = *m_journal;
    QObject context;
    auto writer = std::make_unique<JournalThread>(journal);
    int done = 0;
    writer->append({record(1)}, &context, [&](bool, const QString &) {
        ++done;
        writer.reset(); // the owner goes away from inside a completion
    });
    writer->append({record(2)}, &context, [&done](bool, const QString &) { ++done; });
    QTRY_VERIFY(!writer);
    QCoreApplication::processEvents();
    QCOMPARE(done, 1);
}

QTEST_GUILESS_MAIN(TestJournalThread)
#include "tst_journalthread.moc"
