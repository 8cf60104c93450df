// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QPlainTextEdit>

#include <KSyntaxHighlighting/Repository>

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace UpdateInspector {

// The selected update's JSON with syntax highlighting: pretty-printed token by token (every value
// exactly as received), or the raw bytes as they arrived. The theme follows the palette.
class RawJsonView final : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit RawJsonView(QWidget *parent = nullptr);
    ~RawJsonView() override;

    void setJson(const QByteArray &raw);
    bool isPretty() const { return m_pretty; }
    void setPretty(bool pretty);
    QString themeName() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();
    void render();

    KSyntaxHighlighting::Repository m_repository;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter;
    QByteArray m_raw;
    bool m_pretty = true;
};

} // namespace UpdateInspector
