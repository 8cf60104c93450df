// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The listener's set of update_ids: consecutive ids merge into one range, ids filled in out of
// order join their neighbours, removal splits a range, the ends of qint64 are safe, and random
// operations agree with std::set.
#include "updateidset.h"

#include <QRandomGenerator>
#include <QTest>

#include <limits>
#include <set>

using namespace UpdateInspector;

class TestUpdateIdSet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void consecutiveIdsAreOneRange();
    void gapsFilledOutOfOrder();
    void removeSplitsARange();
    void endsOfTheRange();
    void agreesWithStdSet();
};

void TestUpdateIdSet::consecutiveIdsAreOneRange()
{
    UpdateIdSet ids;
    for (qint64 id = 734120001; id < 734120001 + 100000; ++id)
        QVERIFY(ids.insert(id));
    QCOMPARE(ids.rangeCount(), 1);
    QVERIFY(ids.contains(734120001));
    QVERIFY(ids.contains(734120001 + 99999));
    QVERIFY(!ids.contains(734120000));
    QVERIFY(!ids.contains(734120001 + 100000));
    QVERIFY(!ids.insert(734120500)); // a redelivery
    QCOMPARE(ids.rangeCount(), 1);
    ids.clear();
    QVERIFY(!ids.contains(734120500));
    QCOMPARE(ids.rangeCount(), 0);
}

void TestUpdateIdSet::gapsFilledOutOfOrder()
{
    UpdateIdSet ids;
    for (qint64 id : {10, 12, 14, 16})
        QVERIFY(ids.insert(id));
    QCOMPARE(ids.rangeCount(), 4);
    QVERIFY(ids.insert(13)); // joins 12 and 14
    QCOMPARE(ids.rangeCount(), 3);
    QVERIFY(ids.insert(15)); // joins 12..14 and 16
    QCOMPARE(ids.rangeCount(), 2);
    QVERIFY(ids.insert(9)); // extends 10 downwards
    QVERIFY(ids.insert(17)); // extends upwards
    QVERIFY(ids.insert(11));
    QCOMPARE(ids.rangeCount(), 1);
    for (qint64 id = 9; id <= 17; ++id)
        QVERIFY(ids.contains(id));
    QVERIFY(!ids.contains(8));
    QVERIFY(!ids.contains(18));
}

void TestUpdateIdSet::removeSplitsARange()
{
    UpdateIdSet ids;
    for (qint64 id = 1; id <= 10; ++id)
        ids.insert(id);
    ids.remove(5);
    QCOMPARE(ids.rangeCount(), 2);
    QVERIFY(!ids.contains(5));
    QVERIFY(ids.contains(4));
    QVERIFY(ids.contains(6));
    ids.remove(1);
    ids.remove(10);
    QVERIFY(!ids.contains(1));
    QVERIFY(!ids.contains(10));
    QVERIFY(ids.contains(2));
    QVERIFY(ids.contains(9));
    ids.remove(42); // not there: nothing happens
    ids.remove(0);
    QCOMPARE(ids.rangeCount(), 2);
    QVERIFY(ids.insert(5));
    QCOMPARE(ids.rangeCount(), 1);
}

void TestUpdateIdSet::endsOfTheRange()
{
    constexpr qint64 lowest = std::numeric_limits<qint64>::min();
    constexpr qint64 highest = std::numeric_limits<qint64>::max();
    UpdateIdSet ids;
    QVERIFY(ids.insert(highest));
    QVERIFY(ids.insert(lowest));
    QVERIFY(ids.insert(highest - 1));
    QVERIFY(ids.insert(lowest + 1));
    QCOMPARE(ids.rangeCount(), 2);
    QVERIFY(!ids.insert(highest));
    QVERIFY(!ids.insert(lowest));
    QVERIFY(ids.contains(highest));
    QVERIFY(ids.contains(lowest));
    QVERIFY(!ids.contains(0));
    ids.remove(highest);
    ids.remove(lowest);
    QVERIFY(!ids.contains(highest));
    QVERIFY(ids.contains(highest - 1));
    QVERIFY(ids.contains(lowest + 1));
}

void TestUpdateIdSet::agreesWithStdSet()
{
    QRandomGenerator random(20261122);
    UpdateIdSet ids;
    std::set<qint64> expected;
    for (int step = 0; step < 50000; ++step) {
        const qint64 id = random.bounded(2000);
        switch (random.bounded(3)) {
        case 0:
        case 1:
            QCOMPARE(ids.insert(id), expected.insert(id).second);
            break;
        default:
            ids.remove(id);
            expected.erase(id);
        }
        QCOMPARE(ids.contains(id), expected.count(id) == 1);
    }
    for (qint64 id = -1; id <= 2000; ++id)
        QCOMPARE(ids.contains(id), expected.count(id) == 1);
    qsizetype runs = 0;
    for (auto it = expected.begin(); it != expected.end(); ++it)
        runs += it == expected.begin() || *std::prev(it) != *it - 1;
    QCOMPARE(ids.rangeCount(), runs); // ranges are as few as can be
}

QTEST_GUILESS_MAIN(TestUpdateIdSet)
#include "tst_updateidset.moc"
