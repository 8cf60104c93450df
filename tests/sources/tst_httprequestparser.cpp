// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The listener's HTTP/1.1 request parser on its own: heads, bodies in every split, pipelining,
// chunked bodies, the caps (checked before a body is read) and malformed input.
#include "httprequestparser.h"

#include <QTest>

using namespace UpdateInspector;
using Result = HttpRequestParser::Result;

namespace {
constexpr qint64 kHeadCap = 1024;
constexpr qint64 kBodyCap = 100;

// Feeds `input` as a connection would: `step` bytes at a time into a buffer, consumed bytes
// removed. Returns the first result other than NeedMore (NeedMore when the input ran out);
// `rest` is what was left unconsumed.
Result feed(HttpRequestParser &parser, const QByteArray &input, qsizetype step,
            QByteArray *rest = nullptr)
{
    QByteArray buffer;
    Result result = Result::NeedMore;
    for (qsizetype sent = 0; sent < input.size();) {
        const qsizetype take = std::min(step, input.size() - sent);
        buffer += input.mid(sent, take);
        sent += take;
        qsizetype used = 0;
        result = parser.parse(buffer, &used);
        buffer.remove(0, used);
        if (result != Result::NeedMore) {
            buffer += input.mid(sent);
            break;
        }
    }
    if (rest)
        *rest = buffer;
    return result;
}

const QByteArray kBody = "{\"update_id\":5,\n\"message\":1}";
const QByteArray kPost
    = "POST /hook/123:abc?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type:application/json  \r\n"
      "X-Telegram-Bot-Api-Secret-Token: s3cret\r\nContent-Length: "
    + QByteArray::number(kBody.size()) + "\r\n\r\n" + kBody;
} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesPostInAnySplit_data();
    void parsesPostInAnySplit();
    void readsRequestWithoutBody();
    void keepsPipelinedRequestsApart();
    void decodesChunkedBody_data();
    void decodesChunkedBody();
    void decidesKeepAlive_data();
    void decidesKeepAlive();
    void notesExpectContinue();
    void skipsBlankLinesBetweenRequests();
    void capsHead();
    void capsDeclaredBodyBeforeReadingIt_data();
    void capsDeclaredBodyBeforeReadingIt();
    void capsChunkedBody();
    void chunkedWinsOverContentLength();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void findsPath_data();
    void findsPath();
    void peeksRequestLine();
};

void TestHttpRequestParser::parsesPostInAnySplit_data()
{
    QTest::addColumn<int>("step");
    QTest::newRow("whole") << 100000;
    QTest::newRow("byte by byte") << 1;
    QTest::newRow("7 bytes") << 7;
    QTest::newRow("64 bytes") << 64;
}

void TestHttpRequestParser::parsesPostInAnySplit()
{
    QFETCH(int, step);
    HttpRequestParser parser(kHeadCap, kBodyCap);
    QVERIFY(!parser.hasStarted());
    QByteArray rest;
    QCOMPARE(feed(parser, kPost, step, &rest), Result::Complete);
    QVERIFY(rest.isEmpty());
    QVERIFY(parser.hasStarted());
    const HttpRequest request = parser.takeRequest();
    QVERIFY(!parser.hasStarted()); // ready for the next one
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/hook/123:abc?x=1"));
    QCOMPARE(request.minorVersion, 1);
    QCOMPARE(request.headers.size(), 4);
    QCOMPARE(request.headers.at(1).first, QByteArray("content-type"));
    QCOMPARE(request.headers.at(1).second, QByteArray("application/json")); // OWS trimmed
    QCOMPARE(request.header("x-telegram-bot-api-secret-token"), QByteArrayView("s3cret"));
    QVERIFY(request.header("x-missing").isNull());
    QCOMPARE(request.contentLength, kBody.size());
    QCOMPARE(request.body, kBody); // the newline is kept
    QVERIFY(request.keepAlive);
    QVERIFY(!request.chunked);
}

