// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QMenu>

namespace UpdateInspector {

// File > Recent Files, kept in QSettings (paths only: logs never hold tokens in their names).
class RecentFiles final : public QMenu
{
    Q_OBJECT
public:
    static constexpr int MaxFiles = 10;

    explicit RecentFiles(QWidget *parent = nullptr);

    QStringList files() const;
    void add(const QString &path);
    void clearFiles();

Q_SIGNALS:
    void fileChosen(const QString &path);

private:
    void rebuild();
};

} // namespace UpdateInspector
