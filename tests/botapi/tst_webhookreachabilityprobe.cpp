// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// WebhookReachabilityProbe on loopback: a real listening QTcpServer, a closed port, and every case
// where it does not try (no listener, another port, a host name: names are never looked up).
#include "webhookpreflight.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {
// A loopback port with nothing listening: bound, noted, closed.
quint16 closedPort(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost))
{
    QTcpServer server;
    if (!server.listen(address, 0))
        return 0;
    return server.serverPort();
}
} // namespace

class tst_WebhookReachabilityProbe : public QObject
{
    Q_OBJECT

private:
    // Starts the probe, checks that nothing came inside start(), and returns what came later.
    static QList<PreflightFinding> probe(const QUrl &url, quint16 listenerPort, bool *emittedInsideStart,
                                         int timeoutMs = 3000)
    {
        WebhookReachabilityProbe probe;
        QList<QList<PreflightFinding>> results;
        connect(&probe, &WebhookReachabilityProbe::finished, &probe,
                [&results](const QList<PreflightFinding> &findings) { results.append(findings); });
        probe.start(url, listenerPort, timeoutMs);
        *emittedInsideStart = !results.isEmpty();
        if (!QTest::qWaitFor([&results] { return !results.isEmpty(); }, 10000))
            return {PreflightFinding{PreflightFinding::Severity::Problem, u"test"_s, u"no finished() at all"_s}};
        QTest::qWait(50); // a second finished() would be a bug
        if (results.size() != 1)
            return {PreflightFinding{PreflightFinding::Severity::Problem, u"test"_s, u"finished() twice"_s}};
        return results.first();
    }

private Q_SLOTS:
    void listenerAnswers();
    void localhostMeansLoopback();
    void ipv6Loopback();
    void closedPort();
    void timeout();
    void notChecked_data();
    void notChecked();
    void restartDropsTheFirstRun();
    void signalSpyWorks();
};

void tst_WebhookReachabilityProbe::listenerAnswers()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    bool inside = true;
    const QList<PreflightFinding> findings =
        probe(QUrl(u"https://127.0.0.1:%1/hook"_s.arg(listener.serverPort())), listener.serverPort(), &inside);
    QVERIFY(!inside);
    QVERIFY2(findings.isEmpty(), findings.isEmpty() ? "" : qPrintable(findings.first().message));
    QVERIFY(listener.hasPendingConnections() || listener.waitForNewConnection(1000)); // it really connected
}

void tst_WebhookReachabilityProbe::localhostMeansLoopback()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    bool inside = true;
    const QList<PreflightFinding> findings =
        probe(QUrl(u"http://localhost:%1/x"_s.arg(listener.serverPort())), listener.serverPort(), &inside);
    QVERIFY(!inside);
    QVERIFY2(findings.isEmpty(), findings.isEmpty() ? "" : qPrintable(findings.first().message));
}

void tst_WebhookReachabilityProbe::ipv6Loopback()
{
    QTcpServer listener;
    if (!listener.listen(QHostAddress::LocalHostIPv6, 0))
        QSKIP("no IPv6 loopback on this machine");
    bool inside = true;
    QList<PreflightFinding> findings =
        probe(QUrl(u"https://[::1]:%1/x"_s.arg(listener.serverPort())), listener.serverPort(), &inside);
    QVERIFY2(findings.isEmpty(), findings.isEmpty() ? "" : qPrintable(findings.first().message));
    // localhost tries ::1 when 127.0.0.1 does not answer.
    findings = probe(QUrl(u"https://localhost:%1/x"_s.arg(listener.serverPort())), listener.serverPort(), &inside);
    QVERIFY2(findings.isEmpty(), findings.isEmpty() ? "" : qPrintable(findings.first().message));

    const quint16 port = ::closedPort(QHostAddress(QHostAddress::LocalHostIPv6));
    QVERIFY(port != 0);
    findings = probe(QUrl(u"https://[::1]:%1/x"_s.arg(port)), port, &inside);
    QCOMPARE(findings.size(), 1);
    QVERIFY2(findings.first().message.contains(u"[::1]:%1"_s.arg(port)), qPrintable(findings.first().message));
}

void tst_WebhookReachabilityProbe::closedPort()
{
    const quint16 port = ::closedPort();
    QVERIFY(port != 0);
    bool inside = true;
    QElapsedTimer clock;
    clock.start();
    const QList<PreflightFinding> findings = probe(QUrl(u"https://127.0.0.1:%1/hook"_s.arg(port)), port, &inside);
    QVERIFY(!inside);
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().severity, PreflightFinding::Severity::Problem);
    QCOMPARE(findings.first().field, u"url"_s);
    QVERIFY2(findings.first().message.contains(u"Nothing answers at 127.0.0.1:%1 from this machine"_s.arg(port)),
             qPrintable(findings.first().message));
    QVERIFY2(findings.first().message.contains(u"refused"_s), qPrintable(findings.first().message));
    QVERIFY(clock.elapsed() < 2500); // a refusal is reported at once, not after the time-out
}

