// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "getupdatesresponse.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace UpdateInspector;

namespace {

// (Ordinary string literals throughout: moc mis-reads backslashes inside raw string literals.)
const QByteArray kMessage = "{\"update_id\":734120001,\n\"message\":{\"message_id\":1,\"chat\":{\"id\":1,"
                            "\"type\":\"private\"},\"date\":1763755680,\"text\":\"hi\"}}";
const QByteArray kPoll = "{\"update_id\":734120002,\"poll\":{\"id\":\"5012\",\"question\":\"Tea?\","
                         "\"options\":[{\"text\":\"tea\",\"voter_count\":2}]}}";
// Brackets, braces, commas and escaped quotes inside strings; arrays nested in arrays.
const QByteArray kTricky = "{\"update_id\":734120003,\"message\":{\"text\":\"]}{[\\\"},\\\\\",\"entities\":"
                           "[[1,[2,[]]],{\"a\":\"}\"},\"\\u005d\"],\"caption\":\"\\\"\\\\\\\"\"}}";
const QByteArray kUnicode = "{\"update_id\":734120004,\"message\":{\"text\":\"\xD0\x9E\xD0\xBB\xD0\xB5\xD0\xBD"
                            "\xD0\xB0 \xF0\x9F\x91\x8B \\ud83d\\udc4b\"}}";
// CR LF between tokens inside the update: kept as sent.
const QByteArray kCrLf
    = "{\"update_id\":734120005,\r\n\"edited_message\" : {\"message_id\" :2 ,\r\n \"date\":1}}";

QByteArray response(const QList<QByteArray> &updates, const QByteArray &separator = ",")
{
    return "{\"ok\":true,\"result\":[" + updates.join(separator) + "]}";
}

// Each slice must be a JSON object, and the slices must appear in the body in order, each
// starting where the previous one's element ended: the exact bytes sent, nothing more.
QString checkSlicesOfBody(const QByteArray &body, const QList<QByteArray> &slices)
{
    qsizetype from = 0;
    for (qsizetype i = 0; i < slices.size(); ++i) {
        const qsizetype at = body.indexOf(slices[i], from);
        if (at < 0)
            return QStringLiteral("slice %1 is not in the body after the previous one").arg(i);
        if (!slices[i].startsWith('{') || !slices[i].endsWith('}'))
            return QStringLiteral("slice %1 does not run from { to }").arg(i);
        QJsonParseError parseError;
        if (!QJsonDocument::fromJson(slices[i], &parseError).isObject())
            return QStringLiteral("slice %1 is not a JSON object: %2").arg(i).arg(parseError.errorString());
        from = at + slices[i].size();
    }
    return {};
}

} // namespace

class tst_GetUpdatesResponse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void goodBodies_data();
    void goodBodies();
    void badBodies_data();
    void badBodies();
    void randomWhitespace();
    void splitSpeed();
};

void tst_GetUpdatesResponse::goodBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QList<QByteArray>>("expected");

    QTest::newRow("compact") << response({kPoll, kPoll}) << QList<QByteArray> {kPoll, kPoll};
    QTest::newRow("newline after update_id kept") << response({kMessage}) << QList<QByteArray> {kMessage};
    QTest::newRow("empty result") << QByteArray("{\"ok\":true,\"result\":[]}") << QList<QByteArray> {};
    QTest::newRow("empty result, spaced")
        << QByteArray(" \r\n{ \"ok\" : true ,\n \"result\" : [ \n\t] } \n") << QList<QByteArray> {};
    QTest::newRow("whitespace everywhere")
        << QByteArray(" \n{\n  \"ok\" : true ,\r\n  \"result\" :\t[ \n    ") + kMessage + " \r\n, \t" + kPoll
               + "\n  ]\n}\n"
        << QList<QByteArray> {kMessage, kPoll};
    QTest::newRow("result before ok")
        << QByteArray("{\"result\":[") + kPoll + "],\"ok\":true}" << QList<QByteArray> {kPoll};
    QTest::newRow("other fields beside") << QByteArray("{\"ok\":true,\"description\":\"]\",\"result\":[") + kPoll
                                                + "],\"extra\":[[{}]]}"
                                         << QList<QByteArray> {kPoll};
    QTest::newRow("brackets and escaped quotes in strings")
        << response({kTricky, kMessage}) << QList<QByteArray> {kTricky, kMessage};
    QTest::newRow("non-ASCII and \\u escapes") << response({kUnicode}) << QList<QByteArray> {kUnicode};
    QTest::newRow("CR LF inside an update") << response({kCrLf, kPoll}, ",\r\n")
                                           << QList<QByteArray> {kCrLf, kPoll};
    QTest::newRow("empty object element") << response({QByteArray("{}"), QByteArray("{ }")})
                                         << QList<QByteArray> {QByteArray("{}"), QByteArray("{ }")};
}

