// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "mainwindow.h"

#include "filterbar.h"
#include "jsontreepane.h"
#include "logreader.h"
#include "logwriter.h"
#include "noticebar.h"
#include "rawjsonview.h"
#include "recentfiles.h"
#include "streamview.h"
#include "updatefilterproxy.h"
#include "updatemodel.h"
#include "updatemodeldefs.h"
#include "updatestore.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

namespace UpdateInspector {

MainWindow::MainWindow(UpdateStore *store, QWidget *parent)
    : QMainWindow(parent), m_store(store), m_model(new UpdateModel(store, this)),
      m_proxy(new UpdateFilterProxy(this)), m_stream(new StreamView(this)), m_tree(new JsonTreePane(this)),
      m_raw(new RawJsonView(this)), m_filterBar(new FilterBar(this)), m_notice(new NoticeBar(this)),
      m_recent(new RecentFiles(this)), m_counts(new QLabel(this)), m_detailTitle(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_stream->setModel(m_proxy);

    auto *pretty = new QCheckBox(tr("Pretty-print"), this);
    pretty->setChecked(true);
    pretty->setToolTip(tr("Indent the JSON (values stay exactly as received); off shows the raw bytes"));
    connect(pretty, &QCheckBox::toggled, m_raw, &RawJsonView::setPretty);
    auto *rawPane = new QWidget(this);
    auto *rawHeader = new QHBoxLayout;
    rawHeader->addWidget(m_detailTitle, 1);
    rawHeader->addWidget(pretty);
    auto *rawLayout = new QVBoxLayout(rawPane);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    rawLayout->addLayout(rawHeader);
    rawLayout->addWidget(m_raw);

    auto *details = new QSplitter(Qt::Horizontal, this);
    details->addWidget(m_tree);
    details->addWidget(rawPane);
    details->setSizes({520, 520});
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_stream);
    split->addWidget(details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_notice);
    layout->addWidget(split, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_counts);
    setAcceptDrops(true);
    resize(1280, 800);

    connect(m_filterBar, &FilterBar::filterChanged, this, &MainWindow::applyFilter);
    connect(m_stream->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showCurrent);
    connect(m_stream->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateStatus);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatus);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateTitle);
    connect(m_recent, &RecentFiles::fileChosen, this, &MainWindow::openLog);
    createActions();
    restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray());
    updateStatus();
    updateTitle();
    showCurrent();
}

MainWindow::~MainWindow() = default;

bool MainWindow::openLog(const QString &path)
{
    LogReadResult result;
    if (!replaceStream(path, QFileInfo(path).fileName(), &result))
        return false;
    m_recent->add(path);
    // Save writes back only to a log in our own format; anything else asks where to save.
    const bool ours = result.format == LogFormat::EnvelopeLines && result.errorCount == 0;
    m_savePath = ours ? path : QString();
    return true;
}

bool MainWindow::openSample()
{
    LogReadResult result;
    if (!replaceStream(QString::fromLatin1(SampleLogPath), tr("sample log (bundled)"), &result))
        return false;
    m_savePath.clear();
    m_notice->showNotice(NoticeBar::Level::Info,
                         tr("This is the bundled sample log: %n update(s) of every Bot API kind. "
                            "Open a log of your own with File › Open or by dropping it here.",
                            nullptr, int(result.updates)));
    return true;
}

void MainWindow::startLiveStream(const QString &name, const QString &notice)
{
    m_store->clear();
    m_store->flushNotifications();
    m_documentName = name;
    m_savePath.clear();
    m_savedRows = 0;
    m_notice->showNotice(NoticeBar::Level::Info, notice);
    updateStatus();
    updateTitle();
    showCurrent();
}

// Replaces the stream with a log's updates (a file or a resource path).
bool MainWindow::replaceStream(const QString &path, const QString &name, LogReadResult *result)
{
    QElapsedTimer timer;
    timer.start();
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    m_store->clear();
    *result = LogReader().readFile(path, *m_store);
    m_store->flushNotifications();
    QGuiApplication::restoreOverrideCursor();
    const bool ok = load(name, *result, timer.elapsed());
    updateTitle();
    Q_EMIT streamReplaced();
    return ok;
}