void tst_WebhookReachabilityProbe::timeout()
{
    // A listener whose accept queue is full: the kernel drops further SYNs, so a connection
    // attempt neither succeeds nor fails, and only the probe's own time limit ends it.
    QTcpServer listener;
    listener.setListenBacklogSize(0);
    listener.setMaxPendingConnections(1);
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    const quint16 port = listener.serverPort();
    std::vector<std::unique_ptr<QTcpSocket>> fillers;
    for (int i = 0; i < 4; ++i) {
        fillers.push_back(std::make_unique<QTcpSocket>());
        fillers.back()->connectToHost(QHostAddress::LocalHost, port);
        QTest::qWait(50);
    }
    {
        QTcpSocket check; // the premise: a further connection hangs rather than completes
        check.connectToHost(QHostAddress::LocalHost, port);
        if (check.waitForConnected(200))
            QSKIP("this kernel completes connections past a full accept queue");
    }
    bool inside = true;
    QElapsedTimer clock;
    clock.start();
    const QList<PreflightFinding> findings = probe(QUrl(u"https://127.0.0.1:%1/"_s.arg(port)), port, &inside, 300);
    QCOMPARE(findings.size(), 1);
    QVERIFY2(findings.first().message.contains(u"no answer within 300 ms"_s), qPrintable(findings.first().message));
    QVERIFY(clock.elapsed() >= 250);
}

void tst_WebhookReachabilityProbe::notChecked_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<int>("listenerPort");
    QTest::addColumn<QString>("why");
    QTest::newRow("no listener") << QUrl(u"https://127.0.0.1:8443/"_s) << 0 << u"no listener is running"_s;
    QTest::newRow("other port") << QUrl(u"https://127.0.0.1:8443/"_s) << 9443
                                << u"the URL's port 8443 is not the listener's port 9443"_s;
    QTest::newRow("https default port") << QUrl(u"https://127.0.0.1/hook"_s) << 8443 << u"port 443 is not"_s;
    QTest::newRow("http default port") << QUrl(u"http://127.0.0.1/hook"_s) << 8443 << u"port 80 is not"_s;
    // A name is never looked up, even one that would resolve: the probe would need DNS.
    QTest::newRow("host name") << QUrl(u"https://bot.example.com:8443/"_s) << 8443
                               << u"bot.example.com is a host name"_s;
    QTest::newRow("no host") << QUrl(u"https:///hook"_s) << 443 << u"no host"_s;
}

void tst_WebhookReachabilityProbe::notChecked()
{
    QFETCH(QUrl, url);
    QFETCH(int, listenerPort);
    QFETCH(QString, why);
    bool inside = true;
    QElapsedTimer clock;
    clock.start();
    const QList<PreflightFinding> findings = probe(url, quint16(listenerPort), &inside);
    QVERIFY(!inside);
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().severity, PreflightFinding::Severity::Note);
    QCOMPARE(findings.first().field, u"url"_s);
    QVERIFY2(findings.first().message.startsWith(u"Reachability not checked: "_s),
             qPrintable(findings.first().message));
    QVERIFY2(findings.first().message.contains(why), qPrintable(findings.first().message));
    QVERIFY(clock.elapsed() < 1000);
}

void tst_WebhookReachabilityProbe::restartDropsTheFirstRun()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    const quint16 port = ::closedPort();
    WebhookReachabilityProbe probe;
    QList<QList<PreflightFinding>> results;
    connect(&probe, &WebhookReachabilityProbe::finished, this,
            [&results](const QList<PreflightFinding> &findings) { results.append(findings); });
    probe.start(QUrl(u"https://127.0.0.1:%1/"_s.arg(port)), port);      // would report a Problem
    probe.start(QUrl(u"https://127.0.0.1:1/"_s), 0);                      // would report a Note
    probe.start(QUrl(u"https://127.0.0.1:%1/"_s.arg(listener.serverPort())), listener.serverPort());
    QTRY_COMPARE(results.size(), 1);
    QTest::qWait(100);
    QCOMPARE(results.size(), 1);
    QVERIFY(results.first().isEmpty()); // only the last start() answered
}

void tst_WebhookReachabilityProbe::signalSpyWorks()
{
    // The findings travel through a queued connection and a QSignalSpy: the type is a metatype.
    WebhookReachabilityProbe probe;
    QSignalSpy spy(&probe, &WebhookReachabilityProbe::finished);
    QVERIFY(spy.isValid());
    probe.start(QUrl(u"https://127.0.0.1:8443/"_s), 0);
    QCOMPARE(spy.size(), 0);
    QVERIFY(spy.wait(2000));
    const auto findings = spy.first().first().value<QList<PreflightFinding>>();
    QCOMPARE(findings.size(), 1);
    QVERIFY(findings.first().message.contains(u"no listener"_s));
}

QTEST_GUILESS_MAIN(tst_WebhookReachabilityProbe)
#include "tst_webhookreachabilityprobe.moc"
