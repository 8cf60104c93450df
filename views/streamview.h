// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QTableView>

namespace UpdateInspector {

// The stream of updates: one uniform-height row per update, and "follow the tail" that keeps the
// newest row in sight until the user scrolls away (as Wireshark's auto-scroll does).
class StreamView final : public QTableView
{
    Q_OBJECT
public:
    explicit StreamView(QWidget *parent = nullptr);

    bool followTail() const { return m_followTail; }
    void setFollowTail(bool follow);
    void setModel(QAbstractItemModel *model) override;

Q_SIGNALS:
    void followTailChanged(bool follow);

private:
    void onRowsInserted();
    void onScrolled(int value);

    bool m_followTail = true;
    bool m_scrollingToTail = false;
};

} // namespace UpdateInspector
