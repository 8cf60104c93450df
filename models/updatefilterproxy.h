// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updatefilter.h"

#include <QAbstractProxyModel>

#include <vector>

namespace UpdateInspector {

class UpdateModel;
class UpdateStore;

// Filters and sorts an UpdateModel by reading the store's index entries directly: a kind or chat
// filter over a million rows is a tight loop over 56-byte entries, not a million virtual calls
// (which is why this is not a QSortFilterProxyModel).
class UpdateFilterProxy final : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit UpdateFilterProxy(QObject *parent = nullptr);

    // Takes an UpdateModel; other models are refused.
    void setSourceModel(QAbstractItemModel *source) override;

    const UpdateFilter &filter() const { return m_filter; }
    void setFilter(const UpdateFilter &filter);

    int sourceRow(int proxyRow) const { return m_rows[size_t(proxyRow)]; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_order; }

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void filterChanged();

private:
    void rebuild();
    void onSourceRowsInserted(const QModelIndex &parent, int first, int last);
    bool inNaturalOrder() const;
    void sortRows();
    void resort();

    UpdateModel *m_model = nullptr;
    UpdateStore *m_store = nullptr;
    UpdateFilter m_filter;
    std::vector<int> m_rows; // source rows shown, in display order
    mutable std::vector<int> m_inverse; // source row -> proxy row, built on demand when sorted
    mutable bool m_inverseValid = false;
    int m_sortColumn = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
};

} // namespace UpdateInspector
