// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "allowedupdatesbox.h"

#include "updatekind.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace UpdateInspector {

namespace {
constexpr int KindColumns = 3;
}

AllowedUpdatesBox::AllowedUpdatesBox(QWidget *parent)
    : QGroupBox(tr("Updates to receive (allowed_updates)"), parent),
      m_send(new QCheckBox(tr("Send allowed_updates"), this)), m_hint(new QLabel(this))
{
    m_send->setObjectName(QStringLiteral("sendAllowedUpdates"));
    m_send->setToolTip(tr("Unchecked: allowed_updates is not sent and the bot keeps its stored list"));
    m_hint->setObjectName(QStringLiteral("kindsHint"));
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(2);
    grid->setContentsMargins(20, 0, 0, 0);
    const int rows = (UpdateKindCount - 1 + KindColumns - 1) / KindColumns;
    for (int i = 1; i < UpdateKindCount; ++i) {
        const auto kind = UpdateKind(i);
        const bool optIn = isOptInKind(kind);
        auto *check = new QCheckBox(optIn ? kindName(kind) + tr(" (opt-in)") : QString(kindName(kind)), this);
        check->setObjectName(kindName(kind));
        check->setChecked(!optIn); // the default set
        check->setEnabled(false);
        if (optIn)
            check->setToolTip(tr("Sent only to bots that list it in allowed_updates"));
        connect(check, &QCheckBox::toggled, this, [this] {
            showHint();
            Q_EMIT changed();
        });
        grid->addWidget(check, (i - 1) % rows, (i - 1) / rows); // down the columns, in API order
        m_kindBoxes.append(check);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_send);
    layout->addLayout(grid);
    layout->addWidget(m_hint);
    connect(m_send, &QCheckBox::toggled, this, [this](bool send) {
        for (QCheckBox *check : std::as_const(m_kindBoxes))
            check->setEnabled(send);
        showHint();
        Q_EMIT changed();
    });
    showHint();
}

bool AllowedUpdatesBox::sendsList() const
{
    return m_send->isChecked();
}

QStringList AllowedUpdatesBox::allowedUpdates() const
{
    QStringList kinds;
    if (!sendsList())
        return kinds;
    for (int i = 0; i < m_kindBoxes.size(); ++i)
        if (m_kindBoxes[i]->isChecked())
            kinds.append(QString(kindName(UpdateKind(i + 1))));
    return kinds;
}

void AllowedUpdatesBox::setAllowedUpdates(bool send, const QStringList &kinds)
{
    m_send->setChecked(send);
    if (send && !kinds.isEmpty()) {
        for (int i = 0; i < m_kindBoxes.size(); ++i)
            m_kindBoxes[i]->setChecked(kinds.contains(QString(kindName(UpdateKind(i + 1)))));
    }
}

void AllowedUpdatesBox::showHint()
{
    if (!sendsList())
        m_hint->setText(tr("Not sent: the bot keeps the list it set last (the default set if it never set one)."));
    else if (allowedUpdates().isEmpty())
        m_hint->setText(tr("Nothing checked: [] is sent, which means the default set."));
    else
        m_hint->setText(tr("The service stores this list: getUpdates gets it too, until it is changed."));
}

} // namespace UpdateInspector
