// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "jsonformat.h"

#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {

// An independent reference for "whitespace outside strings removed": a plain state machine,
// deliberately not the memchr scan the code under test uses.
QByteArray stripOutsideStrings(const QByteArray &text)
{
    QByteArray out;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            out.append(c);
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out.append(c);
            inString = c == '"';
        }
    }
    return out;
}

QList<QByteArray> sampleLines()
{
    QFile file(QStringLiteral(UI_SOURCE_DIR "/resources/sample/sample-updates.jsonl"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    lines.removeAll(QByteArray());
    return lines;
}

} // namespace

class TestJsonFormat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pretty_data();
    void pretty();
    void garbage_data();
    void garbage();
    void randomGarbage();
    void roundTrip_data();
    void roundTrip();
    void deepNestingStaysBounded();
    void isJsonNumber_data();
    void isJsonNumber();
};

void TestJsonFormat::pretty_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("indent");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty input") << QByteArray() << 2 << QByteArray();
    QTest::newRow("empty object") << "{}"_ba << 2 << "{}"_ba;
    QTest::newRow("empty array, spaced") << "[ \n ]"_ba << 2 << "[]"_ba;
    QTest::newRow("empty containers inside")
        << R"({"a":{},"b":[ ],"c":[{}]})"_ba << 2
        << "{\n  \"a\": {},\n  \"b\": [],\n  \"c\": [\n    {}\n  ]\n}"_ba;
    QTest::newRow("nested")
        << R"({"a":1,"b":[1,2,{"c":null}],"d":{"e":true}})"_ba << 2
        << "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2,\n    {\n      \"c\": null\n    }\n  ],\n"
           "  \"d\": {\n    \"e\": true\n  }\n}"_ba;
    QTest::newRow("indent 4") << R"({"a":[1]})"_ba << 4
                              << "{\n    \"a\": [\n        1\n    ]\n}"_ba;
    QTest::newRow("indent 0") << R"({"a":[1]})"_ba << 0 << "{\n\"a\": [\n1\n]\n}"_ba;
    QTest::newRow("tricky strings")
        << R"({"s":"a\"b,{c}[d]:e","t":"\\","u":"\\\"","v":" x , y "})"_ba << 2
        << "{\n  \"s\": \"a\\\"b,{c}[d]:e\",\n  \"t\": \"\\\\\",\n  \"u\": \"\\\\\\\"\",\n"
           "  \"v\": \" x , y \"\n}"_ba;
    QTest::newRow("numbers as written")
        << R"({"a":9007199254740993,"b":-1001234567890123,"c":1e400,"d":1.50,"e":-0.0,"f":1E+2,"g":18446744073709551615})"_ba
        << 2
        << "{\n  \"a\": 9007199254740993,\n  \"b\": -1001234567890123,\n  \"c\": 1e400,\n"
           "  \"d\": 1.50,\n  \"e\": -0.0,\n  \"f\": 1E+2,\n  \"g\": 18446744073709551615\n}"_ba;
    QTest::newRow("utf-8 and emoji")
        << R"({"t":"Привіт 👋","u":"\ud83d\udc4b"})"_ba << 2
        << "{\n  \"t\": \"Привіт 👋\",\n  \"u\": \"\\ud83d\\udc4b\"\n}"_ba;
    QTest::newRow("webhook body")
        << "{\"update_id\":734120001,\n\"message\":{\"message_id\":1,\"text\":\"hi\"}}"_ba << 2
        << "{\n  \"update_id\": 734120001,\n  \"message\": {\n    \"message_id\": 1,\n"
           "    \"text\": \"hi\"\n  }\n}"_ba;
    QTest::newRow("pretty input re-indented")
        << "{\n\t\"a\" :\r\n [ 1 ,2 ]\n}\n"_ba << 2 << "{\n  \"a\": [\n    1,\n    2\n  ]\n}"_ba;
    QTest::newRow("top-level scalar") << "  42 "_ba << 2 << "42"_ba;
    QTest::newRow("top-level string") << R"( "a b" )"_ba << 2 << R"("a b")"_ba;
}

void TestJsonFormat::pretty()
{
    QFETCH(QByteArray, input);
    QFETCH(int, indent);
    QFETCH(QByteArray, expected);
    QCOMPARE(prettyJson(input, indent), expected);
    QCOMPARE(compactJson(input), stripOutsideStrings(input));
}

