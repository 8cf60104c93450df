// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "filterbar.h"
#include "jsontreemodel.h"
#include "jsontreepane.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "rawjsonview.h"
#include "streamview.h"
#include "updatefilterproxy.h"
#include "updatemodeldefs.h"
#include "updatestore.h"

#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace UpdateInspector;

class TestMainWindow : public QObject
{
    Q_OBJECT

    static int rowOfKind(MainWindow &window, UpdateStore &store, UpdateKind kind)
    {
        for (int row = 0; row < window.proxy()->rowCount(); ++row)
            if (store.entry(window.proxy()->sourceRow(row)).kind == kind)
                return row;
        return -1;
    }
    static QStringList topKeys(const JsonTreeModel *model)
    {
        QStringList keys;
        for (int row = 0; row < model->rowCount(); ++row)
            keys << model->index(row, JsonTreeModel::KeyColumn).data().toString();
        return keys;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("update-inspector-tests"));
        QApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void liveStreamStartsEmptyAndGrows()
    {
        UpdateStore store;
        MainWindow window(&store);
        QVERIFY(window.openSample());
        window.startLiveStream(QStringLiteral("Demo"), QStringLiteral("Demo: a built-in emulated bot"));
        QCOMPARE(store.size(), 0);
        QCOMPARE(window.proxy()->rowCount(), 0);
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Demo")));
        QVERIFY(window.noticeBar()->text().contains(QStringLiteral("built-in emulated bot")));
        QList<UpdateRecord> live;
        for (int id = 1; id <= 3; ++id)
            live.append({QStringLiteral("{\"update_id\":%1,\n\"message\":{\"message_id\":1,\"date\":1,"
                                        "\"chat\":{\"id\":5,\"type\":\"private\"}}}").arg(id).toUtf8(),
                         1700000000000, UpdateSource::Poll});
        store.append(live);
        store.flushNotifications();
        QCOMPARE(window.proxy()->rowCount(), 3);
        QVERIFY2(window.statusText().startsWith(QStringLiteral("3 updates · 3 shown")), qPrintable(window.statusText()));
    }

    void sampleLogSelectShowsTreeAndHighlightedJson()
    {
        UpdateStore store;
        MainWindow window(&store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openSample());
        QCOMPARE(store.size(), 69);
        QCOMPARE(window.proxy()->rowCount(), 69);
        QVERIFY(window.windowTitle().contains(QStringLiteral("sample log")));
        QVERIFY(window.statusText().startsWith(QStringLiteral("69 updates · 69 shown")));

        const int row = rowOfKind(window, store, UpdateKind::CallbackQuery);
        QVERIFY(row >= 0);
        window.streamView()->selectRow(row);
        const qsizetype storeRow = window.currentStoreRow();
        QCOMPARE(storeRow, qsizetype(window.proxy()->sourceRow(row)));
        const UpdateIndexEntry &entry = store.entry(storeRow);

        // The tree shows this update: update_id and callback_query at the top level.
        const JsonTreeModel *tree = window.treePane()->jsonModel();
        QCOMPARE(topKeys(tree), (QStringList {QStringLiteral("update_id"), QStringLiteral("callback_query")}));
        QCOMPARE(tree->index(0, JsonTreeModel::ValueColumn).data().toString(), QString::number(entry.updateId));

        // The raw view shows the same update, pretty-printed and highlighted.
        const QString text = window.rawView()->toPlainText();
        QVERIFY(text.startsWith(QStringLiteral("{\n  \"update_id\": %1,").arg(entry.updateId)));
        QVERIFY(text.contains(QStringLiteral("\"callback_query\": {")));
        QVERIFY(!window.rawView()->themeName().isEmpty());
        QTextBlock block = window.rawView()->document()->findBlockByNumber(1);
        QTRY_VERIFY(!block.layout()->formats().isEmpty()); // the highlighter coloured the line
        // Raw mode shows the bytes exactly.
        window.rawView()->setPretty(false);
        QCOMPARE(window.rawView()->toPlainText().toUtf8(), store.raw(storeRow).toByteArray());
        window.rawView()->setPretty(true);

        // Ctrl+C in the stream copies the update's JSON.
        window.streamView()->setFocus();
        QTest::keyClick(window.streamView(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), QString::fromUtf8(store.raw(storeRow)) + u'\n');

        if (const QByteArray shot = qgetenv("UI_SCREENSHOT"); !shot.isEmpty())
            window.grab().save(QString::fromLocal8Bit(shot));
    }

    void filterKeepsSelection()
    {
        UpdateStore store;
        MainWindow window(&store);
        QVERIFY(window.openSample());
        const int row = rowOfKind(window, store, UpdateKind::PollAnswer);
        window.streamView()->selectRow(row);
        const qsizetype selected = window.currentStoreRow();
        window.filterBar()->textEdit()->setText(QStringLiteral("option_ids"));
        QTRY_VERIFY(window.proxy()->rowCount() < 69);
        QVERIFY(window.proxy()->rowCount() >= 1);
        QCOMPARE(window.currentStoreRow(), selected);
        QVERIFY(window.statusText().contains(QStringLiteral("%1 shown").arg(window.proxy()->rowCount())));
        window.filterBar()->chatEdit()->setText(QStringLiteral("not a number"));
        QCOMPARE(window.filterBar()->chatSyntaxState(), FilterBar::SyntaxState::Invalid);
        window.filterBar()->clear();
        QCOMPARE(window.proxy()->rowCount(), 69);
    }

    void malformedLinesAreReportedAndGoodLinesLoad()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("mixed.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"update_id\":1,\"message\":{\"message_id\":1,\"chat\":{\"id\":1,\"type\":\"private\"},\"date\":1,\"text\":\"hi\"}}\n"
                   "{broken\n"
                   "{\"update_id\":2,\"poll\":{\"id\":\"p\",\"question\":\"Q?\"}}\n");
        file.close();
        UpdateStore store;
        MainWindow window(&store);
        QVERIFY(window.openLog(path));
        QCOMPARE(store.size(), 2);
        QVERIFY(window.noticeBar()->isVisibleTo(&window));
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("1 malformed line(s) skipped (first: line 2:")),
                 qPrintable(window.noticeBar()->text()));
        QVERIFY(window.noticeBar()->details().startsWith(QStringLiteral("line 2: ")));
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("mixed.jsonl")));

        // Save As writes our format; it reopens with the same bytes.
        const QString saved = dir.filePath(QStringLiteral("saved.jsonl"));
        QVERIFY(window.saveTo(saved));
        UpdateStore again;
        MainWindow reopened(&again);
        QVERIFY(reopened.openLog(saved));
        QCOMPARE(again.size(), 2);
        for (qsizetype i = 0; i < 2; ++i)
            QCOMPARE(again.raw(i).toByteArray(), store.raw(i).toByteArray());
        QVERIFY(!reopened.noticeBar()->isVisibleTo(&reopened));
    }

    void highlightThemeFollowsPalette()
    {
        RawJsonView view;
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        view.setPalette(light);
        const QString lightTheme = view.themeName();
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Text, Qt::white);
        view.setPalette(dark);
        QVERIFY(!lightTheme.isEmpty());
        QVERIFY2(view.themeName() != lightTheme, qPrintable(view.themeName()));
        view.setPalette(light);
        QCOMPARE(view.themeName(), lightTheme);
    }

    void missingFileIsAnError()
    {
        UpdateStore store;
        MainWindow window(&store);
        QVERIFY(!window.openLog(QStringLiteral("/nonexistent/x.jsonl")));
        QVERIFY(window.noticeBar()->text().contains(QStringLiteral("Could not open")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
