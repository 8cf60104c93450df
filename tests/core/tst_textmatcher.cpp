// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "textmatcher.h"

#include <QRandomGenerator>
#include <QTest>

using namespace UpdateInspector;

namespace {

char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

// The obvious search, to compare the SIMD one against.
qsizetype naiveIndexOf(QByteArrayView hay, QByteArrayView needle)
{
    if (needle.isEmpty())
        return 0;
    for (qsizetype i = 0; i + needle.size() <= hay.size(); ++i) {
        qsizetype j = 0;
        while (j < needle.size() && asciiLower(hay[i + j]) == needle[j])
            ++j;
        if (j == needle.size())
            return i;
    }
    return -1;
}

QByteArray lowered(QByteArray bytes)
{
    for (char &c : bytes)
        c = asciiLower(c);
    return bytes;
}

// Bytes that stress the folding: letters in both cases, their non-letter neighbours in ASCII
// (@ [ ` {, which differ from letters by the same 0x20 bit), and UTF-8 bytes.
const QByteArray kAlphabet = QByteArray("aAbBzZ@`[{]}^~_\x7f") + "\xC3\xA0\xE3\xD0\x9F\xF0";

QByteArray randomBytes(QRandomGenerator &random, qsizetype size, qsizetype alphabet)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = kAlphabet[random.bounded(int(alphabet))];
    return bytes;
}

QByteArray randomCase(QRandomGenerator &random, QByteArray bytes)
{
    for (char &c : bytes) {
        if (c >= 'a' && c <= 'z' && random.bounded(2))
            c = char(c - ('a' - 'A'));
    }
    return bytes;
}

} // namespace

class tst_TextMatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matches_data();
    void matches();
    void indexOfFolded_data();
    void indexOfFolded();
    void everyAlignment_data();
    void everyAlignment();
    void randomAgainstNaive();
    void emptyNeedle();
};

void tst_TextMatcher::matches_data()
{
    QTest::addColumn<QByteArray>("haystack");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("found");

    const QByteArray json = R"({"update_id":1,"message":{"text":"Hello World from the BOT"}})";
    QTest::newRow("start, same case") << json << QStringLiteral("{\"update_id\"") << true;
    QTest::newRow("start, other case") << json << QStringLiteral("{\"UPDATE_ID\"") << true;
    QTest::newRow("middle, lower needle") << json << QStringLiteral("hello world") << true;
    QTest::newRow("middle, upper needle") << json << QStringLiteral("HELLO WORLD") << true;
    QTest::newRow("middle, mixed needle") << json << QStringLiteral("hElLo WoRlD") << true;
    QTest::newRow("end") << json << QStringLiteral("bot\"}}") << true;
    QTest::newRow("whole haystack") << QByteArray("Abc") << QStringLiteral("aBC") << true;
    QTest::newRow("single letter") << QByteArray("xyZ") << QStringLiteral("z") << true;
    QTest::newRow("absent") << json << QStringLiteral("goodbye") << false;
    QTest::newRow("almost at the end") << json << QStringLiteral("bot\"}}}") << false;
    QTest::newRow("needle longer than haystack")
        << QByteArray("abc") << QStringLiteral("abcd") << false;
    QTest::newRow("empty haystack") << QByteArray() << QStringLiteral("a") << false;
    // Non-letters differ from letters or each other by the case bit but are not the same.
    QTest::newRow("@ is not `") << QByteArray("user@host") << QStringLiteral("user`host") << false;
    QTest::newRow("` is not @") << QByteArray("user`host") << QStringLiteral("user@host") << false;
    QTest::newRow("[ is not {") << QByteArray("[1,2]") << QStringLiteral("{1,2}") << false;
    QTest::newRow("{ is not [") << QByteArray("{1,2}") << QStringLiteral("[1,2]") << false;
    QTest::newRow("] is not }") << QByteArray("a]") << QStringLiteral("a}") << false;
    QTest::newRow("^ is not ~") << QByteArray("^") << QStringLiteral("~") << false;
    QTest::newRow("_ is not DEL") << QByteArray("a_b") << QStringLiteral("a\x7f" "b") << false;
    QTest::newRow("@ matches @") << QByteArray("USER@HOST") << QStringLiteral("user@host") << true;
    QTest::newRow("[ matches [") << QByteArray("[A]") << QStringLiteral("[a]") << true;
    QTest::newRow("digits are exact") << QByteArray("id 12") << QStringLiteral("id 1\x12") << false;
    // Non-ASCII: the needle's lower, upper and title case forms.
    const QByteArray privet = "{\"text\":\"Привет, мир\"}";
    QTest::newRow("Cyrillic, same") << privet << QStringLiteral("Привет") << true;
    QTest::newRow("Cyrillic, lower needle") << privet << QStringLiteral("привет") << true;
    QTest::newRow("Cyrillic, upper needle") << privet << QStringLiteral("ПРИВЕТ") << true;
    QTest::newRow("Cyrillic, lower haystack")
        << QByteArray("привет") << QStringLiteral("ПРИВЕТ") << true;
    QTest::newRow("Cyrillic, upper haystack")
        << QByteArray("ПРИВЕТ") << QStringLiteral("Привет") << true;
    QTest::newRow("Cyrillic, second word") << privet << QStringLiteral("МИР") << true;
    QTest::newRow("Cyrillic, absent") << privet << QStringLiteral("пока") << false;
    QTest::newRow("Cyrillic, no ASCII folding of UTF-8 bytes")
        << QByteArray("Привет") << QStringLiteral("Привеф") << false;
    QTest::newRow("Latin-1 letter") << QByteArray("Café") << QStringLiteral("CAFÉ") << true;
    QTest::newRow("emoji") << QByteArray("{\"text\":\"ok 👍 fine\"}") << QStringLiteral("👍") << true;
    QTest::newRow("emoji and letters") << QByteArray("OK 👍 fine") << QStringLiteral("ok 👍 FINE")
                                       << true;
    QTest::newRow("emoji absent") << QByteArray("ok 👎") << QStringLiteral("👍") << false;
    QTest::newRow("emoji first, then letters")
        << QByteArray("x 👍Ok y") << QStringLiteral("👍ok") << true;
}

