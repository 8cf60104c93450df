// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookhealthpanel.h"

#include "bottoken.h"

#include "updatekind.h"
#include "webhookhealthchart.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace UpdateInspector {

namespace {
constexpr int DefaultIntervalSeconds = 30;
const QString kErrorColour = QStringLiteral("#b00020");

// The fields getWebhookInfo documents; anything else in `raw` gets a row of its own.
const QStringList kKnownFields = {
    QStringLiteral("url"), QStringLiteral("has_custom_certificate"), QStringLiteral("pending_update_count"),
    QStringLiteral("ip_address"), QStringLiteral("last_error_date"), QStringLiteral("last_error_message"),
    QStringLiteral("last_synchronization_error_date"), QStringLiteral("max_connections"),
    QStringLiteral("allowed_updates"),
};

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // everything comes from the server
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// "3 min ago" for a date `secs` in unix seconds.
QString ago(qint64 secs, qint64 nowMs)
{
    const qint64 elapsed = nowMs / 1000 - secs;
    if (elapsed < 60)
        return WebhookHealthPanel::tr("just now");
    if (elapsed < 3600)
        return WebhookHealthPanel::tr("%1 min ago").arg(elapsed / 60);
    if (elapsed < 48 * 3600)
        return WebhookHealthPanel::tr("%1 h %2 min ago").arg(elapsed / 3600).arg(elapsed % 3600 / 60);
    return WebhookHealthPanel::tr("%1 days ago").arg(elapsed / 86400);
}

QString dateWithAge(qint64 secs, qint64 nowMs)
{
    if (secs == 0)
        return WebhookHealthPanel::tr("never");
    const QDateTime local = QDateTime::fromSecsSinceEpoch(secs).toLocalTime();
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" (") + ago(secs, nowMs) + u')';
}

QString defaultSetText()
{
    QStringList optIn;
    for (int i = 1; i < UpdateKindCount; ++i)
        if (isOptInKind(UpdateKind(i)))
            optIn.append(QString(kindName(UpdateKind(i))));
    return WebhookHealthPanel::tr("default set (every kind except %1)").arg(optIn.join(QStringLiteral(", ")));
}
} // namespace

