// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logreader.h"
#include "updatemodel.h"
#include "updatemodeldefs.h"
#include "updatestore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace UpdateInspector;

class TestUpdateModel : public QObject
{
    Q_OBJECT

    static UpdateRecord message(qint64 id, qint64 chat, const char *text)
    {
        return {QStringLiteral(R"({"update_id":%1,"message":{"message_id":1,"from":{"id":42,"is_bot":false,"first_name":"Ann","username":"ann"},"chat":{"id":%2,"type":"private","first_name":"Ann"},"date":1795700000,"text":"%3"}})")
                    .arg(id).arg(chat).arg(QLatin1StringView(text)).toUtf8(),
                1795700000123, UpdateSource::Poll};
    }

private Q_SLOTS:
    void columnsAndRoles()
    {
        UpdateStore store;
        store.setNotifyInterval(0);
        UpdateModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(store.append(message(100, 42, "hello")));
        QVERIFY(store.append({QByteArrayLiteral(R"({"update_id":101,"custom_event":{"x":1}})"), 0, UpdateSource::File}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(UpdateColumn::Count));
        auto cell = [&](int row, int column, int role = Qt::DisplayRole) { return model.index(row, column).data(role); };
        QCOMPARE(cell(0, UpdateColumn::Row).toInt(), 1);
        QCOMPARE(cell(0, UpdateColumn::UpdateId).toString(), QStringLiteral("100"));
        QCOMPARE(cell(0, UpdateColumn::Kind).toString(), QStringLiteral("message"));
        QCOMPARE(cell(0, UpdateColumn::Chat).toString(), QStringLiteral("Ann"));
        QCOMPARE(cell(0, UpdateColumn::From).toString(), QStringLiteral("Ann @ann"));
        QCOMPARE(cell(0, UpdateColumn::Summary).toString(), QStringLiteral("hello"));
        QCOMPARE(cell(0, UpdateColumn::Source).toString(), QStringLiteral("poll"));
        QCOMPARE(cell(0, UpdateColumn::Size).toInt(), int(store.raw(0).size()));
        QCOMPARE(cell(0, UpdateColumn::Chat, RawValueRole).toLongLong(), 42);
        QCOMPARE(cell(0, UpdateColumn::Received, RawValueRole).toLongLong(), 1795700000123);
        QCOMPARE(cell(0, UpdateColumn::Date, RawValueRole).toUInt(), 1795700000u);
        QCOMPARE(cell(0, 0, RawJsonRole).toByteArray(), store.raw(0).toByteArray());
        // An unknown kind is shown by its key name.
        QCOMPARE(cell(1, UpdateColumn::Kind).toString(), QStringLiteral("custom_event"));
        QCOMPARE(cell(1, 0, KindRole).toInt(), int(UpdateKind::Unknown));
        QCOMPARE(cell(1, UpdateColumn::Received).toString(), QString());
    }

    void batchedInsertion()
    {
        UpdateStore store;
        store.setNotifyInterval(30);
        UpdateModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(inserted.isValid());
        for (int i = 0; i < 500; ++i)
            QVERIFY(store.append(message(1000 + i, 7, "burst")));
        // Nothing reaches the view until the batch is announced; then one insertion for all.
        QCOMPARE(model.rowCount(), 0);
        QTRY_COMPARE(model.rowCount(), 500);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 499);
    }

    void resetOnClear()
    {
        UpdateStore store;
        store.setNotifyInterval(0);
        UpdateModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(reset.isValid());
        QVERIFY(store.append(message(1, 1, "a")));
        store.clear();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(store.append(message(2, 1, "b")));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, UpdateColumn::Summary).data().toString(), QStringLiteral("b"));
    }

    void sampleLog()
    {
        UpdateStore store;
        UpdateModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        LogReader reader;
        const LogReadResult result = reader.readFile(QStringLiteral(UI_SOURCE_DIR "/resources/sample/sample-updates.jsonl"), store);
        QVERIFY2(result.ok(), qPrintable(result.fatal));
        QCOMPARE(result.errorCount, 0);
        QTRY_COMPARE(model.rowCount(), int(result.updates));
        // Every row renders every column without an empty kind.
        for (int row = 0; row < model.rowCount(); ++row) {
            QVERIFY(!model.index(row, UpdateColumn::Kind).data().toString().isEmpty());
            for (int column = 0; column < model.columnCount(); ++column)
                model.index(row, column).data();
        }
    }
};

QTEST_GUILESS_MAIN(TestUpdateModel)
#include "tst_updatemodel.moc"
