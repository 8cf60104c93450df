// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "latencyhistogram.h"

#include <QPainter>

#include <algorithm>

namespace UpdateInspector {

LatencyHistogram::LatencyHistogram(QWidget *parent)
    : QWidget(parent)
{
    setMinimumSize(200, ListenerStats::BucketCount * (fontMetrics().height() + 1));
}

void LatencyHistogram::setCounts(const std::array<qint64, ListenerStats::BucketCount> &counts)
{
    if (counts == m_counts)
        return;
    m_counts = counts;
    update();
}

void LatencyHistogram::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    int labelWidth = 0;
    for (int i = 0; i < ListenerStats::BucketCount; ++i)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(ListenerStats::bucketLabel(i)));
    labelWidth += 8;
    const qint64 largest = std::max<qint64>(1, *std::max_element(m_counts.begin(), m_counts.end()));
    const int countWidth = metrics.horizontalAdvance(QString::number(largest)) + 8;
    const double rowHeight = double(height()) / ListenerStats::BucketCount;
    const double barSpace = std::max(0, width() - labelWidth - countWidth);
    QColor track = palette().color(QPalette::Mid);
    track.setAlpha(50);
    for (int i = 0; i < ListenerStats::BucketCount; ++i) {
        const double y = i * rowHeight;
        const QRectF labelRect(0, y, labelWidth - 8, rowHeight);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter, ListenerStats::bucketLabel(i));
        const QRectF trackRect(labelWidth, y + 2, barSpace, rowHeight - 4);
        painter.fillRect(trackRect, track);
        const qint64 count = m_counts[std::size_t(i)];
        double barWidth = barSpace * double(count) / double(largest);
        if (count > 0)
            barWidth = std::max(barWidth, 2.0);
        painter.fillRect(QRectF(labelWidth, y + 2, barWidth, rowHeight - 4),
                         palette().color(QPalette::Highlight));
        painter.drawText(QRectF(labelWidth + barWidth + 4, y, countWidth, rowHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, QString::number(count));
    }
}

} // namespace UpdateInspector
