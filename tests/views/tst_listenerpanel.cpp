// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The listener panel against a real WebhookListener on 127.0.0.1 (journal in a temporary folder),
// driven with real HTTP requests: the table and counters fill, a selected row shows its headers
// and body, and the response controls change what the next update is answered with.
#include "widgetscreenshot.h"
#include "capturejournal.h"
#include "listenerpanel.h"
#include "listenerrequestmodel.h"
#include "listenerstats.h"
#include "webhooklistener.h"

#include <QComboBox>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace UpdateInspector;

namespace {
const QByteArray kSecret = QByteArrayLiteral("panel-test-secret_42");

QByteArray updateBody(qint64 updateId, const QString &text = QStringLiteral("hello"))
{
    return QStringLiteral("{\"update_id\":%1,\"message\":{\"message_id\":7,\"date\":1700000000,"
                          "\"chat\":{\"id\":42,\"type\":\"private\",\"first_name\":\"Ann\"},\"text\":\"%2\"}}")
        .arg(updateId).arg(text).toUtf8();
}

struct Answer
{
    int status = -1; // -1: no answer in time; 0: the connection was closed
    QByteArray body;
    QByteArray retryAfter;
};
} // namespace

class tst_ListenerPanel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CaptureJournal> m_journal;
    std::unique_ptr<WebhookListener> m_listener;
    QNetworkAccessManager m_network;

    Answer send(const QByteArray &method, const QString &path, const QByteArray &body,
                const QByteArray &secret = kSecret)
    {
        QUrl url = m_listener->localUrl();
        url.setPath(path);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!secret.isEmpty())
            request.setRawHeader("X-Telegram-Bot-Api-Secret-Token", secret);
        std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, method, body));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        Answer answer;
        if (!finished.isValid() || !finished.wait(5000))
            return answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.retryAfter = reply->rawHeader("Retry-After");
        return answer;
    }
    int post(qint64 updateId) { return send("POST", QStringLiteral("/webhook"), updateBody(updateId)).status; }

    static QString labelText(const ListenerPanel &panel, const char *name)
    {
        const auto *label = panel.findChild<QLabel *>(QLatin1StringView(name));
        return label ? label->text() : QStringLiteral("(no label %1)").arg(QLatin1StringView(name));
    }
    static QString cell(const ListenerPanel &panel, int row, int column)
    {
        return panel.model()->index(row, column).data().toString();
    }
    static void clickApply(ListenerPanel &panel)
    {
        auto *apply = panel.findChild<QPushButton *>(QStringLiteral("apply"));
        QVERIFY(apply);
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_journal = std::make_unique<CaptureJournal>();
        QString error;
        QVERIFY2(m_journal->open(m_dir->filePath(QStringLiteral("capture.jsonl")), &error), qPrintable(error));
        m_listener = std::make_unique<WebhookListener>(*m_journal);
        ListenerOptions options;
        options.path = QStringLiteral("/webhook");
        options.secretToken = QString::fromLatin1(kSecret);
        QVERIFY2(m_listener->start(options, &error), qPrintable(error));
    }
    void cleanup()
    {
        m_listener.reset();
        m_journal.reset();
        m_dir.reset();
    }

    void tableAndCountersFill()
    {
        ListenerPanel panel;
        panel.setListener(m_listener.get());
        panel.resize(1100, 700);
        panel.show();
        QVERIFY(panel.statusText().contains(QStringLiteral("Listening on http://127.0.0.1:%1/webhook").arg(m_listener->port())));
        QVERIFY(panel.statusText().contains(QStringLiteral("secret token set")));
        QVERIFY(panel.statusText().contains(QStringLiteral("plain HTTP")));

        QCOMPARE(post(1001), 200);
        QCOMPARE(post(1001), 200);                                                          // redelivered
        QCOMPARE(send("POST", QStringLiteral("/webhook"), updateBody(1002), {}).status, 403); // no secret
        QCOMPARE(send("POST", QStringLiteral("/webhook"), updateBody(1003), "wrong").status, 403);
        QCOMPARE(send("GET", QStringLiteral("/webhook"), {}).status, 405);
        QCOMPARE(send("POST", QStringLiteral("/elsewhere"), updateBody(1004)).status, 404);
        QCOMPARE(send("POST", QStringLiteral("/webhook"), "not json").status, 400);

        QTRY_COMPARE(panel.model()->rowCount(), 7);
        const QStringList verdicts{QStringLiteral("accepted"),     QStringLiteral("redelivered"),
                                   QStringLiteral("wrong-secret"), QStringLiteral("wrong-secret"),
                                   QStringLiteral("wrong-method"), QStringLiteral("wrong-path"),
                                   QStringLiteral("bad-request")};
        for (int row = 0; row < verdicts.size(); ++row)
            QCOMPARE(cell(panel, row, ListenerColumn::Verdict), verdicts.at(row));
        QCOMPARE(cell(panel, 0, ListenerColumn::UpdateId), QStringLiteral("1001"));
        QCOMPARE(cell(panel, 0, ListenerColumn::Method), QStringLiteral("POST"));
        QCOMPARE(cell(panel, 4, ListenerColumn::Status), QStringLiteral("405"));
        QVERIFY(cell(panel, 0, ListenerColumn::Badges).contains(QStringLiteral("secret ✓")));
        QVERIFY(cell(panel, 1, ListenerColumn::Badges).contains(QStringLiteral("dup")));
        QVERIFY(cell(panel, 0, ListenerColumn::From).startsWith(QStringLiteral("127.0.0.1:")));

        panel.refresh();
        QCOMPARE(labelText(panel, "total"), QStringLiteral("7"));
        QCOMPARE(labelText(panel, "accepted"), QStringLiteral("1"));
        QCOMPARE(labelText(panel, "redelivered"), QStringLiteral("1"));
        QCOMPARE(labelText(panel, "faulted"), QStringLiteral("0"));
        QCOMPARE(labelText(panel, "rejected"), QStringLiteral("5"));
        const QString reasons = labelText(panel, "rejectedReasons");
        QVERIFY2(reasons.contains(QStringLiteral("wrong-secret 2")), qPrintable(reasons));
        QVERIFY2(reasons.contains(QStringLiteral("wrong-method 1")), qPrintable(reasons));
        QVERIFY2(reasons.contains(QStringLiteral("wrong-path 1")), qPrintable(reasons));
        QVERIFY2(reasons.contains(QStringLiteral("bad-request 1")), qPrintable(reasons));
        QCOMPARE(panel.stats()->averageRate(), 0.7); // 7 requests in the last 10 s
        QVERIFY2(labelText(panel, "rate").endsWith(QStringLiteral(" (0.7)")), qPrintable(labelText(panel, "rate")));
        QCOMPARE(panel.stats()->answeredCount(), 7);
        QVERIFY(labelText(panel, "percentiles").startsWith(QStringLiteral("p50 ")));

        // Detached: nothing is shown and nothing can be applied.
        panel.setListener(nullptr);
        QCOMPARE(panel.model()->rowCount(), 0);
        QCOMPARE(panel.statusText(), QStringLiteral("No listener."));
        QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("apply"))->isEnabled());
        QCOMPARE(post(1005), 200);
        QTest::qWait(50);
        QCOMPARE(panel.model()->rowCount(), 0);
    }

    void selectedRowShowsDetail()
    {
        ListenerPanel panel;
        panel.setListener(m_listener.get());
        panel.show();
        QCOMPARE(post(2001), 200);
        QCOMPARE(send("POST", QStringLiteral("/webhook"), updateBody(2002), "wrong").status, 403);
        QTRY_COMPARE(panel.model()->rowCount(), 2);

        panel.table()->selectRow(0);
        const QString detail = panel.detailText();
        QVERIFY2(detail.contains(QStringLiteral("content-type: application/json")), qPrintable(detail));
        // The configured secret never shows; the listener recorded it redacted.
        QVERIFY2(detail.contains(QStringLiteral("x-telegram-bot-api-secret-token: ***")), qPrintable(detail));
        QVERIFY(!detail.contains(QString::fromLatin1(kSecret)));
        QVERIFY2(detail.startsWith(QStringLiteral("accepted")), qPrintable(detail));
        QVERIFY2(detail.contains(QStringLiteral("POST /webhook from 127.0.0.1:")), qPrintable(detail));
        QVERIFY2(detail.contains(QStringLiteral("Answer: 200")), qPrintable(detail));
        QVERIFY2(detail.contains(QStringLiteral("matched the configured secret")), qPrintable(detail));
        const QString body = panel.bodyText();
        QVERIFY2(body.contains(QStringLiteral("\"update_id\": 2001")), qPrintable(body)); // pretty-printed
        QVERIFY(body.contains(u'\n'));

        panel.table()->selectRow(1);
        const QString rejected = panel.detailText();
        QVERIFY2(rejected.startsWith(QStringLiteral("wrong-secret")), qPrintable(rejected));
        QVERIFY2(rejected.contains(QStringLiteral("does not match")), qPrintable(rejected));
        QVERIFY2(rejected.contains(QStringLiteral("Answer: 403")), qPrintable(rejected));
    }

    void faultFromControls()
    {
        ListenerPanel panel;
        panel.setListener(m_listener.get());
        panel.show();
        auto *kind = panel.findChild<QComboBox *>(QStringLiteral("faultKind"));
        auto *scope = panel.findChild<QComboBox *>(QStringLiteral("faultScope"));
        auto *amount = panel.findChild<QSpinBox *>(QStringLiteral("faultAmount"));
        auto *seconds = panel.findChild<QSpinBox *>(QStringLiteral("faultSeconds"));
        QVERIFY(kind && scope && amount && seconds);

        kind->setCurrentIndex(1); // 500
        scope->setCurrentIndex(0); // the next…
        amount->setValue(1);      // …one request
        clickApply(panel);
        QVERIFY2(panel.responseMessage().contains(QStringLiteral("500")), qPrintable(panel.responseMessage()));
        QCOMPARE(m_listener->fault().kind, ListenerFault::Kind::Status);
        QVERIFY(panel.statusText().contains(QStringLiteral("fault")));

        QCOMPARE(post(3001), 500);
        QCOMPARE(post(3002), 200); // the count ran out
        QTRY_COMPARE(panel.model()->rowCount(), 2);
        QCOMPARE(cell(panel, 0, ListenerColumn::Verdict), QStringLiteral("faulted"));
        QCOMPARE(cell(panel, 0, ListenerColumn::Status), QStringLiteral("500"));
        QCOMPARE(cell(panel, 1, ListenerColumn::Verdict), QStringLiteral("accepted"));

        // 429 with Retry-After for every request, then cleared again.
        kind->setCurrentIndex(3);
        QVERIFY(seconds->isVisibleTo(&panel));
        seconds->setValue(7);
        scope->setCurrentIndex(1);
        amount->setValue(100);
        clickApply(panel);
        const Answer limited = send("POST", QStringLiteral("/webhook"), updateBody(3003));
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.retryAfter, QByteArrayLiteral("7"));
        QCOMPARE(post(3004), 429);
        kind->setCurrentIndex(0);
        clickApply(panel);
        QCOMPARE(m_listener->fault().isActive(), false);
        QCOMPARE(post(3005), 200);
        QTRY_COMPARE(panel.model()->rowCount(), 5);
        panel.refresh();
        QCOMPARE(labelText(panel, "faulted"), QStringLiteral("3"));
        QCOMPARE(labelText(panel, "accepted"), QStringLiteral("2"));

        // A new panel on the same listener shows its current fault in the controls.
        m_listener->setFault([] {
            ListenerFault fault;
            fault.kind = ListenerFault::Kind::Stall;
            fault.stallSeconds = 90;
            fault.remaining = 4;
            return fault;
        }());
        ListenerPanel second;
        second.setListener(m_listener.get());
        QCOMPARE(second.findChild<QComboBox *>(QStringLiteral("faultKind"))->currentIndex(), 4);
        QCOMPARE(second.findChild<QSpinBox *>(QStringLiteral("faultSeconds"))->value(), 90);
        QCOMPARE(second.findChild<QSpinBox *>(QStringLiteral("faultAmount"))->value(), 4);
    }

    void replyFromControls()
    {
        ListenerPanel panel;
        panel.setListener(m_listener.get());
        auto *mode = panel.findChild<QComboBox *>(QStringLiteral("replyMode"));
        auto *body = panel.findChild<QPlainTextEdit *>(QStringLiteral("replyBody"));
        QVERIFY(mode && body);
        QVERIFY(!body->isEnabled());
        mode->setCurrentIndex(1);
        QVERIFY(body->isEnabled());

        body->setPlainText(QStringLiteral("this is not JSON"));
        QVERIFY(!panel.applyResponse());
        QVERIFY2(panel.responseMessage().startsWith(QStringLiteral("Not applied:")), qPrintable(panel.responseMessage()));
        QVERIFY(m_listener->reply().methodBody.isEmpty());

        const QByteArray call = QByteArrayLiteral("{\"method\":\"sendMessage\",\"chat_id\":42,\"text\":\"pong\"}");
        body->setPlainText(QString::fromUtf8(call));
        clickApply(panel);
        QCOMPARE(m_listener->reply().methodBody, call);
        const Answer answer = send("POST", QStringLiteral("/webhook"), updateBody(4001));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, call);
        QTRY_COMPARE(panel.model()->rowCount(), 1);
        panel.table()->selectRow(0);
        QVERIFY2(panel.detailText().contains(QStringLiteral("\"text\": \"pong\"")), qPrintable(panel.detailText()));

        mode->setCurrentIndex(0);
        QVERIFY(panel.applyResponse());
        QVERIFY(m_listener->reply().methodBody.isEmpty());
    }

    void followsNewestUntilScrolledUp()
    {
        ListenerPanel panel;
        panel.resize(1100, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.model()->setCapacity(300);
        QScrollBar *bar = panel.table()->verticalScrollBar();
        auto batch = [](int first, int count) {
            QList<WebhookRequest> requests;
            for (int i = 0; i < count; ++i) {
                WebhookRequest r;
                r.updateId = first + i;
                r.status = 200;
                r.verdict = WebhookVerdict::Accepted;
                requests << r;
            }
            return requests;
        };
        panel.model()->append(batch(1, 100));
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(panel.isFollowingNewest());

        bar->triggerAction(QAbstractSlider::SliderToMinimum); // the user scrolls up
        QVERIFY(!panel.isFollowingNewest());
        panel.model()->append(batch(101, 50));
        QTest::qWait(50);
        QCOMPARE(bar->value(), 0);
        QVERIFY(bar->maximum() > 0);
        // The ring drops the oldest rows: the rows being read stay in place (they move up by as
        // many as were dropped, down to the top).
        bar->setValue(120);
        QVERIFY(!panel.isFollowingNewest());
        panel.model()->append(batch(151, 200)); // 350 for 300 places: 50 leave
        QTest::qWait(50);
        QCOMPARE(bar->value(), 70);

        bar->triggerAction(QAbstractSlider::SliderToMaximum); // back to the bottom: follow again
        QVERIFY(panel.isFollowingNewest());
        panel.model()->append(batch(351, 30));
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void screenshotWithFaults()
    {
        ListenerPanel panel;
        panel.setListener(m_listener.get());
        panel.resize(1100, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (int i = 0; i < 12; ++i)
            QCOMPARE(post(5000 + i), 200);
        QCOMPARE(post(5003), 200);
        QCOMPARE(send("POST", QStringLiteral("/webhook"), updateBody(5100), "wrong").status, 403);
        QCOMPARE(send("GET", QStringLiteral("/webhook"), {}).status, 405);
        QCOMPARE(send("POST", QStringLiteral("/webhook/other"), updateBody(5101)).status, 404);
        panel.findChild<QComboBox *>(QStringLiteral("faultKind"))->setCurrentIndex(3);
        panel.findChild<QSpinBox *>(QStringLiteral("faultSeconds"))->setValue(5);
        panel.findChild<QComboBox *>(QStringLiteral("faultScope"))->setCurrentIndex(0);
        panel.findChild<QSpinBox *>(QStringLiteral("faultAmount"))->setValue(5);
        clickApply(panel);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(post(5200 + i), 429);
        QCOMPARE(send("POST", QStringLiteral("/webhook"), "{\"update_id\":5300}").status, 400);
        QTRY_COMPARE(panel.model()->rowCount(), 20);
        panel.table()->selectRow(17);
        panel.refresh();
        QVERIFY(panel.detailText().startsWith(QStringLiteral("faulted")));
        saveScreenshot(panel, QStringLiteral("listenerpanel"));
    }
};

QTEST_MAIN(tst_ListenerPanel)
#include "tst_listenerpanel.moc"