void tst_GetUpdatesResponse::goodBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QList<QByteArray>, expected);
    QString error;
    const std::optional<QList<QByteArray>> updates = splitGetUpdatesResponse(body, &error);
    QVERIFY2(updates.has_value(), qPrintable(error));
    QCOMPARE(*updates, expected);
    const QString problem = checkSlicesOfBody(body, *updates);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_GetUpdatesResponse::badBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expectedError"); // a part of the error

    const QString notJson = QStringLiteral("not JSON");
    QTest::newRow("empty") << QByteArray() << notJson;
    QTest::newRow("blank") << QByteArray(" \n") << notJson;
    QTest::newRow("HTML error page") << QByteArray("<html>502 Bad Gateway</html>") << notJson;
    QTest::newRow("cut off") << QByteArray("{\"ok\":true,\"result\":[") + kPoll.chopped(3) << notJson;
    QTest::newRow("cut off after an element") << QByteArray("{\"ok\":true,\"result\":[") + kPoll << notJson;
    QTest::newRow("trailing content") << response({kPoll}) + " {}" << notJson;
    QTest::newRow("malformed inside an update")
        << response({QByteArray("{\"update_id\":1,\"message\":{\"is_bot\":tru}}")}) << notJson;
    QTest::newRow("unclosed string in an update")
        << QByteArray("{\"ok\":true,\"result\":[{\"update_id\":1,\"m\":\"]}]}") << notJson;
    QTest::newRow("invalid UTF-8") << response({QByteArray("{\"update_id\":1,\"m\":\"\xC3\x28\"}")}) << notJson;
    QTest::newRow("array") << QByteArray("[") + kPoll + "]" << QStringLiteral("not a JSON object");
    QTest::newRow("number") << QByteArray("42") << QStringLiteral("not a JSON object");
    QTest::newRow("ok false") << QByteArray("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}")
                              << QStringLiteral("ok is not true");
    QTest::newRow("ok false with result") << QByteArray("{\"ok\":false,\"result\":[1]}")
                                          << QStringLiteral("ok is not true");
    QTest::newRow("ok as a string") << QByteArray("{\"ok\":\"true\",\"result\":[]}")
                                    << QStringLiteral("ok is not true");
    QTest::newRow("ok missing") << QByteArray("{\"result\":[]}") << QStringLiteral("ok is missing");
    QTest::newRow("no result") << QByteArray("{\"ok\":true}") << QStringLiteral("no result array");
    QTest::newRow("result is an object") << QByteArray("{\"ok\":true,\"result\":{}}")
                                         << QStringLiteral("result is not an array");
    QTest::newRow("result is true (setWebhook)") << QByteArray("{\"ok\":true,\"result\":true}")
                                                 << QStringLiteral("result is not an array");
    QTest::newRow("element a number") << QByteArray("{\"ok\":true,\"result\":[1]}")
                                      << QStringLiteral("an element of result is not an object (element 1)");
    QTest::newRow("element an array") << response({kPoll, QByteArray("[") + kPoll + "]"})
                                      << QStringLiteral("an element of result is not an object (element 2)");
    QTest::newRow("element a string") << response({kPoll, kPoll, QByteArray("\"{}\"")})
                                      << QStringLiteral("an element of result is not an object (element 3)");
    QTest::newRow("result twice") << QByteArray("{\"ok\":true,\"result\":[],\"result\":[]}")
                                  << QStringLiteral("result appears twice");
}

