// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace UpdateInspector {

// One getWebhookInfo poll as the health history keeps it.
struct WebhookHealthSample
{
    qint64 timeMs = 0;          // when the answer came (local clock, ms since the epoch)
    bool ok = false;            // the call succeeded; the fields below are empty otherwise
    int pendingUpdateCount = 0;
    qint64 lastErrorDate = 0;   // unix seconds, 0 when none
    QString lastErrorMessage;   // or, when !ok, why the call failed
    // Set by the history: this sample reports a new error (see WebhookHealthHistory), which
    // happened at errorTimeMs.
    bool newError = false;
    qint64 errorTimeMs = 0;
};

// The webhook's health over time, for the health panel's chart and its "pending keeps growing"
// warning. Samples are expected in time order; the oldest ones go once the series spans more than
// maxAgeMs or holds more than maxSamples.
//
// An error event is a successful sample whose last_error_date is set and differs from the one of
// the previous successful sample (the first successful sample counts when it has one). The service
// only reports the latest error, so several failures between two polls make one event. The event
// is dated by last_error_date, kept between the previous sample's time and this one's, so a
// server clock running ahead cannot put it in the future.
class WebhookHealthHistory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookHealthHistory)

public:
    static constexpr qint64 DefaultMaxAgeMs = 2LL * 3600 * 1000;
    static constexpr int DefaultMaxSamples = 2000;
    // isPendingGrowing()'s rule, see there.
    static constexpr int GrowthMinRises = 3;
    static constexpr qint64 GrowthMinSpanMs = 30 * 1000;
    static constexpr qint64 GrowthWindowMs = 10 * 60 * 1000;

    explicit WebhookHealthHistory(QObject *parent = nullptr);

    void setLimits(qint64 maxAgeMs, int maxSamples);
    qint64 maxAgeMs() const { return m_maxAgeMs; }
    int maxSamples() const { return m_maxSamples; }

    void addInfo(qint64 timeMs, int pendingUpdateCount, qint64 lastErrorDate, const QString &lastErrorMessage);
    void addFailure(qint64 timeMs, const QString &error);
    void clear();

    const QList<WebhookHealthSample> &samples() const { return m_samples; }
    int size() const { return int(m_samples.size()); }
    bool isEmpty() const { return m_samples.isEmpty(); }
    int errorEventCount() const;

    // Error events per interval: bucket i counts the events dated in
    // [fromMs + i * intervalMs, fromMs + (i + 1) * intervalMs), up to toMs (the last bucket may be
    // shorter). Empty when intervalMs <= 0 or toMs <= fromMs.
    QList<int> errorsPerInterval(qint64 fromMs, qint64 toMs, qint64 intervalMs) const;

    // The queue is not being drained: going back from the newest successful sample, the pending
    // count never fell, rose in at least GrowthMinRises steps, and the samples of that run within
    // GrowthWindowMs of the newest span at least GrowthMinSpanMs. Failed polls are skipped (they
    // say nothing about the queue); any drop ends the run. A plateau does not end it: updates
    // arrive in bursts, and a queue that never shrinks is the point.
    bool isPendingGrowing() const;

Q_SIGNALS:
    void sampleAdded(const UpdateInspector::WebhookHealthSample &sample);
    void cleared();

private:
    void append(WebhookHealthSample sample);
    void trim();

    QList<WebhookHealthSample> m_samples;
    qint64 m_maxAgeMs = DefaultMaxAgeMs;
    int m_maxSamples = DefaultMaxSamples;
    // The last successful sample's values survive trimming, so a new error is still told apart.
    bool m_haveOk = false;
    qint64 m_lastOkErrorDate = 0;
    qint64 m_lastOkTimeMs = 0;
};

} // namespace UpdateInspector
