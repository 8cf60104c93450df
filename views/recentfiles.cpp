// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace UpdateInspector {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QWidget *parent) : QMenu(tr("Open &Recent"), parent)
{
    rebuild();
}

QStringList RecentFiles::files() const
{
    return QSettings().value(kKey).toStringList();
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > MaxFiles)
        list.removeLast();
    QSettings().setValue(kKey, list);
    rebuild();
}

void RecentFiles::clearFiles()
{
    QSettings().remove(kKey);
    rebuild();
}

void RecentFiles::rebuild()
{
    clear();
    const QStringList list = files();
    for (int i = 0; i < list.size(); ++i) {
        const QString &path = list[i];
        QAction *action = addAction(QStringLiteral("&%1 %2").arg(i + 1 < 10 ? QString::number(i + 1) : QStringLiteral("1&0"),
                                                                QDir::toNativeSeparators(path)));
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT fileChosen(path); });
    }
    if (list.isEmpty())
        addAction(tr("(none)"))->setEnabled(false);
    addSeparator();
    addAction(tr("Clear List"), this, &RecentFiles::clearFiles)->setEnabled(!list.isEmpty());
}

} // namespace UpdateInspector
