// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "jsontreemodel.h"

#include "jsonformat.h"

#include <QVarLengthArray>

#include <simdjson.h>

namespace UpdateInspector {

namespace od = simdjson::ondemand;
using namespace Qt::StringLiterals;

namespace {

// simdjson's On-Demand parser does not bound nesting, and the walk below recurses.
constexpr int MaxDepth = 1024;

constexpr bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// jq takes .name bare for these (keywords too: its lexer reads "." + name as one token).
bool isJqIdentifier(const QString &key)
{
    return !key.isEmpty() && !key.front().isDigit()
        && std::all_of(key.cbegin(), key.cend(), [](QChar c) {
               return c == u'_' || (c.unicode() < 128 && c.isLetterOrNumber());
           });
}

QString jqQuoted(const QString &key)
{
    QString out = u"\""_s;
    for (const QChar c : key) {
        if (c == u'"' || c == u'\\')
            out += u'\\' + QString(c);
        else if (c == u'\n')
            out += u"\\n"_s;
        else if (c.unicode() < 0x20)
            out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    return out + u'"';
}

// A cell is one line: a newline shows as ⏎ (as in the stream's summary column) and other control
// characters as their Unicode "control pictures" (U+2400..), so none can be mistaken for the two
// characters \n typed by a user. (U+240A itself is missing from common UI fonts.)
QString visibleText(const QString &text)
{
    constexpr qsizetype MaxShown = 256; // the tooltip has the rest; keeps data() cheap
    QString out = text.left(MaxShown);
    for (QChar &c : out) {
        if (c == u'\n')
            c = QChar(0x23CE);
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QChar(c.unicode() == 0x7f ? 0x2421 : 0x2400 + c.unicode());
    }
    return text.size() > MaxShown ? out + u'…' : out;
}

} // namespace

// Walks the document once with simdjson On-Demand, appending a node per value. Numbers are never
// converted (a double would lose 64-bit ids): their token text is checked and kept. Children
// wait on a stack until their container ends, so each node's children are contiguous in
// tree.children although the walk is depth first.
struct JsonTreeModel::Builder
{
    const char *base;
    Tree tree;
    QList<int> pending;
    int depth = 0;

    int addNode(int parent, int row, QString key = {})
    {
        tree.nodes.append(Node {.parent = parent, .row = row, .key = std::move(key), .text = {}});
        return int(tree.nodes.size() - 1);
    }

    template<typename V> // od::value, or od::document for a bare scalar
    simdjson::error_code addScalar(V &value, od::json_type type, std::string_view token, int n)
    {
        while (!token.empty() && isSpace(token.back())) // a token runs up to the next one
            token.remove_suffix(1);
        Node &node = tree.nodes[n];
        node.rawBegin = token.data() - base;
        node.rawEnd = node.rawBegin + qsizetype(token.size());
        std::string_view text;
        switch (type) {
        case od::json_type::string:
            node.type = Type::String;
            if (const auto error = value.get_string().get(text))
                return error;
            node.text = QString::fromUtf8(text.data(), qsizetype(text.size()));
            return simdjson::SUCCESS;
        case od::json_type::number:
            node.type = token.find_first_of(".eE") == token.npos ? Type::Integer : Type::Number;
            return isJsonNumber(token) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
        case od::json_type::boolean:
            node.type = Type::Boolean;
            return token == "true" || token == "false" ? simdjson::SUCCESS : simdjson::T_ATOM_ERROR;
        case od::json_type::null:
            node.type = Type::Null;
            return token == "null" ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
        default:
            return simdjson::INCORRECT_TYPE;
        }
    }

    simdjson::error_code addValue(od::value &value, int n)
    {
        od::json_type type;
        if (const auto error = value.type().get(type))
            return error;
        const std::string_view token = value.raw_json_token();
        od::object object;
        od::array array;
        if (type == od::json_type::object) {
            const auto error = value.get_object().get(object);
            return error ? error : addChildren(object, Type::Object, token, n);
        }
        if (type == od::json_type::array) {
            const auto error = value.get_array().get(array);
            return error ? error : addChildren(array, Type::Array, token, n);
        }
        return addScalar(value, type, token, n);
    }

    template<typename C> // od::object or od::array
    simdjson::error_code addChildren(C &container, Type type, std::string_view token, int n)
    {
        if (++depth > MaxDepth)
            return simdjson::DEPTH_ERROR;
        tree.nodes[n].type = type;
        tree.nodes[n].rawBegin = token.data() - base;
        const qsizetype mark = pending.size();
        int row = 0;
        for (auto item : container) {
            od::value value;
            std::string_view key;
            if constexpr (std::is_same_v<C, od::object>) {
                od::field field;
                if (const auto error = std::move(item).get(field))
                    return error;
                if (const auto error = field.unescaped_key().get(key))
                    return error;
                value = field.value();
            } else if (const auto error = std::move(item).get(value)) {
                return error;
            }
            const int child
                = addNode(n, row++, QString::fromUtf8(key.data(), qsizetype(key.size())));
            pending.append(child);
            if (const auto error = addValue(value, child))
                return error;
        }
        Node &node = tree.nodes[n];
        node.childBegin = int(tree.children.size());
        node.childCount = row;
        tree.children.append(pending.constBegin() + mark, pending.constEnd());
        pending.resize(mark);
        // The walk stopped at the closing bracket: only whitespace separates it from the last
        // child, or from the opening bracket.
        qsizetype end = row ? tree.nodes[tree.children.back()].rawEnd : node.rawBegin + 1;
        while (isSpace(base[end]))
            ++end;
        node.rawEnd = end + 1;
        --depth;
        return simdjson::SUCCESS;
    }

