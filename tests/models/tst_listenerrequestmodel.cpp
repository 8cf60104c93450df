// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The listener's request table: batches become one insertion each, the ring drops its oldest rows
// with a removal, and each role carries what the listener recorded (redacted paths untouched).
#include "listenerrequestmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace UpdateInspector;

namespace {
WebhookRequest makeRequest(std::int64_t updateId, WebhookVerdict verdict = WebhookVerdict::Accepted)
{
    WebhookRequest r;
    r.receivedMs = QDateTime(QDate(2026, 3, 1), QTime(14, 5, 7, 89)).toMSecsSinceEpoch();
    r.peer = QStringLiteral("127.0.0.1");
    r.peerPort = 40001;
    r.method = "POST";
    r.path = QStringLiteral("/webhook");
    r.headers = {{"content-type", "application/json"}};
    r.body = QByteArrayLiteral("{\"update_id\":") + QByteArray::number(updateId) + '}';
    r.status = 200;
    r.latencyUs = 420;
    r.verdict = verdict;
    r.updateId = updateId;
    return r;
}

QList<WebhookRequest> batchOf(std::int64_t firstId, int count)
{
    QList<WebhookRequest> batch;
    for (int i = 0; i < count; ++i)
        batch << makeRequest(firstId + i);
    return batch;
}

std::int64_t updateIdAt(const ListenerRequestModel &model, int row)
{
    return model.index(row, ListenerColumn::UpdateId).data(ListenerRawValueRole).toLongLong();
}
} // namespace

