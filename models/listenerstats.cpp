// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listenerstats.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace UpdateInspector {

namespace {
// Upper bounds (exclusive) of all buckets but the last, in µs.
constexpr std::array<std::int64_t, ListenerStats::BucketCount - 1> kUpperUs = {
    100, 250, 500, 1'000, 2'000, 5'000, 10'000, 50'000, 1'000'000,
};

// Hand-written so that each reads naturally ("0.5–1 ms", "50 ms–1 s").
constexpr std::array<const char16_t *, ListenerStats::BucketCount> kLabels = {
    u"< 100 µs", u"100–250 µs", u"250–500 µs", u"0.5–1 ms", u"1–2 ms",
    u"2–5 ms",   u"5–10 ms",    u"10–50 ms",   u"50 ms–1 s", u"≥ 1 s",
};
} // namespace

ListenerStats::ListenerStats(QObject *parent)
    : QObject(parent), m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_latencies.reserve(LatencySampleCount);
}

void ListenerStats::setClock(Clock now)
{
    m_now = std::move(now);
}

void ListenerStats::add(const QList<WebhookRequest> &batch)
{
    if (batch.isEmpty())
        return;
    const std::int64_t windowStart = m_now() - RateWindowMs;
    for (const WebhookRequest &r : batch) {
        ++m_total;
        ++m_counts[std::size_t(r.verdict)];
        // A stalled answer comes long after its request: only recent arrivals count for rates.
        if (r.receivedMs > windowStart)
            ++m_arrivals[r.receivedMs];
        if (r.status == 0)
            continue;
        ++m_answered;
        ++m_buckets[std::size_t(bucketOf(r.latencyUs))];
        if (m_latencies.size() < std::size_t(LatencySampleCount)) {
            m_latencies.push_back(r.latencyUs);
        } else {
            m_latencies[m_nextLatency] = r.latencyUs;
            m_nextLatency = (m_nextLatency + 1) % m_latencies.size();
        }
    }
    m_arrivals.erase(m_arrivals.begin(), m_arrivals.upper_bound(windowStart));
    Q_EMIT changed();
}

void ListenerStats::reset()
{
    m_total = 0;
    m_answered = 0;
    m_counts.fill(0);
    m_buckets.fill(0);
    m_arrivals.clear();
    m_latencies.clear();
    m_nextLatency = 0;
    Q_EMIT changed();
}

qint64 ListenerStats::rejectedCount() const
{
    return m_total - count(WebhookVerdict::Accepted) - count(WebhookVerdict::Redelivered)
        - count(WebhookVerdict::Faulted);
}

std::int64_t ListenerStats::requestsSince(std::int64_t afterMs) const
{
    std::int64_t n = 0;
    for (auto it = m_arrivals.upper_bound(afterMs); it != m_arrivals.end(); ++it)
        n += it->second;
    return n;
}

double ListenerStats::lastSecondRate() const
{
    return double(requestsSince(m_now() - 1000));
}

double ListenerStats::averageRate() const
{
    return double(requestsSince(m_now() - RateWindowMs)) * 1000.0 / double(RateWindowMs);
}

int ListenerStats::bucketOf(std::int64_t latencyUs)
{
    const auto it = std::upper_bound(kUpperUs.begin(), kUpperUs.end(), latencyUs);
    return int(it - kUpperUs.begin());
}

std::int64_t ListenerStats::bucketUpperUs(int bucket)
{
    return bucket < BucketCount - 1 ? kUpperUs[std::size_t(bucket)] : -1;
}

QString ListenerStats::bucketLabel(int bucket)
{
    return QString::fromUtf16(kLabels[std::size_t(bucket)]);
}

std::int64_t ListenerStats::percentileUs(double fraction) const
{
    if (m_latencies.empty())
        return -1;
    std::vector<std::int64_t> sorted = m_latencies;
    const auto n = sorted.size();
    const auto rank = std::size_t(std::ceil(std::clamp(fraction, 0.0, 1.0) * double(n)));
    const auto nth = sorted.begin() + std::ptrdiff_t(std::clamp<std::size_t>(rank, 1, n) - 1);
    std::nth_element(sorted.begin(), nth, sorted.end());
    return *nth;
}

} // namespace UpdateInspector