void TestJsonFormat::garbage_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("unclosed") << "{{{"_ba
                              << "{\n  {\n    {\n      "_ba;
    QTest::newRow("stray closers") << "]]}}"_ba
                                   << "]\n]\n}\n}"_ba;
    QTest::newRow("unterminated string") << R"({"a":"b, c})"_ba
                                         << "{\n  \"a\": \"b, c}"_ba;
    QTest::newRow("backslash at end") << R"(["abc\)"_ba
                                      << "[\n  \"abc\\"_ba;
    QTest::newRow("double commas") << R"({"a":1,,})"_ba
                                   << "{\n  \"a\": 1,\n  ,\n  \n}"_ba;
    QTest::newRow("values side by side") << "[1 2 \"x\"\"y\"]"_ba
                                         << "[\n  1 2 \"x\" \"y\"\n]"_ba;
    QTest::newRow("two documents") << "{}{}"_ba
                                   << "{}\n{}"_ba;
    QTest::newRow("bare words") << "hello world"_ba
                                << "hello\nworld"_ba;
    QTest::newRow("nul and high bytes")
        << QByteArray("[\0\xff\xfe]", 5) << QByteArray("[\n  \0\xff\xfe\n]", 9);
}

void TestJsonFormat::garbage()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const QByteArray output = prettyJson(input);
    QCOMPARE(output, expected);
    QCOMPARE(stripOutsideStrings(output), stripOutsideStrings(input));
}

void TestJsonFormat::randomGarbage()
{
    // Short inputs over an alphabet rich in structure, quotes and escapes, from a fixed seed so a
    // failure reproduces.
    static const char alphabet[] = "{}[],:\"\\ \n0a-";
    QRandomGenerator random(20240601);
    for (int round = 0; round < 2000; ++round) {
        QByteArray input(random.bounded(1, 64), Qt::Uninitialized);
        for (char &c : input)
            c = alphabet[random.bounded(int(sizeof(alphabet) - 1))];
        const QByteArray output = prettyJson(input, random.bounded(0, 5));
        QCOMPARE(stripOutsideStrings(output), stripOutsideStrings(input));
        QCOMPARE(compactJson(input), stripOutsideStrings(input));
    }
}

void TestJsonFormat::roundTrip_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("nested") << R"({"a":[1,{"b":[[],{}]}],"c":"}{][,:\"\\"})"_ba;
    QTest::newRow("webhook body")
        << "{\"update_id\":1,\n\"message\":{\"chat\":{\"id\":-1001234567890123}}}"_ba;
    QTest::newRow("already pretty") << "{\n  \"a\": [\n    1,\n    2\n  ]\n}"_ba;
    QTest::newRow("spaces in strings") << "[\" \\n \", \"\\t\",\"a b\"]"_ba;
    const QList<QByteArray> lines = sampleLines();
    for (qsizetype i = 0; i < lines.size(); ++i)
        QTest::addRow("sample line %lld", qlonglong(i + 1)) << lines.at(i);
}

void TestJsonFormat::roundTrip()
{
    QFETCH(QByteArray, input);
    const QByteArray output = prettyJson(input);
    // The property: only whitespace outside strings changed.
    QCOMPARE(stripOutsideStrings(output), stripOutsideStrings(input));
    QCOMPARE(compactJson(output), compactJson(input));
    // Valid JSON stays valid, means the same, and formatting it again changes nothing.
    QJsonParseError error;
    const QJsonDocument before = QJsonDocument::fromJson(input, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(QJsonDocument::fromJson(output, &error), before);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(prettyJson(output), output);
}

void TestJsonFormat::deepNestingStaysBounded()
{
    const QByteArray input(100000, '[');
    const QByteArray output = prettyJson(input, 2);
    QVERIFY(output.startsWith("[\n  [\n    ["));
    // One bracket, one newline and at most 32 levels of indentation per input byte.
    QVERIFY(output.size() <= input.size() * (2 + 32 * 2));
}

void TestJsonFormat::isJsonNumber_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("valid");

    for (const char *token : {"0", "-0", "7", "9007199254740993", "-1001234567890123",
                              "18446744073709551616", "1e400", "1.50", "1E+2", "-0.5e-7", "0.0"})
        QTest::newRow(token) << QByteArray(token) << true;
    for (const char *token : {"", "-", "01", "-01", "1.", ".5", "1e", "1e+", "+1", "1x", "0x10",
                              "1 ", " 1", "NaN", "Infinity", "1.5.2", "--1", "1e5.5"})
        QTest::newRow(*token ? token : "empty") << QByteArray(token) << false;
}

void TestJsonFormat::isJsonNumber()
{
    QFETCH(QByteArray, token);
    QFETCH(bool, valid);
    QCOMPARE(UpdateInspector::isJsonNumber(token), valid);
}

QTEST_GUILESS_MAIN(TestJsonFormat)
#include "tst_jsonformat.moc"