void TestHttpRequestParser::readsRequestWithoutBody()
{
    HttpRequestParser parser(kHeadCap, kBodyCap);
    qsizetype used = 0;
    QCOMPARE(parser.parse("GET / HTTP/1.1\r\nHost: a\r\n", &used), Result::NeedMore);
    QCOMPARE(used, 0); // the head is consumed only once complete
    QVERIFY(parser.hasStarted());
    QVERIFY(!parser.isReadingBody());
    const QByteArray whole = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    QCOMPARE(parser.parse(whole, &used), Result::Complete);
    QCOMPARE(used, whole.size());
    QVERIFY(parser.request().body.isEmpty());
    QCOMPARE(parser.request().method, QByteArray("GET"));

    // Bare LF line ends are tolerated.
    HttpRequestParser lf(kHeadCap, kBodyCap);
    QCOMPARE(feed(lf, "POST /x HTTP/1.1\nHost: a\nContent-Length: 2\n\n{}", 3), Result::Complete);
    QCOMPARE(lf.request().body, QByteArray("{}"));
}

void TestHttpRequestParser::keepsPipelinedRequestsApart()
{
    const QByteArray second = "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
    const QByteArray third = "GET /three HTTP/1.1\r\nHost: a\r\n\r\n";
    QByteArray buffer = kPost + second + third;
    HttpRequestParser parser(kHeadCap, kBodyCap);
    QStringList targets;
    QList<QByteArray> bodies;
    while (!buffer.isEmpty()) {
        qsizetype used = 0;
        QCOMPARE(parser.parse(buffer, &used), Result::Complete);
        buffer.remove(0, used);
        const HttpRequest request = parser.takeRequest();
        targets << QString::fromLatin1(request.target);
        bodies << request.body;
    }
    QCOMPARE(targets,
             QStringList({QStringLiteral("/hook/123:abc?x=1"), QStringLiteral("/two"),
                          QStringLiteral("/three")}));
    QCOMPARE(bodies.at(1), QByteArray("abc"));
    QVERIFY(bodies.at(2).isEmpty());
}

void TestHttpRequestParser::decodesChunkedBody_data()
{
    QTest::addColumn<int>("step");
    QTest::newRow("whole") << 100000;
    QTest::newRow("byte by byte") << 1;
    QTest::newRow("5 bytes") << 5;
}

void TestHttpRequestParser::decodesChunkedBody()
{
    QFETCH(int, step);
    const QByteArray input = "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
                             "5;name=value\r\nhello\r\n"
                             "0007\r\n, world\r\n"
                             "0\r\nX-Trailer: yes\r\n\r\n"
                             "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";
    HttpRequestParser parser(kHeadCap, kBodyCap);
    QByteArray rest;
    QCOMPARE(feed(parser, input, step, &rest), Result::Complete);
    QVERIFY(parser.request().chunked);
    QCOMPARE(parser.request().body, QByteArray("hello, world"));
    QCOMPARE(parser.request().contentLength, -1);
    QVERIFY(rest.startsWith("GET /next")); // the trailer was read past, the next request kept
}

void TestHttpRequestParser::decidesKeepAlive_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray(
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n")
                               << false;
    QTest::newRow("1.1 list") << QByteArray(
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: TE, close\r\n\r\n")
                              << false;
    QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
}

void TestHttpRequestParser::decidesKeepAlive()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, keepAlive);
    HttpRequestParser parser(kHeadCap, kBodyCap);
    QCOMPARE(feed(parser, head, 1000), Result::Complete);
    QCOMPARE(parser.request().keepAlive, keepAlive);
}

void TestHttpRequestParser::notesExpectContinue()
{
    HttpRequestParser parser(kHeadCap, kBodyCap);
    qsizetype used = 0;
    const QByteArray head
        = "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\n";
    QCOMPARE(parser.parse(head, &used), Result::NeedMore);
    QCOMPARE(used, head.size());
    QVERIFY(parser.isReadingBody());
    QVERIFY(parser.request().expectsContinue);
    QCOMPARE(parser.parse("abcd", &used), Result::Complete);
    QCOMPARE(parser.request().body, QByteArray("abcd"));
}

