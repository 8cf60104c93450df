// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logfeeder.h"
#include "logwriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

using Pace = LogFeeder::Pace;

namespace {

constexpr qint64 BaseMs = 1763755680000; // 2025-11-21T20:08:00Z
constexpr qint64 BaseDate = BaseMs / 1000;

// An update in the service's form (with its line break), numbered `n`.
QByteArray update(qint64 n, qint64 date = BaseDate)
{
    return "{\"update_id\":" + QByteArray::number(n) + ",\n\"message\":{\"message_id\":"
        + QByteArray::number(n) + ",\"chat\":{\"id\":1,\"type\":\"private\"},\"date\":"
        + QByteArray::number(date) + ",\"text\":\"n" + QByteArray::number(n) + "\"}}";
}

// An envelope log of `updates`, received at `receivedMs` (0: time unknown, left out).
QByteArray envelopeLog(const QList<QByteArray> &updates, const QList<qint64> &receivedMs)
{
    QByteArray log;
    for (qsizetype i = 0; i < updates.size(); ++i)
        LogWriter::appendEnvelope(log, updates[i], receivedMs.value(i), UpdateSource::Webhook);
    return log;
}

QList<QByteArray> numbered(int count)
{
    QList<QByteArray> updates;
    for (int i = 1; i <= count; ++i)
        updates.append(update(i));
    return updates;
}

QList<QByteArray> received(const QSignalSpy &spy)
{
    QList<QByteArray> raws;
    for (const QList<QVariant> &args : spy)
        raws.append(args.at(0).toByteArray());
    return raws;
}

} // namespace

class TestLogFeeder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsePace_data();
    void parsePace();
    void fastFeedsAllInOrder();
    void realPace_data();
    void realPace();
    void loopsUntilStopped();
    void stopFromSlot();
    void restartBeginsAgain();
    void malformedLinesReported();
    void openErrors();

private:
    // Feeds `log` at `pace`; returns each update's emission time (ms after start()).
    QList<double> timedFeed(const QByteArray &log, const Pace &pace, qint64 maxGapMs = 5000);
};

void TestLogFeeder::parsePace_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("realTime");
    QTest::addColumn<double>("speed");

    QTest::newRow("fast") << u"fast"_s << true << false << 1.0;
    QTest::newRow("real") << u"real"_s << true << true << 1.0;
    QTest::newRow("x2") << u"x2"_s << true << true << 2.0;
    QTest::newRow("x0.5") << u"x0.5"_s << true << true << 0.5;
    QTest::newRow("X10 upper case") << u"X10"_s << true << true << 10.0;
    QTest::newRow("spaces around") << u" REAL "_s << true << true << 1.0;
    QTest::newRow("empty") << QString() << false << false << 0.0;
    QTest::newRow("unknown word") << u"slow"_s << false << false << 0.0;
    QTest::newRow("bare number") << u"2"_s << false << false << 0.0;
    QTest::newRow("x alone") << u"x"_s << false << false << 0.0;
    QTest::newRow("x0") << u"x0"_s << false << false << 0.0;
    QTest::newRow("negative") << u"x-2"_s << false << false << 0.0;
    QTest::newRow("not a number") << u"xabc"_s << false << false << 0.0;
    QTest::newRow("infinite") << u"xinf"_s << false << false << 0.0;
    QTest::newRow("nan") << u"xnan"_s << false << false << 0.0;
    QTest::newRow("trailing junk") << u"x2y"_s << false << false << 0.0;
    QTest::newRow("times sign") << u"2x"_s << false << false << 0.0;
}

void TestLogFeeder::parsePace()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(bool, realTime);
    QFETCH(double, speed);
    QString error;
    const auto pace = Pace::parse(text, &error);
    QCOMPARE(bool(pace), valid);
    QCOMPARE(error.isEmpty(), valid);
    if (pace) {
        QCOMPARE(pace->realTime, realTime);
        QCOMPARE(pace->speed, speed);
    }
}

