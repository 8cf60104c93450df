// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The webhook health history: error events, per-interval counts, the growing-queue rule, caps.
#include "webhookhealthhistory.h"

#include <QSignalSpy>
#include <QTest>

using namespace UpdateInspector;

namespace {
constexpr qint64 T0 = 1795700000000; // ms; a whole second
constexpr qint64 Second = 1000;

// Feeds successful samples every `stepMs` with the given pending counts, no errors.
void feedPending(WebhookHealthHistory &history, qint64 startMs, qint64 stepMs, const QList<int> &counts)
{
    for (int i = 0; i < counts.size(); ++i)
        history.addInfo(startMs + i * stepMs, counts[i], 0, QString());
}
} // namespace

class tst_WebhookHealthHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void samplesAndSignal()
    {
        WebhookHealthHistory history;
        QSignalSpy added(&history, &WebhookHealthHistory::sampleAdded);
        QSignalSpy cleared(&history, &WebhookHealthHistory::cleared);
        QVERIFY(added.isValid() && cleared.isValid());
        history.addInfo(T0, 3, 0, QString());
        history.addFailure(T0 + Second, QStringLiteral("Connection refused"));
        QCOMPARE(history.size(), 2);
        QCOMPARE(added.size(), 2);
        const WebhookHealthSample first = added.at(0).at(0).value<WebhookHealthSample>();
        QVERIFY(first.ok);
        QCOMPARE(first.pendingUpdateCount, 3);
        QCOMPARE(first.timeMs, T0);
        const WebhookHealthSample &failure = history.samples().at(1);
        QVERIFY(!failure.ok);
        QVERIFY(!failure.newError); // a failed poll is not a webhook error
        QCOMPARE(failure.lastErrorMessage, QStringLiteral("Connection refused"));
        history.clear();
        QVERIFY(history.isEmpty());
        QCOMPARE(cleared.size(), 1);
    }

    void errorEvents()
    {
        WebhookHealthHistory history;
        const qint64 errorA = T0 / 1000 + 5;
        const qint64 errorB = T0 / 1000 + 25;
        history.addInfo(T0, 1, 0, QString());                                    // no error
        history.addInfo(T0 + 10 * Second, 2, errorA, QStringLiteral("Connection refused")); // new
        history.addInfo(T0 + 20 * Second, 2, errorA, QStringLiteral("Connection refused")); // same
        history.addFailure(T0 + 25 * Second, QStringLiteral("timeout"));         // skipped
        history.addInfo(T0 + 30 * Second, 3, errorB, QStringLiteral("Read timeout expired")); // new
        history.addInfo(T0 + 40 * Second, 3, errorB, QStringLiteral("Read timeout expired")); // same
        QCOMPARE(history.errorEventCount(), 2);
        const QList<WebhookHealthSample> &samples = history.samples();
        QVERIFY(!samples.at(0).newError);
        QVERIFY(samples.at(1).newError);
        QCOMPARE(samples.at(1).errorTimeMs, errorA * 1000); // dated by last_error_date
        QVERIFY(!samples.at(2).newError);
        QVERIFY(samples.at(4).newError);
        QCOMPARE(samples.at(4).errorTimeMs, errorB * 1000);
        QVERIFY(!samples.at(5).newError);
    }

    // A server clock ahead of ours cannot date an error after the sample that reported it, nor
    // (after a first sample) before the previous sample.
    void errorTimeIsClampedBetweenSamples()
    {
        WebhookHealthHistory history;
        history.addInfo(T0, 0, 0, QString());
        history.addInfo(T0 + 10 * Second, 0, T0 / 1000 + 60, QStringLiteral("future"));
        QCOMPARE(history.samples().at(1).errorTimeMs, T0 + 10 * Second);
        history.addInfo(T0 + 20 * Second, 0, T0 / 1000 - 3600, QStringLiteral("changed to older"));
        QVERIFY(history.samples().at(2).newError);
        QCOMPARE(history.samples().at(2).errorTimeMs, T0 + 10 * Second);
    }

    void firstSampleWithAnOldError()
    {
        WebhookHealthHistory history;
        const qint64 old = T0 / 1000 - 3600;
        history.addInfo(T0, 0, old, QStringLiteral("Connection refused"));
        QVERIFY(history.samples().at(0).newError);
        QCOMPARE(history.samples().at(0).errorTimeMs, old * 1000); // an hour before the chart starts
        QCOMPARE(history.errorsPerInterval(T0, T0 + 60 * Second, 10 * Second), QList<int>(6, 0));
        QCOMPARE(history.errorsPerInterval(T0 - 3600 * Second, T0, 60 * Second).value(0), 1);
    }

    void errorsPerInterval()
    {
        WebhookHealthHistory history;
        history.addInfo(T0, 0, 0, QString());
        // Errors dated 5 s, 25 s and 27 s, each reported by the next sample.
        history.addInfo(T0 + 6 * Second, 0, T0 / 1000 + 5, QStringLiteral("a"));
        history.addInfo(T0 + 26 * Second, 0, T0 / 1000 + 25, QStringLiteral("b"));
        history.addInfo(T0 + 28 * Second, 0, T0 / 1000 + 27, QStringLiteral("c"));
        history.addInfo(T0 + 45 * Second, 0, T0 / 1000 + 27, QStringLiteral("c"));
        QCOMPARE(history.errorsPerInterval(T0, T0 + 45 * Second, 10 * Second), (QList<int>{1, 0, 2, 0, 0}));
        QCOMPARE(history.errorsPerInterval(T0, T0 + 30 * Second, 30 * Second), (QList<int>{3}));
        QVERIFY(history.errorsPerInterval(T0, T0, 10 * Second).isEmpty());
        QVERIFY(history.errorsPerInterval(T0, T0 + Second, 0).isEmpty());
    }

    void pendingGrowing_data()
    {
        QTest::addColumn<qint64>("stepMs");
        QTest::addColumn<QList<int>>("counts");
        QTest::addColumn<bool>("growing");
        QTest::newRow("too few samples") << 10 * Second << QList<int>{1, 2, 3} << false;
        QTest::newRow("4 rising over 30 s") << 10 * Second << QList<int>{1, 2, 3, 4} << true;
        QTest::newRow("4 rising over 15 s: too short") << 5 * Second << QList<int>{1, 2, 3, 4} << false;
        QTest::newRow("7 rising over 30 s") << 5 * Second << QList<int>{1, 2, 3, 4, 5, 6, 7} << true;
        QTest::newRow("steady") << 10 * Second << QList<int>{5, 5, 5, 5, 5, 5} << false;
        QTest::newRow("draining") << 10 * Second << QList<int>{9, 8, 7, 6, 5} << false;
        QTest::newRow("plateaus between rises") << 10 * Second << QList<int>{1, 1, 2, 2, 3, 3, 4} << true;
        QTest::newRow("dropped at the end") << 10 * Second << QList<int>{1, 2, 3, 4, 5, 2} << false;
        QTest::newRow("dropped, then rising again") << 10 * Second << QList<int>{9, 1, 2, 3, 4} << true;
        QTest::newRow("only two rises since the drop") << 10 * Second << QList<int>{9, 2, 3, 4} << false;
        QTest::newRow("rises older than the window") << 4 * 60 * Second << QList<int>{1, 2, 3, 4, 4, 4} << false;
    }
    void pendingGrowing()
    {
        QFETCH(qint64, stepMs);
        QFETCH(QList<int>, counts);
        QFETCH(bool, growing);
        WebhookHealthHistory history;
        feedPending(history, T0, stepMs, counts);
        QCOMPARE(history.isPendingGrowing(), growing);
    }

    void failedPollsDoNotBreakGrowth()
    {
        WebhookHealthHistory history;
        history.addInfo(T0, 1, 0, QString());
        history.addInfo(T0 + 10 * Second, 2, 0, QString());
        history.addFailure(T0 + 15 * Second, QStringLiteral("timeout"));
        history.addInfo(T0 + 20 * Second, 3, 0, QString());
        QVERIFY(!history.isPendingGrowing());
        history.addFailure(T0 + 25 * Second, QStringLiteral("timeout"));
        history.addInfo(T0 + 30 * Second, 4, 0, QString());
        QVERIFY(history.isPendingGrowing());
        history.addFailure(T0 + 35 * Second, QStringLiteral("timeout"));
        QVERIFY(history.isPendingGrowing());
    }

    void capsBySampleCount()
    {
        WebhookHealthHistory history;
        history.setLimits(WebhookHealthHistory::DefaultMaxAgeMs, 5);
        feedPending(history, T0, Second, {0, 1, 2, 3, 4, 5, 6, 7});
        QCOMPARE(history.size(), 5);
        QCOMPARE(history.samples().constFirst().pendingUpdateCount, 3);
        QCOMPARE(history.samples().constLast().pendingUpdateCount, 7);
        history.setLimits(WebhookHealthHistory::DefaultMaxAgeMs, 2);
        QCOMPARE(history.size(), 2);
    }

    void capsByAge()
    {
        WebhookHealthHistory history;
        QCOMPARE(history.maxAgeMs(), 2LL * 3600 * 1000);
        QCOMPARE(history.maxSamples(), 2000);
        history.setLimits(60 * Second, 2000);
        feedPending(history, T0, 20 * Second, {0, 1, 2, 3, 4}); // 0 s .. 80 s
        QCOMPARE(history.size(), 4);                              // 20 s .. 80 s: within 60 s of the newest
        QCOMPARE(history.samples().constFirst().timeMs, T0 + 20 * Second);
    }

    // An error seen before the cap dropped its sample is still not counted again.
    void errorSurvivesTrimming()
    {
        WebhookHealthHistory history;
        history.setLimits(WebhookHealthHistory::DefaultMaxAgeMs, 1);
        history.addInfo(T0, 0, T0 / 1000, QStringLiteral("Connection refused"));
        QCOMPARE(history.errorEventCount(), 1);
        history.addInfo(T0 + Second, 0, T0 / 1000, QStringLiteral("Connection refused"));
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.errorEventCount(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_WebhookHealthHistory)
#include "tst_webhookhealthhistory.moc"
