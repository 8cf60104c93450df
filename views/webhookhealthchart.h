// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QChartView>

class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace UpdateInspector {

class WebhookHealthHistory;

// The webhook health over time: pending_update_count as a line, and the errors counted per
// interval (chosen to fit the span) as points on their own axis. At least a minute is shown.
class WebhookHealthChart final : public QChartView
{
    Q_OBJECT
public:
    explicit WebhookHealthChart(QWidget *parent = nullptr);

    // Redraws from every sample in `history`.
    void showHistory(const WebhookHealthHistory &history);

    // Small: a scroll area sizes its content by height-for-width, which adds up preferred
    // heights; a chart that asks for little there takes what is left of a tall dock instead of
    // forcing a scroll.
    QSize sizeHint() const override { return {360, 280}; }

private:
    QLineSeries *m_pendingSeries;
    QScatterSeries *m_errorSeries;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_pendingAxis;
    QValueAxis *m_errorAxis;
};

} // namespace UpdateInspector
