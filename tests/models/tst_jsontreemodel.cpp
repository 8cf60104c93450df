// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "jsontreemodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {

// A Telegram update with entities and reply_markup: from the bundled sample log when it has one,
// otherwise this copy of such a line.
QByteArray sampleUpdate()
{
    QFile file(QStringLiteral(UI_SOURCE_DIR "/resources/sample/sample-updates.jsonl"));
    if (file.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.contains("\"callback_query\"") && line.contains("\"entities\"")
                && line.contains("\"reply_markup\""))
                return line;
        }
    }
    return R"({"update_id":734120002,"callback_query":{"id":"1811003427845123011","from":{"id":421937654,"is_bot":false,"first_name":"Олена"},"message":{"message_id":2,"chat":{"id":421937654,"type":"private"},"date":1795701613,"text":"Привіт, Олено! 👋\nI am Update Inspector Demo.","entities":[{"offset":22,"length":21,"type":"bold"}],"reply_markup":{"inline_keyboard":[[{"text":"📖 Show a sample update","callback_data":"sample:show"}],[{"text":"⚙️ Settings","callback_data":"settings:open"},{"text":"❓ Help","callback_data":"help:open"}]]}},"chat_instance":"-3859104627718405113","data":"sample:show"}})"_ba;
}

// The row under `parent` whose key column reads `key` ("[0]" for array elements).
QModelIndex child(const QAbstractItemModel &model, const QModelIndex &parent, const QString &key)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, JsonTreeModel::KeyColumn, parent);
        if (index.data().toString() == key)
            return index;
    }
    return {};
}

// Follows keys from the root, e.g. {"message", "entities", "[0]", "type"}.
QModelIndex find(const QAbstractItemModel &model, const QStringList &keys)
{
    QModelIndex index;
    for (const QString &key : keys) {
        index = child(model, index, key);
        if (!index.isValid())
            return {};
    }
    return index;
}

QString cell(const QModelIndex &index, int column, int role = Qt::DisplayRole)
{
    return index.siblingAtColumn(column).data(role).toString();
}

} // namespace

class TestJsonTreeModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelTester();
    void structure();
    void scalars_data();
    void scalars();
    void valueText();
    void path_data();
    void path();
    void scalarDocument();
    void invalid_data();
    void invalid();
    void deepNesting();
    void telegramUpdate();
    void webhookBody();
};

void TestJsonTreeModel::modelTester()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QVERIFY(resets.isValid());

    QVERIFY(model.setJson(R"({"a":{"b":[1,[2,3],{}],"c":"x"},"d":[]})"));
    QVERIFY(model.setJson(sampleUpdate()));
    QVERIFY(model.setJson("[[[[1]]],{},[]]"));
    QVERIFY(model.setJson("42"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.setJson("{\"broken\":"));
    QVERIFY(model.setJson("{}"));
    QCOMPARE(resets.count(), 7);
}

void TestJsonTreeModel::structure()
{
    JsonTreeModel model;
    QVERIFY(model.setJson(R"({"a":1,"b":"x","c":[true,null,{"d":1.5}],"e":{}})"));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(JsonTreeModel::ColumnCount));
    const QStringList keys = {u"a"_s, u"b"_s, u"c"_s, u"e"_s};
    const QStringList types = {u"integer"_s, u"string"_s, u"array"_s, u"object"_s};
    for (int row = 0; row < 4; ++row) {
        QCOMPARE(cell(model.index(row, 0), JsonTreeModel::KeyColumn), keys.at(row));
        QCOMPARE(cell(model.index(row, 0), JsonTreeModel::TypeColumn), types.at(row));
    }
    const QModelIndex c = model.index(2, 0);
    QCOMPARE(model.rowCount(c), 3);
    QCOMPARE(cell(c, JsonTreeModel::ValueColumn), u"[3 items]"_s);
    QCOMPARE(cell(model.index(0, 0, c), JsonTreeModel::KeyColumn), u"[0]"_s);
    QCOMPARE(cell(model.index(0, 0, c), JsonTreeModel::TypeColumn), u"boolean"_s);
    QCOMPARE(cell(model.index(1, 0, c), JsonTreeModel::TypeColumn), u"null"_s);
    const QModelIndex d = model.index(2, 0, c);
    QCOMPARE(cell(d, JsonTreeModel::ValueColumn), u"{1 key}"_s);
    QCOMPARE(model.rowCount(d), 1);
    QCOMPARE(cell(model.index(0, 0, d), JsonTreeModel::TypeColumn), u"number"_s);
    QCOMPARE(model.parent(model.index(0, 0, d)), d);
    QCOMPARE(model.parent(d), c);
    QCOMPARE(cell(model.index(3, 0), JsonTreeModel::ValueColumn), u"{0 keys}"_s);
    QCOMPARE(model.rowCount(model.index(3, 0)), 0);
    QVERIFY(model.flags(model.index(0, 0)).testFlag(Qt::ItemNeverHasChildren));
    QVERIFY(!model.flags(c).testFlag(Qt::ItemNeverHasChildren));
    QCOMPARE(model.headerData(JsonTreeModel::TypeColumn, Qt::Horizontal).toString(), u"Type"_s);
}

