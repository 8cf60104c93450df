// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "preparedupdate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {

// A message from user 7 in chat -100500 at date 1763755680.
const QByteArray kMessage = R"("message":{"message_id":3,"from":{"id":7,"is_bot":false,"first_name":"A"},"chat":{"id":-100500,"type":"group","title":"G"},"date":1763755680,"text":"hi"})";

} // namespace

class TestPreparedUpdate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void prepares_data();
    void prepares();
    void indexes_data();
    void indexes();
    void rejects_data();
    void rejects();
    void acceptsNullError();
    void deepNestingDoesNotCrash();
};

void TestPreparedUpdate::prepares_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("expected"); // after the {"update_id":N,\n prefix

    const QByteArray m = kMessage;
    QTest::newRow("absent") << "{" + m + "}" << m + "}";
    QTest::newRow("first") << "{\"update_id\":5," + m + "}" << m + "}";
    QTest::newRow("first, service form") << "{\"update_id\":5,\n" + m + "}" << m + "}";
    QTest::newRow("last") << "{" + m + ",\"update_id\":5}" << m + "}";
    QTest::newRow("middle") << "{" + m + ",\"update_id\":5,\"extra\":true}"
                            << m + ",\"extra\":true}";
    QTest::newRow("a second payload field kept")
        << "{" + m + ",\"extra\":[1,2],\"update_id\":5}" << m + ",\"extra\":[1,2]}";
    QTest::newRow("surrounding whitespace")
        << " \r\n\t{" + m + "}\n\n" << m + "}";
    QTest::newRow("pretty, id in the middle")
        << "{\n  " + m + ",\n  \"update_id\" : 12 ,\n  \"extra\": null\n}\n"
        << m + ",\n  \"extra\": null}";
    QTest::newRow("pretty, id first")
        << "{\n  \"update_id\": 12,\n  " + m + "\n}" << m + "}";
    QTest::newRow("spaces around the colon kept")
        << QByteArray("{ \"message\" :\t{\"chat\":{\"id\":1}} }")
        << QByteArray("\"message\" :\t{\"chat\":{\"id\":1}}}");
    QTest::newRow("non-integer id replaced")
        << "{\"update_id\":\"x\"," + m + "}" << m + "}";
    QTest::newRow("two ids both dropped")
        << "{\"update_id\":1," + m + ",\"update_id\":2}" << m + "}";
    const QByteArray nested =
        "\"callback_query\":{\"id\":\"9\",\"update_id\":5,\"from\":{\"id\":7},"
        "\"message\":{\"update_id\":3,\"chat\":{\"id\":-1},\"text\":\"update_id\"},"
        "\"data\":\"{\\\"update_id\\\":1}\"}";
    QTest::newRow("nested update_id keys untouched")
        << "{\"update_id\":77," + nested + "}" << nested + "}";
    const QByteArray tricky =
        "\"message\":{\"text\":\"} { ] [ , \\\" \\\\\",\"caption\":\"\\u00e9\\/\\b\\f\\n\\r\\t\","
        "\"chat\":{\"id\":2},\"list\":[{},[],[{\"a\":\"]\"}]],\"n\":-1.5e3}";
    QTest::newRow("strings with brackets and escapes")
        << "{" + tricky + ", \"update_id\":1}" << tricky + "}";
    QTest::newRow("non-ASCII text") << QByteArray("{\"message\":{\"text\":\"Привіт 👋\"}}")
                                    << QByteArray("\"message\":{\"text\":\"Привіт 👋\"}}");
    QTest::newRow("empty payload object") << QByteArray("{\"poll\":{}}")
                                          << QByteArray("\"poll\":{}}");
}

void TestPreparedUpdate::prepares()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, expected);
    QString error;
    const auto prepared = prepareUpdate(payload, 734120001, &error);
    QVERIFY2(prepared, qPrintable(error));
    QCOMPARE(prepared->json, "{\"update_id\":734120001,\n" + expected);
    QCOMPARE(prepared->entry.updateId, 734120001);

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(prepared->json, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(u"update_id").toInteger(), 734120001);
}

void TestPreparedUpdate::indexes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<UpdateKind>("kind");
    QTest::addColumn<qint64>("chatId");
    QTest::addColumn<qint64>("senderId");
    QTest::addColumn<quint32>("date");
    QTest::addColumn<bool>("extraFields");

    QTest::newRow("message") << "{" + kMessage + "}" << UpdateKind::Message << qint64(-100500)
                             << qint64(7) << 1763755680u << false;
    QTest::newRow("message after id") << "{\"update_id\":1,\n" + kMessage + "}"
                                      << UpdateKind::Message << qint64(-100500) << qint64(7)
                                      << 1763755680u << false;
    QTest::newRow("callback")
        << QByteArray("{\"callback_query\":{\"id\":\"1\",\"from\":{\"id\":42},\"message\":"
                      "{\"chat\":{\"id\":-5},\"date\":10},\"chat_instance\":\"3\",\"data\":\"d\"}}")
        << UpdateKind::CallbackQuery << qint64(-5) << qint64(42) << 0u << false;
    QTest::newRow("inline query")
        << QByteArray("{\"inline_query\":{\"id\":\"1\",\"from\":{\"id\":43},\"query\":\"q\","
                      "\"offset\":\"\"},\"update_id\":3}")
        << UpdateKind::InlineQuery << qint64(0) << qint64(43) << 0u << false;
    QTest::newRow("unknown kind, two fields")
        << QByteArray("{\"custom_event\":{\"date\":99},\"extra\":1}") << UpdateKind::Unknown
        << qint64(0) << qint64(0) << 99u << true;
}