    simdjson::error_code build(od::document &document)
    {
        addNode(-1, 0);
        tree.nodes[0].type = Type::Object;
        tree.nodes[0].childCount = 1;
        tree.children.append(addNode(0, 0));
        bool scalar = false;
        if (const auto error = document.is_scalar().get(scalar))
            return error;
        od::json_type type;
        std::string_view token;
        od::value value;
        if (!scalar) {
            tree.root = 1;
            const auto error = document.get_value().get(value);
            return error ? error : addValue(value, 1);
        }
        if (const auto error = document.type().get(type))
            return error;
        const auto error = document.raw_json_token().get(token);
        return error ? error : addScalar(document, type, token, 1);
    }
};

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

bool JsonTreeModel::setJson(QByteArrayView json)
{
    // padded_string copies the text, adding the zero padding simdjson reads past the end.
    const simdjson::padded_string padded(json.data(), std::size_t(json.size()));
    od::parser parser;
    od::document document;
    Builder builder {padded.data(), {}, {}};
    auto error = parser.iterate(padded).get(document);
    if (!error)
        error = builder.build(document);
    if (!error) { // only whitespace may follow the value
        qsizetype end = builder.tree.nodes[1].rawEnd;
        while (end < json.size() && isSpace(json[end]))
            ++end;
        error = end == json.size() ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
    }
    if (error) {
        reset({}, tr("Invalid JSON: %1").arg(QString::fromUtf8(simdjson::error_message(error))));
        return false;
    }
    builder.tree.json = json.toByteArray();
    reset(std::move(builder.tree), {});
    return true;
}

void JsonTreeModel::clear() { reset({}, {}); }

void JsonTreeModel::reset(Tree tree, const QString &error)
{
    beginResetModel();
    m_tree = std::move(tree);
    m_error = error;
    endResetModel();
}

const JsonTreeModel::Node *JsonTreeModel::nodeAt(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this ? &m_tree.nodes[qsizetype(index.internalId())]
                                                    : nullptr;
}

QByteArrayView JsonTreeModel::raw(const Node &node) const
{
    return QByteArrayView(m_tree.json).sliced(node.rawBegin, node.rawEnd - node.rawBegin);
}

QString JsonTreeModel::valueText(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return {};
    if (node->type == Type::String)
        return node->text;
    if (node->type == Type::Object || node->type == Type::Array)
        return QString::fromUtf8(compactJson(raw(*node)));
    return QString::fromUtf8(raw(*node));
}

QString JsonTreeModel::path(const QModelIndex &index) const
{
    if (!nodeAt(index))
        return {};
    if (m_tree.root == 0) // a bare scalar is the only row
        return u"."_s;
    QVarLengthArray<int, 16> chain;
    for (int n = int(index.internalId()); n != m_tree.root; n = m_tree.nodes[n].parent)
        chain.append(n);
    QString out;
    for (auto it = chain.crbegin(); it != chain.crend(); ++it) {
        const Node &node = m_tree.nodes[*it];
        const QString open = out.isEmpty() ? u".["_s : u"["_s; // jq: .[0] but .a[0]
        if (m_tree.nodes[node.parent].type == Type::Array)
            out += open + QString::number(node.row) + u']';
        else if (isJqIdentifier(node.key))
            out += u'.' + node.key;
        else
            out += open + jqQuoted(node.key) + u']';
    }
    return out;
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node &node = parent.isValid() ? *nodeAt(parent) : m_tree.nodes[m_tree.root];
    return createIndex(row, column, quintptr(m_tree.children[node.childBegin + row]));
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeAt(child);
    if (!node || node->parent == m_tree.root)
        return {};
    return createIndex(m_tree.nodes[node->parent].row, KeyColumn, quintptr(node->parent));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (m_tree.nodes.isEmpty() || parent.column() > 0) // only the key column has children
        return 0;
    return parent.isValid() ? nodeAt(parent)->childCount : m_tree.nodes[m_tree.root].childCount;
}

int JsonTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

QVariant JsonTreeModel::display(const Node &node, int column) const
{
    // jq's type names (plus "integer"): JSON vocabulary, the same in every language.
    static const QString typeNames[] = {u"object"_s, u"array"_s,   u"string"_s, u"integer"_s,
                                        u"number"_s, u"boolean"_s, u"null"_s};
    const int count = node.childCount;
    switch (column) {
    case KeyColumn:
        if (m_tree.nodes[node.parent].type == Type::Array)
            return u"[%1]"_s.arg(node.row);
        return visibleText(node.key);
    case ValueColumn:
        if (node.type == Type::Object)
            return count == 1 ? tr("{1 key}") : tr("{%1 keys}").arg(count);
        if (node.type == Type::Array)
            return count == 1 ? tr("[1 item]") : tr("[%1 items]").arg(count);
        return node.type == Type::String ? visibleText(node.text) : QString::fromUtf8(raw(node));
    case TypeColumn:
        return typeNames[int(node.type)];
    default:
        return {};
    }
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*node, index.column());
    case Qt::ToolTipRole: // the whole value, where the cell may be cut short or one-lined
        if (index.column() != ValueColumn || node->type == Type::Object
            || node->type == Type::Array)
            return {};
        return node->type == Type::String ? node->text : QString::fromUtf8(raw(*node));
    case PathRole:
        return path(index);
    case RawValueRole:
        return QString::fromUtf8(raw(*node));
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const titles[]
        = {QT_TR_NOOP("Key"), QT_TR_NOOP("Value"), QT_TR_NOOP("Type")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return {};
    return tr(titles[section]);
}

Qt::ItemFlags JsonTreeModel::flags(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return Qt::NoItemFlags;
    const bool leaf = node->type != Type::Object && node->type != Type::Array;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable
        | (leaf ? Qt::ItemNeverHasChildren : Qt::NoItemFlags);
}

} // namespace UpdateInspector
