// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// ApiParams::parse over every encoding a bot may use (query, form, JSON, multipart) and the
// getters that read a parameter whichever way it came.
#include "apiparams.h"

#include <QJsonDocument>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QByteArray kForm = "application/x-www-form-urlencoded";
const QByteArray kJson = "application/json";

ApiParams mustParse(const QByteArray &query, const QByteArray &contentType, const QByteArray &body)
{
    QString error;
    const std::optional<ApiParams> params = ApiParams::parse(query, contentType, body, &error);
    if (!params)
        qWarning("parse failed: %s", qPrintable(error));
    return params.value_or(ApiParams());
}

// One multipart/form-data part, CRLF line ends as RFC 7578 wants.
QByteArray part(const QByteArray &boundary, const QByteArray &disposition, const QByteArray &data,
                const QByteArray &contentType = {})
{
    QByteArray text = "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n";
    if (!contentType.isEmpty())
        text += "Content-Type: " + contentType + "\r\n";
    return text + "\r\n" + data + "\r\n";
}

QJsonValue jsonOf(const char *text)
{
    return QJsonDocument::fromJson(QByteArray("[") + text + ']').array().at(0);
}
} // namespace

class TestApiParams : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formEncoding_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        const QString privet = QStringLiteral("привет мир");
        QTest::newRow("query plain") << QByteArray("chat_id=42&text=hi") << QByteArray() << QByteArray()
                                     << QStringLiteral("text") << QStringLiteral("hi");
        QTest::newRow("query plus is space") << QByteArray("text=a+b+c") << QByteArray() << QByteArray()
                                             << QStringLiteral("text") << QStringLiteral("a b c");
        QTest::newRow("query %2B is plus") << QByteArray("text=1%2B1%3D2") << QByteArray() << QByteArray()
                                           << QStringLiteral("text") << QStringLiteral("1+1=2");
        QTest::newRow("query utf-8") << QByteArray("text=%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82+%D0%BC%D0%B8%D1%80")
                                     << QByteArray() << QByteArray() << QStringLiteral("text") << privet;
        QTest::newRow("query encoded name") << QByteArray("my%20name=x") << QByteArray() << QByteArray()
                                            << QStringLiteral("my name") << QStringLiteral("x");
        QTest::newRow("query no value") << QByteArray("flag&x=1") << QByteArray() << QByteArray()
                                        << QStringLiteral("flag") << QString();
        QTest::newRow("form body") << QByteArray() << kForm << QByteArray("a=1&text=hello+there%21")
                                   << QStringLiteral("text") << QStringLiteral("hello there!");
        QTest::newRow("form body with charset") << QByteArray() << (kForm + "; charset=UTF-8")
                                                << QByteArray("text=%C3%A9t%C3%A9") << QStringLiteral("text")
                                                << QStringLiteral("été");
        QTest::newRow("form body, no content type") << QByteArray() << QByteArray() << QByteArray("offset=-5&limit=3")
                                                    << QStringLiteral("offset") << QStringLiteral("-5");
        QTest::newRow("query and body merged") << QByteArray("from_query=q") << kForm << QByteArray("from_body=b")
                                               << QStringLiteral("from_query") << QStringLiteral("q");
        QTest::newRow("body wins over query") << QByteArray("text=query") << kForm << QByteArray("text=body")
                                              << QStringLiteral("text") << QStringLiteral("body");
        QTest::newRow("json body wins over query") << QByteArray("text=query") << kJson
                                                   << QByteArray("{\"text\":\"json\"}") << QStringLiteral("text")
                                                   << QStringLiteral("json");
        QTest::newRow("json keeps query params") << QByteArray("limit=7") << kJson << QByteArray("{\"text\":\"json\"}")
                                                 << QStringLiteral("limit") << QStringLiteral("7");
    }
    void formEncoding()
    {
        QFETCH(QByteArray, query);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QString error;
        const std::optional<ApiParams> params = ApiParams::parse(query, contentType, body, &error);
        QVERIFY2(params, qPrintable(error));
        QVERIFY(params->contains(name));
        QCOMPARE(params->string(name), expected);
        QVERIFY(!params->contains(QStringLiteral("absent")));
    }

    void jsonKeepsTypes()
    {
        const ApiParams params = mustParse({}, kJson + "; charset=utf-8",
                                           "{\"chat_id\":-1001234567890123,\"big\":9007199254740993,"
                                           "\"ratio\":0.25,\"silent\":true,\"loud\":false,"
                                           "\"allowed_updates\":[\"message\",\"poll\"],"
                                           "\"reply_markup\":{\"inline_keyboard\":[[{\"text\":\"a\"}]]},"
                                           "\"text\":\"caf\\u00e9\"}");
        QCOMPARE(params.value(QStringLiteral("chat_id")).type(), QJsonValue::Double);
        QCOMPARE(params.integer(QStringLiteral("chat_id")), std::optional<qint64>(-1001234567890123LL));
        QCOMPARE(params.string(QStringLiteral("chat_id")), QStringLiteral("-1001234567890123"));
        QCOMPARE(params.integer(QStringLiteral("big")), std::optional<qint64>(9007199254740993LL));
        QCOMPARE(params.string(QStringLiteral("ratio")), QStringLiteral("0.25"));
        QCOMPARE(params.value(QStringLiteral("silent")).type(), QJsonValue::Bool);
        QCOMPARE(params.string(QStringLiteral("silent")), QStringLiteral("true"));
        QCOMPARE(params.boolean(QStringLiteral("silent")), true);
        QCOMPARE(params.boolean(QStringLiteral("loud"), true), false);
        QCOMPARE(params.array(QStringLiteral("allowed_updates")),
                 std::optional<QJsonArray>(QJsonArray{QStringLiteral("message"), QStringLiteral("poll")}));
        QCOMPARE(params.string(QStringLiteral("allowed_updates")), QStringLiteral("[\"message\",\"poll\"]"));
        const std::optional<QJsonObject> markup = params.object(QStringLiteral("reply_markup"));
        QVERIFY(markup);
        QCOMPARE(markup->value(QLatin1StringView("inline_keyboard")).toArray().at(0).toArray().at(0)
                     .toObject().value(QLatin1StringView("text")).toString(), QStringLiteral("a"));
        QCOMPARE(params.string(QStringLiteral("text")), QStringLiteral("café"));
    }

    void unparsableBodies_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("json array") << kJson << QByteArray("[1,2,3]") << QStringLiteral("can't parse JSON object");
        QTest::newRow("json string") << kJson << QByteArray("\"text\"") << QStringLiteral("can't parse JSON object");
        QTest::newRow("json truncated") << kJson << QByteArray("{\"limit\":") << QStringLiteral("can't parse JSON object");
        QTest::newRow("json garbage") << kJson << QByteArray("limit=5") << QStringLiteral("can't parse JSON object");
        const QByteArray good = part("XyZ", "name=\"a\"", "1");
        QTest::newRow("multipart without boundary") << QByteArray("multipart/form-data") << good
                                                    << QStringLiteral("boundary");
        QTest::newRow("multipart, no closing boundary") << QByteArray("multipart/form-data; boundary=XyZ")
                                                        << QByteArray("--XyZ\r\nContent-Disposition: form-data; "
                                                                      "name=\"a\"\r\n\r\ndata that never ends")
                                                        << QStringLiteral("closing boundary");
        QTest::newRow("multipart, cut after a part") << QByteArray("multipart/form-data; boundary=XyZ") << good
                                                     << QStringLiteral("closing boundary");
        QTest::newRow("multipart, cut after a boundary") << QByteArray("multipart/form-data; boundary=XyZ")
                                                         << (good + "--XyZ\r\n") << QStringLiteral("no end of headers");
        QTest::newRow("multipart, boundary absent") << QByteArray("multipart/form-data; boundary=Other")
                                                    << (good + "--XyZ--\r\n") << QStringLiteral("no boundary line");
        QTest::newRow("multipart, nameless part") << QByteArray("multipart/form-data; boundary=XyZ")
                                                  << QByteArray("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--")
                                                  << QStringLiteral("no name");
    }
    void unparsableBodies()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QString reason;
        QVERIFY(!ApiParams::parse("limit=1", contentType, body, &reason));
        QVERIFY2(reason.contains(error), qPrintable(reason));
        QVERIFY(!ApiParams::parse({}, contentType, body, nullptr)); // no out-parameter: still nullopt
    }

    void emptyBodyIsNotAnError()
    {
        const ApiParams params = mustParse("offset=3", kJson, "  \r\n");
        QCOMPARE(params.integer(QStringLiteral("offset")), std::optional<qint64>(3));
        QVERIFY(mustParse({}, kJson, {}).isEmpty());
    }

    void multipart()
    {
        const QByteArray boundary = "----=_Part 7";
        const QByteArray fileData = QByteArray("line one\r\nline two\r\n--not the boundary\r\n")
                                   + QByteArray("\0\x01\xff", 3);
        const QByteArray body = "preamble is ignored\r\n"
                                + part(boundary, "name=\"chat_id\"", "-1001234567890123")
                                + part(boundary, "name=\"caption\"", QStringLiteral("ünïcödé\r\nsecond line").toUtf8())
                                + part(boundary, "name=\"document\"; filename=\"report 1.bin\"", fileData,
                                       "application/octet-stream")
                                + part(boundary, "name=\"media\"", "[{\"type\":\"photo\",\"media\":\"attach://pic\"}]")
                                + part(boundary, "name=\"pic\"; filename=\"p.jpg\"", "JPEGDATA", "image/jpeg")
                                + part(boundary, "name=\"photo\"", "attach://pic")
                                + "--" + boundary + "--\r\n";
        QString error;
        const std::optional<ApiParams> params = ApiParams::parse(
            "from_query=1", "multipart/form-data; boundary=\"" + boundary + '"', body, &error);
        QVERIFY2(params, qPrintable(error));
        QCOMPARE(params->integer(QStringLiteral("chat_id")), std::optional<qint64>(-1001234567890123LL));
        QCOMPARE(params->string(QStringLiteral("caption")), QStringLiteral("ünïcödé\r\nsecond line"));
        QCOMPARE(params->string(QStringLiteral("from_query")), QStringLiteral("1"));

        const ApiParams::File *document = params->file(QStringLiteral("document"));
        QVERIFY(document);
        QCOMPARE(document->fileName, QStringLiteral("report 1.bin"));
        QCOMPARE(document->contentType, QByteArray("application/octet-stream"));
        QCOMPARE(document->data, fileData);
        QVERIFY(params->contains(QStringLiteral("document")));
        QCOMPARE(params->files().size(), 2);

        // attach://pic stays a string: resolving it is the method's business, not the parser's.
        QCOMPARE(params->file(QStringLiteral("photo")), nullptr);
        QCOMPARE(params->string(QStringLiteral("photo")), QStringLiteral("attach://pic"));
        QVERIFY(params->file(QStringLiteral("pic")));
        QCOMPARE(params->file(QStringLiteral("pic"))->data, QByteArray("JPEGDATA"));
        QCOMPARE(params->array(QStringLiteral("media"))->at(0).toObject().value(QLatin1StringView("media")).toString(),
                 QStringLiteral("attach://pic"));
    }

    void multipartUnquotedBoundaryAndBareNames()
    {
        const QByteArray body = "--b1\r\ncontent-disposition: form-data;name=limit\r\n\r\n5\r\n"
                                "--b1\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n"
                                "--b1--";
        const ApiParams params = mustParse({}, "Multipart/Form-Data;boundary=b1", body);
        QCOMPARE(params.integer(QStringLiteral("limit")), std::optional<qint64>(5));
        QVERIFY(params.contains(QStringLiteral("empty")));
        QCOMPARE(params.string(QStringLiteral("empty")), QString());
    }

    void integerGetter_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("present");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("text") << QJsonValue(QStringLiteral("12")) << true << true << qint64(12);
        QTest::newRow("text, spaces") << QJsonValue(QStringLiteral(" -7 ")) << true << true << qint64(-7);
        QTest::newRow("text 12x") << QJsonValue(QStringLiteral("12x")) << false << false << qint64(0);
        QTest::newRow("empty text") << QJsonValue(QString()) << false << false << qint64(0);
        QTest::newRow("64-bit text") << QJsonValue(QStringLiteral("-1001234567890123")) << true << true
                                     << qint64(-1001234567890123LL);
        QTest::newRow("json number") << jsonOf("42") << true << true << qint64(42);
        QTest::newRow("json fraction") << jsonOf("4.5") << false << false << qint64(0);
        QTest::newRow("json bool") << jsonOf("true") << false << false << qint64(0);
        QTest::newRow("json array") << jsonOf("[1]") << false << false << qint64(0);
    }
    void integerGetter()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, present);
        QFETCH(bool, valid);
        QFETCH(qint64, expected);
        ApiParams params;
        params.insert(QStringLiteral("n"), value);
        bool isValid = !valid;
        const std::optional<qint64> result = params.integer(QStringLiteral("n"), &isValid);
        QCOMPARE(result.has_value(), present);
        QCOMPARE(isValid, valid);
        if (present)
            QCOMPARE(*result, expected);
        // Absent is not invalid.
        bool absentValid = false;
        QCOMPARE(params.integer(QStringLiteral("other"), &absentValid), std::nullopt);
        QVERIFY(absentValid);
    }

    void booleanGetter_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("expected");
        QTest::newRow("true") << QJsonValue(QStringLiteral("true")) << true;
        QTest::newRow("TRUE") << QJsonValue(QStringLiteral("TRUE")) << true;
        QTest::newRow("1") << QJsonValue(QStringLiteral("1")) << true;
        QTest::newRow("false") << QJsonValue(QStringLiteral("false")) << false;
        QTest::newRow("0") << QJsonValue(QStringLiteral("0")) << false;
        QTest::newRow("empty") << QJsonValue(QString()) << false;
        QTest::newRow("json true") << QJsonValue(true) << true;
        QTest::newRow("json false") << QJsonValue(false) << false;
        QTest::newRow("json 1") << QJsonValue(1) << true;
        QTest::newRow("json 0") << QJsonValue(0) << false;
    }
    void booleanGetter()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, expected);
        ApiParams params;
        params.insert(QStringLiteral("b"), value);
        // Both fallbacks: a present value must not fall back.
        QCOMPARE(params.boolean(QStringLiteral("b"), false), expected);
        QCOMPARE(params.boolean(QStringLiteral("b"), true), expected);
        QCOMPARE(params.boolean(QStringLiteral("absent"), true), true);
        QCOMPARE(params.boolean(QStringLiteral("absent"), false), false);
    }

    void arrayAndObjectGetters_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("isArray");
        QTest::addColumn<bool>("isObject");
        QTest::addColumn<int>("size");
        QTest::newRow("json array") << jsonOf("[\"message\",\"poll\"]") << true << false << 2;
        QTest::newRow("string of array") << QJsonValue(QStringLiteral(" [\"message\"] ")) << true << false << 1;
        QTest::newRow("empty array string") << QJsonValue(QStringLiteral("[]")) << true << false << 0;
        QTest::newRow("json object") << jsonOf("{\"a\":1,\"b\":2}") << false << true << 2;
        QTest::newRow("string of object") << QJsonValue(QStringLiteral("{\"a\":1}")) << false << true << 1;
        QTest::newRow("broken array string") << QJsonValue(QStringLiteral("[\"message\"")) << false << false << 0;
        QTest::newRow("plain word") << QJsonValue(QStringLiteral("message")) << false << false << 0;
        QTest::newRow("number") << QJsonValue(3) << false << false << 0;
    }
    void arrayAndObjectGetters()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, isArray);
        QFETCH(bool, isObject);
        QFETCH(int, size);
        ApiParams params;
        params.insert(QStringLiteral("v"), value);
        const std::optional<QJsonArray> array = params.array(QStringLiteral("v"));
        const std::optional<QJsonObject> object = params.object(QStringLiteral("v"));
        QCOMPARE(array.has_value(), isArray);
        QCOMPARE(object.has_value(), isObject);
        if (array)
            QCOMPARE(array->size(), size);
        if (object)
            QCOMPARE(object->size(), size);
        QCOMPARE(params.array(QStringLiteral("absent")), std::nullopt);
        QCOMPARE(params.object(QStringLiteral("absent")), std::nullopt);
    }

    void toJsonForRecording()
    {
        ApiParams params = mustParse("allowed_updates=%5B%22message%22%5D&text=%5Bnot+json&count=12&obj=%7B%22a%22%3A1%7D",
                                     {}, {});
        params.insertFile(QStringLiteral("photo"), {QStringLiteral("cat.jpg"), "image/jpeg", QByteArray(1234, 'x')});
        params.insert(QStringLiteral("flag"), true);
        const QJsonObject json = params.toJson();
        QCOMPARE(json.size(), 6);
        QCOMPARE(json.value(QLatin1StringView("allowed_updates")), QJsonValue(QJsonArray{QStringLiteral("message")}));
        QCOMPARE(json.value(QLatin1StringView("obj")), QJsonValue(QJsonObject{{QStringLiteral("a"), 1}}));
        QCOMPARE(json.value(QLatin1StringView("text")), QJsonValue(QStringLiteral("[not json")));
        QCOMPARE(json.value(QLatin1StringView("count")), QJsonValue(QStringLiteral("12"))); // form text stays text
        QCOMPARE(json.value(QLatin1StringView("flag")), QJsonValue(true));
        const QJsonObject photo = json.value(QLatin1StringView("photo")).toObject();
        QCOMPARE(photo.value(QLatin1StringView("file_name")).toString(), QStringLiteral("cat.jpg"));
        QCOMPARE(photo.value(QLatin1StringView("content_type")).toString(), QStringLiteral("image/jpeg"));
        QCOMPARE(photo.value(QLatin1StringView("size")).toInteger(), 1234);
        QVERIFY(!photo.contains(QLatin1StringView("data"))); // the bytes are not recorded
    }

    void toJsonKeepsJsonBody()
    {
        const QByteArray body = "{\"chat_id\":-1001234567890123,\"entities\":[{\"offset\":0}],\"silent\":false}";
        const QJsonObject json = mustParse({}, kJson, body).toJson();
        QCOMPARE(json, QJsonDocument::fromJson(body).object());
        QCOMPARE(json.value(QLatin1StringView("chat_id")).toInteger(), -1001234567890123LL);
    }
};

QTEST_GUILESS_MAIN(TestApiParams)
#include "tst_apiparams.moc"
