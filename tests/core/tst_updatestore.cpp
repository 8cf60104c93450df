// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatestore.h"

#include <QSignalSpy>
#include <QTest>

using namespace UpdateInspector;

namespace {

UpdateRecord record(const QByteArray &raw, UpdateSource source = UpdateSource::Poll,
                    std::int64_t receivedMs = 0)
{
    return UpdateRecord {raw, receivedMs, source};
}

QByteArray message(std::int64_t updateId, const QByteArray &text = "hello")
{
    return "{\"update_id\":" + QByteArray::number(updateId)
        + ",\"message\":{\"message_id\":1,\"from\":{\"id\":5,\"is_bot\":false,\"first_name\":\"A\"},"
          "\"chat\":{\"id\":5,\"type\":\"private\",\"first_name\":\"A\"},\"date\":1700000000,"
          "\"text\":\""
        + text + "\"}}";
}

// All rows announced so far, in order, checked to be contiguous and without overlap.
qsizetype announcedRows(const QSignalSpy &spy)
{
    qsizetype next = 0;
    for (const QList<QVariant> &args : spy) {
        const auto first = args.at(0).value<qsizetype>();
        const auto last = args.at(1).value<qsizetype>();
        if (first != next || last < first)
            return -1;
        next = last + 1;
    }
    return next;
}

} // namespace

class tst_UpdateStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void index_data();
    void index();
    void rejects_data();
    void rejects();
    void batchWithRejections();
    void rawBytesExact_data();
    void rawBytesExact();
    void chunksKeepViewsValid();
    void oversizedUpdateGetsOwnChunk();
    void rowsAppendedBatched();
    void rowsAppendedSynchronous();
    void flushNotifications();
    void duplicateAndGap();
    void adoptedChunksAreNotFlagged();
    void clear();
};

