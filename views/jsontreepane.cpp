// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "jsontreepane.h"

#include "jsontreemodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QMenu>

namespace UpdateInspector {

JsonTreePane::JsonTreePane(QWidget *parent) : QTreeView(parent), m_model(new JsonTreeModel(this))
{
    setModel(m_model);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionBehavior(SelectRows);
    setContextMenuPolicy(Qt::CustomContextMenu);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    setColumnWidth(JsonTreeModel::KeyColumn, 220);
    setColumnWidth(JsonTreeModel::TypeColumn, 70);
    connect(this, &QWidget::customContextMenuRequested, this, &JsonTreePane::showContextMenu);

    auto *copyValueAction = new QAction(tr("Copy Value"), this);
    copyValueAction->setShortcut(QKeySequence::Copy);
    copyValueAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyValueAction, &QAction::triggered, this, &JsonTreePane::copyValue);
    addAction(copyValueAction);
    auto *copyPathAction = new QAction(tr("Copy Path"), this);
    copyPathAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyPathAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyPathAction, &QAction::triggered, this, &JsonTreePane::copyPath);
    addAction(copyPathAction);
}

void JsonTreePane::setJson(QByteArrayView json)
{
    m_model->setJson(json);
    // The payload's first levels are what one reads; deeper objects open on demand.
    expandToDepth(1);
}

void JsonTreePane::copyValue()
{
    if (currentIndex().isValid())
        QApplication::clipboard()->setText(m_model->valueText(currentIndex()));
}

void JsonTreePane::copyPath()
{
    if (currentIndex().isValid())
        QApplication::clipboard()->setText(m_model->path(currentIndex()));
}

void JsonTreePane::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid())
        return;
    setCurrentIndex(index);
    QMenu menu(this);
    for (QAction *action : actions())
        menu.addAction(action);
    menu.addSeparator();
    menu.addAction(tr("Expand All"), this, &QTreeView::expandAll);
    menu.addAction(tr("Collapse All"), this, &QTreeView::collapseAll);
    menu.exec(viewport()->mapToGlobal(pos));
}

} // namespace UpdateInspector
