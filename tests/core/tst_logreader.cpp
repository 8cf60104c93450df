// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logreader.h"
#include "logwriter.h"
#include "updatestore.h"

#include <QFile>
#include <QHash>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace UpdateInspector;

namespace {

const QByteArray kBom("\xEF\xBB\xBF");

// A few updates of different kinds, compact, one per line. Non-ASCII text on purpose.
QList<QByteArray> sampleUpdates()
{
    return {
        R"({"update_id":734120001,"message":{"message_id":1,"from":{"id":421937654,"is_bot":false,"first_name":"Олена","username":"olena_kov"},"chat":{"id":421937654,"first_name":"Олена","type":"private"},"date":1763755680,"text":"/start 👋"}})",
        R"({"update_id":734120002,"callback_query":{"id":"1811003427845123011","from":{"id":421937654,"is_bot":false,"first_name":"Олена"},"message":{"message_id":2,"from":{"id":7712345678,"is_bot":true,"first_name":"Bot"},"chat":{"id":421937654,"type":"private"},"date":1763755681,"text":"menu"},"chat_instance":"-5","data":"page:2"}})",
        // (not a raw string: moc mis-reads backslashes inside raw string literals)
        "{\"update_id\":734120003,\"poll\":{\"id\":\"5012\",\"question\":\"Tea \\\"or\\\" coffee?\",\"options\":[{\"text\":\"tea\",\"voter_count\":2},{\"text\":\"coffee\",\"voter_count\":1}],\"total_voter_count\":3,\"is_closed\":false,\"is_anonymous\":true,\"type\":\"regular\",\"allows_multiple_answers\":false}}",
        R"({"update_id":734120004,"custom_event":{"chat":{"id":-1001},"from":{"id":77},"date":1763755690,"payload":[1,2,{"x":null}]}})",
        R"({"update_id":734120005,"chat_member":{"chat":{"id":-1002,"type":"supergroup","title":"Team"},"from":{"id":5},"date":1763755700,"old_chat_member":{"status":"member","user":{"id":6}},"new_chat_member":{"status":"administrator","user":{"id":6}}}})",
    };
}
const QList<qint64> kSampleIds {734120001, 734120002, 734120003, 734120004, 734120005};
const QList<UpdateKind> kSampleKinds {UpdateKind::Message, UpdateKind::CallbackQuery,
                                      UpdateKind::Poll, UpdateKind::Unknown,
                                      UpdateKind::ChatMember};

// jq-style pretty printing (two spaces, "key": value), written independently of the reader.
QByteArray pretty(const QByteArray &compact, int indent = 0, const QByteArray &eol = "\n")
{
    QByteArray out;
    bool inString = false, escaped = false;
    auto newline = [&] { out += eol + QByteArray(2 * indent, ' '); };
    for (qsizetype i = 0; i < compact.size(); ++i) {
        const char c = compact[i];
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[':
            out += c;
            if (i + 1 < compact.size() && (compact[i + 1] == '}' || compact[i + 1] == ']')) {
                out += compact[++i];
                break;
            }
            ++indent;
            newline();
            break;
        case '}':
        case ']':
            --indent;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += c;
        }
    }
    return out;
}

QByteArray joined(const QList<QByteArray> &parts, const QByteArray &separator)
{
    QByteArray out;
    for (qsizetype i = 0; i < parts.size(); ++i)
        out += (i ? separator : QByteArray()) + parts[i];
    return out;
}

QByteArray gzip(const QByteArray &data)
{
    z_stream z {};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : QByteArray();
}

struct Loaded
{
    LogReadResult result;
    QList<QByteArray> raws;
    QList<qint64> ids;
};

Loaded readBytes(const QByteArray &bytes, UpdateStore &store,
                 const QString &name = QStringLiteral("log"))
{
    Loaded loaded;
    QTemporaryDir dir;
    if (!dir.isValid())
        return loaded;
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return loaded;
    file.close();
    loaded.result = LogReader().readFile(file.fileName(), store);
    for (qsizetype i = 0; i < store.size(); ++i) {
        loaded.raws.append(store.raw(i).toByteArray());
        loaded.ids.append(store.entry(i).updateId);
    }
    return loaded;
}

QString describe(const LogReadResult &r)
{
    QStringList lines {QStringLiteral("fatal: %1").arg(r.fatal)};
    for (const LogError &e : r.errors)
        lines << QStringLiteral("line %1: %2").arg(e.line).arg(e.message);
    return lines.join(u'\n');
}

} // namespace

class tst_LogReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formats_data();
    void formats();
    void envelopes_data();
    void envelopes();
    void malformedLine_data();
    void malformedLine();
    void malformedMixed_data();
    void malformedMixed();
    void malformedArrayElements();
    void errorResponse_data();
    void errorResponse();
    void incompleteLastDocument_data();
    void incompleteLastDocument();
    void brokenDocument_data();
    void brokenDocument();
    void brokenResponseLine();
    void veryLargeLine();
    void corruptGzip_data();
    void corruptGzip();
    void missingFile();
    void callerBytesUntouched();
    void appendsAfterExistingRows();
    void readerIsReusable();
    void largeFileInParts_data();
    void largeFileInParts();
};

