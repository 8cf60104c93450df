// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QTreeView>

namespace UpdateInspector {

class JsonTreeModel;

// The selected update as a tree (key, value, type), with Copy value / Copy path.
class JsonTreePane final : public QTreeView
{
    Q_OBJECT
public:
    explicit JsonTreePane(QWidget *parent = nullptr);

    JsonTreeModel *jsonModel() const { return m_model; }
    void setJson(QByteArrayView json);

    void copyValue();
    void copyPath();

private:
    void showContextMenu(const QPoint &pos);

    JsonTreeModel *m_model;
};

} // namespace UpdateInspector
