// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logreader.h"
#include "logwriter.h"
#include "updatestore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <zlib.h>

using namespace UpdateInspector;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Decompresses with zlib directly, independently of core's gunzip (all members).
QByteArray gunzipped(const QByteArray &data)
{
    z_stream z {};
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return {};
    QByteArray out;
    char buffer[1 << 16];
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    int rc = Z_OK;
    do {
        z.next_out = reinterpret_cast<Bytef *>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof buffer - z.avail_out));
        if (rc == Z_STREAM_END && z.avail_in > 0) {
            inflateReset(&z);
            rc = Z_OK;
        }
    } while (rc == Z_OK);
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : QByteArray("<corrupt>");
}

QList<QByteArray> linesOf(const QByteArray &content)
{
    QList<QByteArray> lines = content.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QString describe(const LogReadResult &r)
{
    QStringList lines {QStringLiteral("fatal: %1").arg(r.fatal)};
    for (const LogError &e : r.errors)
        lines << QStringLiteral("line %1: %2").arg(e.line).arg(e.message);
    return lines.join(u'\n');
}

// Checks one envelope line against the update it was written from; empty when all is well.
QString checkEnvelope(const QByteArray &line, const QByteArray &raw, qint64 receivedMs,
                      UpdateSource source)
{
    if (line.contains('\n') || line.contains('\r'))
        return QStringLiteral("not a single line");
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return QStringLiteral("not a JSON object: ") + parseError.errorString();
    const QJsonObject envelope = doc.object();
    if (envelope.value(QLatin1StringView("source")).toString() != sourceName(source))
        return QStringLiteral("wrong source");
    const QString expectedTime = receivedMs
        ? QDateTime::fromMSecsSinceEpoch(receivedMs, QTimeZone::UTC).toString(Qt::ISODateWithMs)
        : QString();
    if (envelope.value(QLatin1StringView("received_at")).toString() != expectedTime)
        return QStringLiteral("wrong received_at: ")
            + envelope.value(QLatin1StringView("received_at")).toString();
    const bool exactObject = raw.startsWith('{') && raw.endsWith('}');
    if (exactObject) {
        if (!envelope.value(QLatin1StringView("update")).isObject())
            return QStringLiteral("update is not an object");
        if (envelope.value(QLatin1StringView("update")).toObject()
            != QJsonDocument::fromJson(raw).object())
            return QStringLiteral("update differs from the raw update");
    } else {
        if (envelope.contains(QLatin1StringView("update")))
            return QStringLiteral("update written for bytes that are not exactly an object");
        const QByteArray b64
            = envelope.value(QLatin1StringView("update_b64")).toString().toLatin1();
        if (QByteArray::fromBase64(b64) != raw)
            return QStringLiteral("update_b64 does not hold the bytes");
    }
    return {};
}

} // namespace

class tst_LogWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sampleLog_data();
    void sampleLog();
    void roundTrip_data();
    void roundTrip();
    void gzipOutput();
    void manyBlocks_data();
    void manyBlocks();
    void subsetOfRows();
    void emptyStore();
    void unwritablePath_data();
    void unwritablePath();
};

void tst_LogWriter::sampleLog_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::newRow("plain") << QStringLiteral("saved.jsonl");
    QTest::newRow("gz") << QStringLiteral("saved.jsonl.gz");
}