class tst_ListenerRequestModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchIsOneInsertion()
    {
        ListenerRequestModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(inserted.isValid());
        model.append(batchOf(1, 7));
        model.append({});
        model.append(batchOf(8, 3));
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 6);
        QCOMPARE(inserted.at(1).at(1).toInt(), 7);
        QCOMPARE(inserted.at(1).at(2).toInt(), 9);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.columnCount(), int(ListenerColumn::Count));
        for (int row = 0; row < 10; ++row)
            QCOMPARE(updateIdAt(model, row), row + 1);
    }

    void ringDropsOldest()
    {
        ListenerRequestModel model;
        QCOMPARE(model.capacity(), ListenerRequestModel::DefaultCapacity);
        model.setCapacity(5);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(removed.isValid());
        QVERIFY(inserted.isValid());

        model.append(batchOf(1, 4));
        QCOMPARE(removed.size(), 0);
        model.append(batchOf(5, 3)); // 7 rows for 5 places: the 2 oldest go first
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(removed.at(0).at(2).toInt(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(updateIdAt(model, 0), 3);
        QCOMPARE(updateIdAt(model, 4), 7);

        // A batch larger than the ring: everything old goes, only the newest 5 of it stay.
        model.append(batchOf(100, 12));
        QCOMPARE(removed.size(), 2);
        QCOMPARE(removed.at(1).at(2).toInt(), 4);
        QCOMPARE(inserted.size(), 3);
        QCOMPARE(inserted.at(2).at(1).toInt(), 0);
        QCOMPARE(inserted.at(2).at(2).toInt(), 4);
        QCOMPARE(updateIdAt(model, 0), 107);
        QCOMPARE(updateIdAt(model, 4), 111);

        model.setCapacity(2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(updateIdAt(model, 0), 110);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void displayTexts()
    {
        ListenerRequestModel model;
        WebhookRequest v6 = makeRequest(0, WebhookVerdict::WrongMethod);
        v6.peer = QStringLiteral("::1");
        v6.peerPort = 5123;
        v6.method = "GET";
        v6.status = 0;
        v6.latencyUs = 1'240;
        WebhookRequest slow = makeRequest(77, WebhookVerdict::Faulted);
        slow.latencyUs = 70'500'000;
        model.append({makeRequest(42), v6, slow});
        auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, ListenerColumn::Time), QStringLiteral("14:05:07.089"));
        QCOMPARE(cell(0, ListenerColumn::From), QStringLiteral("127.0.0.1:40001"));
        QCOMPARE(cell(1, ListenerColumn::From), QStringLiteral("[::1]:5123"));
        QCOMPARE(cell(0, ListenerColumn::Method), QStringLiteral("POST"));
        QCOMPARE(cell(0, ListenerColumn::Path), QStringLiteral("/webhook"));
        QCOMPARE(cell(0, ListenerColumn::Status), QStringLiteral("200"));
        QCOMPARE(cell(1, ListenerColumn::Status), QStringLiteral("closed"));
        QCOMPARE(cell(0, ListenerColumn::Verdict), QStringLiteral("accepted"));
        QCOMPARE(cell(1, ListenerColumn::Verdict), QStringLiteral("wrong-method"));
        QCOMPARE(cell(0, ListenerColumn::Latency), QStringLiteral("420 µs"));
        QCOMPARE(cell(1, ListenerColumn::Latency), QStringLiteral("1.24 ms"));
        QCOMPARE(cell(2, ListenerColumn::Latency), QStringLiteral("70.50 s"));
        QCOMPARE(cell(0, ListenerColumn::UpdateId), QStringLiteral("42"));
        QCOMPARE(cell(1, ListenerColumn::UpdateId), QString());
        QCOMPARE(model.headerData(ListenerColumn::UpdateId, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("update_id"));
    }

    void badgesAndToolTips()
    {
        ListenerRequestModel model;
        WebhookRequest all = makeRequest(9, WebhookVerdict::Redelivered);
        all.badges = SecretMatched | TelegramRange | DuplicateUpdate;
        WebhookRequest rejected = makeRequest(0, WebhookVerdict::WrongSecret);
        rejected.reason = QStringLiteral("the secret header is missing");
        model.append({all, rejected});

        const QString badges = model.index(0, ListenerColumn::Badges).data().toString();
        QVERIFY(badges.contains(QStringLiteral("secret ✓")));
        QVERIFY(badges.contains(QStringLiteral("TG range?")));
        QVERIFY(badges.contains(QStringLiteral("dup")));
        QCOMPARE(model.index(1, ListenerColumn::Badges).data().toString(), QString());

        const QString tip = model.index(0, ListenerColumn::Path).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.startsWith(QStringLiteral("redelivered — this update_id was already journaled")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("from Telegram's documented webhook ranges (list not verified)")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("matched the configured secret")), qPrintable(tip));
        const QString rejectedTip = model.index(1, ListenerColumn::Time).data(Qt::ToolTipRole).toString();
        QVERIFY2(rejectedTip.contains(QStringLiteral("403")), qPrintable(rejectedTip));
        QVERIFY2(rejectedTip.contains(QStringLiteral("the secret header is missing")), qPrintable(rejectedTip));
    }

    void foregroundMarksRejected()
    {
        ListenerRequestModel model;
        model.append({makeRequest(1), makeRequest(2, WebhookVerdict::Faulted),
                      makeRequest(0, WebhookVerdict::WrongPath), makeRequest(3, WebhookVerdict::Redelivered)});
        auto colour = [&](int row) { return model.index(row, ListenerColumn::Verdict).data(Qt::ForegroundRole); };
        QVERIFY(!colour(0).isValid());
        QVERIFY(!colour(3).isValid());
        QVERIFY(colour(1).canConvert<QColor>());
        QVERIFY(colour(2).canConvert<QColor>());
        QVERIFY(colour(1).value<QColor>() != colour(2).value<QColor>());
        QCOMPARE(model.index(2, 0).data(VerdictRole).toInt(), int(WebhookVerdict::WrongPath));
    }

    void requestRoleKeepsRedaction()
    {
        ListenerRequestModel model;
        WebhookRequest r = makeRequest(5);
        r.path = QStringLiteral("/bot123456789:***/hook");
        r.headers << qMakePair(QByteArray("x-telegram-bot-api-secret-token"), QByteArray("***"));
        r.responseBody = "{\"method\":\"sendMessage\"}";
        r.badges = SecretMatched;
        model.append({r});

        QCOMPARE(model.index(0, ListenerColumn::Path).data().toString(), r.path);
        const QVariant value = model.index(0, ListenerColumn::Status).data(WebhookRequestRole);
        QVERIFY(value.canConvert<WebhookRequest>());
        const WebhookRequest back = value.value<WebhookRequest>();
        QCOMPARE(back.path, r.path);
        QCOMPARE(back.headers, r.headers);
        QCOMPARE(back.body, r.body);
        QCOMPARE(back.responseBody, r.responseBody);
        QCOMPARE(back.badges, r.badges);
        QCOMPARE(model.request(0).updateId, 5);
        // Sorting values are numbers, not texts.
        QCOMPARE(model.index(0, ListenerColumn::Time).data(ListenerRawValueRole).toLongLong(), r.receivedMs);
        QCOMPARE(model.index(0, ListenerColumn::Latency).data(ListenerRawValueRole).toLongLong(), 420);
    }
};

QTEST_GUILESS_MAIN(tst_ListenerRequestModel)
#include "tst_listenerrequestmodel.moc"