void tst_UpdateStore::index_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<qint64>("updateId");
    QTest::addColumn<UpdateKind>("kind");
    QTest::addColumn<qint64>("chatId");
    QTest::addColumn<qint64>("senderId");
    QTest::addColumn<uint>("date");
    QTest::addColumn<int>("flags");

    QTest::newRow("message")
        << QByteArray(R"({"update_id":734120001,"message":{"message_id":1,)"
                      R"("from":{"id":421937654,"is_bot":false,"first_name":"A"},)"
                      R"("chat":{"id":-1001234567890,"type":"supergroup","title":"G"},)"
                      R"("date":1763755680,"text":"hi"}})")
        << qint64(734120001) << UpdateKind::Message << qint64(-1001234567890) << qint64(421937654)
        << 1763755680u << 0;
    // Nested objects carry chat/from/date of their own: only the payload's own fields count.
    QTest::newRow("message with reply first")
        << QByteArray(R"({"update_id":2,"message":{"message_id":9,"reply_to_message":)"
                      R"({"message_id":8,"from":{"id":999},"chat":{"id":888},"date":5},)"
                      R"("from":{"id":111},"chat":{"id":222,"type":"group"},"date":1700000001}})")
        << qint64(2) << UpdateKind::Message << qint64(222) << qint64(111) << 1700000001u << 0;
    QTest::newRow("callback_query, chat in message.chat")
        << QByteArray(R"({"update_id":3,"callback_query":{"id":"4382","from":{"id":333,)"
                      R"("first_name":"B"},"message":{"message_id":5,"from":{"id":7777,"is_bot":true},)"
                      R"("chat":{"id":444,"type":"private"},"date":1700000002,"text":"menu"},)"
                      R"("chat_instance":"-1","data":"page:2"}})")
        << qint64(3) << UpdateKind::CallbackQuery << qint64(444) << qint64(333) << 0u << 0;
    QTest::newRow("poll (no chat)")
        << QByteArray(R"({"update_id":4,"poll":{"id":"5012","question":"Tea?","options":)"
                      R"([{"text":"yes","voter_count":2},{"text":"no","voter_count":0}],)"
                      R"("total_voter_count":2,"is_closed":false,"is_anonymous":true,)"
                      R"("type":"regular","allows_multiple_answers":false}})")
        << qint64(4) << UpdateKind::Poll << qint64(0) << qint64(0) << 0u << 0;
    QTest::newRow("chat_member")
        << QByteArray(R"({"update_id":5,"chat_member":{"chat":{"id":-100555,"type":"supergroup",)"
                      R"("title":"G"},"from":{"id":666,"first_name":"Admin"},"date":1700000003,)"
                      R"("old_chat_member":{"status":"member","user":{"id":777}},)"
                      R"("new_chat_member":{"status":"administrator","user":{"id":777}}}})")
        << qint64(5) << UpdateKind::ChatMember << qint64(-100555) << qint64(666) << 1700000003u
        << 0;
    QTest::newRow("unknown key")
        << QByteArray(R"({"update_id":6,"custom_event":{"chat":{"id":42},"from":{"id":43},)"
                      R"("date":1700000004}})")
        << qint64(6) << UpdateKind::Unknown << qint64(42) << qint64(43) << 1700000004u << 0;
    QTest::newRow("channel_post, sender_chat")
        << QByteArray(R"({"update_id":7,"channel_post":{"message_id":3,"sender_chat":{"id":-100777,)"
                      R"("type":"channel"},"chat":{"id":-100777,"type":"channel"},)"
                      R"("date":1700000005,"text":"post"}})")
        << qint64(7) << UpdateKind::ChannelPost << qint64(-100777) << qint64(-100777)
        << 1700000005u << 0;
    QTest::newRow("message_reaction, user")
        << QByteArray(R"({"update_id":8,"message_reaction":{"chat":{"id":1,"type":"group"},)"
                      R"("message_id":2,"user":{"id":3},"date":1700000006,"old_reaction":[],)"
                      R"("new_reaction":[{"type":"emoji","emoji":"👍"}]}})")
        << qint64(8) << UpdateKind::MessageReaction << qint64(1) << qint64(3) << 1700000006u << 0;
    QTest::newRow("poll_answer, voter_chat")
        << QByteArray(R"({"update_id":9,"poll_answer":{"poll_id":"5012","voter_chat":)"
                      R"({"id":-100999,"type":"channel"},"option_ids":[1]}})")
        << qint64(9) << UpdateKind::PollAnswer << qint64(0) << qint64(-100999) << 0u << 0;
    QTest::newRow("webhook body with newline")
        << QByteArray("{\"update_id\":10,\n\"message\":{\"message_id\":1,\"from\":{\"id\":12},"
                      "\"chat\":{\"id\":12,\"type\":\"private\"},\"date\":1700000007,\"text\":\"x\"}}")
        << qint64(10) << UpdateKind::Message << qint64(12) << qint64(12) << 1700000007u << 0;
    QTest::newRow("update_id last, big id")
        << QByteArray(R"({"inline_query":{"id":"1","from":{"id":8000000001},"query":"q",)"
                      R"("offset":""},"update_id":9007199254740993})")
        << qint64(9007199254740993) << UpdateKind::InlineQuery << qint64(0) << qint64(8000000001)
        << 0u << 0;
    QTest::newRow("two payload fields")
        << QByteArray(R"({"update_id":11,"poll":{"id":"1"},"custom":{"x":1}})") << qint64(11)
        << UpdateKind::Poll << qint64(0) << qint64(0) << 0u << int(ExtraFields);
}

void tst_UpdateStore::index()
{
    QFETCH(QByteArray, raw);
    QFETCH(qint64, updateId);
    QFETCH(UpdateKind, kind);
    QFETCH(qint64, chatId);
    QFETCH(qint64, senderId);
    QFETCH(uint, date);
    QFETCH(int, flags);

    UpdateStore store;
    QString error;
    QVERIFY2(store.append(record(raw, UpdateSource::Webhook, 1763755680123), &error),
             qPrintable(error));
    QCOMPARE(store.size(), 1);
    const UpdateIndexEntry &e = store.entry(0);
    QCOMPARE(e.updateId, updateId);
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.chatId, chatId);
    QCOMPARE(e.senderId, senderId);
    QCOMPARE(e.date, date);
    QCOMPARE(int(e.flags), flags);
    QCOMPARE(e.source, UpdateSource::Webhook);
    QCOMPARE(e.receivedMs, std::int64_t(1763755680123));
    QCOMPARE(e.length, std::uint32_t(raw.size()));
    QCOMPARE(store.raw(0), QByteArrayView(raw));
    QCOMPARE(store.totalBytes(), raw.size());
}

