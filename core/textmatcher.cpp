// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "textmatcher.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace UpdateInspector {

namespace {

inline bool isAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline unsigned char foldMask(unsigned char c) { return isAsciiLetter(c) ? 0x20 : 0; }
inline unsigned char fold(unsigned char c) { return c | foldMask(c); }

bool equalFolded(const char *at, QByteArrayView needle)
{
    for (qsizetype i = 0; i < needle.size(); ++i) {
        const auto n = static_cast<unsigned char>(needle[i]);
        if ((static_cast<unsigned char>(at[i]) | foldMask(n)) != n)
            return false;
    }
    return true;
}

} // namespace

// Wojciech Muła's "generic SIMD" substring search with ASCII case folding: compare the first and
// the last needle byte at 16 positions at once, verify only where both match.
qsizetype indexOfFolded(QByteArrayView hay, QByteArrayView needle)
{
    const qsizetype n = needle.size();
    if (n == 0)
        return 0;
    if (hay.size() < n)
        return -1;
    const char *h = hay.data();
    const auto first = static_cast<unsigned char>(needle[0]);
    const auto last = static_cast<unsigned char>(needle[n - 1]);
    qsizetype i = 0;
#if defined(__SSE2__)
    const __m128i firstBytes = _mm_set1_epi8(char(first));
    const __m128i lastBytes = _mm_set1_epi8(char(last));
    const __m128i firstMask = _mm_set1_epi8(char(foldMask(first)));
    const __m128i lastMask = _mm_set1_epi8(char(foldMask(last)));
    for (; i + n - 1 + 16 <= hay.size(); i += 16) {
        const __m128i a = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i *>(h + i)), firstMask);
        const __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i *>(h + i + n - 1)), lastMask);
        unsigned bits = unsigned(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, firstBytes), _mm_cmpeq_epi8(b, lastBytes))));
        while (bits) {
            const int bit = __builtin_ctz(bits);
            if (equalFolded(h + i + bit, needle))
                return i + bit;
            bits &= bits - 1;
        }
    }
#endif
    for (; i + n <= hay.size(); ++i) {
        if ((static_cast<unsigned char>(h[i]) | foldMask(first)) == first && equalFolded(h + i, needle))
            return i;
    }
    return -1;
}

TextMatcher::TextMatcher(const QString &needle)
{
    if (needle.isEmpty())
        return;
    const QString title = needle.left(1).toUpper() + needle.mid(1).toLower();
    for (const QString &form : {needle, needle.toLower(), needle.toUpper(), title}) {
        QByteArray bytes = form.toUtf8();
        for (char &c : bytes)
            c = char(fold(static_cast<unsigned char>(c)));
        if (!m_needles.contains(bytes))
            m_needles.append(bytes);
    }
}

bool TextMatcher::matches(QByteArrayView haystack) const
{
    for (const QByteArray &needle : m_needles) {
        if (indexOfFolded(haystack, needle) >= 0)
            return true;
    }
    return false;
}

} // namespace UpdateInspector
