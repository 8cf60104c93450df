// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "preflightfindingsview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace UpdateInspector {

namespace {
using Severity = PreflightFinding::Severity;

QIcon severityIcon(const QStyle *style, Severity severity)
{
    switch (severity) {
    case Severity::Problem: return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case Severity::Warning: return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case Severity::Note: break;
    }
    return style->standardIcon(QStyle::SP_MessageBoxInformation);
}

// One line of the list: an icon and word-wrapped rich text.
QWidget *findingRow(const QIcon &icon, const QString &html, const QString &name, QWidget *parent)
{
    auto *row = new QWidget(parent);
    row->setObjectName(name);
    auto *iconLabel = new QLabel(row);
    const int size = row->style()->pixelMetric(QStyle::PM_SmallIconSize);
    iconLabel->setPixmap(icon.pixmap(size, size));
    iconLabel->setAlignment(Qt::AlignTop);
    auto *text = new QLabel(html, row);
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(iconLabel, 0, Qt::AlignTop);
    layout->addWidget(text, 1);
    return row;
}
} // namespace

PreflightFindingsView::PreflightFindingsView(QWidget *parent)
    : QGroupBox(tr("Checks before sending"), parent), m_rows(nullptr)
{
    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("findings"));
    m_rows = new QVBoxLayout(content);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    scroll->setMinimumSize(360, 300);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(scroll);
}

void PreflightFindingsView::showFindings(const QList<PreflightFinding> &findings, const QUrl &probedUrl)
{
    while (QLayoutItem *item = m_rows->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    QWidget *parent = m_rows->parentWidget();
    static const char *const names[] = {"problem", "warning", "note"};
    for (const Severity severity : {Severity::Problem, Severity::Warning, Severity::Note}) {
        const auto count = std::count_if(findings.cbegin(), findings.cend(),
                                         [severity](const PreflightFinding &f) { return f.severity == severity; });
        if (count == 0)
            continue;
        const QString header = severity == Severity::Problem   ? tr("Problems (fix these to send): %1").arg(count)
                               : severity == Severity::Warning ? tr("Warnings: %1").arg(count)
                                                               : tr("Notes: %1").arg(count);
        m_rows->addWidget(new QLabel(u"<b>" + header.toHtmlEscaped() + u"</b>", parent));
        for (const PreflightFinding &f : findings) {
            if (f.severity != severity)
                continue;
            const QString html = u"<b>" + f.field.toHtmlEscaped() + u"</b>: " + f.message.toHtmlEscaped();
            m_rows->addWidget(findingRow(severityIcon(style(), severity), html,
                                         QStringLiteral("finding-") + QLatin1StringView(names[int(severity)]),
                                         parent));
        }
    }
    if (!probedUrl.isEmpty()) {
        const QString text = tr("Checking whether %1 answers…").arg(probedUrl.authority().toHtmlEscaped());
        m_rows->addWidget(
            findingRow(style()->standardIcon(QStyle::SP_BrowserReload), text, QStringLiteral("probing"), parent));
    }
    if (!hasProblems(findings))
        m_rows->insertWidget(0, findingRow(style()->standardIcon(QStyle::SP_DialogApplyButton),
                                           tr("No problems found: ready to send."), QStringLiteral("noProblems"),
                                           parent));
    m_rows->addStretch();
}

} // namespace UpdateInspector
