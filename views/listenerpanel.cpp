// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listenerpanel.h"

#include "bottoken.h"

#include "latencyhistogram.h"
#include "listenerresponsebox.h"
#include "listenerrequestmodel.h"
#include "listenerstats.h"
#include "rawjsonview.h"
#include "webhooklistener.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace UpdateInspector {

ListenerPanel::ListenerPanel(QWidget *parent)
    : QWidget(parent), m_model(new ListenerRequestModel(this)), m_stats(new ListenerStats(this)),
      m_refreshTimer(new QTimer(this)), m_status(new QLabel(this))
{
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextFormat(Qt::RichText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true); // a long URL and fault must not widen the dock

    auto *histogramBox = new QGroupBox(tr("Latency"), this);
    m_histogram = new LatencyHistogram(histogramBox);
    m_percentiles = new QLabel(histogramBox);
    m_percentiles->setObjectName(QStringLiteral("percentiles"));
    auto *histogramLayout = new QVBoxLayout(histogramBox);
    histogramLayout->addWidget(m_histogram, 1);
    histogramLayout->addWidget(m_percentiles);

    auto *top = new QHBoxLayout;
    top->addWidget(makeCountersBox());
    top->addWidget(histogramBox, 1);
    m_responseBox = new ListenerResponseBox(this);
    top->addWidget(m_responseBox, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addLayout(top);
    layout->addWidget(makeRequestsArea(), 1);

    connect(m_responseBox, &ListenerResponseBox::applied, this, &ListenerPanel::refresh);
    // Refreshed after new requests (at most every RefreshIntervalMs) and each second for the
    // rates, which fall while nothing comes; only while shown.
    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    auto *rateTimer = new QTimer(this);
    connect(rateTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    rateTimer->start(1000);
    setListener(nullptr);
}

ListenerPanel::~ListenerPanel() = default;

QWidget *ListenerPanel::makeCountersBox()
{
    auto *box = new QGroupBox(tr("Traffic"), this);
    auto *grid = new QGridLayout(box);
    auto addRow = [box, grid](const QString &name, const QString &objectName) {
        auto *value = new QLabel(box);
        value->setObjectName(objectName);
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const int row = grid->rowCount();
        grid->addWidget(new QLabel(name, box), row, 0);
        grid->addWidget(value, row, 1);
        return value;
    };
    m_rate = addRow(tr("Requests/s (10 s avg):"), QStringLiteral("rate"));
    m_total = addRow(tr("Total:"), QStringLiteral("total"));
    m_accepted = addRow(tr("Accepted:"), QStringLiteral("accepted"));
    m_redelivered = addRow(tr("Redelivered:"), QStringLiteral("redelivered"));
    m_faulted = addRow(tr("Faulted:"), QStringLiteral("faulted"));
    m_rejected = addRow(tr("Rejected:"), QStringLiteral("rejected"));
    m_rejectedReasons = new QLabel(box);
    m_rejectedReasons->setObjectName(QStringLiteral("rejectedReasons"));
    m_rejectedReasons->setWordWrap(true);
    m_rejectedReasons->setAlignment(Qt::AlignRight | Qt::AlignTop);
    grid->addWidget(m_rejectedReasons, grid->rowCount(), 0, 1, 2);
    grid->setRowStretch(grid->rowCount(), 1);
    return box;
}

QWidget *ListenerPanel::makeRequestsArea()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("requests"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    // Narrow enough that every column fits next to the detail pane at about 1100 pixels.
    const auto widthOf = [this](const char *sample) { return fontMetrics().horizontalAdvance(QLatin1StringView(sample)) + 12; };
    const std::pair<int, const char *> widths[] = {
        {ListenerColumn::Time, "00:00:00.000"}, {ListenerColumn::From, "127.0.0.1:65535"},
        {ListenerColumn::Method, "Method"},      {ListenerColumn::Path, "/webhook/x"},
        {ListenerColumn::Status, "Status"},      {ListenerColumn::Verdict, "wrong-method"},
        {ListenerColumn::Latency, "00.00 ms"},   {ListenerColumn::UpdateId, "123456789"},
    };
    for (const auto &[column, sample] : widths)
        header->resizeSection(column, widthOf(sample));

    // Follow the newest row like a packet capture does, until the user scrolls up; scrolling back
    // to the bottom follows again.
    QScrollBar *bar = m_table->verticalScrollBar();
    connect(bar, &QAbstractSlider::actionTriggered, this,
            [this, bar] { m_followNewest = bar->sliderPosition() >= bar->maximum(); });
    connect(bar, &QAbstractSlider::valueChanged, this, [this, bar](int value) {
        if (value >= bar->maximum())
            m_followNewest = true;
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_followNewest || m_scrollQueued)
            return;
        m_scrollQueued = true; // once per event-loop turn, after the view has laid the rows out
        QMetaObject::invokeMethod(this, [this] {
            m_scrollQueued = false;
            if (m_followNewest)
                m_table->scrollToBottom();
        }, Qt::QueuedConnection);
    });
    // While the user reads older rows, keep them in place as the oldest ones leave the ring.
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this, bar](const QModelIndex &, int first, int last) {
        if (!m_followNewest && first == 0)
            bar->setValue(bar->value() - (last + 1));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showRequest(current.isValid() ? current.row() : -1); });

    m_detail = new QPlainTextEdit(this);
    m_detail->setObjectName(QStringLiteral("detail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_body = new RawJsonView(this);
    m_body->setObjectName(QStringLiteral("body"));
    m_body->setPlaceholderText(tr("(no body)"));
    auto *details = new QSplitter(Qt::Vertical, this);
    details->addWidget(m_detail);
    details->addWidget(m_body);
    details->setChildrenCollapsible(false);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({740, 360});
    splitter->setChildrenCollapsible(false);
    showRequest(-1);
    return splitter;
}

void ListenerPanel::setListener(WebhookListener *listener)
{
    if (m_listener)
        disconnect(m_listener, nullptr, this, nullptr);
    m_listener = listener;
    clear();
    if (listener) {
        connect(listener, &WebhookListener::requestsHandled, this,
                [this](const QList<WebhookRequest> &batch) {
                    m_model->append(batch);
                    m_stats->add(batch);
                    // At most one refresh per RefreshIntervalMs, however many batches come.
                    if (!m_refreshTimer->isActive())
                        m_refreshTimer->start(qMax<qint64>(0, RefreshIntervalMs - m_sinceRefresh.elapsed()));
                });
    }
    m_responseBox->setListener(listener);
    refresh();
}

void ListenerPanel::clear()
{
    m_model->clear();
    m_stats->reset();
    m_followNewest = true;
    showRequest(-1);
    refresh();
}

bool ListenerPanel::applyResponse()
{
    return m_responseBox->apply(); // the box's applied() refreshes the panel
}

QString ListenerPanel::responseMessage() const
{
    return m_responseBox->message();
}

QString ListenerPanel::statusText() const
{
    if (!m_listener)
        return tr("No listener.");
    if (!m_listener->isListening())
        return tr("Stopped.");
    QStringList parts{tr("Listening on %1").arg(BotToken::redact(m_listener->localUrl().toDisplayString()))};
    parts << (m_listener->isTls() ? tr("HTTPS") : tr("plain HTTP"));
    parts << (m_listener->options().secretToken.isEmpty() ? tr("no secret token") : tr("secret token set"));
    const int connections = m_listener->connectionCount();
    parts << (connections == 1 ? tr("1 connection") : tr("%1 connections").arg(connections));
    const ListenerFault fault = m_listener->fault();
    if (fault.isActive())
        parts << tr("fault %1").arg(fault.describe());
    return parts.join(QStringLiteral(" · "));
}

void ListenerPanel::refresh()
{
    m_sinceRefresh.start();
    const bool listening = m_listener && m_listener->isListening();
    m_status->setText(QStringLiteral("<span style=\"color:%1\">●</span> %2")
                          .arg(listening ? QStringLiteral("#2e9d4f") : QStringLiteral("#8a8a8a"),
                               statusText().toHtmlEscaped()));
    m_rate->setText(QStringLiteral("%1 (%2)")
                        .arg(m_stats->lastSecondRate(), 0, 'f', 0)
                        .arg(m_stats->averageRate(), 0, 'f', 1));
    m_total->setText(QString::number(m_stats->total()));
    m_accepted->setText(QString::number(m_stats->count(WebhookVerdict::Accepted)));
    m_redelivered->setText(QString::number(m_stats->count(WebhookVerdict::Redelivered)));
    m_faulted->setText(QString::number(m_stats->count(WebhookVerdict::Faulted)));
    m_rejected->setText(QString::number(m_stats->rejectedCount()));
    QStringList reasons;
    for (int i = 0; i < WebhookVerdictCount; ++i) {
        const auto verdict = WebhookVerdict(i);
        if (ListenerRequestModel::isRejected(verdict) && m_stats->count(verdict) > 0)
            reasons << QStringLiteral("%1 %2").arg(verdictName(verdict)).arg(m_stats->count(verdict));
    }
    m_rejectedReasons->setText(reasons.join(QStringLiteral(", ")));
    std::array<qint64, ListenerStats::BucketCount> counts {};
    for (int i = 0; i < ListenerStats::BucketCount; ++i)
        counts[std::size_t(i)] = m_stats->bucketCount(i);
    m_histogram->setCounts(counts);
    const std::int64_t p50 = m_stats->percentileUs(0.5);
    m_percentiles->setText(p50 < 0 ? tr("No answers yet.")
                                   : tr("p50 %1 · p99 %2 (last %3 answers)")
                                         .arg(ListenerRequestModel::latencyText(p50),
                                              ListenerRequestModel::latencyText(m_stats->percentileUs(0.99)))
                                         .arg(qMin<qint64>(m_stats->answeredCount(), ListenerStats::LatencySampleCount)));
}

void ListenerPanel::showRequest(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_detail->setPlainText(tr("Select a request to see its headers, body and answer."));
        m_body->setJson({});
        return;
    }
    const WebhookRequest &request = m_model->request(row);
    m_detail->setPlainText(ListenerRequestModel::detailText(request));
    QJsonParseError error;
    QJsonDocument::fromJson(request.body, &error);
    m_body->setPretty(error.error == QJsonParseError::NoError);
    m_body->setJson(request.body);
}

QString ListenerPanel::detailText() const
{
    return m_detail->toPlainText();
}

QString ListenerPanel::bodyText() const
{
    return m_body->toPlainText();
}

void ListenerPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

} // namespace UpdateInspector