void tst_UpdateStore::rejects_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not JSON") << QByteArray("hello");
    QTest::newRow("truncated") << QByteArray(R"({"update_id":1,"message":{"message_id":1)");
    QTest::newRow("unclosed string") << QByteArray(R"({"update_id":1,"message":{"text":"ab)");
    QTest::newRow("no update_id") << QByteArray(R"({"message":{"message_id":1,"text":"a"}})");
    QTest::newRow("update_id only") << QByteArray(R"({"update_id":1})");
    QTest::newRow("update_id is a string") << QByteArray(R"({"update_id":"1","poll":{}})");
    QTest::newRow("array") << QByteArray(R"([{"update_id":1,"poll":{"id":"1"}}])");
    QTest::newRow("number") << QByteArray("42");
    QTest::newRow("trailing garbage") << QByteArray(R"({"update_id":1,"poll":{"id":"1"}} x)");
    QTest::newRow("two objects") << QByteArray(R"({"update_id":1,"poll":{}}{"update_id":2,"poll":{}})");
    QTest::newRow("missing colon in the payload") << QByteArray(R"({"update_id":1,"poll":{"id" "1"}})");
    QTest::newRow("missing colon in the chat") << QByteArray(R"({"update_id":1,"message":{"chat":{"id" 5},"date":1}})");
    QTest::newRow("trailing comma in the payload") << QByteArray(R"({"update_id":1,"poll":{"id":"1",}})");
    QTest::newRow("bad literal in a skipped field") << QByteArray(R"({"update_id":1,"message":{"text":tru}})");
    QTest::newRow("mismatched brackets in a skipped field") << QByteArray(R"({"update_id":1,"poll":{"options":[}}})");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"update_id\":1,\"poll\":{\"question\":\"\xff\xfe\"}}");
}