void TestHttpRequestParser::skipsBlankLinesBetweenRequests()
{
    HttpRequestParser parser(kHeadCap, kBodyCap);
    qsizetype used = 0;
    QCOMPARE(parser.parse("\r\n\r\n", &used), Result::NeedMore);
    QCOMPARE(used, 4);
    QVERIFY(!parser.hasStarted()); // blank lines alone do not start a request
    QCOMPARE(parser.parse("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", &used), Result::Complete);
}

void TestHttpRequestParser::capsHead()
{
    // No end of head within the cap: refused without waiting for the rest.
    HttpRequestParser endless(kHeadCap, kBodyCap);
    QCOMPARE(feed(endless, "POST / HTTP/1.1\r\nX-Fill: " + QByteArray(2000, 'h'), 100),
             Result::HeadTooLarge);
    QVERIFY(endless.errorText().contains(QStringLiteral("1024")));

    // A complete head that is one byte over.
    QByteArray head = "GET / HTTP/1.1\r\nHost: a\r\nX-Fill: ";
    head += QByteArray(kHeadCap - head.size() - 4 + 1, 'f') + "\r\n\r\n";
    QCOMPARE(head.size(), kHeadCap + 1);
    HttpRequestParser over(kHeadCap, kBodyCap);
    QCOMPARE(feed(over, head, 100000), Result::HeadTooLarge);
    head.remove(40, 1);
    HttpRequestParser exact(kHeadCap, kBodyCap);
    QCOMPARE(feed(exact, head, 100000), Result::Complete);

    // The trailer of a chunked body counts against the same cap.
    HttpRequestParser trailer(kHeadCap, kBodyCap);
    QCOMPARE(feed(trailer,
                  "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: "
                      + QByteArray(2000, 't'),
                  50),
             Result::HeadTooLarge);
}

void TestHttpRequestParser::capsDeclaredBodyBeforeReadingIt_data()
{
    QTest::addColumn<QByteArray>("length");
    QTest::addColumn<Result>("result");
    QTest::newRow("at the cap") << QByteArray("100") << Result::NeedMore;
    QTest::newRow("one over") << QByteArray("101") << Result::BodyTooLarge;
    QTest::newRow("200 MB") << QByteArray("209715200") << Result::BodyTooLarge;
    QTest::newRow("beyond qint64") << QByteArray("99999999999999999999999") << Result::BodyTooLarge;
}

void TestHttpRequestParser::capsDeclaredBodyBeforeReadingIt()
{
    QFETCH(QByteArray, length);
    QFETCH(Result, result);
    HttpRequestParser parser(kHeadCap, kBodyCap);
    // Only the head is given: the verdict must not need a byte of the body.
    QCOMPARE(feed(parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + "\r\n\r\n",
                  100000),
             result);
    if (result == Result::BodyTooLarge)
        QVERIFY(parser.errorText().contains(QStringLiteral("larger than 100 bytes")));
}

void TestHttpRequestParser::capsChunkedBody()
{
    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    HttpRequestParser within(kHeadCap, kBodyCap);
    QCOMPARE(feed(within,
                  head + "3c\r\n" + QByteArray(60, 'a') + "\r\n28\r\n" + QByteArray(40, 'b')
                      + "\r\n0\r\n\r\n",
                  9),
             Result::Complete);
    QCOMPARE(within.request().body.size(), 100);

    // The second chunk's size line alone says it is over: its data is never read.
    HttpRequestParser over(kHeadCap, kBodyCap);
    QCOMPARE(feed(over, head + "3c\r\n" + QByteArray(60, 'a') + "\r\n29\r\n", 9),
             Result::BodyTooLarge);
    HttpRequestParser huge(kHeadCap, kBodyCap);
    QCOMPARE(feed(huge, head + "ffffffffffffffffffff\r\n", 1000), Result::BodyTooLarge);
}

