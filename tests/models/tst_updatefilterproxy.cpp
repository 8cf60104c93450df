// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updatefilterproxy.h"
#include "updatemodel.h"
#include "updatemodeldefs.h"
#include "updatestore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace UpdateInspector;

class TestUpdateFilterProxy : public QObject
{
    Q_OBJECT

    UpdateStore *m_store = nullptr;
    UpdateModel *m_model = nullptr;
    UpdateFilterProxy *m_proxy = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;

    void add(qint64 id, const char *kind, qint64 chat, const QString &text)
    {
        const QString payload = QLatin1StringView(kind) == QLatin1StringView("callback_query")
            ? QStringLiteral(R"({"id":"1","from":{"id":5,"first_name":"B"},"chat_instance":"x","data":"%2","message":{"message_id":1,"chat":{"id":%1,"type":"group","title":"G"},"date":1}})")
            : QStringLiteral(R"({"message_id":1,"chat":{"id":%1,"type":"group","title":"G"},"date":1,"text":"%2"})");
        const QByteArray raw = QStringLiteral(R"({"update_id":%1,"%2":%3})")
                                   .arg(id).arg(QLatin1StringView(kind), payload.arg(chat).arg(text)).toUtf8();
        QVERIFY2(m_store->append({raw, 0, UpdateSource::File}), raw.constData());
    }

    QList<qint64> shownIds() const
    {
        QList<qint64> ids;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            ids << m_proxy->index(row, UpdateColumn::UpdateId).data(RawValueRole).toLongLong();
        return ids;
    }

private Q_SLOTS:
    void init()
    {
        m_store = new UpdateStore;
        m_store->setNotifyInterval(0);
        m_model = new UpdateModel(m_store);
        m_proxy = new UpdateFilterProxy;
        m_proxy->setSourceModel(m_model);
        m_tester = new QAbstractItemModelTester(m_proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        add(1, "message", -100, QStringLiteral("Hello World"));
        add(2, "callback_query", -100, QStringLiteral("buy:42"));
        add(3, "message", -200, QStringLiteral("привет мир"));
        add(4, "edited_message", -200, QStringLiteral("HELLO again"));
        add(5, "message", -300, QStringLiteral("nothing"));
    }
    void cleanup()
    {
        delete m_tester;
        delete m_proxy;
        delete m_model;
        delete m_store;
    }

    void filters_data()
    {
        QTest::addColumn<quint32>("kinds");
        QTest::addColumn<qint64>("chat"); // 0 = any
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("none") << quint32(AllKinds) << qint64(0) << QString() << QList<qint64> {1, 2, 3, 4, 5};
        QTest::newRow("kind message") << quint32(kindBit(UpdateKind::Message)) << qint64(0) << QString() << QList<qint64> {1, 3, 5};
        QTest::newRow("two kinds") << quint32(kindBit(UpdateKind::CallbackQuery) | kindBit(UpdateKind::EditedMessage))
                                   << qint64(0) << QString() << QList<qint64> {2, 4};
        QTest::newRow("chat") << quint32(AllKinds) << qint64(-200) << QString() << QList<qint64> {3, 4};
        QTest::newRow("callback chat from message.chat") << quint32(AllKinds) << qint64(-100) << QString() << QList<qint64> {1, 2};
        QTest::newRow("text any case") << quint32(AllKinds) << qint64(0) << QStringLiteral("hello") << QList<qint64> {1, 4};
        QTest::newRow("text cyrillic upper") << quint32(AllKinds) << qint64(0) << QStringLiteral("ПРИВЕТ") << QList<qint64> {3};
        QTest::newRow("text json key") << quint32(AllKinds) << qint64(0) << QStringLiteral("\"data\":\"buy") << QList<qint64> {2};
        QTest::newRow("all three") << quint32(kindBit(UpdateKind::EditedMessage)) << qint64(-200) << QStringLiteral("again") << QList<qint64> {4};
        QTest::newRow("no match") << quint32(AllKinds) << qint64(0) << QStringLiteral("zzz") << QList<qint64> {};
        QTest::newRow("no kinds") << quint32(0) << qint64(0) << QString() << QList<qint64> {};
    }
    void filters()
    {
        QFETCH(quint32, kinds);
        QFETCH(qint64, chat);
        QFETCH(QString, text);
        QFETCH(QList<qint64>, expected);
        QSignalSpy changed(m_proxy, &UpdateFilterProxy::filterChanged);
        QVERIFY(changed.isValid());
        UpdateFilter filter;
        filter.kinds = kinds;
        if (chat)
            filter.chatId = chat;
        filter.text = text;
        m_proxy->setFilter(filter);
        QCOMPARE(shownIds(), expected);
        QCOMPARE(changed.size(), filter.isEmpty() ? 0 : 1);
        // mapFromSource agrees with mapToSource for every shown row and hides the rest.
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex mapped = m_proxy->mapFromSource(m_model->index(row, 1));
            QCOMPARE(mapped.isValid(), expected.contains(row + 1));
            if (mapped.isValid())
                QCOMPARE(m_proxy->mapToSource(mapped).row(), row);
        }
    }

    void newRowsAreFiltered()
    {
        UpdateFilter filter;
        filter.chatId = -100;
        m_proxy->setFilter(filter);
        QSignalSpy inserted(m_proxy, &QAbstractItemModel::rowsInserted);
        QVERIFY(inserted.isValid());
        add(6, "message", -300, QStringLiteral("elsewhere"));
        QCOMPARE(inserted.size(), 0);
        add(7, "message", -100, QStringLiteral("here"));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(shownIds(), (QList<qint64> {1, 2, 7}));
    }

    void sorting()
    {
        m_proxy->sort(UpdateColumn::Chat, Qt::AscendingOrder);
        QCOMPARE(shownIds(), (QList<qint64> {5, 3, 4, 1, 2})); // stable within a chat
        m_proxy->sort(UpdateColumn::UpdateId, Qt::DescendingOrder);
        QCOMPARE(shownIds(), (QList<qint64> {5, 4, 3, 2, 1}));
        // A persistent index (a selection) follows its update through a re-sort and new rows.
        const QPersistentModelIndex second = m_proxy->index(3, 0); // update 2
        add(9, "message", -100, QStringLiteral("new"));
        QCOMPARE(shownIds(), (QList<qint64> {9, 5, 4, 3, 2, 1}));
        QCOMPARE(second.row(), 4);
        QCOMPARE(m_proxy->mapToSource(second).row(), 1);
        m_proxy->sort(UpdateColumn::Summary, Qt::AscendingOrder);
        for (int row = 1; row < m_proxy->rowCount(); ++row) {
            const QString before = m_proxy->index(row - 1, UpdateColumn::Summary).data().toString();
            const QString after = m_proxy->index(row, UpdateColumn::Summary).data().toString();
            QVERIFY2(before.localeAwareCompare(after) <= 0, qPrintable(before + u" > " + after));
        }
        m_proxy->sort(-1, Qt::AscendingOrder);
        QCOMPARE(shownIds(), (QList<qint64> {1, 2, 3, 4, 5, 9}));
    }

    void clearResets()
    {
        m_store->clear();
        QCOMPARE(m_proxy->rowCount(), 0);
        add(10, "message", -1, QStringLiteral("x"));
        QCOMPARE(shownIds(), QList<qint64> {10});
    }
};

QTEST_GUILESS_MAIN(TestUpdateFilterProxy)
#include "tst_updatefilterproxy.moc"
