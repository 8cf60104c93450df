// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updatekind.h"

#include <QMenu>

namespace UpdateInspector {

// A checkable list of the update kinds (the opt-in ones marked) for the quick filter.
class KindMenu final : public QMenu
{
    Q_OBJECT
public:
    explicit KindMenu(QWidget *parent = nullptr);

    UpdateKindMask mask() const;
    void setMask(UpdateKindMask mask);

Q_SIGNALS:
    void maskChanged(UpdateKindMask mask);

private:
    QList<QAction *> m_kindActions; // index = UpdateKind
};

} // namespace UpdateInspector