WebhookHealthPanel::WebhookHealthPanel(QWidget *parent)
    : QWidget(parent), m_status(valueLabel(this)), m_fields(nullptr), m_explanation(valueLabel(this)),
      m_warningsLayout(nullptr), m_interval(new QSpinBox(this)), m_chart(nullptr)
{
    m_status->setObjectName(QStringLiteral("status"));
    m_interval->setObjectName(QStringLiteral("interval"));
    m_interval->setRange(0, 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("off"));
    m_interval->setValue(DefaultIntervalSeconds);
    m_interval->setToolTip(tr("How often getWebhookInfo is asked (0: only when Refresh is pressed)"));
    auto *refresh = new QPushButton(tr("Refresh now"), this);
    refresh->setObjectName(QStringLiteral("refresh"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Poll getWebhookInfo every"), this));
    controls->addWidget(m_interval);
    controls->addStretch();
    controls->addWidget(refresh);

    auto *details = new QWidget;
    m_fields = new QGridLayout;
    m_fields->setColumnStretch(1, 1);
    m_url = addField(QStringLiteral("url"));
    m_certificate = addField(QStringLiteral("has_custom_certificate"));
    m_pending = addField(QStringLiteral("pending_update_count"));
    m_ipAddress = addField(QStringLiteral("ip_address"));
    m_lastErrorDate = addField(QStringLiteral("last_error_date"));
    m_lastErrorMessage = addField(QStringLiteral("last_error_message"));
    m_syncErrorDate = addField(QStringLiteral("last_synchronization_error_date"));
    m_maxConnections = addField(QStringLiteral("max_connections"));
    m_allowedUpdates = addField(QStringLiteral("allowed_updates"));
    m_explanation->setObjectName(QStringLiteral("explanation"));
    m_explanation->setStyleSheet(QStringLiteral("background: #fff1c9; color: black; padding: 6px;"));
    m_explanation->hide();
    auto *warningsHeader = new QLabel(u"<b>" + tr("Warnings") + u"</b>", details);
    auto *warnings = new QWidget(details);
    warnings->setObjectName(QStringLiteral("warnings"));
    m_warningsLayout = new QVBoxLayout(warnings);
    m_warningsLayout->setContentsMargins(0, 0, 0, 0);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->addLayout(m_fields);
    detailsLayout->addWidget(m_explanation);
    detailsLayout->addWidget(warningsHeader);
    detailsLayout->addWidget(warnings);
    detailsLayout->addStretch(1);
    m_chart = new WebhookHealthChart(this);
    m_chart->setObjectName(QStringLiteral("chart"));
    m_chart->showHistory(m_history);
    // The fields scroll when the panel is short; the chart sits beside them when the panel is
    // wide (a dock under the stream) and below them when it is narrow (a dock at the side).
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(details);

    m_body = new QBoxLayout(QBoxLayout::TopToBottom);
    m_body->addWidget(scroll, 1);
    m_body->addWidget(m_chart, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addLayout(m_body, 1);

    connect(refresh, &QPushButton::clicked, this, &WebhookHealthPanel::refreshRequested);
    connect(m_interval, &QSpinBox::valueChanged, this, &WebhookHealthPanel::intervalChanged);
    connect(&m_history, &WebhookHealthHistory::sampleAdded, this, [this] { m_chart->showHistory(m_history); });
    m_ageTimer.setInterval(30 * 1000);
    connect(&m_ageTimer, &QTimer::timeout, this, &WebhookHealthPanel::updateAges);
    m_ageTimer.start();
    m_status->setText(tr("No answer yet: press Refresh now, or choose how often to ask."));
    showFields();
    showWarnings();
}

void WebhookHealthPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_body->setDirection(width() >= SideBySideWidth ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

QLabel *WebhookHealthPanel::addField(const QString &name)
{
    QLabel *value = valueLabel(this);
    value->setObjectName(name);
    m_fields->addWidget(new QLabel(name + u':', this), m_fixedRows, 0, Qt::AlignTop);
    m_fields->addWidget(value, m_fixedRows, 1, Qt::AlignTop);
    ++m_fixedRows;
    return value;
}

void WebhookHealthPanel::setInfo(const WebhookInfo &info, qint64 atMs)
{
    m_info = info;
    m_hasInfo = true;
    m_infoAtMs = atMs;
    m_history.addInfo(atMs, info.pendingUpdateCount, info.lastErrorDate, info.lastErrorMessage);
    const QString when = QDateTime::fromMSecsSinceEpoch(atMs).toString(QStringLiteral("HH:mm:ss"));
    m_status->setStyleSheet(QString());
    m_status->setText(info.hasWebhook() ? tr("A webhook is set (checked at %1).").arg(when)
                                        : tr("No webhook is set: updates wait for getUpdates (checked at %1).")
                                              .arg(when));
    showFields();
    showWarnings();
}

void WebhookHealthPanel::setFailure(const QString &error, qint64 atMs)
{
    m_history.addFailure(atMs, error);
    const auto time = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")); };
    QString text = tr("getWebhookInfo failed at %1: %2").arg(time(atMs), error);
    if (m_hasInfo)
        text += u'\n' + tr("The fields below are from %1.").arg(time(m_infoAtMs));
    m_status->setText(text);
    m_status->setStyleSheet(u"color: " + kErrorColour + u';');
}

void WebhookHealthPanel::setContext(const HealthContext &context)
{
    m_context = context;
    showWarnings();
}

int WebhookHealthPanel::interval() const
{
    return m_interval->value();
}

void WebhookHealthPanel::setInterval(int seconds)
{
    m_interval->setValue(seconds);
}

QString WebhookHealthPanel::explanation() const
{
    return m_explanation->isHidden() ? QString() : m_explanation->text();
}

void WebhookHealthPanel::showFields()
{
    const WebhookInfo &info = m_info;
    const QString none = QStringLiteral("—");
    if (!m_hasInfo) {
        for (QLabel *label : {m_url, m_certificate, m_pending, m_ipAddress, m_lastErrorDate, m_lastErrorMessage,
                              m_syncErrorDate, m_maxConnections, m_allowedUpdates})
            label->setText(none);
        return;
    }
    // A webhook path with the bot's token in it is common: shown redacted, as everywhere.
    m_url->setText(info.url.isEmpty() ? tr("(empty: no webhook, getUpdates is in use)") : BotToken::redact(info.url));
    m_certificate->setText(info.hasCustomCertificate ? tr("yes (a self-signed certificate was uploaded)") : tr("no"));
    m_pending->setText(QString::number(info.pendingUpdateCount));
    m_ipAddress->setText(info.ipAddress.isEmpty()        ? none
                         : info.ipAddress == u"<unknown>" ? tr("<unknown> (the host is not resolved yet)")
                                                          : info.ipAddress);
    m_lastErrorMessage->setText(info.lastErrorMessage.isEmpty() ? none : BotToken::redact(info.lastErrorMessage));
    m_maxConnections->setText(info.maxConnections == 0 ? none : QString::number(info.maxConnections));
    m_allowedUpdates->setText(info.allowedUpdatesGiven && !info.allowedUpdates.isEmpty()
                                  ? info.allowedUpdates.join(QStringLiteral(", "))
                                  : defaultSetText());
    updateAges();
    showExtraFields();

    const QString explained = explainWebhookError(info.lastErrorMessage);
    m_explanation->setText(tr("What the last error means: %1").arg(explained));
    m_explanation->setVisible(!explained.isEmpty());
}

// Fields this program does not know yet (a newer Bot API): shown as received.
void WebhookHealthPanel::showExtraFields()
{
    qDeleteAll(m_extraWidgets);
    m_extraWidgets.clear();
    int row = m_fixedRows;
    for (auto it = m_info.raw.constBegin(); it != m_info.raw.constEnd(); ++it) {
        if (kKnownFields.contains(it.key()))
            continue;
        const QJsonValue value = it.value();
        const auto compact = [](const QJsonDocument &document) {
            return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
        };
        const QString text = value.isString()   ? value.toString()
                             : value.isObject() ? compact(QJsonDocument(value.toObject()))
                             : value.isArray()  ? compact(QJsonDocument(value.toArray()))
                                                : value.toVariant().toString();
        QLabel *label = valueLabel(this);
        label->setObjectName(it.key());
        label->setText(BotToken::redact(text));
        label->setToolTip(tr("A field this version does not know"));
        auto *name = new QLabel(it.key() + u':', this);
        name->setTextFormat(Qt::PlainText);
        m_fields->addWidget(name, row, 0, Qt::AlignTop);
        m_fields->addWidget(label, row++, 1, Qt::AlignTop);
        m_extraWidgets << name << label;
    }
}

void WebhookHealthPanel::updateAges()
{
    if (!m_hasInfo)
        return;
    const qint64 now = std::max(QDateTime::currentMSecsSinceEpoch(), m_infoAtMs);
    m_lastErrorDate->setText(dateWithAge(m_info.lastErrorDate, now));
    m_syncErrorDate->setText(dateWithAge(m_info.lastSynchronizationErrorDate, now));
}

void WebhookHealthPanel::showWarnings()
{
    HealthContext context = m_context;
    context.pendingGrowing = m_history.isPendingGrowing();
    m_warnings = m_hasInfo ? webhookWarnings(m_info, context) : QList<HealthWarning>();
    while (QLayoutItem *item = m_warningsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    QWidget *parent = m_warningsLayout->parentWidget();
    if (m_warnings.isEmpty()) {
        QLabel *none = valueLabel(parent);
        none->setText(m_hasInfo ? tr("None.") : tr("None yet."));
        m_warningsLayout->addWidget(none);
        return;
    }
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    const QPixmap icon = style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize);
    for (const HealthWarning &warning : std::as_const(m_warnings)) {
        // The last error has its own box above, with the same explanation.
        if (warning.id == u"last-error" && !m_explanation->isHidden())
            continue;
        auto *row = new QWidget(parent);
        row->setObjectName(QStringLiteral("warning-") + warning.id);
        auto *iconLabel = new QLabel(row);
        iconLabel->setPixmap(icon);
        QLabel *text = valueLabel(row);
        text->setText(warning.message);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->addWidget(iconLabel, 0, Qt::AlignTop);
        rowLayout->addWidget(text, 1);
        m_warningsLayout->addWidget(row);
    }
}

} // namespace UpdateInspector
