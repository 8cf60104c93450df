// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatefilterproxy.h"

#include "updatemodel.h"
#include "updatemodeldefs.h"
#include "updatestore.h"

#include <algorithm>

namespace UpdateInspector {

UpdateFilterProxy::UpdateFilterProxy(QObject *parent) : QAbstractProxyModel(parent) {}

void UpdateFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    auto *model = qobject_cast<UpdateModel *>(source);
    Q_ASSERT_X(model || !source, "UpdateFilterProxy", "the source must be an UpdateModel");
    beginResetModel();
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_store = model ? model->store() : nullptr;
    QAbstractProxyModel::setSourceModel(model);
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &UpdateFilterProxy::onSourceRowsInserted);
        connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
        connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
            rebuild();
            endResetModel();
        });
    }
    rebuild();
    endResetModel();
}

void UpdateFilterProxy::setFilter(const UpdateFilter &filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    rebuild();
    endResetModel();
    Q_EMIT filterChanged();
}

void UpdateFilterProxy::rebuild()
{
    m_rows.clear();
    m_inverseValid = false;
    if (!m_model)
        return;
    const int count = m_model->rowCount();
    if (m_filter.isEmpty()) {
        m_rows.resize(size_t(count));
        for (int i = 0; i < count; ++i)
            m_rows[size_t(i)] = i;
    } else {
        const CompiledFilter filter(m_filter);
        const auto &entries = m_store->entries();
        for (int i = 0; i < count; ++i) {
            if (filter.accepts(entries[size_t(i)], m_store->raw(i)))
                m_rows.push_back(i);
        }
    }
    if (!inNaturalOrder())
        sortRows();
}

void UpdateFilterProxy::onSourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    std::vector<int> added;
    const CompiledFilter filter(m_filter);
    const bool all = m_filter.isEmpty();
    for (int i = first; i <= last; ++i) {
        if (all || filter.accepts(m_store->entry(i), m_store->raw(i)))
            added.push_back(i);
    }
    if (added.empty())
        return;
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at + int(added.size()) - 1);
    m_rows.insert(m_rows.end(), added.begin(), added.end());
    m_inverseValid = false;
    endInsertRows();
    if (!inNaturalOrder())
        resort();
}

bool UpdateFilterProxy::inNaturalOrder() const
{
    return m_sortColumn < 0 || (m_sortColumn == UpdateColumn::Row && m_order == Qt::AscendingOrder);
}

void UpdateFilterProxy::sortRows()
{
    m_inverseValid = false;
    if (inNaturalOrder()) {
        std::sort(m_rows.begin(), m_rows.end());
        return;
    }
    const auto &entries = m_store->entries();
    auto key = [&](int row) -> qint64 {
        const UpdateIndexEntry &e = entries[size_t(row)];
        switch (m_sortColumn) {
        case UpdateColumn::UpdateId: return e.updateId;
        case UpdateColumn::Kind: return qint64(e.kind);
        case UpdateColumn::Chat: return e.chatId;
        case UpdateColumn::From: return e.senderId;
        case UpdateColumn::Date: return e.date;
        case UpdateColumn::Received: return e.receivedMs;
        case UpdateColumn::Source: return qint64(e.source);
        case UpdateColumn::Size: return e.length;
        }
        return row;
    };
    const bool descending = m_order == Qt::DescendingOrder;
    if (m_sortColumn == UpdateColumn::Summary) {
        // Texts are taken from the raw bytes once per row, not once per comparison.
        std::vector<std::pair<QString, int>> keyed;
        keyed.reserve(m_rows.size());
        for (int row : m_rows)
            keyed.emplace_back(digestUpdate(m_store->raw(row)).summary, row);
        std::stable_sort(keyed.begin(), keyed.end(), [descending](const auto &a, const auto &b) {
            const int c = a.first.localeAwareCompare(b.first);
            return c != 0 ? (descending ? c > 0 : c < 0) : a.second < b.second;
        });
        for (size_t i = 0; i < keyed.size(); ++i)
            m_rows[i] = keyed[i].second;
        return;
    }
    std::stable_sort(m_rows.begin(), m_rows.end(), [&](int a, int b) {
        const qint64 ka = key(a), kb = key(b);
        if (ka != kb)
            return descending ? ka > kb : ka < kb;
        return a < b;
    });
}

// Re-sorts keeping selections and current items on the same updates.
void UpdateFilterProxy::resort()
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> sourceRows;
    sourceRows.reserve(size_t(before.size()));
    for (const QModelIndex &index : before)
        sourceRows.push_back(m_rows[size_t(index.row())]);
    sortRows();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after.append(mapFromSource(m_model->index(sourceRows[size_t(i)], before[i].column())));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void UpdateFilterProxy::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_order)
        return;
    m_sortColumn = column;
    m_order = order;
    if (m_model)
        resort();
}

QModelIndex UpdateFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !m_model || proxyIndex.row() >= int(m_rows.size()))
        return {};
    return m_model->index(m_rows[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex UpdateFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    const int source = sourceIndex.row();
    if (inNaturalOrder()) {
        const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), source);
        if (it == m_rows.end() || *it != source)
            return {};
        return createIndex(int(it - m_rows.begin()), sourceIndex.column());
    }
    if (!m_inverseValid) {
        m_inverse.assign(size_t(m_model->rowCount()), -1);
        for (size_t i = 0; i < m_rows.size(); ++i)
            m_inverse[size_t(m_rows[i])] = int(i);
        m_inverseValid = true;
    }
    const int row = size_t(source) < m_inverse.size() ? m_inverse[size_t(source)] : -1;
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QModelIndex UpdateFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= int(m_rows.size()) || column < 0 || column >= UpdateColumn::Count)
        return {};
    return createIndex(row, column);
}

QModelIndex UpdateFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

int UpdateFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UpdateFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : UpdateColumn::Count;
}

bool UpdateFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

} // namespace UpdateInspector
