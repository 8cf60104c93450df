// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// placeholder: being written
#include <QTest>
class Placeholder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void notWrittenYet() { QFAIL("test not written yet"); }
};
QTEST_GUILESS_MAIN(Placeholder)
#include "tst_preparedupdate.moc"