void tst_LogReader::formats_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<LogFormat>("format");
    QTest::addColumn<bool>("compressed");
    QTest::addColumn<QList<QByteArray>>("expected");

    const QList<QByteArray> u = sampleUpdates();
    QList<QByteArray> prettyUpdates, prettyUpdatesInArray, prettyCrlfInArray;
    for (const QByteArray &update : u) {
        prettyUpdates << pretty(update);
        prettyUpdatesInArray << pretty(update, 2);
        prettyCrlfInArray << pretty(update, 2, "\r\n");
    }

    struct Case
    {
        const char *name;
        QByteArray content;
        LogFormat format;
        QList<QByteArray> expected;
    };
    QList<Case> cases;
    cases.append({"update lines", joined(u, "\n") + '\n', LogFormat::UpdateLines, u});
    cases.append({"update lines, no final newline", joined(u, "\n"), LogFormat::UpdateLines, u});
    cases.append({"update lines, CRLF", joined(u, "\r\n") + "\r\n", LogFormat::UpdateLines, u});
    cases.append({"update lines, BOM", kBom + joined(u, "\n") + '\n', LogFormat::UpdateLines, u});
    cases.append({"update lines, blank lines",
                  "\n\n" + joined(u, "\n\n   \n\t\n") + "\n\n\n", LogFormat::UpdateLines, u});
    cases.append({"update lines, spaces around",
                  "  " + joined(u, " \t\n\t ") + "  \n", LogFormat::UpdateLines, u});
    {
        QByteArray envelopes;
        QList<QByteArray> raws = u;
        // Webhook bodies keep their line breaks.
        raws[1] = QByteArray(u[1]).replace("734120002,", "734120002,\n");
        raws[2] = QByteArray(u[2]).replace(",\"poll\"", ",\r\n\"poll\"");
        for (qsizetype i = 0; i < raws.size(); ++i)
            LogWriter::appendEnvelope(envelopes, raws[i], 1763755680123 + i,
                                      i % 2 ? UpdateSource::Webhook : UpdateSource::Poll);
        QVERIFY(envelopes.contains("\"raw_lf\":["));
        QVERIFY(envelopes.contains("\"raw_cr\":["));
        cases.append({"envelope lines", envelopes, LogFormat::EnvelopeLines, raws});
        cases.append({"envelope lines, CRLF", QByteArray(envelopes).replace("\n", "\r\n"),
                      LogFormat::EnvelopeLines, raws});
    }
    const QByteArray response = R"({"ok":true,"result":[)" + joined(u, ",") + "]}";
    cases.append({"getUpdates response, one line", response + '\n',
                  LogFormat::GetUpdatesResponse, u});
    cases.append({"getUpdates responses, one per line",
                  R"({"ok":true,"result":[)" + joined(u.mid(0, 2), ",") + "]}\n"
                      + R"({"ok":true,"result":[]})" + "\n" + R"({"ok":true,"result":[)"
                      + joined(u.mid(2), ",") + "]}\n",
                  LogFormat::GetUpdatesResponse, u});
    cases.append({"getUpdates response, pretty",
                  "{\n  \"ok\": true,\n  \"result\": [\n    "
                      + joined(prettyUpdatesInArray, ",\n    ") + "\n  ]\n}\n",
                  LogFormat::GetUpdatesResponse, prettyUpdatesInArray});
    cases.append({"getUpdates response, pretty, CRLF, BOM",
                  kBom + "{\r\n  \"ok\": true,\r\n  \"result\": [\r\n    "
                      + joined(prettyCrlfInArray, ",\r\n    ") + "\r\n  ]\r\n}\r\n",
                  LogFormat::GetUpdatesResponse, prettyCrlfInArray});
    cases.append({"getUpdates response, result first",
                  R"({"result":[)" + joined(u, ",") + R"(],"ok":true})",
                  LogFormat::GetUpdatesResponse, u});
    cases.append({"array, one line", "[" + joined(u, ",") + "]\n", LogFormat::UpdateArray, u});
    cases.append({"array, spaces", "  [ " + joined(u, " , ") + " ]  ", LogFormat::UpdateArray, u});
    cases.append({"array, pretty", "[\n  " + joined(prettyUpdatesInArray, ",\n  ") + "\n]\n",
                  LogFormat::UpdateArray, prettyUpdatesInArray});
    cases.append({"single pretty update", prettyUpdates[0] + '\n', LogFormat::JsonDocuments,
                  {prettyUpdates[0]}});
    cases.append({"single pretty update, no final newline", prettyUpdates[3],
                  LogFormat::JsonDocuments, {prettyUpdates[3]}});
    cases.append({"jq-style documents", joined(prettyUpdates, "\n") + '\n',
                  LogFormat::JsonDocuments, prettyUpdates});
    cases.append({"jq-style documents, BOM, blank lines",
                  kBom + "\n" + joined(prettyUpdates, "\n\n") + "\n\n", LogFormat::JsonDocuments,
                  prettyUpdates});

    for (const Case &c : cases) {
        QTest::addRow("%s", c.name) << c.content << c.format << false << c.expected;
        QTest::addRow("%s (gz)", c.name) << gzip(c.content) << c.format << true << c.expected;
    }
    // `cat a.gz b.gz`: both members are read.
    QTest::newRow("update lines, two gzip members")
        << gzip(joined(u.mid(0, 2), "\n") + '\n') + gzip(joined(u.mid(2), "\n") + '\n')
        << LogFormat::UpdateLines << true << u;
    QTest::newRow("jq-style documents, three gzip members")
        << gzip(prettyUpdates[0] + '\n') + gzip(prettyUpdates[1] + '\n')
            + gzip(joined(prettyUpdates.mid(2), "\n"))
        << LogFormat::JsonDocuments << true << prettyUpdates;
}

