// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// setWebhook's secret_token rule, the generator and the constant-time comparison.
#include "secrettoken.h"

#include <QSet>
#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

class tst_SecretToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isValid_data();
    void isValid();
    void isValidWithoutProblemPointer();
    void generate_data();
    void generate();
    void generateIsRandom();
    void generatedTokensAreValid();
    void equalsConstantTime_data();
    void equalsConstantTime();
};

void tst_SecretToken::isValid_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("problemPart"); // a piece of the problem text; empty when valid

    QTest::newRow("empty: no secret") << QString() << true << QString();
    QTest::newRow("one character") << u"a"_s << true << QString();
    QTest::newRow("every allowed kind") << u"AZaz09_-"_s << true << QString();
    QTest::newRow("256 characters") << QString(256, u'x') << true << QString();
    QTest::newRow("257 characters") << QString(257, u'x') << false << u"257 characters; at most 256"_s;
    QTest::newRow("space") << u"abc def"_s << false << u"character 4 is a space"_s;
    QTest::newRow("dot") << u"a.b"_s << false << u"character 2 is '.'"_s;
    QTest::newRow("base64 plus") << u"ab+c"_s << false << u"character 3 is '+'"_s;
    QTest::newRow("base64 slash") << u"/abc"_s << false << u"character 1 is '/'"_s;
    QTest::newRow("padding") << u"abc="_s << false << u"character 4 is '='"_s;
    QTest::newRow("non-ASCII letter") << u"caf\u00e9"_s << false << u"character 4 is '\u00e9'"_s;
    QTest::newRow("tab") << u"a\tb"_s << false << u"character 2 is a space"_s;
    QTest::newRow("first bad one is named") << u"ok!?"_s << false << u"character 3 is '!'"_s;
}

void tst_SecretToken::isValid()
{
    QFETCH(QString, token);
    QFETCH(bool, valid);
    QFETCH(QString, problemPart);
    QString problem = u"untouched"_s;
    QCOMPARE(SecretToken::isValid(token, &problem), valid);
    if (valid) {
        QCOMPARE(problem, u"untouched"_s); // a valid token leaves the problem alone
    } else {
        QVERIFY2(problem.contains(problemPart), qPrintable(problem));
        QVERIFY2(problem.contains(u"A-Z, a-z, 0-9, _ and -"_s) || problem.contains(u"at most"_s), qPrintable(problem));
    }
}

void tst_SecretToken::isValidWithoutProblemPointer()
{
    QVERIFY(!SecretToken::isValid(u"a b"));
    QVERIFY(SecretToken::isValid(u"ab"));
}

void tst_SecretToken::generate_data()
{
    QTest::addColumn<int>("requested");
    QTest::addColumn<int>("expected");
    QTest::newRow("default-sized") << 64 << 64;
    QTest::newRow("one") << 1 << 1;
    QTest::newRow("the maximum") << 256 << 256;
    QTest::newRow("too long is capped") << 1000 << 256;
    QTest::newRow("zero gives one") << 0 << 1;
    QTest::newRow("negative gives one") << -5 << 1;
}

void tst_SecretToken::generate()
{
    QFETCH(int, requested);
    QFETCH(int, expected);
    QCOMPARE(SecretToken::generate(requested).size(), expected);
    QCOMPARE(SecretToken::generate().size(), 64);
}

void tst_SecretToken::generateIsRandom()
{
    QSet<QString> seen;
    for (int i = 0; i < 50; ++i)
        seen.insert(SecretToken::generate(32));
    QCOMPARE(seen.size(), 50);

    // Over many characters every one of the 64 symbols shows up (a biased or short alphabet
    // would leave some out: the chance that a fair one misses any is below 1e-20).
    const QString many = SecretToken::generate(256) + SecretToken::generate(256) + SecretToken::generate(256)
                         + SecretToken::generate(256) + SecretToken::generate(256) + SecretToken::generate(256);
    QSet<QChar> symbols(many.cbegin(), many.cend());
    QCOMPARE(symbols.size(), 64);
}

void tst_SecretToken::generatedTokensAreValid()
{
    for (int length : {1, 2, 16, 64, 255, 256}) {
        const QString token = SecretToken::generate(length);
        QString problem;
        QVERIFY2(SecretToken::isValid(token, &problem), qPrintable(token + u": "_s + problem));
    }
}

void tst_SecretToken::equalsConstantTime_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << QByteArray("s3cr3t-token_X") << QByteArray("s3cr3t-token_X") << true;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("last byte differs") << QByteArray("abcdef") << QByteArray("abcdeg") << false;
    QTest::newRow("first byte differs") << QByteArray("xbcdef") << QByteArray("abcdef") << false;
    QTest::newRow("prefix of the other") << QByteArray("abc") << QByteArray("abcdef") << false;
    QTest::newRow("longer than the other") << QByteArray("abcdef") << QByteArray("abc") << false;
    QTest::newRow("empty against secret") << QByteArray() << QByteArray("abc") << false;
    QTest::newRow("secret against empty") << QByteArray("abc") << QByteArray() << false;
    QTest::newRow("case matters") << QByteArray("Secret") << QByteArray("secret") << false;
    QTest::newRow("extra NUL") << QByteArray("abc\0", 4) << QByteArray("abc") << false;
}

void tst_SecretToken::equalsConstantTime()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(SecretToken::equalsConstantTime(a, b), equal);
    QCOMPARE(SecretToken::equalsConstantTime(b, a), equal);
}

QTEST_GUILESS_MAIN(tst_SecretToken)
#include "tst_secrettoken.moc"
