// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "logformat.h"
#include "updatefilter.h"

#include <QMainWindow>

class QLabel;
class QMenu;

namespace UpdateInspector {

class FilterBar;
class JsonTreePane;
class NoticeBar;
class RawJsonView;
class RecentFiles;
class StreamView;
class UpdateFilterProxy;
class UpdateModel;
class UpdateStore;

// The main window: the stream (filterable table) above the selected update as a JSON tree and as
// highlighted JSON. Logs are opened, dropped, saved here; sources are wired in by app/.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    static constexpr auto SampleLogPath = ":/sample/sample-updates.jsonl";

    explicit MainWindow(UpdateStore *store, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Replaces the stream with the log's updates; bad lines are reported, good ones kept.
    bool openLog(const QString &path);
    bool openSample();
    // Empties the stream for updates that a source (wired in by app/) appends live to the store;
    // `name` goes in the title, `notice` says where they come from.
    void startLiveStream(const QString &name, const QString &notice);
    bool saveTo(const QString &path);

    StreamView *streamView() const { return m_stream; }
    JsonTreePane *treePane() const { return m_tree; }
    RawJsonView *rawView() const { return m_raw; }
    FilterBar *filterBar() const { return m_filterBar; }
    NoticeBar *noticeBar() const { return m_notice; }
    UpdateFilterProxy *proxy() const { return m_proxy; }
    QString statusText() const;
    // Selects the row of a store row (if shown) and makes it current.
    bool selectStoreRow(qsizetype storeRow);
    qsizetype currentStoreRow() const;
    bool selectFirstOfKind(UpdateKind kind);

    // For app/ to wire sources in without this window knowing them.
    QMenu *fileMenu() const { return m_fileMenu; }
    QMenu *insertMenu(const QString &title); // before Help
    void addStatusWidget(QWidget *widget);   // left of the counts

Q_SIGNALS:
    // A log (or the sample) replaced the stream: a live source feeding the store should stop.
    void streamReplaced();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    // mainwindow_actions.cpp: menus, actions and their shortcuts.
    void createActions();
    void copySelectedJson(bool pretty);
    void goToUpdateId();
    void showStreamMenu(const QPoint &pos);
    void openDialog();
    void saveAsDialog();
    void save();
    void about();

    bool replaceStream(const QString &path, const QString &name, LogReadResult *result);
    bool load(const QString &name, const LogReadResult &result, qint64 elapsedMs);
    void showCurrent();
    void applyFilter(const UpdateFilter &filter);
    void updateStatus();
    void updateTitle();

    UpdateStore *m_store;
    UpdateModel *m_model;
    UpdateFilterProxy *m_proxy;
    StreamView *m_stream;
    JsonTreePane *m_tree;
    RawJsonView *m_raw;
    FilterBar *m_filterBar;
    NoticeBar *m_notice;
    RecentFiles *m_recent;
    QLabel *m_counts;
    QLabel *m_detailTitle;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QString m_documentName;   // shown in the title
    QString m_savePath;       // where Save writes without asking (a log in our own format)
    qsizetype m_savedRows = 0; // rows the current file holds; more means unsaved updates
};

} // namespace UpdateInspector