void tst_LogReader::formats()
{
    QFETCH(QByteArray, content);
    QFETCH(LogFormat, format);
    QFETCH(bool, compressed);
    QFETCH(QList<QByteArray>, expected);
    QVERIFY(!content.isEmpty());

    UpdateStore store;
    const Loaded loaded = readBytes(content, store);
    const LogReadResult &r = loaded.result;
    QVERIFY2(r.ok(), qPrintable(describe(r)));
    QVERIFY2(r.errorCount == 0, qPrintable(describe(r)));
    QCOMPARE(r.errors.size(), 0);
    QCOMPARE(logFormatName(r.format), logFormatName(format));
    QCOMPARE(r.format, format);
    QCOMPARE(r.compressed, compressed);
    QCOMPARE(r.updates, expected.size());
    QCOMPARE(store.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(loaded.raws[i], expected[i]);
        const UpdateIndexEntry &e = store.entry(i);
        const qsizetype sample = sampleUpdates().size() == expected.size()
            ? i
            : kSampleIds.indexOf(e.updateId);
        QVERIFY(sample >= 0);
        QCOMPARE(e.updateId, kSampleIds[sample]);
        QCOMPARE(e.kind, kSampleKinds[sample]);
        QCOMPARE(e.length, std::uint32_t(expected[i].size()));
        QCOMPARE(int(e.flags), 0);
    }
    // Index fields come through the file path like through live appends.
    if (expected.size() == 5) {
        QCOMPARE(store.entry(1).chatId, 421937654); // callback_query: message.chat
        QCOMPARE(store.entry(1).senderId, 421937654);
        QCOMPARE(store.entry(3).chatId, -1001);     // unknown kind, still indexed
        QCOMPARE(store.entry(3).date, 1763755690u);
        QCOMPARE(store.entry(4).chatId, -1002);
    }
    QCOMPARE(store.totalBytes(), [&] {
        qint64 total = 0;
        for (const QByteArray &e : expected)
            total += e.size();
        return total;
    }());
}

void tst_LogReader::envelopes_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<qint64>("receivedMs");
    QTest::addColumn<UpdateSource>("source");

    const QByteArray webhook = "{\"update_id\":42,\n\"poll\":{\"id\":\"1\"}}";
    const QByteArray lfAt = QByteArray::number(webhook.indexOf('\n'));
    const QByteArray spaced = QByteArray(webhook).replace('\n', ' ');
    {
        QByteArray line;
        LogWriter::appendEnvelope(line, webhook, 1763755680123, UpdateSource::Webhook);
        QTest::newRow("as written")
            << line << webhook << qint64(1763755680123) << UpdateSource::Webhook;
    }
    QTest::newRow("fields in another order")
        << QByteArray("{\"update\":" + spaced + ",\"source\":\"replay\",\"raw_lf\":[" + lfAt
                      + "],\"received_at\":\"2025-11-21T20:08:00.999Z\"}\n")
        << webhook << qint64(1763755680999) << UpdateSource::Replay;
    QTest::newRow("received_at with an offset, no fraction")
        << QByteArray("{\"received_at\":\"2025-11-21T21:08:00+01:00\",\"source\":\"emulator\","
                      "\"update\":{\"update_id\":1,\"poll\":{\"id\":\"1\"}}}")
        << QByteArray("{\"update_id\":1,\"poll\":{\"id\":\"1\"}}") << qint64(1763755680000)
        << UpdateSource::Emulator;
    QTest::newRow("no received_at, unknown source")
        << QByteArray("{\"source\":\"carrier pigeon\",\"update\":{\"update_id\":1,\"poll\":{}}}")
        << QByteArray("{\"update_id\":1,\"poll\":{}}") << qint64(0) << UpdateSource::File;
    {
        const QByteArray crlf = "{\r\n  \"update_id\": 7,\r\n  \"poll\": {}\r\n}";
        QByteArray line;
        LogWriter::appendEnvelope(line, crlf, 1, UpdateSource::Poll);
        QTest::newRow("CRLF between tokens") << line << crlf << qint64(1) << UpdateSource::Poll;
    }
    {
        const QByteArray padded = "  {\"update_id\":8,\"poll\":{}}\n";
        QByteArray line;
        LogWriter::appendEnvelope(line, padded, 2, UpdateSource::MTProto);
        QVERIFY(line.contains("update_b64"));
        QTest::newRow("update_b64") << line << padded << qint64(2) << UpdateSource::MTProto;
        QTest::newRow("update_b64, source first")
            << QByteArray("{\"source\":\"mtproto\",\"update_b64\":\"" + padded.toBase64() + "\"}")
            << padded << qint64(0) << UpdateSource::MTProto;
    }
}