void tst_TextMatcher::matches()
{
    QFETCH(QByteArray, haystack);
    QFETCH(QString, needle);
    QFETCH(bool, found);
    const TextMatcher matcher(needle);
    QVERIFY(!matcher.isEmpty());
    QCOMPARE(matcher.matches(haystack), found);
    // The same inside a longer haystack that crosses several 16-byte blocks.
    const QByteArray padded = QByteArray(37, '.') + haystack + QByteArray(29, '.');
    QCOMPARE(matcher.matches(padded), found);
}

void tst_TextMatcher::indexOfFolded_data()
{
    QTest::addColumn<QByteArray>("haystack");
    QTest::addColumn<QByteArray>("needle");
    QTest::addColumn<qsizetype>("index");
    QTest::newRow("first of several")
        << QByteArray("abcABCabc") << QByteArray("abc") << qsizetype(0);
    QTest::newRow("upper case hit") << QByteArray("xxABC") << QByteArray("abc") << qsizetype(2);
    QTest::newRow("overlapping") << QByteArray("aaab") << QByteArray("aab") << qsizetype(1);
    QTest::newRow("at the very end")
        << QByteArray(64, 'x') + "Needle" << QByteArray("needle") << qsizetype(64);
    QTest::newRow("first and last byte match, middle not")
        << QByteArray("aXXb aYb") << QByteArray("ayb") << qsizetype(5);
    QTest::newRow("none") << QByteArray(100, 'a') << QByteArray("ab") << qsizetype(-1);
    QTest::newRow("needle as long as haystack") << QByteArray("QWERTY") << QByteArray("qwerty")
                                               << qsizetype(0);
}

void tst_TextMatcher::indexOfFolded()
{
    QFETCH(QByteArray, haystack);
    QFETCH(QByteArray, needle);
    QFETCH(qsizetype, index);
    QCOMPARE(UpdateInspector::indexOfFolded(haystack, needle), index);
    QCOMPARE(naiveIndexOf(haystack, needle), index); // the reference agrees
}

