// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The embedded default: the built-in emulator feeds the sample to a demo bot and the program's own
// poller brings it, live, into the store.
#include "demosession.h"
#include "emulatorserver.h"
#include "longpoller.h"
#include "updatestore.h"

#include <QTest>

using namespace UpdateInspector;

class TestDemoSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void updatesArriveLiveThroughThePoller()
    {
        UpdateStore store;
        DemoSession demo(store);
        QString error;
        QVERIFY2(demo.start(&error), qPrintable(error));
        QVERIFY(demo.emulator()->baseUrl().host() == QStringLiteral("127.0.0.1")); // loopback only
        QTRY_VERIFY_WITH_TIMEOUT(store.size() >= 3, 15000);
        QCOMPARE(demo.poller()->state(), PollerState::Polling);
        for (const UpdateIndexEntry &entry : store.entries())
            QCOMPARE(entry.source, UpdateSource::Poll);
        // A gentle pace: not the whole sample at once.
        QVERIFY2(store.size() < 60, qPrintable(QString::number(store.size())));
        // In update_id order, one after the other, as the service numbers them.
        for (qsizetype row = 1; row < store.size(); ++row)
            QCOMPARE(store.entry(row).updateId, store.entry(row - 1).updateId + 1);
    }

    void optInKindsAreShownToo()
    {
        UpdateStore store;
        DemoSession demo(store);
        QString error;
        QVERIFY(demo.start(&error));
        EmulatedBot *bot = demo.emulator()->bots().constFirst();
        QTRY_VERIFY_WITH_TIMEOUT(bot->allowedUpdates() & kindBit(UpdateKind::ChatMember), 10000);
        QVERIFY(bot->allowedUpdates() & kindBit(UpdateKind::MessageReaction));
    }
};

QTEST_GUILESS_MAIN(TestDemoSession)
#include "tst_demosession.moc"