void tst_LogReader::envelopes()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, raw);
    QFETCH(qint64, receivedMs);
    QFETCH(UpdateSource, source);

    // Between two other envelopes, so that offsets and chunks are not trivially zero.
    QByteArray before, after;
    LogWriter::appendEnvelope(before, "{\"update_id\":1000,\"poll\":{}}", 5, UpdateSource::Poll);
    LogWriter::appendEnvelope(after, "{\"update_id\":1001,\n\"poll\":{}}", 6, UpdateSource::Poll);
    UpdateStore store;
    const Loaded loaded = readBytes(before + line.trimmed() + '\n' + after, store);
    QVERIFY2(loaded.result.ok() && loaded.result.errorCount == 0,
             qPrintable(describe(loaded.result)));
    QCOMPARE(loaded.result.format, LogFormat::EnvelopeLines);
    QCOMPARE(store.size(), 3);
    QCOMPARE(loaded.raws[1], raw);
    QCOMPARE(store.entry(1).receivedMs, receivedMs);
    QCOMPARE(store.entry(1).source, source);
    QCOMPARE(loaded.raws[0], QByteArray("{\"update_id\":1000,\"poll\":{}}"));
    QCOMPARE(loaded.raws[2], QByteArray("{\"update_id\":1001,\n\"poll\":{}}"));
    QCOMPARE(store.entry(0).receivedMs, 5);
    QCOMPARE(store.entry(2).receivedMs, 6);
}

void tst_LogReader::malformedLine_data()
{
    QTest::addColumn<QByteArray>("bad");

    QTest::newRow("invalid JSON") << QByteArray(R"({"update_id":9,"message":})");
    QTest::newRow("not JSON at all") << QByteArray("hello world");
    QTest::newRow("truncated line") << QByteArray(R"({"update_id":9,"message":{"message_id":1,"text":"tru)");
    QTest::newRow("truncated after a value") << QByteArray(R"({"update_id":9,"message":{"message_id":1)");
    QTest::newRow("JSON array") << QByteArray(R"([{"update_id":9,"poll":{"id":"1"}}])");
    QTest::newRow("JSON number") << QByteArray("12345");
    QTest::newRow("no update_id") << QByteArray(R"({"poll":{"id":"1"},"x":1})");
    QTest::newRow("update_id only") << QByteArray(R"({"update_id":9})");
    QTest::newRow("update_id not a number") << QByteArray(R"({"update_id":"9","poll":{}})");
    QTest::newRow("trailing garbage") << QByteArray(R"({"update_id":9,"poll":{"id":"1"}} garbage)");
    QTest::newRow("extra closing brace") << QByteArray(R"({"update_id":9,"poll":{"id":"1"}}})");
    QTest::newRow("two objects on a line") << QByteArray(R"({"update_id":9,"poll":{}}{"update_id":10,"poll":{}})");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"update_id\":9,\"message\":{\"text\":\"\xC3\x28\"}}");
    QTest::newRow("lone continuation byte") << QByteArray("{\"update_id\":9,\"poll\":{\"question\":\"\x80\"}}");
    QTest::newRow("envelope without update") << QByteArray(R"({"received_at":"2025-11-21T20:08:00.000Z","source":"poll"})");
    QTest::newRow("envelope with bad update") << QByteArray(R"({"source":"poll","update":{"poll":{}}})");
    QTest::newRow("envelope raw_lf not a space") << QByteArray(R"({"source":"poll","raw_lf":[1],"update":{"update_id":9,"poll":{}}})");
    QTest::newRow("envelope raw_lf out of range") << QByteArray(R"({"source":"poll","raw_lf":[500],"update":{"update_id":9,"poll":{}}})");
    QTest::newRow("envelope bad base64") << QByteArray(R"({"source":"poll","update_b64":"!!!"})");
    QTest::newRow("envelope, bad field after the update") << QByteArray(R"({"source":"poll","update":{"update_id":9,"poll":{}},"raw_lf":"x"})");
    QTest::newRow("envelope, cut after the update") << QByteArray(R"({"source":"poll","update":{"update_id":9,"poll":{}},"received_at":)");
    QTest::newRow("response, result not an array") << QByteArray(R"({"ok":true,"result":{}})");
}

// One bad line among good ones, in every position: reported at its own line, the rest loaded.
void tst_LogReader::malformedLine()
{
    QFETCH(QByteArray, bad);
    const QList<QByteArray> good = sampleUpdates();
    for (qsizetype at = 0; at <= good.size(); ++at) {
        if (at == 0 && bad.startsWith('['))
            continue; // a file that starts with an array is read as JSON documents
        QList<QByteArray> lines = good;
        lines.insert(at, bad);
        UpdateStore store;
        const Loaded loaded = readBytes(joined(lines, "\n") + '\n', store);
        const LogReadResult &r = loaded.result;
        QVERIFY2(r.ok(), qPrintable(r.fatal));
        QVERIFY2(r.errorCount == 1, qPrintable(describe(r)));
        QCOMPARE(r.errors.size(), 1);
        QCOMPARE(r.errors[0].line, at + 1);
        QVERIFY(!r.errors[0].message.isEmpty());
        QCOMPARE(r.updates, good.size());
        QCOMPARE(loaded.raws, good);
        QCOMPARE(loaded.ids, kSampleIds);
    }
}

