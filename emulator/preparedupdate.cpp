// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "preparedupdate.h"

#include "updateindexer.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QList>

#include <cctype>
#include <tuple>

namespace UpdateInspector {

namespace {

// A top-level member as written: from its key's opening quote to the end of its value.
struct Member
{
    qsizetype begin = 0;
    qsizetype end = 0;
    bool isUpdateId = false;
};

// Finds the top-level members of one JSON object. Only the structure is checked here (strings,
// escapes, bracket nesting, separators); numbers and literals are left to the full parse after.
class MemberScanner
{
public:
    explicit MemberScanner(QByteArrayView text) : m_text(text) {}

    bool scan(QList<Member> &members)
    {
        skipSpace();
        if (atEnd()) {
            m_error = QStringLiteral("the update is empty");
            return false;
        }
        if (!expect('{', "the update is not a JSON object"))
            return false;
        skipSpace();
        if (peek() == '}') {
            ++m_at;
        } else {
            while (true) {
                Member member;
                if (!scanMember(member))
                    return false;
                members.append(member);
                skipSpace();
                if (peek() == ',') {
                    ++m_at;
                    skipSpace();
                    continue;
                }
                if (!expect('}', "expected a comma or a closing brace"))
                    return false;
                break;
            }
        }
        skipSpace();
        if (m_at < m_text.size())
            return fail("unexpected content after the update object");
        return true;
    }

    QString error() const { return m_error; }

private:
    bool atEnd() const { return m_at >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_at]; }

    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\n' || peek() == '\r' || peek() == '\t'))
            ++m_at;
    }

    bool fail(const char *why)
    {
        m_error = atEnd() && m_at > 0 ? QStringLiteral("the JSON ends early (cut off?)")
                                      : QStringLiteral("%1 (at byte %2)")
                                            .arg(QLatin1StringView(why)).arg(m_at);
        return false;
    }

    bool expect(char c, const char *why)
    {
        if (peek() != c)
            return fail(why);
        ++m_at;
        return true;
    }

    bool scanMember(Member &member)
    {
        member.begin = m_at;
        if (peek() != '"')
            return fail("expected a member name in double quotes");
        const qsizetype keyBegin = m_at + 1;
        if (!scanString())
            return false;
        member.isUpdateId = m_text.sliced(keyBegin, m_at - 1 - keyBegin) == "update_id";
        skipSpace();
        if (!expect(':', "expected a colon after the member name"))
            return false;
        skipSpace();
        if (!scanValue())
            return false;
        member.end = m_at;
        return true;
    }

    // At the opening quote; leaves m_at after the closing one.
    bool scanString()
    {
        ++m_at;
        while (!atEnd()) {
            const auto c = uchar(m_text[m_at]);
            if (c == '"') {
                ++m_at;
                return true;
            }
            if (c < 0x20)
                return fail("a string holds a raw control character (a line break?)");
            if (c == '\\') {
                ++m_at;
                if (atEnd())
                    break;
                switch (m_text[m_at]) {
                case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                    break;
                case 'u':
                    for (int i = 1; i <= 4; ++i) {
                        if (m_at + i >= m_text.size())
                            return fail("a string ends inside a \\u escape");
                        if (!isxdigit(uchar(m_text[m_at + i])))
                            return fail("a string holds an invalid \\u escape");
                    }
                    m_at += 4;
                    break;
                default:
                    return fail("a string holds an invalid escape");
                }
            }
            ++m_at;
        }
        return fail("a string is not closed");
    }

    // A whole value; nested brackets are matched with an explicit stack (no recursion depth).
    bool scanValue()
    {
        const char c = peek();
        if (c == '"')
            return scanString();
        if (c != '{' && c != '[') {
            const qsizetype begin = m_at;
            while (!atEnd() && (isalnum(uchar(peek())) || peek() == '-' || peek() == '+'
                                || peek() == '.'))
                ++m_at;
            return m_at > begin || fail("expected a value");
        }
        QByteArray closers;
        while (!atEnd()) {
            const char d = peek();
            if (d == '"') {
                if (!scanString())
                    return false;
                continue;
            }
            if (d == '{' || d == '[') {
                closers.append(d == '{' ? '}' : ']');
            } else if (d == '}' || d == ']') {
                if (closers.isEmpty() || closers.back() != d)
                    return fail("brackets do not match");
                closers.chop(1);
                if (closers.isEmpty()) {
                    ++m_at;
                    return true;
                }
            }
            ++m_at;
        }
        return fail("brackets are not closed");
    }

    QByteArrayView m_text;
    qsizetype m_at = 0;
    QString m_error;
};

std::optional<PreparedUpdate> failWith(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

} // namespace

std::optional<PreparedUpdate> prepareUpdate(QByteArrayView payload, qint64 updateId, QString *error)
{
    QList<Member> members;
    MemberScanner scanner(payload);
    if (!scanner.scan(members))
        return failWith(error, scanner.error());

    PreparedUpdate prepared;
    QByteArray &json = prepared.json;
    json.reserve(payload.size() + 32);
    json.append("{\"update_id\":").append(QByteArray::number(updateId)).append(",\n");
    // Members are joined with the separator that followed the previous kept one: it holds
    // exactly one comma, so dropping an update_id anywhere leaves no stray comma behind.
    qsizetype previous = -1;
    for (qsizetype i = 0; i < members.size(); ++i) {
        if (members[i].isUpdateId)
            continue;
        if (previous >= 0) {
            const qsizetype from = members[previous].end;
            json.append(payload.sliced(from, members[previous + 1].begin - from));
        }
        json.append(payload.sliced(members[i].begin, members[i].end - members[i].begin));
        previous = i;
    }
    if (previous < 0)
        return failWith(error, QStringLiteral("the update has no payload besides update_id"));
    json.append('}');

    thread_local UpdateIndexer indexer; // its parser is worth keeping between calls
    QString why;
    if (!indexer.index(json, prepared.entry, &why))
        return failWith(error, why);
    // The indexer validates UTF-8 but skips over what it does not read (numbers, literals and
    // nested members it does not need): a full parse checks those.
    QJsonParseError parseError;
    std::ignore = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failWith(error, QStringLiteral("malformed JSON: %1").arg(parseError.errorString()));
    return prepared;
}

} // namespace UpdateInspector
