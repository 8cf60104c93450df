// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhookhealth.h"
#include "webhookhealthhistory.h"
#include "webhookinfo.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QBoxLayout;
class QGridLayout;
class QLabel;
class QSpinBox;
class QVBoxLayout;

namespace UpdateInspector {

class WebhookHealthChart;

// The webhook's health for a dock: every getWebhookInfo field (unknown ones too), the last error
// explained in plain words, the warnings, and a chart of pending_update_count and errors over
// time. The app polls getWebhookInfo at the interval chosen here and feeds the answers in.
class WebhookHealthPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit WebhookHealthPanel(QWidget *parent = nullptr);

    // A getWebhookInfo answer that came at `atMs` (ms since the epoch): shown, and added to the
    // history.
    void setInfo(const WebhookInfo &info, qint64 atMs);
    // The call failed: shown over the last known fields, and added to the history.
    void setFailure(const QString &error, qint64 atMs);
    // What the app knows about its listener and poller. pendingGrowing is ignored: the panel
    // takes it from its own history.
    void setContext(const HealthContext &context);

    int interval() const; // seconds; 0 = off
    void setInterval(int seconds);

    const WebhookHealthHistory &history() const { return m_history; }
    WebhookInfo info() const { return m_info; }
    bool hasInfo() const { return m_hasInfo; }
    QList<HealthWarning> warnings() const { return m_warnings; }
    QString explanation() const; // of the last error; empty when none

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    void refreshRequested();
    void intervalChanged(int seconds);

private:
    QLabel *addField(const QString &name);
    void showFields();
    void showExtraFields();
    void showWarnings();
    void updateAges();

    WebhookHealthHistory m_history;
    WebhookInfo m_info;
    bool m_hasInfo = false;
    qint64 m_infoAtMs = 0;
    HealthContext m_context;
    QList<HealthWarning> m_warnings;

    static constexpr int SideBySideWidth = 1000;
    QBoxLayout *m_body = nullptr; // the fields and the chart
    QLabel *m_status;
    QGridLayout *m_fields; // a grid, not a form: wrapped values need their height for width
    QLabel *m_url;
    QLabel *m_certificate;
    QLabel *m_pending;
    QLabel *m_ipAddress;
    QLabel *m_lastErrorDate;
    QLabel *m_lastErrorMessage;
    QLabel *m_syncErrorDate;
    QLabel *m_maxConnections;
    QLabel *m_allowedUpdates;
    int m_fixedRows = 0;
    QList<QWidget *> m_extraWidgets; // the rows of unknown fields
    QLabel *m_explanation;
    QVBoxLayout *m_warningsLayout;
    QSpinBox *m_interval;
    WebhookHealthChart *m_chart;
    QTimer m_ageTimer; // keeps "N min ago" current
};

} // namespace UpdateInspector
