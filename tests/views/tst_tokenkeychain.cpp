// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The keychain wrapper where no keychain answers (no Secret Service on D-Bus, as in CI): every job
// ends in exactly one unavailable() with a reason, in bounded time, and never with the token.
#include "botapiclient.h"
#include "tokenkeychain.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrl>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kSecret = QStringLiteral("TEST-fake-token-not-a-real-bot");
} // namespace

class tst_TokenKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // No session bus to find, whatever the machine running the test has: the failure path
        // is what is tested, and a developer's real keychain stays untouched.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/update-inspector-test-bus");
        qunsetenv("DISPLAY"); // no D-Bus autolaunch through X11 either
    }

    void keyNamesBotAndServerOnly()
    {
        const QString key = TokenKeychain::keyFor({QUrl(QStringLiteral("https://api.telegram.org/")), kToken, false});
        QCOMPARE(key, QStringLiteral("123456789@https://api.telegram.org"));
        QVERIFY(!key.contains(kSecret));
        QCOMPARE(TokenKeychain::keyFor({QUrl(QStringLiteral("https://api.telegram.org")), kToken, true}),
                 QStringLiteral("123456789@https://api.telegram.org/test"));
        QCOMPARE(TokenKeychain::keyFor(123456789, QUrl(QStringLiteral("http://127.0.0.1:8081"))),
                 QStringLiteral("123456789@http://127.0.0.1:8081"));
        QCOMPARE(TokenKeychain::serviceName(), QStringLiteral("update-inspector"));
    }

    void jobsWithoutKeychainReportUnavailable_data()
    {
        QTest::addColumn<QString>("job");
        QTest::newRow("store") << QStringLiteral("store");
        QTest::newRow("read") << QStringLiteral("read");
        QTest::newRow("remove") << QStringLiteral("remove");
    }
    void jobsWithoutKeychainReportUnavailable()
    {
        QFETCH(QString, job);
        TokenKeychain keychain;
        QSignalSpy unavailable(&keychain, &TokenKeychain::unavailable);
        QSignalSpy read(&keychain, &TokenKeychain::tokenRead);
        QSignalSpy stored(&keychain, &TokenKeychain::stored);
        QSignalSpy removed(&keychain, &TokenKeychain::removed);
        QVERIFY(unavailable.isValid() && read.isValid() && stored.isValid() && removed.isValid());
        const QString key = TokenKeychain::keyFor({QUrl(QStringLiteral("http://127.0.0.1:8081")), kToken, false});
        if (job == u"store")
            keychain.store(key, kToken);
        else if (job == u"read")
            keychain.read(key);
        else
            keychain.remove(key);
        QCOMPARE(unavailable.size(), 0); // asynchronous: nothing before the event loop runs
        QTRY_COMPARE_WITH_TIMEOUT(unavailable.size(), 1, 20000);
        const QString reason = unavailable.first().first().toString();
        qInfo("reason: %s", qPrintable(reason));
        QVERIFY(!reason.isEmpty());
        QVERIFY2(!reason.contains(kSecret), qPrintable(reason));
        QTest::qWait(200); // and nothing more comes
        QCOMPARE(unavailable.size(), 1);
        QCOMPARE(read.size() + stored.size() + removed.size(), 0);
    }

    // The job and TokenKeychain's own time limit race (here, with no time at all): whichever
    // ends first reports, once per job, and nothing comes after. (Without a bus QtKeychain fails
    // inside the job's start, so the limit matters only when a keychain daemon hangs.)
    void oneReportPerJobEvenWithZeroTimeout()
    {
        TokenKeychain keychain;
        keychain.setTimeoutMs(0);
        QSignalSpy unavailable(&keychain, &TokenKeychain::unavailable);
        QVERIFY(unavailable.isValid());
        keychain.read(QStringLiteral("1@http://127.0.0.1:1"));
        keychain.store(QStringLiteral("2@http://127.0.0.1:1"), kToken);
        QTRY_COMPARE_WITH_TIMEOUT(unavailable.size(), 2, 20000);
        QTest::qWait(500);
        QCOMPARE(unavailable.size(), 2);
        for (const QList<QVariant> &report : std::as_const(unavailable))
            QVERIFY(!report.first().toString().contains(kSecret));
    }
};

QTEST_GUILESS_MAIN(tst_TokenKeychain)
#include "tst_tokenkeychain.moc"
