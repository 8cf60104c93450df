// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QAbstractItemModel>
#include <QByteArray>
#include <QList>
#include <QString>

namespace UpdateInspector {

// The tree of one JSON document (the update being looked at). Built in one pass by simdjson into a
// flat vector of plain nodes that keep offsets into a private copy of the text, so every scalar is
// shown exactly as received (64-bit ids, 1e400, escapes) and data() does no parsing.
class JsonTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // QString: the jq path, as path()
        RawValueRole, // QString: the value's exact JSON text from the input
    };

    explicit JsonTreeModel(QObject *parent = nullptr);

    // Replaces the tree (beginResetModel/endResetModel). Returns false (and an empty model +
    // errorString()) on invalid JSON.
    bool setJson(QByteArrayView json);
    void clear();
    QString errorString() const { return m_error; }

    // "Copy value": a string without quotes and unescaped; a number/bool/null as written; an
    // object/array as compact JSON text exactly as in the input (minus whitespace outside strings).
    QString valueText(const QModelIndex &index) const;
    // "Copy path": jq style, e.g. .message.entities[0].type; keys that are not identifiers are
    // quoted: .["a-b"], .message["a b"]. A top-level scalar's path is ".".
    QString path(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    enum class Type : quint8 { Object, Array, String, Integer, Number, Boolean, Null };

    struct Node
    {
        qsizetype rawBegin = 0; // the value's text in Tree::json: [rawBegin, rawEnd)
        qsizetype rawEnd = 0;
        int parent = -1; // node index; -1 for node 0
        int row = 0; // position among the parent's children (the index in an array)
        int childBegin = 0; // children: Tree::children[childBegin, +childCount)
        int childCount = 0;
        Type type = Type::Null;
        QString key; // unescaped member name; empty for array elements
        QString text; // unescaped value of a string node
    };
    struct Tree
    {
        QByteArray json; // the document as given; nodes point into it
        QList<Node> nodes; // node 0: invisible parent of node 1, the document's value
        QList<int> children; // children of each node, contiguous, in document order
        int root = 0; // whose children are the top-level rows: 1, or 0 for a bare scalar
    };
    struct Builder; // lives in the .cpp, where simdjson is

    const Node *nodeAt(const QModelIndex &index) const;
    QByteArrayView raw(const Node &node) const;
    QVariant display(const Node &node, int column) const;
    void reset(Tree tree, const QString &error);

    Tree m_tree; // empty when there is no document
    QString m_error;
};

} // namespace UpdateInspector
