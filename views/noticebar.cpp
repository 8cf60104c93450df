// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "noticebar.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace UpdateInspector {

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent), m_text(new QLabel(this)), m_detailsButton(new QPushButton(tr("Details…"), this))
{
    setFrameShape(QFrame::StyledPanel);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close this notice"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_detailsButton);
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    connect(m_detailsButton, &QPushButton::clicked, this, &NoticeBar::showDetails);
    hide();
}

void NoticeBar::showNotice(Level level, const QString &text, const QString &details)
{
    static const char *const colours[] = {"#dbe9f9", "#fff1c9", "#ffd6d6"};
    setStyleSheet(QStringLiteral("UpdateInspector--NoticeBar { background: %1; } QLabel { color: black; }")
                      .arg(QLatin1StringView(colours[int(level)])));
    m_text->setText(text);
    m_details = details;
    m_detailsButton->setVisible(!details.isEmpty());
    show();
}

QString NoticeBar::text() const
{
    return m_text->text();
}

void NoticeBar::showDetails()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Details"));
    dialog.resize(640, 400);
    auto *view = new QPlainTextEdit(m_details, &dialog);
    view->setReadOnly(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(view);
    layout->addWidget(buttons);
    dialog.exec();
}

} // namespace UpdateInspector