void tst_GetUpdatesResponse::badBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expectedError);
    QString error;
    const std::optional<QList<QByteArray>> updates = splitGetUpdatesResponse(body, &error);
    QVERIFY2(!updates.has_value(), "a bad body was split");
    QVERIFY2(error.contains(expectedError), qPrintable(error));
}

// Many updates, random whitespace between every token of the response around them.
void tst_GetUpdatesResponse::randomWhitespace()
{
    QRandomGenerator random(20261126);
    static const char *const kSpaces[] = {"", " ", "\n", "\r\n", "\t", "  \n  "};
    auto space = [&] { return QByteArray(kSpaces[random.bounded(int(std::size(kSpaces)))]); };
    const QList<QByteArray> choices {kMessage, kPoll, kTricky, kUnicode, kCrLf};
    for (int round = 0; round < 50; ++round) {
        QList<QByteArray> updates;
        QByteArray body = space() + "{" + space() + "\"result\"" + space() + ":" + space() + "[";
        const int count = random.bounded(0, 20);
        for (int i = 0; i < count; ++i) {
            const QByteArray &pick = choices[random.bounded(int(choices.size()))];
            updates.append(pick);
            body += space() + pick + space() + (i + 1 < count ? "," : "");
        }
        body += "]" + space() + "," + space() + "\"ok\"" + space() + ":" + space() + "true" + space()
            + "}" + space();
        QString error;
        const std::optional<QList<QByteArray>> split = splitGetUpdatesResponse(body, &error);
        QVERIFY2(split.has_value(), qPrintable(error + QStringLiteral(" in ") + QString::fromUtf8(body)));
        QCOMPARE(*split, updates);
        const QString problem = checkSlicesOfBody(body, *split);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
}

// A poll's worth: 100 updates, about 60 KB, as the service sends them. Loose bound: it must stay
// far below a network round trip.
void tst_GetUpdatesResponse::splitSpeed()
{
    QList<QByteArray> updates;
    for (int i = 0; i < 100; ++i) {
        updates.append("{\"update_id\":" + QByteArray::number(734120000 + i)
                       + ",\n\"message\":{\"message_id\":" + QByteArray::number(i)
                       + ",\"from\":{\"id\":421937654,\"is_bot\":false,\"first_name\":\"Olena\","
                         "\"username\":\"olena_kov\",\"language_code\":\"uk\"},\"chat\":{\"id\":421937654,"
                         "\"first_name\":\"Olena\",\"username\":\"olena_kov\",\"type\":\"private\"},"
                         "\"date\":1763755680,\"text\":\""
                       + QByteArray(380, 'x')
                       + "\",\"entities\":[{\"offset\":0,\"length\":6,\"type\":\"bot_command\"}]}}");
    }
    const QByteArray body = response(updates);
    QString error;
    QVERIFY2(splitGetUpdatesResponse(body, &error).has_value(), qPrintable(error)); // warm-up
    const int rounds = 2000;
    QElapsedTimer timer;
    timer.start();
    qsizetype total = 0;
    for (int i = 0; i < rounds; ++i)
        total += splitGetUpdatesResponse(body, &error).value_or(QList<QByteArray> {}).size();
    const double microseconds = double(timer.nsecsElapsed()) / 1000.0 / rounds;
    QCOMPARE(total, qsizetype(rounds) * 100);
    qInfo("split of %lld updates (%lld bytes): %.1f us", qlonglong(updates.size()), qlonglong(body.size()),
          microseconds);
    QVERIFY2(microseconds < 2000, "splitting a 60 KB response took over 2 ms");
}

QTEST_GUILESS_MAIN(tst_GetUpdatesResponse)
#include "tst_getupdatesresponse.moc"
