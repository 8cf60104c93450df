// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhookrequest.h"

#include <QList>
#include <QObject>

#include <array>
#include <functional>
#include <map>
#include <vector>

namespace UpdateInspector {

// Running figures over the requests the webhook listener handled, fed with its batches: counts by
// verdict, request rates, and the latency of the answers (a fixed log-spaced histogram, and exact
// percentiles over the most recent answers).
class ListenerStats final : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<std::int64_t()>; // ms since the epoch

    static constexpr int BucketCount = 10;
    static constexpr std::int64_t RateWindowMs = 10'000;
    static constexpr int LatencySampleCount = 4096; // the percentiles' reservoir: the newest ones

    explicit ListenerStats(QObject *parent = nullptr);

    void setClock(Clock now); // for tests; QDateTime::currentMSecsSinceEpoch by default
    void add(const QList<WebhookRequest> &batch); // emits changed() once when not empty
    void reset();                                 // emits changed()

    qint64 total() const { return m_total; }
    qint64 count(WebhookVerdict verdict) const { return m_counts[std::size_t(verdict)]; }
    qint64 rejectedCount() const; // neither acknowledged nor faulted on purpose
    // Requests received (by WebhookRequest::receivedMs) in the last second, and the average per
    // second over the last RateWindowMs.
    double lastSecondRate() const;
    double averageRate() const;

    // Latency histogram of answered requests (a closed connection has no answer, so no latency).
    // Bucket i holds [lower, upper) µs; the last one is open-ended.
    static int bucketOf(std::int64_t latencyUs);
    static std::int64_t bucketUpperUs(int bucket); // -1 for the last bucket
    static QString bucketLabel(int bucket);        // "< 100 µs", "100–250 µs", …, "≥ 1 s"
    qint64 bucketCount(int bucket) const { return m_buckets[std::size_t(bucket)]; }
    qint64 answeredCount() const { return m_answered; }
    // The nearest-rank percentile (0 < fraction <= 1) of the last LatencySampleCount answered
    // requests' latencies; -1 when there are none.
    std::int64_t percentileUs(double fraction) const;

Q_SIGNALS:
    void changed();

private:
    std::int64_t requestsSince(std::int64_t afterMs) const;

    Clock m_now;
    qint64 m_total = 0;
    qint64 m_answered = 0;
    std::array<qint64, WebhookVerdictCount> m_counts {};
    std::array<qint64, BucketCount> m_buckets {};
    std::map<std::int64_t, qint64> m_arrivals; // receivedMs -> requests, within the rate window
    std::vector<std::int64_t> m_latencies;     // a ring of LatencySampleCount once full
    std::size_t m_nextLatency = 0;
};

} // namespace UpdateInspector