// The bundled sample: read -> write -> read gives every update's bytes back, and writing what
// was read back gives the same file again.
void tst_LogWriter::sampleLog()
{
    QFETCH(QString, fileName);
    const QString samplePath
        = QStringLiteral(UI_SOURCE_DIR "/resources/sample/sample-updates.jsonl");
    if (!QFile::exists(samplePath))
        QSKIP("the sample log is not there yet");

    UpdateStore original;
    const LogReadResult first = LogReader().readFile(samplePath, original);
    QVERIFY2(first.ok() && first.errorCount == 0, qPrintable(describe(first)));
    QVERIFY(original.size() > 10);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    QString error;
    QVERIFY2(LogWriter::writeFile(path, original, &error), qPrintable(error));
    QVERIFY(error.isEmpty());

    UpdateStore reread;
    const LogReadResult second = LogReader().readFile(path, reread);
    QVERIFY2(second.ok() && second.errorCount == 0, qPrintable(describe(second)));
    QCOMPARE(second.format, LogFormat::EnvelopeLines);
    QCOMPARE(second.compressed, fileName.endsWith(QLatin1StringView(".gz")));
    QCOMPARE(reread.size(), original.size());
    for (qsizetype i = 0; i < original.size(); ++i) {
        QCOMPARE(reread.raw(i), original.raw(i));
        QCOMPARE(reread.entry(i).updateId, original.entry(i).updateId);
        QCOMPARE(reread.entry(i).kind, original.entry(i).kind);
        QCOMPARE(reread.entry(i).receivedMs, original.entry(i).receivedMs);
        QCOMPARE(reread.entry(i).source, original.entry(i).source);
    }

    const QString again = dir.filePath(QStringLiteral("again-") + fileName);
    QVERIFY2(LogWriter::writeFile(again, reread, &error), qPrintable(error));
    QByteArray a = readAll(path), b = readAll(again);
    if (second.compressed) {
        a = gunzipped(a);
        b = gunzipped(b);
    }
    QVERIFY(!a.isEmpty());
    QCOMPARE(b, a);
    const QList<QByteArray> lines = linesOf(a);
    QCOMPARE(lines.size(), original.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const UpdateIndexEntry &e = original.entry(i);
        const QString problem
            = checkEnvelope(lines[i], original.raw(i).toByteArray(), e.receivedMs, e.source);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("line %1: %2").arg(i + 1).arg(problem)));
    }
}

void tst_LogWriter::roundTrip_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<qint64>("receivedMs");
    QTest::addColumn<UpdateSource>("source");

    const QByteArray poll = R"({"update_id":734120001,"poll":{"id":"5012","question":"Tea?"}})";
    QTest::newRow("compact") << poll << qint64(1763755680123) << UpdateSource::Poll;
    QTest::newRow("webhook LF after update_id")
        << QByteArray("{\"update_id\":734120002,\n\"message\":{\"message_id\":1,\"chat\":{\"id\":1,"
                      "\"type\":\"private\"},\"date\":1763755680,\"text\":\"hi\"}}")
        << qint64(1763755680001) << UpdateSource::Webhook;
    QTest::newRow("CRLF between tokens")
        << QByteArray("{\"update_id\":3,\r\n\"poll\":{\"id\":\"1\"},\r\n\"x\":[1,\r\n2]}")
        << qint64(1763755680999) << UpdateSource::Webhook;
    QTest::newRow("pretty, tabs, lone CR")
        << QByteArray("{\n\t\"update_id\": 4,\r\t\"poll\": {\n\t\t\"id\": \"1\"\n\t}\n}")
        << qint64(1) << UpdateSource::Replay;
    QTest::newRow("escaped line breaks in a string stay as they are")
        << QByteArray("{\"update_id\":5,\"message\":{\"message_id\":1,\"text\":\"a\\nb\\r\\nc \\\"q\\\" \\\\\"}}")
        << qint64(1763755680500) << UpdateSource::Emulator;
    QTest::newRow("UTF-8 and \\u escapes")
        << QByteArray("{\"update_id\":6,\"message\":{\"text\":\"Привет 👋 \\ud83d\\udc4b\"}}")
        << qint64(1763755680000) << UpdateSource::MTProto;
    QTest::newRow("no receive time") << poll << qint64(0) << UpdateSource::File;
    QTest::newRow("receive time before 2000")
        << poll << qint64(946684799999) << UpdateSource::Poll;
    QTest::newRow("leading and trailing spaces (update_b64)")
        << QByteArray("  {\"update_id\":7,\"poll\":{\"id\":\"1\"}} ") << qint64(1763755680123)
        << UpdateSource::Webhook;
    QTest::newRow("trailing LF (update_b64)")
        << QByteArray("{\"update_id\":8,\"poll\":{\"id\":\"1\"}}\n") << qint64(1763755680124)
        << UpdateSource::Webhook;
    QTest::newRow("leading CRLF (update_b64)")
        << QByteArray("\r\n{\"update_id\":9,\n\"poll\":{}}") << qint64(2) << UpdateSource::Poll;
}

