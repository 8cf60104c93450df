// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace UpdateInspector {

// Case-insensitive search of a text in raw JSON bytes, fast enough to scan every update of a
// large log on each keystroke. ASCII letters match in any case; for other letters the lower,
// upper and title case forms of the needle are tried (raw UTF-8 is searched, not \u escapes).
class TextMatcher
{
public:
    explicit TextMatcher(const QString &needle = {});

    bool isEmpty() const { return m_needles.isEmpty(); }
    bool matches(QByteArrayView haystack) const;

private:
    QList<QByteArray> m_needles; // ASCII letters already lower-cased
};

// Exposed for tests: is `needle` (ASCII letters lower-case) in `haystack`, ASCII case folded?
qsizetype indexOfFolded(QByteArrayView haystack, QByteArrayView needle);

} // namespace UpdateInspector
