// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookhealthchart.h"

#include "webhookhealthhistory.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <array>

namespace UpdateInspector {

namespace {
constexpr qint64 MinChartSpanMs = 60 * 1000;
constexpr int MaxErrorBuckets = 30;
const QColor kErrorColour(QStringLiteral("#b00020"));

// An axis top that gives whole-number ticks: 0..top in at most 4 steps of 1, 2, 5, 10, 20, ...
std::pair<int, int> niceTop(int value)
{
    if (value <= 4)
        return {std::max(value, 1), std::max(value, 1) + 1};
    static constexpr std::array<int, 3> mantissas = {1, 2, 5};
    for (int scale = 1;; scale *= 10) {
        for (const int mantissa : mantissas)
            if (mantissa * scale * 4 >= value)
                return {mantissa * scale * 4, 5};
    }
}

qint64 errorInterval(qint64 spanMs)
{
    static constexpr std::array<qint64, 9> steps = {10, 30, 60, 120, 300, 600, 900, 1800, 3600};
    for (const qint64 step : steps)
        if (spanMs / (step * 1000) <= MaxErrorBuckets)
            return step * 1000;
    return steps.back() * 1000;
}
} // namespace

WebhookHealthChart::WebhookHealthChart(QWidget *parent)
    : QChartView(new QChart, parent)
{
    QChart *chart = this->chart();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_pendingSeries = new QLineSeries(chart);
    m_pendingSeries->setName(tr("pending_update_count"));
    m_errorSeries = new QScatterSeries(chart);
    m_errorSeries->setName(tr("errors"));
    m_errorSeries->setColor(kErrorColour);
    m_errorSeries->setBorderColor(kErrorColour);
    m_errorSeries->setMarkerSize(9);
    chart->addSeries(m_pendingSeries);
    chart->addSeries(m_errorSeries);

    m_timeAxis = new QDateTimeAxis(chart);
    m_timeAxis->setTickCount(5);
    m_pendingAxis = new QValueAxis(chart);
    m_pendingAxis->setLabelFormat(QStringLiteral("%d"));
    m_pendingAxis->setTitleText(tr("pending"));
    m_errorAxis = new QValueAxis(chart);
    m_errorAxis->setLabelFormat(QStringLiteral("%d"));
    m_errorAxis->setLabelsColor(kErrorColour);
    m_errorAxis->setTitleBrush(kErrorColour);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_pendingAxis, Qt::AlignLeft);
    chart->addAxis(m_errorAxis, Qt::AlignRight);
    m_pendingSeries->attachAxis(m_timeAxis);
    m_pendingSeries->attachAxis(m_pendingAxis);
    m_errorSeries->attachAxis(m_timeAxis);
    m_errorSeries->attachAxis(m_errorAxis);

    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(260);
}

void WebhookHealthChart::showHistory(const WebhookHealthHistory &history)
{
    QList<QPointF> pending;
    for (const WebhookHealthSample &sample : history.samples())
        if (sample.ok)
            pending.append(QPointF(qreal(sample.timeMs), sample.pendingUpdateCount));
    const qint64 toMs = history.isEmpty() ? QDateTime::currentMSecsSinceEpoch() : history.samples().constLast().timeMs;
    const qint64 fromMs = std::min(history.isEmpty() ? toMs : history.samples().constFirst().timeMs,
                                   toMs - MinChartSpanMs);
    const qint64 intervalMs = errorInterval(toMs - fromMs);
    // Buckets end at the newest sample (+1: an error dated at it belongs in), so the last one
    // is complete.
    const qint64 bucketsFromMs = toMs + 1 - ((toMs + 1 - fromMs + intervalMs - 1) / intervalMs) * intervalMs;
    const QList<int> errors = history.errorsPerInterval(bucketsFromMs, toMs + 1, intervalMs);
    QList<QPointF> errorPoints;
    int mostErrors = 0;
    for (int i = 0; i < errors.size(); ++i) {
        if (errors[i] == 0)
            continue;
        const qint64 middle = std::clamp(bucketsFromMs + i * intervalMs + intervalMs / 2, fromMs, toMs);
        errorPoints.append(QPointF(qreal(middle), errors[i]));
        mostErrors = std::max(mostErrors, errors[i]);
    }
    m_pendingSeries->replace(pending);
    m_errorSeries->replace(errorPoints);

    m_timeAxis->setFormat(toMs - fromMs < 10 * 60 * 1000 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    int mostPending = 0;
    for (const QPointF &point : std::as_const(pending))
        mostPending = std::max(mostPending, int(point.y()));
    const auto [pendingTop, pendingTicks] = niceTop(mostPending);
    m_pendingAxis->setRange(0, pendingTop);
    m_pendingAxis->setTickCount(pendingTicks);
    const auto [errorTop, errorTicks] = niceTop(mostErrors + 1); // room above the top point
    m_errorAxis->setRange(0, errorTop);
    m_errorAxis->setTickCount(errorTicks);
    const qint64 seconds = intervalMs / 1000;
    m_errorAxis->setTitleText(seconds < 60 ? tr("errors per %1 s").arg(seconds)
                                           : tr("errors per %1 min").arg(seconds / 60));
    m_errorSeries->setName(m_errorAxis->titleText());
}

} // namespace UpdateInspector
