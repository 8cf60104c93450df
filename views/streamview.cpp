// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "streamview.h"

#include "updatemodeldefs.h"

#include <QHeaderView>
#include <QScrollBar>

namespace UpdateInspector {

StreamView::StreamView(QWidget *parent) : QTableView(parent)
{
    setSelectionBehavior(SelectRows);
    setSelectionMode(ExtendedSelection);
    setSortingEnabled(true);
    setWordWrap(false);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setTextElideMode(Qt::ElideRight);
    setHorizontalScrollMode(ScrollPerPixel);
    // Uniform row heights: the view never measures a million rows.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    verticalHeader()->hide();
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setSortIndicatorShown(true);
    horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &StreamView::onScrolled);
}

void StreamView::setModel(QAbstractItemModel *model)
{
    if (this->model())
        disconnect(this->model(), nullptr, this, nullptr);
    QTableView::setModel(model);
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsInserted, this, &StreamView::onRowsInserted);
    const struct { int column; int width; } widths[] = {
        {UpdateColumn::Row, 56},      {UpdateColumn::UpdateId, 92}, {UpdateColumn::Kind, 150},
        {UpdateColumn::Chat, 150},    {UpdateColumn::From, 150},    {UpdateColumn::Summary, 340},
        {UpdateColumn::Date, 140},    {UpdateColumn::Received, 170}, {UpdateColumn::Source, 64},
        {UpdateColumn::Size, 52},
    };
    for (const auto &w : widths)
        setColumnWidth(w.column, w.width);
    // The summary takes the room left, as Wireshark's Info column does; the rest keep their width.
    horizontalHeader()->setSectionResizeMode(UpdateColumn::Summary, QHeaderView::Stretch);
    horizontalHeader()->setMinimumSectionSize(40);
}

void StreamView::setFollowTail(bool follow)
{
    if (follow == m_followTail)
        return;
    m_followTail = follow;
    if (follow)
        scrollToBottom();
    Q_EMIT followTailChanged(follow);
}

void StreamView::onRowsInserted()
{
    if (!m_followTail)
        return;
    m_scrollingToTail = true;
    scrollToBottom();
    m_scrollingToTail = false;
}

// Scrolling up by hand stops following; scrolling back to the end does not restart it by itself
// (the toggle does), so a user reading old rows is never yanked away.
void StreamView::onScrolled(int value)
{
    if (m_scrollingToTail || !m_followTail)
        return;
    if (value < verticalScrollBar()->maximum())
        setFollowTail(false);
}

} // namespace UpdateInspector
