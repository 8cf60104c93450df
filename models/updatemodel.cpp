// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatemodel.h"

#include "updatemodeldefs.h"
#include "updatestore.h"

#include <QDateTime>

namespace UpdateInspector {

UpdateModel::UpdateModel(UpdateStore *store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store)
{
    connect(store, &UpdateStore::rowsAppended, this, &UpdateModel::onRowsAppended);
    connect(store, &UpdateStore::aboutToClear, this, [this] {
        beginResetModel();
        m_rowCount = 0;
        m_digests.clear();
    });
    connect(store, &UpdateStore::cleared, this, [this] { endResetModel(); });
    // Rows the store announced before the model existed.
    m_rowCount = int(store->size());
}

void UpdateModel::onRowsAppended(qsizetype first, qsizetype last)
{
    if (last < m_rowCount)
        return;
    first = qMax<qsizetype>(first, m_rowCount);
    beginInsertRows({}, int(first), int(last));
    m_rowCount = int(last + 1);
    endInsertRows();
}

int UpdateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int UpdateModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : UpdateColumn::Count;
}

const UpdateDigest &UpdateModel::digest(int row) const
{
    if (UpdateDigest *cached = m_digests.object(row))
        return *cached;
    auto *digest = new UpdateDigest(digestUpdate(m_store->raw(row)));
    m_digests.insert(row, digest);
    return *digest;
}

QVariant UpdateModel::displayText(int row, int column) const
{
    const UpdateIndexEntry &e = m_store->entry(row);
    switch (column) {
    case UpdateColumn::Row: return row + 1;
    case UpdateColumn::UpdateId: return QString::number(e.updateId);
    case UpdateColumn::Kind:
        return e.kind == UpdateKind::Unknown ? digest(row).kindKey : QString(kindName(e.kind));
    case UpdateColumn::Chat: {
        const QString &name = digest(row).chat;
        return !name.isEmpty() ? name : e.chatId ? QString::number(e.chatId) : QString();
    }
    case UpdateColumn::From: {
        const QString &name = digest(row).from;
        return !name.isEmpty() ? name : e.senderId ? QString::number(e.senderId) : QString();
    }
    case UpdateColumn::Summary: return digest(row).summary;
    case UpdateColumn::Date:
        return e.date ? QDateTime::fromSecsSinceEpoch(e.date).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                      : QString();
    case UpdateColumn::Received:
        return e.receivedMs ? QDateTime::fromMSecsSinceEpoch(e.receivedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                            : QString();
    case UpdateColumn::Source: return QString(sourceName(e.source));
    case UpdateColumn::Size: return QString::number(e.length);
    }
    return {};
}

QVariant UpdateModel::rawValue(int row, int column) const
{
    const UpdateIndexEntry &e = m_store->entry(row);
    switch (column) {
    case UpdateColumn::Row: return row;
    case UpdateColumn::UpdateId: return qint64(e.updateId);
    case UpdateColumn::Kind: return int(e.kind);
    case UpdateColumn::Chat: return qint64(e.chatId);
    case UpdateColumn::From: return qint64(e.senderId);
    case UpdateColumn::Summary: return digest(row).summary;
    case UpdateColumn::Date: return uint(e.date);
    case UpdateColumn::Received: return qint64(e.receivedMs);
    case UpdateColumn::Source: return int(e.source);
    case UpdateColumn::Size: return uint(e.length);
    }
    return {};
}

QVariant UpdateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole: return displayText(row, index.column());
    case RawValueRole: return rawValue(row, index.column());
    case RawJsonRole: return m_store->raw(row).toByteArray();
    case StoreRowRole: return qsizetype(row);
    case KindRole: return int(m_store->entry(row).kind);
    case FlagsRole: return int(m_store->entry(row).flags);
    case Qt::ToolTipRole:
        if (index.column() == UpdateColumn::Chat && m_store->entry(row).chatId)
            return tr("chat id %1").arg(m_store->entry(row).chatId);
        if (index.column() == UpdateColumn::From && m_store->entry(row).senderId)
            return tr("user id %1").arg(m_store->entry(row).senderId);
        if (index.column() == UpdateColumn::Summary)
            return digest(row).summary;
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case UpdateColumn::Row:
        case UpdateColumn::UpdateId:
        case UpdateColumn::Size: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    }
    return {};
}

QVariant UpdateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case UpdateColumn::Row: return tr("No.");
    case UpdateColumn::UpdateId: return tr("update_id");
    case UpdateColumn::Kind: return tr("Kind");
    case UpdateColumn::Chat: return tr("Chat");
    case UpdateColumn::From: return tr("From");
    case UpdateColumn::Summary: return tr("Summary");
    case UpdateColumn::Date: return tr("Date");
    case UpdateColumn::Received: return tr("Received");
    case UpdateColumn::Source: return tr("Source");
    case UpdateColumn::Size: return tr("Size");
    }
    return {};
}

} // namespace UpdateInspector