void tst_LogWriter::roundTrip()
{
    QFETCH(QByteArray, raw);
    QFETCH(qint64, receivedMs);
    QFETCH(UpdateSource, source);

    UpdateStore store;
    const QByteArray neighbour = R"({"update_id":1,"poll":{"id":"n"}})";
    QString error;
    QVERIFY(store.append(UpdateRecord {neighbour, 5, UpdateSource::Poll}));
    QVERIFY2(store.append(UpdateRecord {raw, receivedMs, source}, &error), qPrintable(error));
    QVERIFY(store.append(UpdateRecord {neighbour, 6, UpdateSource::Webhook}));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.jsonl"));
    QVERIFY2(LogWriter::writeFile(path, store, &error), qPrintable(error));

    const QByteArray written = readAll(path);
    QVERIFY(written.endsWith('\n'));
    const QList<QByteArray> lines = linesOf(written);
    QCOMPARE(lines.size(), 3);
    QString problem = checkEnvelope(lines[1], raw, receivedMs, source);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = checkEnvelope(lines[0], neighbour, 5, UpdateSource::Poll);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // appendEnvelope writes the very same line.
    QByteArray line;
    LogWriter::appendEnvelope(line, raw, receivedMs, source);
    QCOMPARE(line, lines[1] + '\n');

    UpdateStore reread;
    const LogReadResult r = LogReader().readFile(path, reread);
    QVERIFY2(r.ok() && r.errorCount == 0, qPrintable(describe(r)));
    QCOMPARE(r.format, LogFormat::EnvelopeLines);
    QCOMPARE(reread.size(), 3);
    QCOMPARE(reread.raw(1).toByteArray(), raw);
    QCOMPARE(reread.entry(1).receivedMs, receivedMs);
    QCOMPARE(reread.entry(1).source, source);
    QCOMPARE(reread.entry(1).updateId, store.entry(1).updateId);
    QCOMPARE(reread.raw(0).toByteArray(), neighbour);
    QCOMPARE(reread.raw(2).toByteArray(), neighbour);
    QCOMPARE(reread.entry(2).source, UpdateSource::Webhook);
    QCOMPARE(reread.entry(2).receivedMs, 6);
}

void tst_LogWriter::gzipOutput()
{
    UpdateStore store;
    const QByteArray webhook = "{\"update_id\":2,\n\"poll\":{\"id\":\"1\"}}";
    QVERIFY(store.append(UpdateRecord {R"({"update_id":1,"poll":{}})", 1763755680123, UpdateSource::Poll}));
    QVERIFY(store.append(UpdateRecord {webhook, 1763755680124, UpdateSource::Webhook}));
    QVERIFY(store.append(UpdateRecord {" {\"update_id\":3,\"poll\":{}}", 0, UpdateSource::File}));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString plainPath = dir.filePath(QStringLiteral("log.jsonl"));
    const QString gzPath = dir.filePath(QStringLiteral("log.jsonl.gz"));
    QVERIFY2(LogWriter::writeFile(plainPath, store, &error), qPrintable(error));
    QVERIFY2(LogWriter::writeFile(gzPath, store, &error), qPrintable(error));

    const QByteArray plain = readAll(plainPath);
    const QByteArray gz = readAll(gzPath);
    QVERIFY(!plain.startsWith("\x1f\x8b"));
    QVERIFY(gz.size() > 18);
    QCOMPARE(quint8(gz[0]), quint8(0x1f));
    QCOMPARE(quint8(gz[1]), quint8(0x8b));
    QCOMPARE(quint8(gz[2]), quint8(8)); // deflate
    QCOMPARE(gunzipped(gz), plain);

    UpdateStore reread;
    const LogReadResult r = LogReader().readFile(gzPath, reread);
    QVERIFY2(r.ok() && r.errorCount == 0, qPrintable(describe(r)));
    QVERIFY(r.compressed);
    QCOMPARE(r.format, LogFormat::EnvelopeLines);
    QCOMPARE(reread.size(), 3);
    for (qsizetype i = 0; i < 3; ++i) {
        QCOMPARE(reread.raw(i), store.raw(i));
        QCOMPARE(reread.entry(i).receivedMs, store.entry(i).receivedMs);
        QCOMPARE(reread.entry(i).source, store.entry(i).source);
    }
}