void TestPreparedUpdate::indexes()
{
    QFETCH(QByteArray, payload);
    QFETCH(UpdateKind, kind);
    QFETCH(qint64, chatId);
    QFETCH(qint64, senderId);
    QFETCH(quint32, date);
    QFETCH(bool, extraFields);
    QString error;
    const auto prepared = prepareUpdate(payload, 12, &error);
    QVERIFY2(prepared, qPrintable(error));
    QCOMPARE(prepared->entry.updateId, 12);
    QCOMPARE(prepared->entry.kind, kind);
    QCOMPARE(prepared->entry.chatId, chatId);
    QCOMPARE(prepared->entry.senderId, senderId);
    QCOMPARE(prepared->entry.date, date);
    QCOMPARE(bool(prepared->entry.flags & ExtraFields), extraFields);
}

void TestPreparedUpdate::rejects_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("reason"); // a part of the error text

    QTest::newRow("empty") << QByteArray("") << u"empty"_s;
    QTest::newRow("blank") << QByteArray(" \n ") << u"empty"_s;
    QTest::newRow("array") << QByteArray("[{\"message\":{}}]") << u"not a JSON object"_s;
    QTest::newRow("string") << QByteArray("\"message\"") << u"not a JSON object"_s;
    QTest::newRow("only update_id") << QByteArray("{\"update_id\":5}")
                                    << u"no payload besides update_id"_s;
    QTest::newRow("only update_id, spaced") << QByteArray(" { \"update_id\" : 5 } ")
                                            << u"no payload besides update_id"_s;
    QTest::newRow("empty object") << QByteArray("{}") << u"no payload besides update_id"_s;
    QTest::newRow("cut off in object") << QByteArray("{\"message\":{\"text\":\"hi\"")
                                       << u"ends early"_s;
    QTest::newRow("cut off in string") << QByteArray("{\"message\":{\"text\":\"hi")
                                       << u"ends early"_s;
    QTest::newRow("cut off after member") << QByteArray("{\"message\":{}") << u"ends early"_s;
    QTest::newRow("cut off in escape") << QByteArray("{\"message\":{\"text\":\"a\\")
                                       << u"ends early"_s;
    QTest::newRow("bad escape") << QByteArray("{\"message\":{\"text\":\"a\\qb\"}}")
                               << u"invalid escape"_s;
    QTest::newRow("bad unicode escape") << QByteArray("{\"message\":{\"text\":\"\\u12G4\"}}")
                                        << u"invalid \\u escape"_s;
    QTest::newRow("short unicode escape") << QByteArray("{\"message\":{\"text\":\"\\u12")
                                          << u"\\u escape"_s;
    QTest::newRow("raw line break in string") << QByteArray("{\"message\":{\"text\":\"a\nb\"}}")
                                              << u"control character"_s;
    QTest::newRow("brackets crossed") << QByteArray("{\"message\":{\"a\":[1,2}]}")
                                      << u"brackets do not match"_s;
    QTest::newRow("extra closer") << QByteArray("{\"message\":{\"a\":1}}}")
                                  << u"unexpected content"_s;
    QTest::newRow("trailing garbage") << QByteArray("{\"message\":{}} x") << u"unexpected content"_s;
    QTest::newRow("two objects") << QByteArray("{\"message\":{}}{\"message\":{}}")
                                 << u"unexpected content"_s;
    QTest::newRow("missing comma") << QByteArray("{\"message\":{} \"x\":1}") << u"comma"_s;
    QTest::newRow("missing colon") << QByteArray("{\"message\" {}}") << u"colon"_s;
    QTest::newRow("unquoted name") << QByteArray("{message:{}}") << u"member name"_s;
    QTest::newRow("trailing comma") << QByteArray("{\"message\":{},}") << u"member name"_s;
    QTest::newRow("missing value") << QByteArray("{\"message\":}") << u"expected a value"_s;
    QTest::newRow("misspelled literal") << QByteArray("{\"message\":{\"a\":tru}}")
                                        << u"malformed JSON"_s;
    QTest::newRow("bad number") << QByteArray("{\"message\":{\"a\":1.2.3}}") << u"malformed JSON"_s;
    QTest::newRow("top-level bad literal") << QByteArray("{\"message\":nul}") << u"malformed JSON"_s;
    QTest::newRow("nested trailing comma") << QByteArray("{\"message\":{\"a\":1,}}")
                                           << u"malformed JSON"_s;
    QTest::newRow("nested missing colon") << QByteArray("{\"message\":{\"a\" 1}}")
                                          << u"malformed JSON"_s;
    QTest::newRow("invalid UTF-8") << QByteArray("{\"message\":{\"text\":\"\xff\xfe\"}}")
                                   << u"UTF-8"_s;
}

void TestPreparedUpdate::rejects()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, reason);
    QString error;
    const auto prepared = prepareUpdate(payload, 1, &error);
    QVERIFY2(!prepared, prepared ? prepared->json.constData() : "");
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void TestPreparedUpdate::acceptsNullError()
{
    QVERIFY(!prepareUpdate("[]", 1, nullptr));
    QVERIFY(prepareUpdate("{\"message\":{}}", 1, nullptr));
}

void TestPreparedUpdate::deepNestingDoesNotCrash()
{
    constexpr int Depth = 100000;
    const QByteArray payload = "{\"message\":" + QByteArray(Depth, '[') + QByteArray(Depth, ']') + "}";
    QString error;
    QVERIFY(!prepareUpdate(payload, 1, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestPreparedUpdate)
#include "tst_preparedupdate.moc"
