// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updatedigest.h"

#include <QAbstractTableModel>
#include <QCache>

namespace UpdateInspector {

class UpdateStore;

// The stream of updates as a table over an UpdateStore. Rows grow in the store's batches (one
// beginInsertRows per batch); texts for the shown rows are taken from the raw bytes on demand.
class UpdateModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit UpdateModel(UpdateStore *store, QObject *parent = nullptr);

    UpdateStore *store() const { return m_store; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void onRowsAppended(qsizetype first, qsizetype last);
    const UpdateDigest &digest(int row) const;
    QVariant displayText(int row, int column) const;
    QVariant rawValue(int row, int column) const;

    UpdateStore *m_store;
    int m_rowCount = 0; // rows announced to views (the store may hold more, not yet announced)
    mutable QCache<int, UpdateDigest> m_digests {2048};
};

} // namespace UpdateInspector
