// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// Widget tests save what they show when UI_SCREENSHOT_DIR is set, so a person can look at it.
#pragma once

#include <QDir>
#include <QTest>
#include <QWidget>

inline void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("UI_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QTest::qWait(50); // the layout follows shown and hidden rows with a posted event
    const QString path = dir + u'/' + name + QStringLiteral(".png");
    QVERIFY2(widget.grab().save(path), qPrintable(path));
}