void tst_LogReader::malformedMixed_data()
{
    QTest::addColumn<QByteArray>("eol");
    QTest::addColumn<bool>("compress");
    QTest::newRow("LF") << QByteArray("\n") << false;
    QTest::newRow("CRLF") << QByteArray("\r\n") << false;
    QTest::newRow("LF, gz") << QByteArray("\n") << true;
}

void tst_LogReader::malformedMixed()
{
    QFETCH(QByteArray, eol);
    QFETCH(bool, compress);
    const QList<QByteArray> u = sampleUpdates();
    const QList<QByteArray> lines {
        u[0],                                                       // 1
        R"({"update_id":2,"message":})",                            // 2 invalid JSON
        u[1],                                                       // 3
        R"({"update_id":4,"message":{"message_id":1,"text":"tru)",  // 4 truncated
        "",                                                         // 5 blank
        R"([{"update_id":6,"poll":{"id":"1"}}])",                   // 6 array
        u[2],                                                       // 7
        R"({"poll":{"id":"1"}})",                                   // 8 no update_id
        R"({"update_id":9,"poll":{"id":"1"}} garbage)",             // 9 trailing garbage
        "{\"update_id\":10,\"message\":{\"text\":\"\xC3\x28\"}}",   // 10 invalid UTF-8
        u[3],                                                       // 11
        "   ",                                                      // 12 blank
        R"({"update_id":13,"poll":{"id":"1"}}})",                   // 13 extra brace
        u[4],                                                       // 14, no final newline
    };
    QByteArray content = joined(lines, eol);
    if (compress)
        content = gzip(content);
    UpdateStore store;
    const Loaded loaded = readBytes(content, store);
    const LogReadResult &r = loaded.result;
    QVERIFY2(r.ok(), qPrintable(r.fatal));
    QCOMPARE(r.compressed, compress);
    QCOMPARE(r.format, LogFormat::UpdateLines);
    QCOMPARE(r.errorCount, 7);
    QList<qint64> errorLines;
    for (const LogError &e : r.errors)
        errorLines << e.line;
    QCOMPARE(errorLines, QList<qint64>({2, 4, 6, 8, 9, 10, 13}));
    QCOMPARE(r.updates, 5);
    QCOMPARE(loaded.raws, u);
    QCOMPARE(loaded.ids, kSampleIds);
}

// Elements of a pretty-printed array that are not updates are reported at their own line.
void tst_LogReader::malformedArrayElements()
{
    const QList<QByteArray> u = sampleUpdates();
    const QByteArray content = "{\n"                                 // 1
                               "  \"ok\": true,\n"                   // 2
                               "  \"result\": [\n"                   // 3
                               "    " + u[0] + ",\n"                 // 4
                               "    17,\n"                           // 5
                               "    {\n"                             // 6
                               "      \"poll\": {}\n"                // 7
                               "    },\n"                            // 8
                               "    " + u[1] + ",\n"                 // 9
                               "    \"text\",\n"                     // 10
                               "    " + u[2] + "\n"                  // 11
                               "  ]\n"
                               "}\n";
    UpdateStore store;
    const Loaded loaded = readBytes(content, store);
    const LogReadResult &r = loaded.result;
    QVERIFY2(r.ok(), qPrintable(r.fatal));
    QCOMPARE(r.format, LogFormat::GetUpdatesResponse);
    QCOMPARE(r.errorCount, 3);
    QList<qint64> errorLines;
    for (const LogError &e : r.errors)
        errorLines << e.line;
    QCOMPARE(errorLines, QList<qint64>({5, 6, 10}));
    QCOMPARE(loaded.raws, u.mid(0, 3));
}

void tst_LogReader::errorResponse_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<qint64>("line");
    QTest::newRow("one line")
        << QByteArray(R"({"ok":false,"error_code":401,"description":"Unauthorized"})" "\n")
        << qint64(1);
    QTest::newRow("pretty")
        << QByteArray("{\n  \"ok\": false,\n  \"error_code\": 409,\n  \"description\": "
                      "\"Conflict: terminated by other getUpdates request\"\n}\n")
        << qint64(1);
    QTest::newRow("after a good response")
        << QByteArray(R"({"ok":true,"result":[{"update_id":1,"poll":{}}]})" "\n"
                      R"({"ok":false,"error_code":401,"description":"Unauthorized"})" "\n")
        << qint64(2);
}

void tst_LogReader::errorResponse()
{
    QFETCH(QByteArray, content);
    QFETCH(qint64, line);
    UpdateStore store;
    const Loaded loaded = readBytes(content, store);
    const LogReadResult &r = loaded.result;
    QVERIFY2(r.ok(), qPrintable(r.fatal));
    QCOMPARE(r.format, LogFormat::GetUpdatesResponse);
    QCOMPARE(r.errorCount, 1);
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors[0].line, line);
    const QString description = content.contains("Conflict")
        ? QStringLiteral("Conflict: terminated by other getUpdates request")
        : QStringLiteral("Unauthorized");
    QVERIFY2(r.errors[0].message.contains(description), qPrintable(r.errors[0].message));
    QCOMPARE(r.updates, line == 2 ? 1 : 0);
    QCOMPARE(store.size(), r.updates);
}

