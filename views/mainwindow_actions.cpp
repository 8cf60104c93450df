// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// MainWindow's menus and actions, with the shortcuts users of Wireshark-like tools expect.
#include "mainwindow.h"

#include "filterbar.h"
#include "jsonformat.h"
#include "recentfiles.h"
#include "streamview.h"
#include "updatefilterproxy.h"
#include "updatemodeldefs.h"
#include "updatestore.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

namespace UpdateInspector {

namespace {
const QString kLogFilter = QStringLiteral(
    "Update logs (*.jsonl *.ndjson *.json *.log *.gz);;All files (*)");
}

void MainWindow::createActions()
{
    QMenu *file = m_fileMenu = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
    file->addMenu(m_recent);
    file->addAction(tr("Open &Sample Log"), this, &MainWindow::openSample);
    file->addSeparator();
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), this, &MainWindow::saveAsDialog);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    // Widget shortcuts: Ctrl+C in the JSON tree copies a value, in the stream the whole update.
    QAction *copy = edit->addAction(tr("&Copy Update JSON"), this, [this] { copySelectedJson(false); });
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    m_stream->addAction(copy);
    QAction *copyPretty = edit->addAction(tr("Copy Update JSON (&Pretty)"), this, [this] { copySelectedJson(true); });
    copyPretty->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    copyPretty->setShortcutContext(Qt::WidgetShortcut);
    m_stream->addAction(copyPretty);
    edit->addSeparator();
    edit->addAction(tr("&Find in JSON…"), QKeySequence::Find, m_filterBar, &FilterBar::focusText);
    edit->addAction(tr("C&lear Filter"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), m_filterBar, &FilterBar::clear);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *follow = view->addAction(tr("&Follow the Tail"));
    follow->setCheckable(true);
    follow->setChecked(m_stream->followTail());
    follow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    follow->setToolTip(tr("Keep the newest update in sight as updates arrive"));
    connect(follow, &QAction::toggled, m_stream, &StreamView::setFollowTail);
    connect(m_stream, &StreamView::followTailChanged, follow, &QAction::setChecked);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    go->addAction(tr("&First Update"), QKeySequence(Qt::CTRL | Qt::Key_Home), this, [this] {
        if (m_proxy->rowCount() > 0)
            m_stream->selectRow(0);
    });
    go->addAction(tr("&Last Update"), QKeySequence(Qt::CTRL | Qt::Key_End), this, [this] {
        if (m_proxy->rowCount() > 0)
            m_stream->selectRow(m_proxy->rowCount() - 1);
    });
    go->addAction(tr("&Go to update_id…"), QKeySequence(Qt::CTRL | Qt::Key_G), this, &MainWindow::goToUpdateId);

    QMenu *help = m_helpMenu = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Update Inspector"), this, &MainWindow::about);

    m_stream->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_stream, &QWidget::customContextMenuRequested, this, &MainWindow::showStreamMenu);
}

QMenu *MainWindow::insertMenu(const QString &title)
{
    auto *menu = new QMenu(title, this);
    menuBar()->insertMenu(m_helpMenu->menuAction(), menu);
    return menu;
}

void MainWindow::showStreamMenu(const QPoint &pos)
{
    const QModelIndex index = m_stream->indexAt(pos);
    if (!index.isValid())
        return;
    QMenu menu(this);
    menu.addActions(m_stream->actions());
    const std::int64_t chat = m_store->entry(m_proxy->sourceRow(index.row())).chatId;
    if (chat != 0) {
        menu.addSeparator();
        menu.addAction(tr("Show Only Chat %1").arg(chat), this, [this, chat] { m_filterBar->setChat(chat); });
    }
    menu.exec(m_stream->viewport()->mapToGlobal(pos));
}

void MainWindow::copySelectedJson(bool pretty)
{
    QModelIndexList rows = m_stream->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    QByteArray text;
    for (const QModelIndex &index : rows) {
        const QByteArrayView raw = m_store->raw(m_proxy->sourceRow(index.row()));
        text += pretty ? prettyJson(raw) : raw.toByteArray();
        text += '\n';
    }
    if (!text.isEmpty())
        QApplication::clipboard()->setText(QString::fromUtf8(text));
}

void MainWindow::goToUpdateId()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Go to update_id"), tr("update_id:"), QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    const qint64 id = text.trimmed().toLongLong(&ok);
    const auto &entries = m_store->entries();
    for (size_t row = 0; ok && row < entries.size(); ++row) {
        if (entries[row].updateId == id && selectStoreRow(qsizetype(row)))
            return;
    }
    QMessageBox::information(this, tr("Go to update_id"), tr("No update with update_id %1 is shown.").arg(text));
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Update Log"), {}, kLogFilter);
    if (!path.isEmpty())
        openLog(path);
}

void MainWindow::saveAsDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save Update Log"), m_savePath,
                                                tr("Update log (*.jsonl);;Compressed update log (*.jsonl.gz)"));
    if (!path.isEmpty())
        saveTo(path);
}

void MainWindow::save()
{
    if (m_savePath.isEmpty())
        saveAsDialog();
    else
        saveTo(m_savePath);
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Update Inspector"),
                       tr("<b>Update Inspector</b> %1<p>Every update a Telegram bot receives, from every "
                          "source, in one filterable stream.</p>")
                           .arg(QApplication::applicationVersion()));
}

} // namespace UpdateInspector
