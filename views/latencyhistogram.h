// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "listenerstats.h"

#include <QWidget>

#include <array>

namespace UpdateInspector {

// Latency buckets as horizontal bars, one row each, so that every range label reads in full.
class LatencyHistogram final : public QWidget
{
public:
    explicit LatencyHistogram(QWidget *parent = nullptr);

    // Repaints only when the counts changed (the panel refreshes on a timer).
    void setCounts(const std::array<qint64, ListenerStats::BucketCount> &counts);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::array<qint64, ListenerStats::BucketCount> m_counts {};
};

} // namespace UpdateInspector
