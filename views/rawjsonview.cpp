// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "rawjsonview.h"

#include "jsonformat.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QEvent>
#include <QFontDatabase>

namespace UpdateInspector {

RawJsonView::RawJsonView(QWidget *parent)
    : QPlainTextEdit(parent), m_highlighter(new KSyntaxHighlighting::SyntaxHighlighter(document()))
{
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_highlighter->setDefinition(m_repository.definitionForName(QStringLiteral("JSON")));
    applyTheme();
}

RawJsonView::~RawJsonView() = default;

void RawJsonView::setJson(const QByteArray &raw)
{
    m_raw = raw;
    render();
}

void RawJsonView::setPretty(bool pretty)
{
    if (pretty == m_pretty)
        return;
    m_pretty = pretty;
    render();
}

QString RawJsonView::themeName() const
{
    return m_highlighter->theme().name();
}

void RawJsonView::render()
{
    setPlainText(QString::fromUtf8(m_pretty ? prettyJson(m_raw) : m_raw));
}

void RawJsonView::applyTheme()
{
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const auto theme = m_repository.defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                      : KSyntaxHighlighting::Repository::LightTheme);
    m_highlighter->setTheme(theme);
    m_highlighter->rehighlight();
}

void RawJsonView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    QPlainTextEdit::changeEvent(event);
}

} // namespace UpdateInspector