// Documents until the last one, which is cut off: the complete ones load with their exact bytes
// (not running on into the cut-off tail), the cut one is reported at its first line.
void tst_LogReader::incompleteLastDocument_data()
{
    QTest::addColumn<QByteArray>("cut");
    const QList<QByteArray> u = sampleUpdates();
    QTest::newRow("cut in a key") << pretty(u[2]).left(40);
    const QByteArray member = pretty(u[4]);
    QTest::newRow("cut after an inner object") << member.left(member.indexOf("},\n") + 2);
    QTest::newRow("cut after an inner object, compact") << u[4].left(u[4].indexOf("},") + 1);
    QTest::newRow("cut in a string") << u[0].left(u[0].indexOf("olena") + 2);
    QTest::newRow("opening brace only") << QByteArray("{");
}

void tst_LogReader::incompleteLastDocument()
{
    QFETCH(QByteArray, cut);
    const QList<QByteArray> u = sampleUpdates();
    const QByteArray first = pretty(u[0]), second = pretty(u[1]);
    const QByteArray content = first + '\n' + second + '\n' + cut;
    const qint64 cutLine = QByteArray(first + '\n' + second + '\n').count('\n') + 1;
    UpdateStore store;
    const Loaded loaded = readBytes(content, store);
    const LogReadResult &r = loaded.result;
    QVERIFY2(r.ok(), qPrintable(r.fatal));
    QCOMPARE(r.format, LogFormat::JsonDocuments);
    QCOMPARE(loaded.raws, QList<QByteArray>({first, second}));
    QVERIFY2(r.errorCount == 1, qPrintable(describe(r)));
    QCOMPARE(r.errors[0].line, cutLine);
}

// A malformed document in the middle of a stream: what came before loads, the error is reported
// on the bad document's lines, and reading stops there without crashing.
void tst_LogReader::brokenDocument_data()
{
    QTest::addColumn<QByteArray>("broken");
    QTest::addColumn<QList<QByteArray>>("loadedFromBroken");
    QTest::addColumn<QList<qint64>>("errorLines"); // counted from the broken document's first line

    QTest::newRow("missing value")
        << QByteArray("{\n  \"update_id\": 2,\n  \"poll\": \n}") << QList<QByteArray>()
        << QList<qint64>({0});
    QTest::newRow("missing colon in the payload")
        << QByteArray("{\n  \"update_id\": 2,\n  \"poll\": {\"id\" \"1\"}\n}")
        << QList<QByteArray>() << QList<qint64>({0});
    QTest::newRow("mismatched brackets in the payload")
        << QByteArray("{\n  \"update_id\": 2,\n  \"poll\": {\"a\": [}\n}") << QList<QByteArray>()
        << QList<qint64>({0});
    QTest::newRow("array, cut element")
        << QByteArray("[\n  {\"update_id\": 2, \"poll\": {}},\n  {\"update_id\": 3}\n  {]")
        << QList<QByteArray>({"{\"update_id\": 2, \"poll\": {}}"}) << QList<qint64>({2, 0});
}

void tst_LogReader::brokenDocument()
{
    QFETCH(QByteArray, broken);
    QFETCH(QList<QByteArray>, loadedFromBroken);
    QFETCH(QList<qint64>, errorLines);
    const QList<QByteArray> u = sampleUpdates();
    const QByteArray first = pretty(u[0]);
    const QByteArray content = first + "\n" + broken + "\n" + pretty(u[1]) + "\n";
    const qint64 brokenLine = first.count('\n') + 2;
    UpdateStore store;
    const Loaded loaded = readBytes(content, store);
    const LogReadResult &r = loaded.result;
    QVERIFY2(r.ok(), qPrintable(r.fatal));
    QCOMPARE(loaded.raws, QList<QByteArray>({first}) + loadedFromBroken);
    QList<qint64> lines;
    for (const LogError &e : r.errors)
        lines << e.line - brokenLine;
    QVERIFY2(lines == errorLines, qPrintable(describe(r)));
    QCOMPARE(r.errorCount, errorLines.size());
}

// A JSON error inside one update of a one-line getUpdates response: the updates before it load,
// the line is reported once, and the next line is read as usual.
void tst_LogReader::brokenResponseLine()
{
    const QByteArray content = R"({"ok":true,"result":[{"update_id":1,"poll":{}},)"
                               R"({"update_id":2,"poll":{"id" "x"}},{"update_id":3,"poll":{}}]})"
                               "\n"
                               R"({"ok":true,"result":[{"update_id":4,"poll":{}}]})"
                               "\n";
    UpdateStore store;
    const Loaded loaded = readBytes(content, store);
    const LogReadResult &r = loaded.result;
    QCOMPARE(r.format, LogFormat::GetUpdatesResponse);
    QCOMPARE(loaded.ids, QList<qint64>({1, 4}));
    QCOMPARE(r.errorCount, 1);
    QCOMPARE(r.errors[0].line, 1);
}

