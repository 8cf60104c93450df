// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatekind.h"

#include <QTest>

#include <algorithm>

using namespace UpdateInspector;

// The 25 fields of Update in Bot API 10.1, in documented order, written out independently of
// the table in updatekind.cpp.
static const char *const kBotApiFields[] = {
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "guest_message",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
    "managed_bot",
};

class tst_UpdateKind : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void count();
    void roundTrip_data();
    void roundTrip();
    void unknownKey_data();
    void unknownKey();
    void optInKinds();
    void messageKinds();
    void kindBits();
};

void tst_UpdateKind::count()
{
    QCOMPARE(int(std::size(kBotApiFields)), 25);
    QCOMPARE(UpdateKindCount, 26); // the 25 plus Unknown
    QCOMPARE(kindName(UpdateKind::Unknown), QLatin1StringView("unknown"));
    QCOMPARE(kindName(UpdateKind(200)), QLatin1StringView("unknown")); // out of range
}

void tst_UpdateKind::roundTrip_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<int>("kind");
    for (int i = 0; i < int(std::size(kBotApiFields)); ++i)
        QTest::newRow(kBotApiFields[i]) << QByteArray(kBotApiFields[i]) << i + 1;
}

void tst_UpdateKind::roundTrip()
{
    QFETCH(QByteArray, key);
    QFETCH(int, kind);
    const UpdateKind k = kindFromKey(key);
    QCOMPARE(int(k), kind);
    QVERIFY(k != UpdateKind::Unknown);
    QCOMPARE(kindName(k), QLatin1StringView(key));
    QCOMPARE(kindFromKey(QByteArrayView(kindName(k).data(), kindName(k).size())), k);
}

void tst_UpdateKind::unknownKey_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("custom_event") << QByteArray("custom_event");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("update_id") << QByteArray("update_id");
    QTest::newRow("unknown") << QByteArray("unknown");
    QTest::newRow("upper case") << QByteArray("MESSAGE");
    QTest::newRow("prefix") << QByteArray("messag");
    QTest::newRow("longer") << QByteArray("messages");
    QTest::newRow("trailing space") << QByteArray("poll ");
    QTest::newRow("embedded nul") << QByteArray("poll\0x", 6);
}

void tst_UpdateKind::unknownKey()
{
    QFETCH(QByteArray, key);
    QCOMPARE(kindFromKey(key), UpdateKind::Unknown);
}

void tst_UpdateKind::optInKinds()
{
    QList<QByteArray> optIn;
    for (int i = 0; i < UpdateKindCount; ++i) {
        if (isOptInKind(UpdateKind(i)))
            optIn.append(QByteArray(kindName(UpdateKind(i))));
    }
    std::sort(optIn.begin(), optIn.end());
    const QList<QByteArray> expected {"chat_member", "message_reaction", "message_reaction_count"};
    QCOMPARE(optIn, expected);
}

void tst_UpdateKind::messageKinds()
{
    QList<QByteArray> messages;
    for (int i = 0; i < UpdateKindCount; ++i) {
        if (isMessageKind(UpdateKind(i)))
            messages.append(QByteArray(kindName(UpdateKind(i))));
    }
    const QList<QByteArray> expected {"message",          "edited_message",
                                      "channel_post",     "edited_channel_post",
                                      "business_message", "edited_business_message",
                                      "guest_message"};
    QCOMPARE(messages, expected);
}

void tst_UpdateKind::kindBits()
{
    UpdateKindMask all = 0;
    for (int i = 0; i < UpdateKindCount; ++i) {
        QCOMPARE(all & kindBit(UpdateKind(i)), UpdateKindMask(0)); // one distinct bit per kind
        all |= kindBit(UpdateKind(i));
    }
    QCOMPARE(all, AllKinds);
    QCOMPARE(kindBit(UpdateKind::Message), UpdateKindMask(2));
}

QTEST_GUILESS_MAIN(tst_UpdateKind)
#include "tst_updatekind.moc"
