// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhookpreflight.h"

#include <QGroupBox>
#include <QList>
#include <QUrl>

class QVBoxLayout;

namespace UpdateInspector {

// "Checks before sending": the preflight's findings in plain words, grouped by severity (problems
// first) with each severity's icon, a line while the reachability probe runs, and "ready to send"
// when nothing is a Problem. A long list scrolls; the rows' object names ("finding-problem",
// "finding-warning", "finding-note", "probing", "noProblems") let tests read what is shown.
class PreflightFindingsView final : public QGroupBox
{
    Q_OBJECT
public:
    explicit PreflightFindingsView(QWidget *parent = nullptr);

    // Replaces what is shown. `probedUrl`: the URL a reachability probe is checking now; empty
    // when none runs.
    void showFindings(const QList<PreflightFinding> &findings, const QUrl &probedUrl = QUrl());

private:
    QVBoxLayout *m_rows;
};

} // namespace UpdateInspector