void TestLogFeeder::fastFeedsAllInOrder()
{
    constexpr int Count = 5000;
    const QList<QByteArray> updates = numbered(Count);
    QList<qint64> times;
    for (int i = 0; i < Count; ++i)
        times.append(BaseMs + i * 1000); // paced mode would take over an hour: fast must ignore it
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(u"updates.jsonl"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(envelopeLog(updates, times)) > 0);
    file.close();

    LogFeeder feeder;
    QString error;
    QVERIFY2(feeder.openFile(file.fileName(), &error), qPrintable(error));
    QCOMPARE(feeder.readResult().errorCount, 0);
    QCOMPARE(feeder.total(), Count);
    QSignalSpy ready(&feeder, &LogFeeder::updateReady);
    QSignalSpy finished(&feeder, &LogFeeder::finished);
    QVERIFY(ready.isValid());
    QVERIFY(finished.isValid());

    // Samples progress between the feeder's turns: some must fall in the middle of the feed.
    QList<qsizetype> samples;
    QTimer sampler;
    connect(&sampler, &QTimer::timeout, this, [&] { samples.append(feeder.fed()); });
    feeder.start(Pace {});
    sampler.start(0);
    QCOMPARE(ready.size(), 0); // nothing before the event loop runs
    QVERIFY(feeder.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    sampler.stop();

    QCOMPARE(received(ready), updates);
    QCOMPARE(feeder.fed(), Count);
    QVERIFY(!feeder.isRunning());
    QVERIFY2(std::any_of(samples.cbegin(), samples.cend(), [](qsizetype n) { return n > 0 && n < Count; }),
             "all updates went out in one event-loop turn");
}

QList<double> TestLogFeeder::timedFeed(const QByteArray &log, const Pace &pace, qint64 maxGapMs)
{
    LogFeeder feeder;
    feeder.setMaxGapMs(maxGapMs);
    QString error;
    if (!feeder.openData(log, &error)) {
        qWarning() << error;
        return {};
    }
    QList<double> at;
    QElapsedTimer clock;
    connect(&feeder, &LogFeeder::updateReady, this,
            [&] { at.append(double(clock.nsecsElapsed()) / 1e6); });
    QSignalSpy finished(&feeder, &LogFeeder::finished);
    if (!finished.isValid())
        return {};
    clock.start();
    feeder.start(pace);
    if (!finished.wait(20000))
        return {};
    return at;
}

void TestLogFeeder::realPace_data()
{
    QTest::addColumn<QByteArray>("log");
    QTest::addColumn<double>("speed");
    QTest::addColumn<qint64>("maxGapMs");
    QTest::addColumn<double>("gapMs");    // the expected wall-clock gap between updates
    QTest::addColumn<double>("ceilingMs"); // the whole feed must end before this (a loose bound)

    QList<QByteArray> eleven = numbered(11);
    QList<qint64> every100ms;
    for (int i = 0; i < 11; ++i)
        every100ms.append(BaseMs + 100 * i);
    QTest::newRow("receive times, x10") << envelopeLog(eleven, every100ms) << 10.0 << qint64(5000)
                                        << 10.0 << 600.0;
    QTest::newRow("receive times, x0.5") << envelopeLog(numbered(3), every100ms) << 0.5
                                         << qint64(5000) << 200.0 << 2000.0;

    // No receive times: the payloads' dates (a second apart) set the pace.
    QList<QByteArray> dated;
    for (int i = 0; i < 3; ++i)
        dated.append(update(i + 1, BaseDate + i));
    QTest::newRow("dates, x20") << envelopeLog(dated, {}) << 20.0 << qint64(5000) << 50.0 << 600.0;
    QTest::newRow("dates in raw lines, x20") << dated.join('\n').replace(",\n\"message", ",\"message")
                                             << 20.0 << qint64(5000) << 50.0 << 600.0;

    // An hour between updates: clamped to the longest wait.
    const QList<qint64> hourly {BaseMs, BaseMs + 3600000, BaseMs + 7200000};
    QTest::newRow("clamped gaps") << envelopeLog(numbered(3), hourly) << 1.0 << qint64(100)
                                  << 100.0 << 1500.0;
}

void TestLogFeeder::realPace()
{
    QFETCH(QByteArray, log);
    QFETCH(double, speed);
    QFETCH(qint64, maxGapMs);
    QFETCH(double, gapMs);
    QFETCH(double, ceilingMs);
    const QList<double> at = timedFeed(log, Pace {true, speed}, maxGapMs);
    QVERIFY(at.size() >= 3);
    // Never early (schedules are kept against the clock), and not much late overall.
    for (qsizetype i = 0; i < at.size(); ++i)
        QVERIFY2(at[i] >= gapMs * double(i), qPrintable(u"update %1 at %2 ms"_s.arg(i).arg(at[i])));
    QVERIFY2(at.last() < ceilingMs, qPrintable(u"the feed took %1 ms"_s.arg(at.last())));
}

void TestLogFeeder::loopsUntilStopped()
{
    LogFeeder feeder;
    QString error;
    QVERIFY2(feeder.openData(envelopeLog(numbered(3), {}), &error), qPrintable(error));
    feeder.setLoop(true);
    QVERIFY(feeder.loops());
    QSignalSpy ready(&feeder, &LogFeeder::updateReady);
    QSignalSpy finished(&feeder, &LogFeeder::finished);
    QVERIFY(ready.isValid());
    QVERIFY(finished.isValid());
    feeder.start(Pace {});
    QTRY_VERIFY(ready.size() >= 10);
    feeder.stop();
    const qsizetype count = ready.size();
    const QList<QByteArray> raws = received(ready);
    for (qsizetype i = 0; i < raws.size(); ++i)
        QCOMPARE(raws[i], update(i % 3 + 1));
    QTest::qWait(50);
    QCOMPARE(ready.size(), count); // stopped means stopped
    QCOMPARE(finished.size(), 0);
}

void TestLogFeeder::stopFromSlot()
{
    LogFeeder feeder;
    QString error;
    QVERIFY2(feeder.openData(envelopeLog(numbered(10), {}), &error), qPrintable(error));
    QSignalSpy finished(&feeder, &LogFeeder::finished);
    QVERIFY(finished.isValid());
    int seen = 0;
    connect(&feeder, &LogFeeder::updateReady, this, [&] {
        if (++seen == 3)
            feeder.stop();
    });
    feeder.start(Pace {});
    QTest::qWait(50);
    QCOMPARE(seen, 3);
    QCOMPARE(feeder.fed(), 3);
    QVERIFY(!feeder.isRunning());
    QCOMPARE(finished.size(), 0);
}

void TestLogFeeder::restartBeginsAgain()
{
    LogFeeder feeder;
    QString error;
    QVERIFY2(feeder.openData(envelopeLog(numbered(4), {}), &error), qPrintable(error));
    QSignalSpy ready(&feeder, &LogFeeder::updateReady);
    QSignalSpy finished(&feeder, &LogFeeder::finished);
    QVERIFY(ready.isValid());
    QVERIFY(finished.isValid());
    feeder.start(Pace {});
    QVERIFY(finished.wait(5000));
    feeder.start(Pace {});
    QVERIFY(finished.wait(5000));
    QCOMPARE(received(ready), numbered(4) + numbered(4));
}

void TestLogFeeder::malformedLinesReported()
{
    QByteArray log = envelopeLog({update(1)}, {BaseMs});
    log += "{\"received_at\":\"2025-11-21T20:08:00Z\",\"update\":{\"update_id\":2,\n";
    log += "not json at all\n";
    log += envelopeLog({update(3)}, {BaseMs + 1});

    LogFeeder feeder;
    QString error;
    QVERIFY2(feeder.openData(log, &error), qPrintable(error));
    const LogReadResult &result = feeder.readResult();
    QCOMPARE(result.errorCount, 2);
    QCOMPARE(result.errors.size(), 2);
    QCOMPARE(result.errors[0].line, 2);
    QCOMPARE(result.errors[1].line, 3);
    QCOMPARE(feeder.total(), 2);

    QSignalSpy ready(&feeder, &LogFeeder::updateReady);
    QSignalSpy finished(&feeder, &LogFeeder::finished);
    QVERIFY(ready.isValid());
    QVERIFY(finished.isValid());
    feeder.start(Pace {});
    QVERIFY(finished.wait(5000));
    QCOMPARE(received(ready), (QList<QByteArray> {update(1), update(3)}));
}

void TestLogFeeder::openErrors()
{
    LogFeeder feeder;
    QString error;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(!feeder.openFile(dir.filePath(u"missing.jsonl"_s), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!feeder.readResult().ok());

    error.clear();
    QVERIFY(!feeder.openData("garbage\nmore garbage\n", &error));
    QVERIFY2(error.contains(u"malformed"_s), qPrintable(error));
    QCOMPARE(feeder.total(), 0);

    error.clear();
    QVERIFY(!feeder.openData(QByteArray(), &error));
    QVERIFY(!error.isEmpty());

    // A failed open leaves nothing to feed.
    QSignalSpy finished(&feeder, &LogFeeder::finished);
    QSignalSpy ready(&feeder, &LogFeeder::updateReady);
    QVERIFY(finished.isValid());
    QVERIFY(ready.isValid());
    feeder.start(Pace {});
    QVERIFY(finished.wait(5000));
    QCOMPARE(ready.size(), 0);
}

QTEST_GUILESS_MAIN(TestLogFeeder)
#include "tst_logfeeder.moc"