void tst_LogReader::veryLargeLine()
{
    const QList<QByteArray> u = sampleUpdates();
    QByteArray text(20 * 1024 * 1024, 'a');
    for (qsizetype i = 0; i + 5 <= text.size(); i += 4096)
        text.replace(i, 5, "Ж✓"); // 2 + 3 bytes of UTF-8 for 5 ASCII bytes: same length
    QCOMPARE(text.size(), 20 * 1024 * 1024);
    const QByteArray big = R"({"update_id":734120099,"message":{"message_id":9,"chat":{"id":3,"type":"private"},"date":1763755999,"text":")"
        + text + "\"}}";
    const QList<QByteArray> lines {u[0], big, u[1]};
    for (bool compress : {false, true}) {
        QByteArray content = joined(lines, "\n") + "\n" + "not json\n";
        if (compress)
            content = gzip(content);
        UpdateStore store;
        const Loaded loaded = readBytes(content, store);
        const LogReadResult &r = loaded.result;
        QVERIFY2(r.ok(), qPrintable(r.fatal));
        QCOMPARE(r.compressed, compress);
        QCOMPARE(r.format, LogFormat::UpdateLines);
        QCOMPARE(r.updates, 3);
        QCOMPARE(r.errorCount, 1);
        QCOMPARE(r.errors[0].line, 4);
        QCOMPARE(store.entry(1).updateId, 734120099);
        QCOMPARE(store.entry(1).chatId, 3);
        QCOMPARE(store.entry(1).date, 1763755999u);
        QCOMPARE(store.raw(1).size(), big.size());
        QVERIFY(store.raw(1) == QByteArrayView(big));
        QCOMPARE(loaded.raws[0], u[0]);
        QCOMPARE(loaded.raws[2], u[1]);
    }
}

void tst_LogReader::corruptGzip_data()
{
    QTest::addColumn<QByteArray>("content");
    const QByteArray good = gzip(joined(sampleUpdates(), "\n") + '\n');
    QVERIFY(good.size() > 40);
    QTest::newRow("truncated in the middle") << good.left(good.size() / 2);
    QTest::newRow("trailer missing") << good.left(good.size() - 8);
    QTest::newRow("header only") << good.left(10);
    QTest::newRow("magic only") << good.left(2);
    QByteArray flipped = good;
    flipped[good.size() / 2] = char(flipped[good.size() / 2] ^ 0x55);
    QTest::newRow("corrupt deflate data") << flipped;
    QByteArray badCrc = good;
    badCrc[good.size() - 6] = char(badCrc[good.size() - 6] ^ 0x01);
    QTest::newRow("wrong CRC") << badCrc;
    QByteArray badMethod = good;
    badMethod[2] = 7; // not deflate
    QTest::newRow("unknown method") << badMethod;
    QTest::newRow("second member truncated") << good + good.left(good.size() - 5);
}

void tst_LogReader::corruptGzip()
{
    QFETCH(QByteArray, content);
    UpdateStore store;
    store.setNotifyInterval(0);
    QSignalSpy appended(&store, &UpdateStore::rowsAppended);
    QVERIFY(appended.isValid());
    const Loaded loaded = readBytes(content, store, QStringLiteral("log.jsonl.gz"));
    const LogReadResult &r = loaded.result;
    QVERIFY(!r.ok());
    QVERIFY(!r.fatal.isEmpty());
    QVERIFY(r.compressed);
    QCOMPARE(r.updates, 0);
    QCOMPARE(store.size(), 0);
    QCOMPARE(appended.count(), 0);
}

void tst_LogReader::missingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    UpdateStore store;
    const LogReadResult r = LogReader().readFile(dir.filePath(QStringLiteral("nope.jsonl")), store);
    QVERIFY(!r.ok());
    QVERIFY(r.fatal.contains(QStringLiteral("nope.jsonl")));
    QCOMPARE(store.size(), 0);
}

// readData() takes its argument by value: a caller's copy must not be touched (envelopes put
// their line breaks back in place) and the padding simdjson reads must belong to the reader.
void tst_LogReader::callerBytesUntouched()
{
    QByteArray content;
    LogWriter::appendEnvelope(content, "{\"update_id\":1,\n\"poll\":{}}", 1, UpdateSource::Webhook);
    LogWriter::appendEnvelope(content, "{\"update_id\":2,\r\n\"poll\":{}}", 2, UpdateSource::Webhook);
    content.squeeze(); // no spare capacity: the reader must not rely on the caller's
    const QByteArray copy(content.constData(), content.size());
    UpdateStore store;
    const LogReadResult r = LogReader().readData(content, store);
    QVERIFY2(r.ok() && r.errorCount == 0, qPrintable(describe(r)));
    QCOMPARE(store.size(), 2);
    QCOMPARE(store.raw(0), QByteArrayView("{\"update_id\":1,\n\"poll\":{}}"));
    QCOMPARE(store.raw(1), QByteArrayView("{\"update_id\":2,\r\n\"poll\":{}}"));
    QCOMPARE(content, copy);

    // Shared data with spare capacity: still not written through.
    QByteArray spare = copy;
    spare.reserve(spare.size() + 4096);
    const QByteArray shared = spare;
    UpdateStore store2;
    const LogReadResult r2 = LogReader().readData(shared, store2);
    QVERIFY2(r2.ok() && r2.errorCount == 0, qPrintable(describe(r2)));
    QCOMPARE(store2.size(), 2);
    QCOMPARE(spare, copy);
    QCOMPARE(shared, copy);
}