void tst_UpdateStore::rejects()
{
    QFETCH(QByteArray, raw);
    UpdateStore store;
    store.setNotifyInterval(0);
    QSignalSpy appended(&store, &UpdateStore::rowsAppended);
    QVERIFY(appended.isValid());

    QString error;
    // Known gap: simdjson's on-demand parser checks only what is read; skipped values are only
    // bracket-counted. A fix (validating skipped values too) makes these XPASS: drop the marks.
    QEXPECT_FAIL("bad literal in a skipped field", "skipped values are not validated", Abort);
    QEXPECT_FAIL("mismatched brackets in a skipped field", "skipped values are not validated",
                 Abort);
    QVERIFY(!store.append(record(raw), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(store.size(), 0);
    QCOMPARE(store.totalBytes(), 0);
    QCOMPARE(appended.count(), 0);

    // The rejected bytes were taken back: the next update is stored right and reads back exactly.
    const QByteArray good = message(77);
    QVERIFY(store.append(record(good), &error));
    QCOMPARE(store.size(), 1);
    QCOMPARE(store.raw(0), QByteArrayView(good));
    QCOMPARE(store.entry(0).updateId, 77);
    QCOMPARE(store.entry(0).offset, 0u);
    QCOMPARE(appended.count(), 1);
}

void tst_UpdateStore::batchWithRejections()
{
    UpdateStore store;
    const QList<UpdateRecord> records {record(message(1)), record("{\"update_id\":2}"),
                                       record(message(3)), record("[]"), record(message(4))};
    QList<UpdateStore::Rejection> rejected;
    QCOMPARE(store.append(records, &rejected), 3);
    QCOMPARE(store.size(), 3);
    QCOMPARE(rejected.size(), 2);
    QCOMPARE(rejected.at(0).index, 1);
    QCOMPARE(rejected.at(1).index, 3);
    QVERIFY(!rejected.at(0).error.isEmpty());
    QVERIFY(!rejected.at(1).error.isEmpty());
    QCOMPARE(store.raw(0), QByteArrayView(records[0].raw));
    QCOMPARE(store.raw(1), QByteArrayView(records[2].raw));
    QCOMPARE(store.raw(2), QByteArrayView(records[4].raw));
    QCOMPARE(store.entry(2).updateId, 4);
}

void tst_UpdateStore::rawBytesExact_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("compact") << message(1);
    QTest::newRow("webhook newline after update_id")
        << QByteArray("{\"update_id\":734120001,\n\"message\":{\"message_id\":1,\"chat\":{\"id\":1,"
                      "\"type\":\"private\"},\"date\":1,\"text\":\"a\"}}");
    QTest::newRow("CRLF and tabs between tokens")
        << QByteArray("{\r\n\t\"update_id\" : 2 ,\r\n\t\"poll\" : { \"id\" : \"1\" }\r\n}");
    QTest::newRow("leading and trailing whitespace")
        << QByteArray("  {\"update_id\":3,\"poll\":{\"id\":\"1\"}}\n");
    QTest::newRow("escapes and UTF-8")
        << QByteArray("{\"update_id\":4,\"message\":{\"message_id\":1,\"text\":\"\\u041f\\\"q\\\"\\\\ Привет 👍\"}}");
}

void tst_UpdateStore::rawBytesExact()
{
    QFETCH(QByteArray, raw);
    UpdateStore store;
    // Surround it with other updates so that offsets are not zero.
    QVERIFY(store.append(record(message(100))));
    QString error;
    QVERIFY2(store.append(record(raw), &error), qPrintable(error));
    QVERIFY(store.append(record(message(101))));
    QCOMPARE(store.size(), 3);
    QCOMPARE(store.raw(1).toByteArray(), raw);
    QCOMPARE(store.raw(0).toByteArray(), message(100));
    QCOMPARE(store.raw(2).toByteArray(), message(101));
}

void tst_UpdateStore::chunksKeepViewsValid()
{
    UpdateStore store;
    QList<QByteArray> copies;
    QList<QByteArrayView> views;
    const QByteArray filler(1500, 'x');
    qint64 written = 0;
    for (int i = 0; written < 3 * UpdateStore::ChunkSize; ++i) {
        // Vary the length so that chunk ends fall at different places.
        const QByteArray raw = message(1000 + i, filler.left(1000 + (i * 37) % 500));
        QVERIFY(store.append(record(raw)));
        copies.append(raw);
        views.append(store.raw(store.size() - 1)); // taken before later appends
        written += raw.size();
    }
    QCOMPARE(store.size(), copies.size());
    QCOMPARE(store.totalBytes(), written);
    QVERIFY(store.entry(store.size() - 1).chunk >= 2); // crossed at least two chunk ends
    std::uint32_t previousChunk = 0;
    for (qsizetype i = 0; i < copies.size(); ++i) {
        QCOMPARE(views[i], QByteArrayView(copies[i]));
        QCOMPARE(store.raw(i), QByteArrayView(copies[i]));
        QVERIFY(store.raw(i).constData() == views[i].constData()); // the bytes never moved
        const UpdateIndexEntry &e = store.entry(i);
        QCOMPARE(e.updateId, 1000 + i);
        QVERIFY(e.chunk == previousChunk || e.chunk == previousChunk + 1);
        previousChunk = e.chunk;
    }
}

void tst_UpdateStore::oversizedUpdateGetsOwnChunk()
{
    UpdateStore store;
    QVERIFY(store.append(record(message(1))));
    const QByteArrayView firstView = store.raw(0);
    const QByteArray big = message(2, QByteArray(UpdateStore::ChunkSize + 1000, 'b'));
    QString error;
    QVERIFY2(store.append(record(big), &error), qPrintable(error));
    QVERIFY(store.append(record(message(3))));
    QCOMPARE(store.size(), 3);
    QCOMPARE(store.raw(1).size(), big.size());
    QVERIFY(store.raw(1) == QByteArrayView(big));
    QCOMPARE(firstView, QByteArrayView(message(1)));
    QCOMPARE(store.raw(2), QByteArrayView(message(3)));
    QVERIFY(store.entry(1).chunk != store.entry(0).chunk);
    QCOMPARE(store.entry(1).offset, 0u);
}

void tst_UpdateStore::rowsAppendedBatched()
{
    UpdateStore store;
    store.setNotifyInterval(50);
    QCOMPARE(store.notifyInterval(), 50);
    QSignalSpy appended(&store, &UpdateStore::rowsAppended);
    QVERIFY(appended.isValid());

    QList<UpdateRecord> records;
    for (int i = 0; i < 1000; ++i)
        records.append(record(message(i + 1)));
    QCOMPARE(store.append(records), 1000);
    QCOMPARE(store.size(), 1000);
    QCOMPARE(appended.count(), 0); // not before the event loop runs

    QTRY_COMPARE(appended.count(), 1);
    QCOMPARE(appended.at(0).at(0).value<qsizetype>(), 0);
    QCOMPARE(appended.at(0).at(1).value<qsizetype>(), 999);

    // Single appends in a row are gathered as well.
    for (int i = 0; i < 10; ++i)
        QVERIFY(store.append(record(message(2000 + i))));
    QCOMPARE(appended.count(), 1);
    QTRY_COMPARE(appended.count(), 2);
    QCOMPARE(appended.at(1).at(0).value<qsizetype>(), 1000);
    QCOMPARE(appended.at(1).at(1).value<qsizetype>(), 1009);

    // Nothing more to announce.
    QTest::qWait(120);
    QCOMPARE(appended.count(), 2);
}

void tst_UpdateStore::rowsAppendedSynchronous()
{
    UpdateStore store;
    store.setNotifyInterval(0);
    QSignalSpy appended(&store, &UpdateStore::rowsAppended);
    QVERIFY(appended.isValid());

    QVERIFY(store.append(record(message(1))));
    QCOMPARE(appended.count(), 1);
    QCOMPARE(appended.at(0).at(0).value<qsizetype>(), 0);
    QCOMPARE(appended.at(0).at(1).value<qsizetype>(), 0);

    QCOMPARE(store.append({record(message(2)), record("bad"), record(message(3))}), 2);
    // Already announced when append returns, each row exactly once.
    QCOMPARE(announcedRows(appended), 3);
    QCOMPARE(store.size(), 3);
}

void tst_UpdateStore::flushNotifications()
{
    UpdateStore store;
    store.setNotifyInterval(1000);
    QSignalSpy appended(&store, &UpdateStore::rowsAppended);
    QVERIFY(appended.isValid());
    QVERIFY(store.append(record(message(1))));
    QVERIFY(store.append(record(message(2))));
    QCOMPARE(appended.count(), 0);
    store.flushNotifications();
    QCOMPARE(appended.count(), 1);
    QCOMPARE(appended.at(0).at(0).value<qsizetype>(), 0);
    QCOMPARE(appended.at(0).at(1).value<qsizetype>(), 1);
    store.flushNotifications(); // nothing new
    QCOMPARE(appended.count(), 1);
}

void tst_UpdateStore::duplicateAndGap()
{
    UpdateStore store;
    struct Step
    {
        std::int64_t id;
        UpdateSource source;
        int flags;
    };
    const Step steps[] = {
        {100, UpdateSource::Poll, NoFlags},
        {101, UpdateSource::Poll, NoFlags},
        {103, UpdateSource::Poll, Gap},       // 102 is missing
        {103, UpdateSource::Poll, Duplicate}, // a redelivery, not a second gap
        {102, UpdateSource::Poll, NoFlags},   // late, but new
        {101, UpdateSource::Poll, Duplicate},
        {104, UpdateSource::Poll, NoFlags},
        {103, UpdateSource::Webhook, NoFlags}, // another source keeps its own history
        {200, UpdateSource::Webhook, Gap},
        {201, UpdateSource::Webhook, NoFlags},
        {200, UpdateSource::Webhook, Duplicate},
        {110, UpdateSource::Poll, Gap},
    };
    for (const Step &step : steps)
        QVERIFY(store.append(record(message(step.id), step.source)));
    QCOMPARE(store.size(), qsizetype(std::size(steps)));
    for (qsizetype i = 0; i < store.size(); ++i) {
        const UpdateIndexEntry &e = store.entry(i);
        QCOMPARE(e.updateId, steps[i].id);
        QCOMPARE(e.source, steps[i].source);
        QVERIFY2(int(e.flags) == steps[i].flags,
                 qPrintable(QStringLiteral("row %1: flags %2, expected %3")
                                .arg(i)
                                .arg(e.flags)
                                .arg(steps[i].flags)));
    }
}

void tst_UpdateStore::adoptedChunksAreNotFlagged()
{
    UpdateStore store;
    store.setNotifyInterval(0);
    QSignalSpy appended(&store, &UpdateStore::rowsAppended);
    QVERIFY(appended.isValid());
    QVERIFY(store.append(record(message(5))));

    const QByteArray a = message(5), b = message(9);
    QByteArray chunk = a + '\n' + b;
    chunk.reserve(chunk.size() + UpdateIndexer::Padding);
    std::vector<UpdateIndexEntry> entries(2);
    entries[0].updateId = 5;
    entries[0].offset = 0;
    entries[0].length = std::uint32_t(a.size());
    entries[1].updateId = 9;
    entries[1].offset = std::uint64_t(a.size() + 1);
    entries[1].length = std::uint32_t(b.size());
    store.adoptChunks({chunk}, std::move(entries));

    QCOMPARE(store.size(), 3);
    QCOMPARE(store.raw(1), QByteArrayView(a));
    QCOMPARE(store.raw(2), QByteArrayView(b));
    QCOMPARE(int(store.entry(1).flags), 0); // a log is not a live stream: no duplicate flag
    QCOMPARE(int(store.entry(2).flags), 0);
    QCOMPARE(store.totalBytes(), qint64(2 * a.size() + b.size()));
    QCOMPARE(announcedRows(appended), 3);
    // A live append after the adopted rows still goes to a live chunk and reads back right.
    QVERIFY(store.append(record(message(6))));
    QCOMPARE(store.raw(3), QByteArrayView(message(6)));
    QCOMPARE(store.raw(1), QByteArrayView(a));
}

void tst_UpdateStore::clear()
{
    UpdateStore store;
    store.setNotifyInterval(50);
    QSignalSpy appended(&store, &UpdateStore::rowsAppended);
    QSignalSpy aboutToClear(&store, &UpdateStore::aboutToClear);
    QSignalSpy cleared(&store, &UpdateStore::cleared);
    QVERIFY(appended.isValid());
    QVERIFY(aboutToClear.isValid());
    QVERIFY(cleared.isValid());

    QStringList order;
    connect(&store, &UpdateStore::aboutToClear, this,
            [&] { order << QStringLiteral("aboutToClear %1").arg(store.size()); });
    connect(&store, &UpdateStore::cleared, this,
            [&] { order << QStringLiteral("cleared %1").arg(store.size()); });

    for (int i = 0; i < 5; ++i)
        QVERIFY(store.append(record(message(10 + i))));
    store.clear(); // before the pending batch was announced
    QCOMPARE(aboutToClear.count(), 1);
    QCOMPARE(cleared.count(), 1);
    QCOMPARE(order, QStringList({QStringLiteral("aboutToClear 5"), QStringLiteral("cleared 0")}));
    QCOMPARE(store.size(), 0);
    QCOMPARE(store.totalBytes(), 0);
    QVERIFY(store.entries().empty());

    // The batch of rows that no longer exist is never announced.
    QTest::qWait(120);
    QCOMPARE(appended.count(), 0);

    // A fresh start: row numbers from 0, and earlier ids are not duplicates any more.
    QVERIFY(store.append(record(message(12))));
    QCOMPARE(store.size(), 1);
    QCOMPARE(int(store.entry(0).flags), 0);
    QCOMPARE(store.raw(0), QByteArrayView(message(12)));
    QTRY_COMPARE(appended.count(), 1);
    QCOMPARE(appended.at(0).at(0).value<qsizetype>(), 0);
    QCOMPARE(appended.at(0).at(1).value<qsizetype>(), 0);
}

QTEST_GUILESS_MAIN(tst_UpdateStore)
#include "tst_updatestore.moc"
