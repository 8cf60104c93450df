// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The listener fault's text form: every documented spelling, what it means, the errors, and
// describe() giving back a form that parses to the same fault.
#include "listenerfault.h"

#include <QTest>

using namespace UpdateInspector;
using Kind = ListenerFault::Kind;

class TestListenerFault : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void clears();
    void rejects_data();
    void rejects();
    void activeUntilCountUsedUp();
};

void TestListenerFault::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("retryAfter");
    QTest::addColumn<int>("stallSeconds");
    QTest::addColumn<int>("remaining");
    QTest::addColumn<double>("share");
    QTest::addColumn<QString>("described");
    QTest::newRow("500") << "500" << Kind::Status << 500 << 0 << 70 << -1 << 1.0 << "500";
    QTest::newRow("502x3") << "502x3" << Kind::Status << 502 << 0 << 70 << 3 << 1.0 << "502x3";
    QTest::newRow("429") << "429" << Kind::Status << 429 << 0 << 70 << -1 << 1.0 << "429";
    QTest::newRow("429:5@50%") << " 429:5@50% " << Kind::Status << 429 << 5 << 70 << -1 << 0.5
                               << "429:5@50%";
    QTest::newRow("stall") << "stall" << Kind::Stall << 500 << 0 << 70 << -1 << 1.0 << "stall:70";
    QTest::newRow("stall:3x2") << "STALL:3x2" << Kind::Stall << 500 << 0 << 3 << 2 << 1.0
                               << "stall:3x2";
    QTest::newRow("close@12.5%") << "close@12.5%" << Kind::Close << 500 << 0 << 70 << -1 << 0.125
                                 << "close@12.5%";
    QTest::newRow("close x1") << "closex1" << Kind::Close << 500 << 0 << 70 << 1 << 1.0
                              << "closex1";
    QTest::newRow("503") << "503" << Kind::Status << 503 << 0 << 70 << -1 << 1.0 << "503";
}

void TestListenerFault::parses()
{
    QFETCH(QString, text);
    QFETCH(Kind, kind);
    QFETCH(int, status);
    QFETCH(int, retryAfter);
    QFETCH(int, stallSeconds);
    QFETCH(int, remaining);
    QFETCH(double, share);
    QFETCH(QString, described);

    ListenerFault fault;
    QString error;
    QVERIFY2(ListenerFault::parse(text, &fault, &error), qPrintable(error));
    QCOMPARE(fault.kind, kind);
    if (kind == Kind::Status)
        QCOMPARE(fault.status, status);
    QCOMPARE(fault.retryAfterSeconds, retryAfter);
    QCOMPARE(fault.stallSeconds, stallSeconds);
    QCOMPARE(fault.remaining, remaining);
    QCOMPARE(fault.share, share);
    QVERIFY(fault.isActive());
    QCOMPARE(fault.describe(), described);

    ListenerFault again;
    QVERIFY(ListenerFault::parse(fault.describe(), &again, &error));
    QCOMPARE(again.describe(), described);
}

void TestListenerFault::clears()
{
    ListenerFault fault;
    QString error;
    QVERIFY(ListenerFault::parse(QStringLiteral("500x2"), &fault, &error));
    QVERIFY(ListenerFault::parse(QStringLiteral("off"), &fault, &error));
    QCOMPARE(fault.kind, Kind::None);
    QVERIFY(!fault.isActive());
    QVERIFY(ListenerFault::parse(QStringLiteral("None"), &fault, &error));
    QCOMPARE(fault.describe(), QStringLiteral("none"));
}

void TestListenerFault::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why");
    QTest::newRow("empty") << ""
                           << "unknown kind";
    QTest::newRow("200") << "200"
                         << "400 to 599";
    QTest::newRow("word") << "explode"
                          << "unknown kind";
    QTest::newRow("retry on 500") << "500:5"
                                  << "only 429";
    QTest::newRow("retry zero") << "429:0"
                                << "Retry-After";
    QTest::newRow("stall zero") << "stall:0"
                                << "1 to 3600";
    QTest::newRow("stall text") << "stall:long"
                                << "1 to 3600";
    QTest::newRow("close value") << "close:1"
                                 << "no value";
    QTest::newRow("count") << "500xmany"
                           << "whole number";
    QTest::newRow("negative count") << "500x-1"
                                    << "whole number";
    QTest::newRow("share no percent") << "500@50"
                                      << "@P%";
    QTest::newRow("share zero") << "500@0%"
                                << "more than 0%";
    QTest::newRow("share over") << "500@150%"
                                << "at most 100%";
    QTest::newRow("four digits") << "5000"
                                 << "400 to 599";
}

void TestListenerFault::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, why);
    ListenerFault fault;
    fault.kind = Kind::Close;
    QString error;
    QVERIFY(!ListenerFault::parse(text, &fault, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
    QCOMPARE(fault.kind, Kind::Close); // untouched on failure
}

void TestListenerFault::activeUntilCountUsedUp()
{
    ListenerFault fault;
    QString error;
    QVERIFY(ListenerFault::parse(QStringLiteral("500x1"), &fault, &error));
    QVERIFY(fault.isActive());
    fault.remaining = 0;
    QVERIFY(!fault.isActive());
    QCOMPARE(fault.describe(), QStringLiteral("none")); // used up: status lines say so
}

QTEST_GUILESS_MAIN(TestListenerFault)
#include "tst_listenerfault.moc"