bool MainWindow::load(const QString &name, const LogReadResult &result, qint64 elapsedMs)
{
    m_documentName = name;
    m_savedRows = m_store->size();
    if (!result.ok()) {
        m_notice->showNotice(NoticeBar::Level::Error, tr("Could not open %1: %2").arg(name, result.fatal));
        return false;
    }
    QString details;
    for (const LogError &error : result.errors)
        details += tr("line %1: %2").arg(error.line).arg(error.message) + u'\n';
    if (result.errorCount > result.errors.size())
        details += tr("… and %n more", nullptr, int(result.errorCount - result.errors.size()));
    if (result.errorCount > 0) {
        const LogError &first = result.errors.first();
        m_notice->showNotice(NoticeBar::Level::Warning,
                             tr("%1: loaded %n update(s); %2 malformed line(s) skipped (first: line %3: %4)",
                                nullptr, int(result.updates))
                                 .arg(name)
                                 .arg(result.errorCount)
                                 .arg(first.line)
                                 .arg(first.message),
                             details);
    } else {
        m_notice->hide();
    }
    statusBar()->showMessage(tr("Loaded %n update(s) from %1 (%2%3) in %4 ms", nullptr, int(result.updates))
                                 .arg(name, logFormatName(result.format),
                                      result.compressed ? tr(", gzip") : QString())
                                 .arg(elapsedMs),
                             10000);
    if (m_proxy->rowCount() > 0 && !m_stream->followTail())
        m_stream->selectRow(0);
    else if (m_proxy->rowCount() > 0)
        m_stream->selectRow(m_proxy->rowCount() - 1);
    return true;
}

bool MainWindow::saveTo(const QString &path)
{
    QString error;
    if (!LogWriter::writeFile(path, *m_store, &error)) {
        m_notice->showNotice(NoticeBar::Level::Error, error);
        return false;
    }
    m_savePath = path;
    m_savedRows = m_store->size();
    m_documentName = QFileInfo(path).fileName();
    m_recent->add(path);
    statusBar()->showMessage(tr("Saved %n update(s) to %1", nullptr, int(m_store->size())).arg(path), 10000);
    updateTitle();
    return true;
}

qsizetype MainWindow::currentStoreRow() const
{
    const QModelIndex current = m_stream->currentIndex();
    return current.isValid() ? m_proxy->sourceRow(current.row()) : -1;
}

bool MainWindow::selectStoreRow(qsizetype storeRow)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(int(storeRow), 0));
    if (!index.isValid())
        return false;
    m_stream->selectRow(index.row());
    m_stream->scrollTo(index);
    return true;
}

bool MainWindow::selectFirstOfKind(UpdateKind kind)
{
    const auto &entries = m_store->entries();
    for (size_t row = 0; row < entries.size(); ++row) {
        if (entries[row].kind == kind)
            return selectStoreRow(qsizetype(row));
    }
    return false;
}

void MainWindow::showCurrent()
{
    const qsizetype row = currentStoreRow();
    if (row < 0) {
        m_tree->setJson({});
        m_raw->setJson({});
        m_detailTitle->setText(tr("No update selected"));
        return;
    }
    const QByteArray raw = m_store->raw(row).toByteArray();
    m_tree->setJson(raw);
    m_raw->setJson(raw);
    const UpdateIndexEntry &e = m_store->entry(row);
    m_detailTitle->setText(tr("update_id %1 · %2 · %3 bytes")
                               .arg(e.updateId)
                               .arg(m_model->index(int(row), UpdateColumn::Kind).data().toString())
                               .arg(e.length));
}

void MainWindow::applyFilter(const UpdateFilter &filter)
{
    // The update being looked at stays selected if it still passes.
    const qsizetype current = currentStoreRow();
    m_proxy->setFilter(filter);
    if (current < 0 || !selectStoreRow(current))
        showCurrent();
}

void MainWindow::addStatusWidget(QWidget *widget)
{
    statusBar()->insertPermanentWidget(0, widget);
}

QString MainWindow::statusText() const
{
    return m_counts->text();
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    const qsizetype selected = m_stream->selectionModel()->selectedRows().size();
    m_counts->setText(tr("%1 updates · %2 shown · %3 selected · %4")
                          .arg(locale.toString(m_store->size()), locale.toString(m_proxy->rowCount()),
                               locale.toString(selected), locale.formattedDataSize(m_store->totalBytes())));
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Update Inspector").arg(m_documentName.isEmpty() ? tr("Untitled") : m_documentName));
    setWindowModified(m_store->size() != m_savedRows);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    openLog(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    event->accept();
}

} // namespace UpdateInspector