void TestHttpRequestParser::chunkedWinsOverContentLength()
{
    HttpRequestParser parser(kHeadCap, kBodyCap);
    QCOMPARE(feed(parser,
                  "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 500\r\nTransfer-Encoding: "
                  "chunked\r\n\r\n"
                  "2\r\nok\r\n0\r\n\r\n",
                  1000),
             Result::Complete);
    QCOMPARE(parser.request().body, QByteArray("ok"));
    QVERIFY(!parser.request().keepAlive); // a connection that sent both is not trusted further
}

void TestHttpRequestParser::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("why");
    QTest::newRow("no target") << QByteArray("GET HTTP/1.1\r\nHost: a\r\n\r\n")
                               << QStringLiteral("request line");
    QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: a\r\n\r\n")
                                << QStringLiteral("request line");
    QTest::newRow("HTTP/2") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n")
                            << QStringLiteral("version");
    QTest::newRow("junk") << QByteArray("\x16\x03\x01\x02\x05\x01 x y\r\nHost: a\r\n\r\n")
                          << QStringLiteral("method");
    QTest::newRow("method") << QByteArray("G(T / HTTP/1.1\r\nHost: a\r\n\r\n")
                            << QStringLiteral("method");
    QTest::newRow("control in target")
        << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n") << QStringLiteral("control");
    QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << QStringLiteral("Host");
    QTest::newRow("folded") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  2\r\n\r\n")
                            << QStringLiteral("folded");
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nJunk\r\n\r\n")
                              << QStringLiteral("Name: value");
    QTest::newRow("space before colon")
        << QByteArray("GET / HTTP/1.1\r\nHost : a\r\n\r\n") << QStringLiteral("Name: value");
    QTest::newRow("bare CR in value")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") << QStringLiteral("control");
    QTest::newRow("length not a number")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n")
        << QStringLiteral("Content-Length");
    QTest::newRow("negative length")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n")
        << QStringLiteral("Content-Length");
    QTest::newRow("two lengths") << QByteArray(
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                 << QStringLiteral("two different");
    QTest::newRow("gzip coding") << QByteArray(
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
                                 << QStringLiteral("gzip");
    QTest::newRow("chunk size") << QByteArray(
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                << QStringLiteral("hexadecimal");
    QTest::newRow("chunk too long") << QByteArray(
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n")
                                    << QStringLiteral("longer than its size");
}

void TestHttpRequestParser::rejectsMalformed()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, why);
    for (const int step : {1, 100000}) {
        HttpRequestParser parser(kHeadCap, kBodyCap);
        QCOMPARE(feed(parser, input, step), Result::Malformed);
        QVERIFY2(parser.errorText().contains(why), qPrintable(parser.errorText()));
    }
}

void TestHttpRequestParser::findsPath_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("plain") << QByteArray("/hook") << QByteArray("/hook");
    QTest::newRow("query") << QByteArray("/hook?a=1&b=2") << QByteArray("/hook");
    QTest::newRow("fragment") << QByteArray("/hook#x") << QByteArray("/hook");
    QTest::newRow("absolute") << QByteArray("http://example.test:8443/hook?q")
                              << QByteArray("/hook");
    QTest::newRow("absolute, no path") << QByteArray("http://example.test") << QByteArray("/");
}

void TestHttpRequestParser::findsPath()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    HttpRequest request;
    request.target = target;
    QCOMPARE(request.path().toByteArray(), path);
}

void TestHttpRequestParser::peeksRequestLine()
{
    QByteArray method;
    QByteArray target;
    QVERIFY(HttpRequestParser::peekRequestLine("\r\nPOST /hook/x HTTP/1.1\r\nX-Fill: aaa", &method,
                                               &target));
    QCOMPARE(method, QByteArray("POST"));
    QCOMPARE(target, QByteArray("/hook/x"));
    QVERIFY(HttpRequestParser::peekRequestLine(QByteArray("GET /" + QByteArray(5000, 'p')), &method,
                                               &target));
    QCOMPARE(target.size(), 2048); // a reported target is cut short
    QVERIFY(!HttpRequestParser::peekRequestLine("\x16\x03\x01", &method, &target));
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