void TestJsonTreeModel::scalars_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("type");

    QTest::newRow("2^53+1") << "9007199254740993"_ba << u"integer"_s;
    QTest::newRow("channel id") << "-1001234567890123"_ba << u"integer"_s;
    QTest::newRow("int64 max") << "9223372036854775807"_ba << u"integer"_s;
    QTest::newRow("uint64 max") << "18446744073709551615"_ba << u"integer"_s;
    QTest::newRow("beyond 64 bits") << "123456789012345678901234567890"_ba << u"integer"_s;
    QTest::newRow("minus zero") << "-0"_ba << u"integer"_s;
    QTest::newRow("1e400") << "1e400"_ba << u"number"_s;
    QTest::newRow("1.50") << "1.50"_ba << u"number"_s;
    QTest::newRow("1E+2") << "1E+2"_ba << u"number"_s;
    QTest::newRow("-0.5e-7") << "-0.5e-7"_ba << u"number"_s;
    QTest::newRow("true") << "true"_ba << u"boolean"_s;
    QTest::newRow("false") << "false"_ba << u"boolean"_s;
    QTest::newRow("null") << "null"_ba << u"null"_s;
}

void TestJsonTreeModel::scalars()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, type);
    JsonTreeModel model;
    // Spaces around the value must not leak into its text.
    const QByteArray json = "{\"v\": " + value + " ,\"w\":[ " + value + "\n]}";
    QVERIFY2(model.setJson(json), qPrintable(model.errorString()));
    const QString expected = QString::fromUtf8(value);
    for (const QModelIndex &index : {model.index(0, 0), model.index(0, 0, model.index(1, 0))}) {
        QCOMPARE(cell(index, JsonTreeModel::ValueColumn), expected);
        QCOMPARE(cell(index, JsonTreeModel::TypeColumn), type);
        QCOMPARE(cell(index, JsonTreeModel::ValueColumn, JsonTreeModel::RawValueRole), expected);
        QCOMPARE(cell(index, JsonTreeModel::ValueColumn, Qt::ToolTipRole), expected);
        QCOMPARE(model.valueText(index), expected);
    }
}

void TestJsonTreeModel::valueText()
{
    JsonTreeModel model;
    QVERIFY(model.setJson(
        R"({"s":"a\"b\\c\u00e9\ud83d\udc4b","n":"line1\nline2\ttab","o":{ "x" : [1, 2.50,"a b"] ,"y":{}},"a":[ ]})"));
    const QModelIndex s = model.index(0, 0);
    QCOMPARE(model.valueText(s), u"a\"b\\cé👋"_s);
    QCOMPARE(cell(s, JsonTreeModel::ValueColumn), u"a\"b\\cé👋"_s);
    QCOMPARE(cell(s, JsonTreeModel::ValueColumn, JsonTreeModel::RawValueRole),
             uR"("a\"b\\c\u00e9\ud83d\udc4b")"_s);

    const QModelIndex n = model.index(1, 0);
    QCOMPARE(model.valueText(n), u"line1\nline2\ttab"_s);
    QCOMPARE(cell(n, JsonTreeModel::ValueColumn), u"line1\u23CEline2\u2409tab"_s);
    QCOMPARE(cell(n, JsonTreeModel::ValueColumn, Qt::ToolTipRole), u"line1\nline2\ttab"_s);

    const QModelIndex o = model.index(2, 0);
    QCOMPARE(model.valueText(o), uR"({"x":[1,2.50,"a b"],"y":{}})"_s);
    QCOMPARE(cell(o, JsonTreeModel::ValueColumn, JsonTreeModel::RawValueRole),
             uR"({ "x" : [1, 2.50,"a b"] ,"y":{}})"_s);
    QCOMPARE(cell(o, JsonTreeModel::ValueColumn), u"{2 keys}"_s);
    QCOMPARE(model.valueText(model.index(0, 0, o)), uR"([1,2.50,"a b"])"_s);
    QCOMPARE(model.valueText(model.index(3, 0)), u"[]"_s);
    QCOMPARE(cell(model.index(3, 0), JsonTreeModel::ValueColumn), u"[0 items]"_s);

    const QString longText(1000, u'x');
    const QByteArray json = "[\"" + longText.toUtf8() + "\"]";
    QVERIFY(model.setJson(json));
    QCOMPARE(cell(model.index(0, 0), JsonTreeModel::ValueColumn, Qt::ToolTipRole), longText);
    QCOMPARE(model.valueText(model.index(0, 0)), longText);
    QVERIFY(cell(model.index(0, 0), JsonTreeModel::ValueColumn).size() < 300);
}

