// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableView;
class QTimer;

namespace UpdateInspector {

class LatencyHistogram;
class ListenerRequestModel;
class ListenerResponseBox;
class ListenerStats;
class RawJsonView;
class WebhookListener;

// The webhook listener's inspector (for a dock): its status, the traffic counters and latency
// histogram (refreshed on a timer, not per request, to stay cheap under load), the last requests
// (following the newest unless the user scrolled up), the selected request in detail, and the
// controls for how valid updates are answered (a reply-with-method body, a deliberate fault).
class ListenerPanel final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int RefreshIntervalMs = 250;

    explicit ListenerPanel(QWidget *parent = nullptr);
    ~ListenerPanel() override;

    // Shows `listener`'s requests from now on and fills the response controls from it; nullptr
    // detaches. The panel does not own the listener. Rows and figures start over.
    void setListener(WebhookListener *listener);
    WebhookListener *listener() const { return m_listener; }

    ListenerRequestModel *model() const { return m_model; }
    ListenerStats *stats() const { return m_stats; }
    QTableView *table() const { return m_table; }
    bool isFollowingNewest() const { return m_followNewest; }

    QString statusText() const;
    QString detailText() const; // the selected request without its body
    QString bodyText() const;   // its body, pretty-printed when JSON
    QString responseMessage() const; // what Apply said (an error in plain words, or what it did)

    void refresh(); // what the timer does: the status line, counters and histogram
    // Applies the response controls to the listener; false (and responseMessage()) on a problem.
    bool applyResponse();
    void clear(); // forgets the rows and figures (the listener's own counters stay)

protected:
    void showEvent(QShowEvent *event) override; // the figures are only refreshed while shown

private:
    QWidget *makeCountersBox();
    QWidget *makeRequestsArea();
    void showRequest(int row);

    ListenerRequestModel *m_model;
    ListenerStats *m_stats;
    QPointer<WebhookListener> m_listener;
    QTimer *m_refreshTimer;
    QElapsedTimer m_sinceRefresh;
    QLabel *m_status;
    QLabel *m_rate;
    QLabel *m_total;
    QLabel *m_accepted;
    QLabel *m_redelivered;
    QLabel *m_faulted;
    QLabel *m_rejected;
    QLabel *m_rejectedReasons;
    LatencyHistogram *m_histogram;
    QLabel *m_percentiles;
    ListenerResponseBox *m_responseBox;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    RawJsonView *m_body;
    bool m_followNewest = true;
    bool m_scrollQueued = false;
};

} // namespace UpdateInspector
