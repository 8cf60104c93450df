// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listenerresponsebox.h"

#include "webhooklistener.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

namespace UpdateInspector {

namespace {
// The fault combo's items, in order.
enum class FaultChoice { None, Status500, Status502, Status429, Stall, Close };
enum class FaultScope { NextRequests, Share };
} // namespace

ListenerResponseBox::ListenerResponseBox(QWidget *parent)
    : QGroupBox(tr("Answer valid updates"), parent)
{
    m_replyMode = new QComboBox(this);
    m_replyMode->setObjectName(QStringLiteral("replyMode"));
    m_replyMode->addItems({tr("200 with an empty body"), tr("200 with a method call (JSON below)")});
    m_replyBody = new QPlainTextEdit(this);
    m_replyBody->setObjectName(QStringLiteral("replyBody"));
    m_replyBody->setPlaceholderText(QStringLiteral("{\"method\":\"sendMessage\",\"chat_id\":1,\"text\":\"pong\"}"));
    m_replyBody->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_replyBody->setFixedHeight(fontMetrics().height() * 3 + 10);
    m_faultKind = new QComboBox(this);
    m_faultKind->setObjectName(QStringLiteral("faultKind"));
    m_faultKind->addItems({tr("None"), tr("500 Internal Server Error"), tr("502 Bad Gateway"),
                           tr("429 Too Many Requests"), tr("Stall (answer late)"), tr("Close the connection")});
    for (QComboBox *combo : {m_replyMode, m_faultKind}) { // may shrink in a narrow dock
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    m_faultSeconds = new QSpinBox(this);
    m_faultSeconds->setObjectName(QStringLiteral("faultSeconds"));
    m_faultScope = new QComboBox(this);
    m_faultScope->setObjectName(QStringLiteral("faultScope"));
    m_faultScope->addItems({tr("the next"), tr("a share of")});
    m_faultAmount = new QSpinBox(this);
    m_faultAmount->setObjectName(QStringLiteral("faultAmount"));
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setObjectName(QStringLiteral("apply"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("responseMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);

    auto *faultRow = new QHBoxLayout;
    faultRow->addWidget(m_faultKind, 1);
    faultRow->addWidget(m_faultSeconds);
    auto *scopeRow = new QHBoxLayout;
    scopeRow->addWidget(m_faultScope);
    scopeRow->addWidget(m_faultAmount, 1);
    auto *applyRow = new QHBoxLayout;
    applyRow->addWidget(m_apply);
    applyRow->addWidget(m_message, 1);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Reply with:"), m_replyMode);
    form->addRow(m_replyBody);
    form->addRow(tr("Fault:"), faultRow);
    form->addRow(tr("For:"), scopeRow);
    form->addRow(applyRow);
    setMaximumWidth(480);

    connect(m_replyMode, &QComboBox::currentIndexChanged, this, &ListenerResponseBox::updateControls);
    connect(m_faultKind, &QComboBox::currentIndexChanged, this, &ListenerResponseBox::updateControls);
    connect(m_faultScope, &QComboBox::currentIndexChanged, this, &ListenerResponseBox::updateControls);
    connect(m_apply, &QPushButton::clicked, this, &ListenerResponseBox::apply);
    updateControls();
    setListener(nullptr);
}

ListenerResponseBox::~ListenerResponseBox() = default;

void ListenerResponseBox::setListener(WebhookListener *listener)
{
    m_listener = listener;
    if (listener)
        loadFromListener();
    m_apply->setEnabled(listener);
    showMessage(QString(), false);
}

void ListenerResponseBox::loadFromListener()
{
    const QByteArray methodBody = m_listener->reply().methodBody;
    m_replyMode->setCurrentIndex(methodBody.isEmpty() ? 0 : 1);
    if (!methodBody.isEmpty())
        m_replyBody->setPlainText(QString::fromUtf8(methodBody));
    const ListenerFault fault = m_listener->fault();
    FaultChoice choice = FaultChoice::None;
    if (fault.isActive()) {
        switch (fault.kind) {
        case ListenerFault::Kind::None: break;
        case ListenerFault::Kind::Status:
            choice = fault.status == 429 ? FaultChoice::Status429
                : fault.status == 502    ? FaultChoice::Status502
                                         : FaultChoice::Status500;
            break;
        case ListenerFault::Kind::Stall: choice = FaultChoice::Stall; break;
        case ListenerFault::Kind::Close: choice = FaultChoice::Close; break;
        }
    }
    m_faultKind->setCurrentIndex(int(choice));
    if (choice == FaultChoice::Status429)
        m_faultSeconds->setValue(fault.retryAfterSeconds);
    else if (choice == FaultChoice::Stall)
        m_faultSeconds->setValue(fault.stallSeconds);
    if (choice != FaultChoice::None) {
        const bool counted = fault.remaining > 0;
        m_faultScope->setCurrentIndex(int(counted ? FaultScope::NextRequests : FaultScope::Share));
        m_faultAmount->setValue(counted ? fault.remaining : int(fault.share * 100.0 + 0.5));
    }
}

void ListenerResponseBox::updateControls()
{
    m_replyBody->setEnabled(m_replyMode->currentIndex() == 1);
    const auto choice = FaultChoice(m_faultKind->currentIndex());
    const bool hasSeconds = choice == FaultChoice::Status429 || choice == FaultChoice::Stall;
    m_faultSeconds->setVisible(hasSeconds);
    // Each kind and scope gets its own range and default once, when it is chosen.
    const QString retryPrefix = tr("Retry-After ");
    const QString stallPrefix = tr("for ");
    if (choice == FaultChoice::Status429 && m_faultSeconds->prefix() != retryPrefix) {
        m_faultSeconds->setRange(0, 3600);
        m_faultSeconds->setPrefix(retryPrefix);
        m_faultSeconds->setSpecialValueText(tr("no Retry-After"));
        m_faultSeconds->setValue(5);
    } else if (choice == FaultChoice::Stall && m_faultSeconds->prefix() != stallPrefix) {
        m_faultSeconds->setRange(1, 3600);
        m_faultSeconds->setPrefix(stallPrefix);
        m_faultSeconds->setSpecialValueText(QString());
        m_faultSeconds->setValue(70); // beyond the 60 s Telegram waits
    }
    m_faultSeconds->setSuffix(tr(" s"));
    m_faultScope->setEnabled(choice != FaultChoice::None);
    m_faultAmount->setEnabled(choice != FaultChoice::None);
    const bool share = FaultScope(m_faultScope->currentIndex()) == FaultScope::Share;
    const QString shareSuffix = tr(" % of requests");
    const QString countSuffix = tr(" requests");
    if (share && m_faultAmount->suffix() != shareSuffix) {
        m_faultAmount->setRange(1, 100);
        m_faultAmount->setSuffix(shareSuffix);
        m_faultAmount->setValue(50);
    } else if (!share && m_faultAmount->suffix() != countSuffix) {
        m_faultAmount->setRange(1, 1'000'000);
        m_faultAmount->setSuffix(countSuffix);
        m_faultAmount->setValue(1);
    }
}

bool ListenerResponseBox::apply()
{
    if (!m_listener) {
        showMessage(tr("No listener is running."), true);
        return false;
    }
    // The controls spell a fault the way the CLI does ("429:5x3", "stall:70@50%"), and the
    // listener's own parser turns it into a ListenerFault.
    static constexpr const char *kKinds[] = {"none", "500", "502", "429", "stall", "close"};
    const auto choice = FaultChoice(m_faultKind->currentIndex());
    QString spec = QLatin1StringView(kKinds[int(choice)]);
    if ((choice == FaultChoice::Status429 || choice == FaultChoice::Stall) && m_faultSeconds->value() > 0)
        spec += u':' + QString::number(m_faultSeconds->value());
    if (choice != FaultChoice::None)
        spec += (FaultScope(m_faultScope->currentIndex()) == FaultScope::NextRequests ? QStringLiteral("x%1")
                                                                                        : QStringLiteral("@%1%"))
                    .arg(m_faultAmount->value());
    ListenerFault fault;
    ListenerReply reply;
    QString error;
    if (m_replyMode->currentIndex() == 1) {
        reply.methodBody = m_replyBody->toPlainText().trimmed().toUtf8();
        if (reply.methodBody.isEmpty())
            error = tr("type the method call to reply with, as a JSON object.");
    }
    if (!error.isEmpty() || !ListenerFault::parse(spec, &fault, &error)
        || !m_listener->setReply(reply, &error)) {
        showMessage(tr("Not applied: %1").arg(error), true);
        return false;
    }
    m_listener->setFault(fault);
    showMessage(fault.isActive() ? tr("Applied; fault %1.").arg(fault.describe()) : tr("Applied; no fault."),
                false);
    Q_EMIT applied();
    return true;
}

void ListenerResponseBox::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setStyleSheet(problem ? QStringLiteral("color: #c62828;") : QString());
}

QString ListenerResponseBox::message() const
{
    return m_message->text();
}

} // namespace UpdateInspector