void tst_TextMatcher::everyAlignment_data()
{
    QTest::addColumn<int>("needleLength");
    for (int n = 1; n <= 40; ++n)
        QTest::addRow("length %d", n) << n;
}

// A needle of each length planted at every offset across three 16-byte boundaries, in a haystack
// that starts at every alignment and ends exactly at the end of its buffer.
void tst_TextMatcher::everyAlignment()
{
    QFETCH(int, needleLength);
    QRandomGenerator random(4242 + needleLength);
    const QByteArray needle = lowered(randomBytes(random, needleLength, kAlphabet.size()));
    for (int offset = 0; offset < 48; ++offset) {
        for (int tail = 0; tail < 20; tail += 7) {
            // Filler that cannot match: no letters at all.
            QByteArray hay(offset + needleLength + tail, '.');
            hay.replace(offset, needleLength, randomCase(random, needle));
            for (int shift = 0; shift < 16; shift += 5) {
                QByteArray buffer(shift, '#');
                buffer += hay;
                const QByteArrayView view(buffer.constData() + shift, hay.size());
                const qsizetype got = UpdateInspector::indexOfFolded(view, needle);
                if (got != offset) {
                    QFAIL(qPrintable(QStringLiteral("needle %1 at %2 (tail %3, shift %4): at %5")
                                         .arg(QString::fromLatin1(needle.toHex()))
                                         .arg(offset)
                                         .arg(tail)
                                         .arg(shift)
                                         .arg(got)));
                }
            }
            // One byte changed (its case bit, on a non-letter): no false positive.
            for (int at = 0; at < needleLength; ++at) {
                QByteArray spoiled = hay;
                const char c = spoiled[offset + at];
                if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                    continue;
                spoiled[offset + at] = char(c ^ 0x20);
                QCOMPARE(UpdateInspector::indexOfFolded(spoiled, needle), -1);
            }
        }
    }
}

// A few thousand random haystacks and needles from a small alphabet (so that partial matches
// are frequent) against the naive search, with a fixed seed.
void tst_TextMatcher::randomAgainstNaive()
{
    QRandomGenerator random(20261121);
    int hits = 0;
    for (int round = 0; round < 5000; ++round) {
        const qsizetype alphabet = 2 + random.bounded(int(kAlphabet.size()) - 1);
        const QByteArray hay = randomBytes(random, random.bounded(200), alphabet);
        QByteArray needle;
        if (random.bounded(2) && hay.size() > 0) {
            // Taken from the haystack, in another case: a hit is sure.
            const qsizetype from = random.bounded(int(hay.size()));
            needle = lowered(hay.mid(from, 1 + random.bounded(40)));
        } else {
            const qsizetype small = qMin<qsizetype>(alphabet, 4);
            needle = lowered(randomBytes(random, 1 + random.bounded(40), small));
        }
        const qsizetype expected = naiveIndexOf(hay, needle);
        hits += expected >= 0;
        const qsizetype got = UpdateInspector::indexOfFolded(hay, needle);
        if (got != expected) {
            QFAIL(qPrintable(QStringLiteral("round %1: hay %2 needle %3: got %4, expected %5")
                                 .arg(round)
                                 .arg(QString::fromLatin1(hay.toHex()))
                                 .arg(QString::fromLatin1(needle.toHex()))
                                 .arg(got)
                                 .arg(expected)));
        }
        // For ASCII needles TextMatcher is the same test.
        bool ascii = true;
        for (char c : needle)
            ascii = ascii && uchar(c) < 0x80;
        if (ascii)
            QCOMPARE(TextMatcher(QString::fromLatin1(needle)).matches(hay), expected >= 0);
    }
    QVERIFY(hits > 1000); // the comparison was not only about misses
    QVERIFY(hits < 4900);
}

void tst_TextMatcher::emptyNeedle()
{
    const TextMatcher matcher;
    QVERIFY(matcher.isEmpty());
    QVERIFY(TextMatcher(QString()).isEmpty());
    QCOMPARE(UpdateInspector::indexOfFolded("abc", ""), 0);
}

QTEST_GUILESS_MAIN(tst_TextMatcher)
#include "tst_textmatcher.moc"