void TestJsonTreeModel::path_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("path");

    const QByteArray message
        = R"({"message":{"entities":[{"type":"bold"}],"a-b":{"x y":[[0,1]]}}})"_ba;
    QTest::newRow("nested object") << message << QStringList {u"message"_s} << u".message"_s;
    QTest::newRow("array entry") << message
                                 << QStringList {u"message"_s, u"entities"_s, u"[0]"_s, u"type"_s}
                                 << u".message.entities[0].type"_s;
    QTest::newRow("weird keys") << message
                                << QStringList {u"message"_s, u"a-b"_s, u"x y"_s, u"[0]"_s,
                                                u"[1]"_s}
                                << uR"(.message["a-b"]["x y"][0][1])"_s;
    QTest::newRow("top-level weird key")
        << R"({"a-b":1})"_ba << QStringList {u"a-b"_s} << uR"(.["a-b"])"_s;
    QTest::newRow("top-level array")
        << "[1,[2,3]]"_ba << QStringList {u"[1]"_s, u"[0]"_s} << u".[1][0]"_s;
    QTest::newRow("identifier chars") << R"({"_x9":1})"_ba << QStringList {u"_x9"_s} << u"._x9"_s;
    QTest::newRow("leading digit") << R"({"1a":1})"_ba << QStringList {u"1a"_s} << uR"(.["1a"])"_s;
    QTest::newRow("empty key") << R"({"":1})"_ba << QStringList {QString()} << uR"(.[""])"_s;
    QTest::newRow("non-ASCII key")
        << R"({"ключ":1})"_ba << QStringList {u"ключ"_s} << uR"(.["ключ"])"_s;
    QTest::newRow("escapes in key")
        << R"({"q\"b\\n\n\u0001":1})"_ba
        << QStringList {u"q\"b\\n\u23CE\u2401"_s} // shown with control pictures
        << uR"(.["q\"b\\n\n\u0001"])"_s;
}

void TestJsonTreeModel::path()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, keys);
    QFETCH(QString, path);
    JsonTreeModel model;
    QVERIFY(model.setJson(json));
    const QModelIndex index = find(model, keys);
    QVERIFY(index.isValid());
    QCOMPARE(model.path(index), path);
    QCOMPARE(model.path(index.siblingAtColumn(JsonTreeModel::TypeColumn)), path);
    QCOMPARE(index.data(JsonTreeModel::PathRole).toString(), path);
}

void TestJsonTreeModel::scalarDocument()
{
    JsonTreeModel model;
    QVERIFY(model.setJson(" 1e400\n"));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex index = model.index(0, 0);
    QCOMPARE(model.rowCount(index), 0);
    QCOMPARE(cell(index, JsonTreeModel::ValueColumn), u"1e400"_s);
    QCOMPARE(model.path(index), u"."_s);
    QVERIFY(model.setJson(R"("just \"text\"")"));
    QCOMPARE(model.valueText(model.index(0, 0)), u"just \"text\""_s);
}

void TestJsonTreeModel::invalid_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only spaces") << "  \n"_ba;
    QTest::newRow("unclosed object") << R"({"a":1)"_ba;
    QTest::newRow("unclosed string") << R"({"a":"b})"_ba;
    QTest::newRow("trailing comma") << R"({"a":1,})"_ba;
    QTest::newRow("missing colon") << R"({"a" 1})"_ba;
    QTest::newRow("missing comma") << "[1 2]"_ba;
    QTest::newRow("extra closer") << R"({"a":1}})"_ba;
    QTest::newRow("trailing garbage") << R"({"a":1} x)"_ba;
    QTest::newRow("two documents") << "{}{}"_ba;
    QTest::newRow("bad literal") << "[tru]"_ba;
    QTest::newRow("long literal") << "[nulll]"_ba;
    QTest::newRow("leading zero") << "[01]"_ba;
    QTest::newRow("bare dot") << "[1.]"_ba;
    QTest::newRow("lone minus") << R"({"a":-})"_ba;
    QTest::newRow("letters in number") << R"({"a":1x})"_ba;
    QTest::newRow("bad exponent") << "[1e]"_ba;
    QTest::newRow("bad escape") << R"(["\x"])"_ba;
    QTest::newRow("bad key escape") << R"({"\q":1})"_ba;
    QTest::newRow("invalid UTF-8") << "[\"\xff\"]"_ba;
    QTest::newRow("bare word") << "hello"_ba;
    QTest::newRow("scalar then garbage") << "1 2"_ba;
}