void tst_LogWriter::manyBlocks_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::newRow("plain") << QStringLiteral("big.jsonl");
    QTest::newRow("gz") << QStringLiteral("big.jsonl.gz");
}

// More than the writer's 1 MiB block: several flushes, nothing lost or reordered.
void tst_LogWriter::manyBlocks()
{
    QFETCH(QString, fileName);
    UpdateStore store;
    const QByteArray text(900, 't');
    for (int i = 0; i < 8000; ++i) {
        const QByteArray raw = "{\"update_id\":" + QByteArray::number(1000 + i)
            + (i % 3 ? ",\n" : ",") + "\"message\":{\"message_id\":" + QByteArray::number(i)
            + ",\"text\":\"" + text.left(i % 900) + "\"}}";
        const auto source = UpdateSource(i % UpdateSourceCount);
        QVERIFY(store.append(UpdateRecord {raw, 1763755680000 + i, source}));
    }
    QVERIFY(store.totalBytes() > 3 * 1024 * 1024);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    QString error;
    QVERIFY2(LogWriter::writeFile(path, store, &error), qPrintable(error));
    UpdateStore reread;
    const LogReadResult r = LogReader().readFile(path, reread);
    QVERIFY2(r.ok() && r.errorCount == 0, qPrintable(describe(r)));
    QCOMPARE(reread.size(), store.size());
    for (qsizetype i = 0; i < store.size(); ++i) {
        QVERIFY2(reread.raw(i) == store.raw(i), qPrintable(QString::number(i)));
        QCOMPARE(reread.entry(i).receivedMs, store.entry(i).receivedMs);
        QCOMPARE(reread.entry(i).source, store.entry(i).source);
    }
}

void tst_LogWriter::subsetOfRows()
{
    UpdateStore store;
    for (int i = 0; i < 6; ++i) {
        const QByteArray raw = "{\"update_id\":" + QByteArray::number(10 + i) + ",\n\"poll\":{}}";
        QVERIFY(store.append(UpdateRecord {raw, 1763755680000 + i, UpdateSource::Webhook}));
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("subset.jsonl"));
    QString error;
    const QList<qsizetype> rows {4, 1, 5};
    QVERIFY2(LogWriter::writeFile(path, store, &error, rows), qPrintable(error));
    QCOMPARE(linesOf(readAll(path)).size(), 3);

    UpdateStore reread;
    const LogReadResult r = LogReader().readFile(path, reread);
    QVERIFY2(r.ok() && r.errorCount == 0, qPrintable(describe(r)));
    QCOMPARE(reread.size(), rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QCOMPARE(reread.raw(i), store.raw(rows[i]));
        QCOMPARE(reread.entry(i).updateId, 10 + rows[i]);
        QCOMPARE(reread.entry(i).receivedMs, 1763755680000 + rows[i]);
    }
}

void tst_LogWriter::emptyStore()
{
    UpdateStore store;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("empty.jsonl"));
    QString error;
    QVERIFY2(LogWriter::writeFile(path, store, &error), qPrintable(error));
    QVERIFY(QFile::exists(path));
    QCOMPARE(readAll(path), QByteArray());
}

void tst_LogWriter::unwritablePath_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::newRow("missing directory") << QStringLiteral("no/such/dir/out.jsonl");
    QTest::newRow("missing directory, gz") << QStringLiteral("no/such/dir/out.jsonl.gz");
    QTest::newRow("parent is a file") << QStringLiteral("file/out.jsonl");
    QTest::newRow("path is a directory") << QStringLiteral("dir");
}

void tst_LogWriter::unwritablePath()
{
    QFETCH(QString, relativePath);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        QFile file(dir.filePath(QStringLiteral("file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("dir")));
    UpdateStore store;
    QVERIFY(store.append(UpdateRecord {R"({"update_id":1,"poll":{}})", 1, UpdateSource::Poll}));
    const QString path = dir.filePath(relativePath);
    QString error;
    QVERIFY(!LogWriter::writeFile(path, store, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFileInfo(path).isFile());
}

QTEST_GUILESS_MAIN(tst_LogWriter)
#include "tst_logwriter.moc"
