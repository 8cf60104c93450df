// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "kindmenu.h"

namespace UpdateInspector {

KindMenu::KindMenu(QWidget *parent) : QMenu(parent)
{
    addAction(tr("Show All Kinds"), this, [this] { setMask(AllKinds); });
    addAction(tr("Hide All Kinds"), this, [this] { setMask(0); });
    addSeparator();
    for (int i = 0; i < UpdateKindCount; ++i) {
        const auto kind = UpdateKind(i);
        QString label = kindName(kind);
        if (kind == UpdateKind::Unknown)
            label = tr("other (unknown kinds)");
        else if (isOptInKind(kind))
            label += tr("  (opt-in: only when listed in allowed_updates)");
        QAction *action = addAction(label);
        action->setCheckable(true);
        action->setChecked(true);
        connect(action, &QAction::toggled, this, [this] { Q_EMIT maskChanged(mask()); });
        m_kindActions.append(action);
    }
    // The unknown kinds come last in the menu: they are the rare case.
    removeAction(m_kindActions.first());
    addAction(m_kindActions.first());
}

UpdateKindMask KindMenu::mask() const
{
    UpdateKindMask mask = 0;
    for (int i = 0; i < m_kindActions.size(); ++i) {
        if (m_kindActions[i]->isChecked())
            mask |= kindBit(UpdateKind(i));
    }
    return mask;
}

void KindMenu::setMask(UpdateKindMask mask)
{
    if (mask == this->mask())
        return;
    for (int i = 0; i < m_kindActions.size(); ++i) {
        const QSignalBlocker blocker(m_kindActions[i]);
        m_kindActions[i]->setChecked(mask & kindBit(UpdateKind(i)));
    }
    Q_EMIT maskChanged(this->mask());
}

} // namespace UpdateInspector