void TestJsonTreeModel::invalid()
{
    QFETCH(QByteArray, json);
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY(model.setJson(R"({"a":[1,2]})"));
    QVERIFY(model.errorString().isEmpty());
    QVERIFY(!model.setJson(json));
    QVERIFY(!model.errorString().isEmpty());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.setJson("[]"));
    QVERIFY(model.errorString().isEmpty());
}

void TestJsonTreeModel::deepNesting()
{
    // Refused beyond 1024 levels (the walk recurses), not a stack overflow.
    JsonTreeModel model;
    QVERIFY(!model.setJson(QByteArray(100000, '[').append(QByteArray(100000, ']'))));
    QVERIFY(!model.errorString().isEmpty());
    QVERIFY(model.setJson(QByteArray(1000, '[').append(QByteArray(1000, ']'))));
    QModelIndex index = model.index(0, 0);
    for (int level = 2; level < 1000; ++level)
        index = model.index(0, 0, index);
    QVERIFY(index.isValid());
    QCOMPARE(model.rowCount(index), 0);
    QCOMPARE(model.path(index).size(), 1 + 3 * 999);
}

void TestJsonTreeModel::telegramUpdate()
{
    const QByteArray json = sampleUpdate();
    JsonTreeModel model;
    QVERIFY2(model.setJson(json), qPrintable(model.errorString()));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model.index(0, 0), JsonTreeModel::KeyColumn), u"update_id"_s);
    QCOMPARE(cell(model.index(1, 0), JsonTreeModel::KeyColumn), u"callback_query"_s);

    const QModelIndex type
        = find(model, {u"callback_query"_s, u"message"_s, u"entities"_s, u"[0]"_s, u"type"_s});
    QCOMPARE(cell(type, JsonTreeModel::ValueColumn), u"bold"_s);
    QCOMPARE(model.path(type), u".callback_query.message.entities[0].type"_s);

    const QModelIndex keyboard
        = find(model, {u"callback_query"_s, u"message"_s, u"reply_markup"_s, u"inline_keyboard"_s});
    QCOMPARE(cell(keyboard, JsonTreeModel::TypeColumn), u"array"_s);
    QVERIFY(model.rowCount(keyboard) >= 2);
    const QModelIndex data = find(model,
                                  {u"callback_query"_s, u"message"_s, u"reply_markup"_s,
                                   u"inline_keyboard"_s, u"[1]"_s, u"[0]"_s, u"callback_data"_s});
    QCOMPARE(model.valueText(data), u"settings:open"_s);
    QCOMPARE(model.path(data),
             u".callback_query.message.reply_markup.inline_keyboard[1][0].callback_data"_s);

    const QModelIndex text = find(model, {u"callback_query"_s, u"message"_s, u"text"_s});
    QVERIFY(cell(text, JsonTreeModel::ValueColumn).startsWith(u"Привіт, Олено! 👋\u23CEI"_s));
    QCOMPARE(
        cell(find(model, {u"callback_query"_s, u"chat_instance"_s}), JsonTreeModel::ValueColumn),
        u"-3859104627718405113"_s);

    // The object's text is the exact slice of the (compact) input.
    const QByteArray key = "\"callback_query\":";
    const QByteArray slice = json.mid(json.indexOf(key) + key.size()).chopped(1);
    QCOMPARE(model.valueText(model.index(1, 0)), QString::fromUtf8(slice));
}

void TestJsonTreeModel::webhookBody()
{
    // Telegram puts a newline after "update_id":N, in webhook bodies.
    JsonTreeModel model;
    QVERIFY(model.setJson(
        "{\"update_id\":734120001,\n\"message\":{\"chat\":{\"id\":-1001234567890123}}}\n"));
    const QModelIndex id = model.index(0, 0);
    QCOMPARE(cell(id, JsonTreeModel::ValueColumn, JsonTreeModel::RawValueRole), u"734120001"_s);
    QCOMPARE(model.valueText(id), u"734120001"_s);
    const QModelIndex chatId = find(model, {u"message"_s, u"chat"_s, u"id"_s});
    QCOMPARE(cell(chatId, JsonTreeModel::ValueColumn), u"-1001234567890123"_s);
    QCOMPARE(model.path(chatId), u".message.chat.id"_s);
}

QTEST_GUILESS_MAIN(TestJsonTreeModel)
#include "tst_jsontreemodel.moc"
