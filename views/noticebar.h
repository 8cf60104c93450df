// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace UpdateInspector {

// An inline notice above the stream ("2 malformed lines skipped ..."), with the full details one
// click away; it never blocks the window the way a modal dialog would.
class NoticeBar final : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };

    explicit NoticeBar(QWidget *parent = nullptr);

    void showNotice(Level level, const QString &text, const QString &details = {});
    QString text() const;
    QString details() const { return m_details; }

private:
    void showDetails();

    QLabel *m_text;
    QPushButton *m_detailsButton;
    QString m_details;
};

} // namespace UpdateInspector