void tst_LogReader::appendsAfterExistingRows()
{
    UpdateStore store;
    store.setNotifyInterval(0);
    QSignalSpy appended(&store, &UpdateStore::rowsAppended);
    QVERIFY(appended.isValid());
    const QByteArray live = R"({"update_id":1,"poll":{"id":"1"}})";
    QVERIFY(store.append(UpdateRecord {live, 5, UpdateSource::Poll}));
    const QList<QByteArray> u = sampleUpdates();
    const Loaded loaded = readBytes(joined(u, "\n"), store);
    QVERIFY(loaded.result.ok());
    QCOMPARE(loaded.result.updates, u.size());
    QCOMPARE(store.size(), u.size() + 1);
    QCOMPARE(loaded.raws.first(), live);
    QCOMPARE(loaded.raws.mid(1), u);
    QCOMPARE(appended.count(), 2);
    QCOMPARE(appended.at(1).at(0).value<qsizetype>(), 1);
    QCOMPARE(appended.at(1).at(1).value<qsizetype>(), u.size());
    // A live append after the load reads back right too.
    QVERIFY(store.append(UpdateRecord {live, 6, UpdateSource::Poll}));
    QCOMPARE(store.raw(store.size() - 1), QByteArrayView(live));
    QCOMPARE(store.raw(1), QByteArrayView(u[0]));
}

void tst_LogReader::readerIsReusable()
{
    const QList<QByteArray> u = sampleUpdates();
    LogReader reader;
    UpdateStore first, second;
    const LogReadResult a = reader.readData("[" + joined(u, ",") + "]", first);
    QCOMPARE(a.format, LogFormat::UpdateArray);
    QCOMPARE(a.updates, u.size());
    const LogReadResult b = reader.readData(joined(u.mid(0, 2), "\n") + "\nbad\n", second);
    QCOMPARE(b.format, LogFormat::UpdateLines);
    QCOMPARE(b.updates, 2);
    QCOMPARE(b.errorCount, 1);
    QCOMPARE(b.errors[0].line, 3);
    QCOMPARE(second.size(), 2);
    QCOMPARE(second.raw(1), QByteArrayView(u[1]));
    QCOMPARE(first.size(), u.size());
    QCOMPARE(first.raw(4), QByteArrayView(u[4]));
}

// A file large enough to be indexed in parts on several threads: every line, error and decoded
// update must come out as if read in one pass, in file order, with file line numbers.
void tst_LogReader::largeFileInParts_data()
{
    QTest::addColumn<bool>("fromFile");
    QTest::newRow("buffer") << false;
    QTest::newRow("file") << true;
}

void tst_LogReader::largeFileInParts()
{
    constexpr int Lines = 40000; // ~24 MB: more than one 8 MiB part per core
    const QByteArray padding(560, 'x');
    QByteArray data;
    QList<qint64> badLines;
    QHash<qint64, QByteArray> b64; // line -> raw bytes written as update_b64
    for (int line = 1; line <= Lines; ++line) {
        const QByteArray raw = "{\"update_id\":" + QByteArray::number(line)
            + ",\"message\":{\"message_id\":1,\"chat\":{\"id\":" + QByteArray::number(line % 7)
            + ",\"type\":\"private\"},\"date\":1,\"text\":\"" + padding + "\"}}";
        if (line == 3 || line == Lines / 2 + 1 || line == Lines - 1) {
            data += "{\"update_id\":" + QByteArray::number(line) + ",\"message\":\n";
            badLines << line;
        } else if (line == 10 || line == Lines - 10) {
            const QByteArray spaced = ' ' + raw + ' ';
            LogWriter::appendEnvelope(data, spaced, 1795700000000 + line, UpdateSource::Webhook);
            b64.insert(line, spaced);
        } else {
            data += raw + '\n';
        }
    }
    QFETCH(bool, fromFile);
    UpdateStore store;
    LogReader reader;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("large.jsonl"));
    if (fromFile) { // read in slices on several threads
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(data), data.size());
    }
    const LogReadResult result = fromFile ? reader.readFile(path, store) : reader.readData(data, store);
    QVERIFY(result.ok());
    QCOMPARE(result.errorCount, badLines.size());
    QCOMPARE(result.updates, Lines - badLines.size());
    QList<qint64> reported;
    for (const LogError &error : result.errors)
        reported << error.line;
    QCOMPARE(reported, badLines);
    qint64 expectedId = 1;
    for (qsizetype row = 0; row < store.size(); ++row, ++expectedId) {
        while (badLines.contains(expectedId))
            ++expectedId;
        QCOMPARE(store.entry(row).updateId, expectedId);
        QCOMPARE(store.entry(row).chatId, expectedId % 7);
        if (b64.contains(expectedId)) {
            QCOMPARE(store.raw(row).toByteArray(), b64.value(expectedId));
            QCOMPARE(store.entry(row).receivedMs, 1795700000000 + expectedId);
        }
    }
}

QTEST_GUILESS_MAIN(tst_LogReader)
#include "tst_logreader.moc"
