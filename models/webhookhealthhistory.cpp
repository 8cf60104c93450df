// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookhealthhistory.h"

#include <algorithm>
#include <limits>

namespace UpdateInspector {

WebhookHealthHistory::WebhookHealthHistory(QObject *parent) : QObject(parent) {}

void WebhookHealthHistory::setLimits(qint64 maxAgeMs, int maxSamples)
{
    m_maxAgeMs = std::max<qint64>(maxAgeMs, 0);
    m_maxSamples = std::max(maxSamples, 1);
    trim();
}

void WebhookHealthHistory::addInfo(qint64 timeMs, int pendingUpdateCount, qint64 lastErrorDate,
                                   const QString &lastErrorMessage)
{
    WebhookHealthSample sample;
    sample.timeMs = timeMs;
    sample.ok = true;
    sample.pendingUpdateCount = pendingUpdateCount;
    sample.lastErrorDate = lastErrorDate;
    sample.lastErrorMessage = lastErrorMessage;
    if (lastErrorDate != 0 && (!m_haveOk || lastErrorDate != m_lastOkErrorDate)) {
        sample.newError = true;
        const qint64 earliest = m_haveOk ? m_lastOkTimeMs : std::numeric_limits<qint64>::min();
        sample.errorTimeMs = std::clamp(lastErrorDate * 1000, std::min(earliest, timeMs), timeMs);
    }
    m_haveOk = true;
    m_lastOkErrorDate = lastErrorDate;
    m_lastOkTimeMs = timeMs;
    append(sample);
}

void WebhookHealthHistory::addFailure(qint64 timeMs, const QString &error)
{
    WebhookHealthSample sample;
    sample.timeMs = timeMs;
    sample.lastErrorMessage = error;
    append(sample);
}

void WebhookHealthHistory::clear()
{
    m_samples.clear();
    m_haveOk = false;
    m_lastOkErrorDate = 0;
    m_lastOkTimeMs = 0;
    Q_EMIT cleared();
}

int WebhookHealthHistory::errorEventCount() const
{
    return int(std::count_if(m_samples.cbegin(), m_samples.cend(),
                             [](const WebhookHealthSample &sample) { return sample.newError; }));
}

QList<int> WebhookHealthHistory::errorsPerInterval(qint64 fromMs, qint64 toMs, qint64 intervalMs) const
{
    if (intervalMs <= 0 || toMs <= fromMs)
        return {};
    const qint64 buckets = (toMs - fromMs + intervalMs - 1) / intervalMs;
    QList<int> counts(buckets, 0);
    for (const WebhookHealthSample &sample : m_samples) {
        if (!sample.newError || sample.errorTimeMs < fromMs || sample.errorTimeMs >= toMs)
            continue;
        ++counts[(sample.errorTimeMs - fromMs) / intervalMs];
    }
    return counts;
}

bool WebhookHealthHistory::isPendingGrowing() const
{
    const WebhookHealthSample *newest = nullptr;
    const WebhookHealthSample *later = nullptr; // the run's sample after the one looked at
    int rises = 0;
    qint64 startMs = 0;
    for (auto it = m_samples.crbegin(); it != m_samples.crend(); ++it) {
        if (!it->ok)
            continue;
        if (!newest) {
            newest = later = &*it;
            startMs = it->timeMs;
            continue;
        }
        if (newest->timeMs - it->timeMs > GrowthWindowMs || it->pendingUpdateCount > later->pendingUpdateCount)
            break;
        if (it->pendingUpdateCount < later->pendingUpdateCount)
            ++rises;
        startMs = it->timeMs;
        later = &*it;
    }
    return newest && rises >= GrowthMinRises && newest->timeMs - startMs >= GrowthMinSpanMs;
}

void WebhookHealthHistory::append(WebhookHealthSample sample)
{
    m_samples.append(sample);
    trim();
    Q_EMIT sampleAdded(sample);
}

void WebhookHealthHistory::trim()
{
    if (m_samples.isEmpty())
        return;
    const qint64 oldestKept = m_samples.constLast().timeMs - m_maxAgeMs;
    qsizetype drop = 0;
    while (drop < m_samples.size() - 1 && m_samples.at(drop).timeMs < oldestKept)
        ++drop;
    drop = std::max(drop, m_samples.size() - m_maxSamples);
    if (drop > 0)
        m_samples.remove(0, drop);
}

} // namespace UpdateInspector
