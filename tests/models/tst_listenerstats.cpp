// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The listener's running figures: counts by verdict, request rates against an injected clock,
// the latency histogram's bucket edges and the percentiles.
#include "listenerstats.h"

#include <QSignalSpy>
#include <QTest>

using namespace UpdateInspector;

namespace {
constexpr std::int64_t kNow = 1'780'000'000'000;

WebhookRequest at(std::int64_t receivedMs, std::int64_t latencyUs = 300,
                  WebhookVerdict verdict = WebhookVerdict::Accepted, int status = 200)
{
    WebhookRequest r;
    r.receivedMs = receivedMs;
    r.latencyUs = latencyUs;
    r.verdict = verdict;
    r.status = status;
    return r;
}
} // namespace

class tst_ListenerStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsByVerdict()
    {
        ListenerStats stats;
        QSignalSpy changed(&stats, &ListenerStats::changed);
        QVERIFY(changed.isValid());
        stats.add({at(kNow), at(kNow), at(kNow, 300, WebhookVerdict::Redelivered),
                   at(kNow, 300, WebhookVerdict::Faulted, 500),
                   at(kNow, 10, WebhookVerdict::WrongSecret, 403),
                   at(kNow, 10, WebhookVerdict::WrongSecret, 403)});
        stats.add({});
        stats.add({at(kNow, 0, WebhookVerdict::Overloaded, 0)});
        QCOMPARE(changed.size(), 2); // once per non-empty batch
        QCOMPARE(stats.total(), 7);
        QCOMPARE(stats.count(WebhookVerdict::Accepted), 2);
        QCOMPARE(stats.count(WebhookVerdict::Redelivered), 1);
        QCOMPARE(stats.count(WebhookVerdict::Faulted), 1);
        QCOMPARE(stats.count(WebhookVerdict::WrongSecret), 2);
        QCOMPARE(stats.count(WebhookVerdict::Overloaded), 1);
        QCOMPARE(stats.count(WebhookVerdict::WrongPath), 0);
        QCOMPARE(stats.rejectedCount(), 3);
        QCOMPARE(stats.answeredCount(), 6); // the closed connection has no latency

        stats.reset();
        QCOMPARE(changed.size(), 3);
        QCOMPARE(stats.total(), 0);
        QCOMPARE(stats.count(WebhookVerdict::Accepted), 0);
        QCOMPARE(stats.answeredCount(), 0);
        QCOMPARE(stats.percentileUs(0.5), -1);
    }

    void ratesFollowTheClock()
    {
        ListenerStats stats;
        std::int64_t now = kNow;
        stats.setClock([&now] { return now; });
        QList<WebhookRequest> batch;
        for (int i = 0; i < 4; ++i)
            batch << at(kNow - 200 - i); // in the last second
        for (int i = 0; i < 6; ++i)
            batch << at(kNow - 4000 - i); // in the 10 s window only
        batch << at(kNow - 30'000);      // a stalled request answered late: counts, but not in rates
        stats.add(batch);
        QCOMPARE(stats.total(), 11);
        QCOMPARE(stats.lastSecondRate(), 4.0);
        QCOMPARE(stats.averageRate(), 1.0);

        now = kNow + 900; // the four are 1.1 s old now
        QCOMPARE(stats.lastSecondRate(), 0.0);
        QCOMPARE(stats.averageRate(), 1.0);
        now = kNow + 6100; // the six left the window as well
        QCOMPARE(stats.averageRate(), 0.4);
        now = kNow + 20'000;
        QCOMPARE(stats.averageRate(), 0.0);
        QCOMPARE(stats.total(), 11);
    }

    void bucketEdges_data()
    {
        QTest::addColumn<qint64>("latencyUs");
        QTest::addColumn<int>("bucket");
        QTest::newRow("0") << qint64(0) << 0;
        QTest::newRow("99us") << qint64(99) << 0;
        QTest::newRow("100us") << qint64(100) << 1;
        QTest::newRow("249us") << qint64(249) << 1;
        QTest::newRow("250us") << qint64(250) << 2;
        QTest::newRow("999us") << qint64(999) << 3;
        QTest::newRow("1ms") << qint64(1000) << 4;
        QTest::newRow("4.9ms") << qint64(4999) << 5;
        QTest::newRow("5ms") << qint64(5000) << 6;
        QTest::newRow("10ms") << qint64(10'000) << 7;
        QTest::newRow("50ms") << qint64(50'000) << 8;
        QTest::newRow("999ms") << qint64(999'999) << 8;
        QTest::newRow("1s") << qint64(1'000'000) << 9;
        QTest::newRow("70s") << qint64(70'000'000) << 9;
    }

    void bucketEdges()
    {
        QFETCH(qint64, latencyUs);
        QFETCH(int, bucket);
        QCOMPARE(ListenerStats::bucketOf(latencyUs), bucket);
        ListenerStats stats;
        stats.add({at(kNow, latencyUs)});
        for (int i = 0; i < ListenerStats::BucketCount; ++i)
            QCOMPARE(stats.bucketCount(i), i == bucket ? 1 : 0);
    }

    void bucketLabels()
    {
        QCOMPARE(ListenerStats::bucketLabel(0), QStringLiteral("< 100 µs"));
        QCOMPARE(ListenerStats::bucketLabel(1), QStringLiteral("100–250 µs"));
        QCOMPARE(ListenerStats::bucketLabel(3), QStringLiteral("0.5–1 ms"));
        QCOMPARE(ListenerStats::bucketLabel(8), QStringLiteral("50 ms–1 s"));
        QCOMPARE(ListenerStats::bucketLabel(ListenerStats::BucketCount - 1), QStringLiteral("≥ 1 s"));
        QCOMPARE(ListenerStats::bucketUpperUs(3), 1000);
        QCOMPARE(ListenerStats::bucketUpperUs(ListenerStats::BucketCount - 1), -1);
    }

    void percentiles()
    {
        ListenerStats stats;
        QList<WebhookRequest> batch;
        // 1..100 ms in a shuffled order: the nearest-rank p50 is 50 ms, p99 is 99 ms.
        for (int i = 0; i < 100; ++i)
            batch << at(kNow, std::int64_t((i * 37) % 100 + 1) * 1000);
        stats.add(batch);
        QCOMPARE(stats.percentileUs(0.5), 50'000);
        QCOMPARE(stats.percentileUs(0.99), 99'000);
        QCOMPARE(stats.percentileUs(1.0), 100'000);
        QCOMPARE(stats.bucketCount(ListenerStats::bucketOf(30'000)), 40); // 10..49 ms

        // The reservoir keeps the newest answers: after a flood of fast ones, slow ones are gone.
        QList<WebhookRequest> fast;
        for (int i = 0; i < ListenerStats::LatencySampleCount; ++i)
            fast << at(kNow, 80);
        stats.add(fast);
        QCOMPARE(stats.percentileUs(0.99), 80);
        QCOMPARE(stats.answeredCount(), 100 + ListenerStats::LatencySampleCount);
    }
};

QTEST_GUILESS_MAIN(tst_ListenerStats)
#include "tst_listenerstats.moc"
