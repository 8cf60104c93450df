// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "updategenerator.h"

#include <QByteArray>
#include <QIODevice>

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>
#include <vector>

namespace UpdateInspector::Bench {
namespace {

using Sv = std::string_view;

constexpr int kUsers = 5000, kGroups = 200, kChannels = 20, kPolls = 64;
constexpr Sv kBot = R"({"id":7012345678,"is_bot":true,"first_name":"Inspector Bot",)"
                    R"("username":"inspector_test_bot"})";
constexpr Sv kFirstNames[] = {"Alice", "Bob", "Иван", "Мария", "Олена", "José", "Ahmed", "Yuki",
                              "Chen", "Lena", "Дмитрий", "Анна", "Pedro", "Fatemeh", "Tom", "Sara"};
constexpr Sv kHandles[] = {"alice", "bob", "ivan", "masha", "olena", "jose", "ahmed", "yuki",
                           "chen", "lena", "dima", "anna", "pedro", "fati", "tommy", "sara"};
constexpr Sv kLastNames[] = {"Smith", "Petrova", "Kovalenko", "García", "Müller", "Tanaka", "Lee",
                             "Иванов", "Rossi", "O'Brien", "Nguyen", "Silva"};
constexpr Sv kLanguages[] = {"en", "en", "ru", "ru", "uk", "es", "ar", "ja", // by first name
                             "zh-hans", "de", "ru", "ru", "pt-br", "fa", "en", "it"};
constexpr Sv kGroupTitles[] = {"Qt Developers", "Бот-разработчики", "Crypto Signals 🚀",
                               "Expats", "Книжный клуб", "Gaming Night", "Startup Founders",
                               "Фотографы", "Rust Beginners", "Music Lovers 🎵", "Flea market"};
constexpr Sv kCities[] = {"Berlin", "Київ", "Москва", "London", "Lisbon", "Tbilisi", "Dubai"};
constexpr Sv kChannelTitles[] = {"Tech News", "Новости дня", "Daily Memes 😂", "Crypto Alerts",
                                 "Погода 🌦", "Deals & Coupons", "Release Notes"};
constexpr Sv kPhrases[] = {
    "Hi!", "ok", "Thanks a lot 🙏", "Привет! Как дела?", "Спасибо, всё работает 👍",
    "Дякую, до зустрічі", "Can you send me the report by tomorrow?", "lol 😂😂😂",
    "He said \"it works on my machine\" and left", "Path is C:\\Users\\bot\\logs\\today.txt",
    "first line\nsecond line\nthird line", "Grüße aus München!", "你好，今天天气很好",
    "Does anyone know how to fix this error?", "Error: unexpected token '}' at line 42",
    "The meeting moved to 15:30, see you there", "🔥🔥🔥", "Купить можно тут, цена 1500₽",
    "Please check the attached file and tell me what you think about it", "👍", "+1",
    "I think we should release on Friday, not Monday", "col1\tcol2\tcol3",
    "Сегодня вечером будет стрим, приходите все!", "¿Dónde está la estación?", "سلام دوستان",
    "JSON looks like {\"ok\":true,\"result\":[]}", "brb", "Скинь ссылку, пожалуйста 🙂",
    "Long story short: the bot crashed, I restarted it and now the queue is empty again."};
constexpr Sv kMentions[] = {"@alice_dev", "@ivan_petrov", "@support", "@olena_k", "@durov"};
constexpr Sv kHashtags[] = {"#news", "#help", "#release", "#новости", "#qt", "#offtopic"};
constexpr Sv kUrls[] = {"https://example.org/docs/getting-started", "https://t.me/c/12345/678",
                        "https://github.com/example/bot/issues/42", "www.example.com"};
constexpr Sv kCommands[] = {"/start", "/help", "/settings", "/stats", "/cancel", "/lang"};
constexpr Sv kBotTexts[] = {"Choose a page:", "Выберите язык / Choose your language:",
                            "Settings ⚙️\nNotifications: on\nLanguage: English", "Results 🔎"};
constexpr Sv kQueries[] = {"", "cats", "погода москва", "gif 😂", "qt6 qml", "music 2026", "пицца"};
constexpr Sv kChatTypes[] = {"sender", "private", "group", "supergroup", "channel"};
constexpr Sv kPollTexts[][5] = {
    {"Which language do you use?", "C++", "Rust", "Python", "Other 🤷"},
    {"Когда встречаемся?", "В субботу", "В воскресенье", "", ""},
    {"Pizza or sushi?", "Pizza 🍕", "Sushi 🍣", "Both", ""},
    {"Rate the \"new\" release", "⭐", "⭐⭐⭐", "⭐⭐⭐⭐⭐", ""}};
constexpr Sv kAdminRights = R"(,"can_be_edited":false,"is_anonymous":false,"can_manage_chat":true,)"
                            R"("can_delete_messages":true,"can_restrict_members":true,)"
                            R"("can_invite_users":true,"can_pin_messages":true)";
constexpr Sv kStatusChanges[][2] = {{"left", "member"},   {"member", "left"},
                                    {"member", "kicked"}, {"kicked", "member"},
                                    {"member", "administrator"}};

constexpr char kHex[] = "0123456789abcdef";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr quint64 mix(quint64 z) // splitmix64's finaliser: pool members derive from their index
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

template<size_t N> Sv at(const Sv (&items)[N], quint64 hash) { return items[hash % N]; }

int utf16Length(Sv s) // Bot API entity offsets and lengths count UTF-16 code units
{
    int n = 0;
    for (const char c : s)
        n += (c & 0xC0) == 0x80 ? 0 : (static_cast<unsigned char>(c) >= 0xF0 ? 2 : 1);
    return n;
}

struct Str { Sv text; }; // written as an escaped JSON string
struct Person { int index; bool asChat = false; }; // a User of the pool (-1: the bot) or their chat
struct Chat { enum Kind { Private, Group, Channel } kind; int index; };
struct Entity { int offset, length; Sv type; };

// The state of generation: random numbers (xorshift64*), the clock, per-chat message ids, and the
// output buffer. put() appends each argument in turn: string views and chars raw, numbers in
// decimal, Str escaped, Person and Chat as objects. At most one argument of a put() draws random
// numbers, since the evaluation order of arguments is unspecified.
class Writer
{
public:
    explicit Writer(const GeneratorOptions &options)
        : m_state(mix(options.seed) | 1), m_salt(mix(~quint64(options.seed)))
        , m_date(options.firstDate), m_lastIds(kUsers + kGroups + kChannels)
    {
        for (qint64 &id : m_lastIds)
            id = 1 + below(chance(20) ? 400000 : 5000);
    }
    QByteArray &out() { return m_out; }
    void update(qint64 updateId);

private:
    quint64 next()
    {
        m_state ^= m_state >> 12, m_state ^= m_state << 25, m_state ^= m_state >> 27;
        return m_state * 0x2545F4914F6CDD1DULL;
    }
    int below(int n) { return int(((next() >> 32) * quint64(n)) >> 32); }
    bool chance(int percent) { return below(100) < percent; }
    template<size_t N> Sv pick(const Sv (&items)[N]) { return items[below(int(N))]; }
    int pickUser() { return below(chance(50) ? below(kUsers) + 1 : kUsers); } // some chat a lot
    Chat pickGroup() { return Chat{Chat::Group, below(kGroups)}; }
    Chat pickChat() { return chance(60) ? Chat{Chat::Private, pickUser()} : pickGroup(); }
    qint64 &lastMessageId(Chat c)
    {
        const int first[] = {0, kUsers, kUsers + kGroups};
        return m_lastIds[size_t(first[c.kind] + c.index)];
    }

    template<typename... Args> void put(const Args &...args) { (add(args), ...); }
    void add(Sv s) { m_out.append(s.data(), qsizetype(s.size())); }
    void add(char c) { m_out.append(c); }
    void add(int v) { add(qint64(v)); }
    void add(qint64 v)
    {
        char digits[24];
        m_out.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr - digits);
    }
    void add(Str s) // UTF-8 stays raw; only '"', '\\' and control characters are escaped
    {
        add('"');
        const char *run = s.text.data(), *end = run + s.text.size();
        for (const char *p = run; p != end; ++p) {
            const auto c = static_cast<unsigned char>(*p);
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            const Sv named = c == '"' ? R"(\")" : c == '\\' ? R"(\\)" : c == '\n' ? R"(\n)"
                           : c == '\t' ? R"(\t)" : "";
            put(Sv(run, size_t(p - run)), named.empty() ? Sv("\\u00") : named);
            if (named.empty())
                put(kHex[c >> 4], kHex[c & 15]);
            run = p + 1;
        }
        put(Sv(run, size_t(end - run)), '"');
    }
    void add(Person p)
    {
        if (p.index < 0)
            return add(kBot);
        const quint64 h = mix(m_salt + quint64(p.index) * 0x9E3779B97F4A7C15ULL);
        put(R"({"id":)", 100000000 + qint64(h % 6900000000ULL),
            p.asChat ? R"(,"first_name":)" : R"(,"is_bot":false,"first_name":)",
            Str{at(kFirstNames, h >> 33)});
        if ((h >> 40) % 3 != 0)
            put(R"(,"last_name":)", Str{at(kLastNames, h >> 42)});
        if ((h >> 50) % 10 != 0)
            put(R"(,"username":")", at(kHandles, h >> 33), '_', p.index, '"');
        if (p.asChat)
            return add(R"(,"type":"private"})");
        put(R"(,"language_code":")", (h >> 54) % 5 == 0 ? Sv("en") : at(kLanguages, h >> 33),
            h >> 60 == 0 ? R"(","is_premium":true})" : R"("})");
    }
    void add(Chat c) // titles are written raw: the tables hold nothing that needs escaping
    {
        if (c.kind == Chat::Private)
            return add(Person{c.index, true});
        const bool group = c.kind == Chat::Group;
        const quint64 h = mix(m_salt ^ (quint64(c.index) << 32 | (group ? 0x6A09E6 : 0xBB67AE)));
        put(R"({"id":-)", 1001000000000 + qint64(h % 8999999999ULL), R"(,"title":")");
        if (group)
            put(at(kGroupTitles, h), " · ", at(kCities, h >> 20));
        else
            put(at(kChannelTitles, h), " #", c.index + 1);
        if (!group || (h >> 40) % 3 == 0)
            put(R"(","username":")", group ? "chat_" : "news_", qint64(h >> 44));
        add(group ? R"(","type":"supergroup"})" : R"(","type":"channel"})");
    }

    void piece(Sv s, Sv entityType = {})
    {
        const int length = utf16Length(s);
        if (!entityType.empty() && m_entityCount < int(m_entities.size()))
            m_entities[size_t(m_entityCount++)] = {m_textUtf16, length, entityType};
        m_text.append(s.data(), qsizetype(s.size()));
        m_textUtf16 += length;
    }
    void startText() { m_text.resize(0), m_entityCount = m_textUtf16 = 0; }
    void buildText(int pieces, bool withEntities);
    void textFields(Sv textKey, Sv entitiesKey);
    void photo();
    void message(Chat c, int sender, qint64 id, qint64 date, qint64 editDate, bool nested);
    void callbackQuery();
    void chatMember(bool mine);
    void poll(bool answer);

    quint64 m_state, m_salt;
    qint64 m_date;
    QByteArray m_out, m_text;
    std::array<Entity, 8> m_entities {};
    int m_entityCount = 0, m_textUtf16 = 0;
    std::vector<qint64> m_lastIds;
};

void Writer::buildText(int pieces, bool withEntities)
{
    startText();
    for (int i = 0; i < pieces; ++i) {
        if (i > 0)
            piece(chance(8) ? "\n" : " ");
        const int kind = withEntities && chance(35) ? below(5) : -1;
        if (kind == 0)
            piece(pick(kMentions), "mention");
        else if (kind == 1)
            piece(pick(kHashtags), "hashtag");
        else if (kind == 2)
            piece(pick(kUrls), "url");
        else
            piece(pick(kPhrases), kind == 3 ? "bold" : kind == 4 ? "italic" : "");
    }
}

void Writer::textFields(Sv textKey, Sv entitiesKey)
{
    put(R"(,")", textKey, R"(":)", Str{Sv(m_text.constData(), size_t(m_text.size()))});
    for (int i = 0; i < m_entityCount; ++i) {
        const Entity &e = m_entities[size_t(i)];
        put(i == 0 ? R"(,")" : "", i == 0 ? entitiesKey : Sv(), i == 0 ? R"(":[)" : ",",
            R"({"offset":)", e.offset, R"(,"length":)", e.length, R"(,"type":")", e.type,
            i + 1 == m_entityCount ? R"("}])" : R"("})");
    }
}

void Writer::photo() // three PhotoSize entries of one picture, as Telegram sends them
{
    char id[50];
    for (int i = 0; i < 50; i += 10)
        for (quint64 bits = next(), j = 0; j < 10; ++j, bits >>= 6)
            id[i + int(j)] = kBase64[bits & 63];
    const int height = chance(60) ? 960 : chance(50) ? 720 : 1707, widths[] = {90, 320, 1280};
    for (int i = 0; i < 3; ++i) {
        const int w = widths[i], h = height * w / 1280, size = w * h / 10 + below(w * 20);
        put(i == 0 ? R"(,"photo":[)" : ",", R"({"file_id":"AgACAgIAAxkBAAI)", Sv(id, 40), "AAMCAAN",
            "smy"[i], R"(AAM2BA","file_unique_id":"AQAD)", Sv(id + 40, 10), "smy"[i],
            R"(","file_size":)", size, R"(,"width":)", w, R"(,"height":)", h, i == 2 ? "}]" : "}");
    }
}

void Writer::message(Chat c, int sender, qint64 id, qint64 date, qint64 editDate, bool nested)
{
    put(R"({"message_id":)", id, c.kind == Chat::Channel ? R"(,"sender_chat":)" : R"(,"from":)");
    c.kind == Chat::Channel ? add(c) : add(Person{sender});
    put(R"(,"chat":)", c, R"(,"date":)", date);
    if (editDate != 0)
        put(R"(,"edit_date":)", editDate);
    if (!nested && c.kind != Chat::Channel && chance(15)) { // a reply to a recent message
        const int other = c.kind == Chat::Group ? pickUser() : chance(60) ? -1 : sender;
        const qint64 otherId = std::max<qint64>(1, id - 1 - below(40));
        add(R"(,"reply_to_message":)");
        message(c, other, otherId, date - 1 - below(3600), 0, true);
    }
    const int content = below(100);
    if (content < 12 && editDate == 0) {
        photo();
        if (chance(70))
            buildText(1 + below(3), chance(20)), textFields("caption", "caption_entities");
    } else if (content < 27 && !nested && c.kind != Chat::Channel && sender >= 0) {
        startText();
        piece(pick(kCommands), "bot_command");
        if (c.kind == Chat::Group)
            piece("@inspector_test_bot"), m_entities[0].length = m_textUtf16;
        if (chance(20))
            piece(" ref_campaign_2026"); // a deep-link payload
        textFields("text", "entities");
    } else { // most texts are short, a few are long: together they make the ~590 byte average
        const int r = below(100), extra = c.kind == Chat::Channel ? 6 : 0;
        const int pieces = r < 55 ? 1 + below(2)
                         : r < 85 ? 3 + below(5)
                         : r < 97 ? 8 + below(16)
                                  : 24 + below(48);
        buildText(pieces + extra, chance(25));
        textFields("text", "entities");
    }
    add('}');
}

void Writer::callbackQuery() // a press on an inline button under one of the bot's messages
{
    const int u = pickUser(), page = 2 + below(20), pressed = page - 1 + below(3);
    const Chat c = chance(75) ? Chat{Chat::Private, u} : pickGroup();
    const qint64 messageId = std::max<qint64>(1, lastMessageId(c) - below(30));
    const qint64 sent = m_date - 2 - below(7200), queryId = qint64(next() >> 1);
    put(R"(,"callback_query":{"id":")", queryId, R"(","from":)", Person{u},
        R"(,"message":{"message_id":)", messageId, R"(,"from":)", kBot, R"(,"chat":)", c,
        R"(,"date":)", sent, R"(,"text":)", Str{pick(kBotTexts)});
    put(R"(,"reply_markup":{"inline_keyboard":[[{"text":"◀️ Back","callback_data":"page:)",
        page - 1, R"("},{"text":"🔄 Refresh","callback_data":"page:)", page,
        R"("},{"text":"Next ▶️","callback_data":"page:)", page + 1,
        R"("}],[{"text":"✅ Done","callback_data":"done"}]]}},"chat_instance":")",
        qint64(mix(m_salt ^ quint64(c.index) ^ quint64(c.kind) << 40)),
        R"(","data":"page:)", pressed, R"("})");
}

void Writer::chatMember(bool mine) // ChatMemberUpdated: a user's status, or (mine) the bot's
{
    const int u = pickUser();
    const bool privateChat = mine && chance(60);
    const Chat c = privateChat ? Chat{Chat::Private, u} : pickGroup();
    const Sv *change = kStatusChanges[privateChat ? 2 + below(2) : below(5)];
    const bool byAdmin = !mine && change[0] != "left" && change[1] != "left";
    put(mine ? R"(,"my_chat_member":{"chat":)" : R"(,"chat_member":{"chat":)", c, R"(,"from":)",
        Person{byAdmin ? pickUser() : u}, R"(,"date":)", m_date);
    for (int i = 0; i < 2; ++i) {
        const Sv extra = change[i] == "kicked"      ? Sv(R"(,"until_date":0)")
                       : change[i] == "administrator" ? kAdminRights : Sv();
        put(i == 0 ? R"(,"old_chat_member":{"user":)" : R"(,"new_chat_member":{"user":)",
            Person{mine ? -1 : u}, R"(,"status":")", change[i], '"', extra, i == 0 ? "}" : "}}");
    }
}

void Writer::poll(bool answer) // a poll's new state, or a vote in one of the non-anonymous polls
{
    const int p = below(kPolls) | (answer ? 1 : 0);
    const quint64 h = mix(m_salt ^ (0x5A11ULL << 32 | quint64(p)));
    const Sv *texts = kPollTexts[h % std::size(kPollTexts)];
    const int options = texts[3].empty() ? 2 : texts[4].empty() ? 3 : 4;
    put(answer ? R"(,"poll_answer":{"poll_id":")" : R"(,"poll":{"id":")",
        5000000000000000000 + qint64(h % 1000000000000000000));
    if (answer) {
        const int voter = pickUser();
        return put(R"(","user":)", Person{voter}, R"(,"option_ids":[)", below(options), "]}");
    }
    put(R"(","question":)", Str{texts[0]}, R"(,"options":[)");
    qint64 total = 0;
    for (int i = 1; i <= options; ++i) {
        const int votes = below(int(h >> (i * 8) & 63) + 1);
        total += votes;
        put(i == 1 ? "{" : ",{", R"("text":)", Str{texts[i]}, R"(,"voter_count":)", votes, '}');
    }
    put(R"(],"total_voter_count":)", total,
        h >> 60 == 0 ? R"(,"is_closed":true)" : R"(,"is_closed":false)",
        p % 2 == 0 ? R"(,"is_anonymous":true)" : R"(,"is_anonymous":false)",
        R"(,"type":"regular","allows_multiple_answers":false})");
}

void Writer::update(qint64 updateId)
{
    put(R"({"update_id":)", updateId);
    const int r = below(100); // the mix of update kinds, in percent
    if (r < 79 || (r >= 95 && r < 98)) { // a message or a channel post, or an edit of a recent one
        const Chat c = r < 79 ? pickChat() : Chat{Chat::Channel, below(kChannels)};
        const int sender = c.kind == Chat::Private ? c.index : pickUser();
        const bool edit = r >= 70 && r < 79;
        const qint64 id = edit ? std::max<qint64>(1, lastMessageId(c) - below(20))
                               : ++lastMessageId(c);
        add(edit                        ? R"(,"edited_message":)"
            : c.kind == Chat::Channel   ? R"(,"channel_post":)"
                                        : R"(,"message":)");
        message(c, sender, id, edit ? m_date - 5 - below(900) : m_date, edit ? m_date : 0, false);
    } else if (r < 87) {
        callbackQuery();
    } else if (r < 91) {
        chatMember(r >= 89);
    } else if (r < 95) {
        const int u = pickUser();
        const qint64 id = qint64(next() >> 1);
        const Sv query = pick(kQueries), offset = chance(20) ? "20" : "";
        const Sv chatType = pick(kChatTypes);
        put(R"(,"inline_query":{"id":")", id, R"(","from":)", Person{u},
            R"(,"query":)", Str{query}, R"(,"offset":")", offset,
            R"(","chat_type":")", chatType, R"("})");
    } else {
        poll(r == 99);
    }
    add("}\n");
    if (below(4) == 0) // about one update in 4 comes a second or more after the one before
        m_date += 1 + below(3);
}

} // namespace

qint64 writeRealisticUpdates(QIODevice &out, const GeneratorOptions &options)
{
    constexpr qsizetype kBlock = qsizetype(4) << 20;
    Writer writer(options);
    QByteArray &buffer = writer.out();
    buffer.reserve(kBlock + 64 * 1024);
    qint64 written = 0;
    for (qint64 i = 0; i < options.count; ++i) {
        writer.update(options.firstUpdateId + i);
        if (buffer.size() < kBlock && i + 1 < options.count)
            continue;
        if (out.write(buffer) != buffer.size())
            return -1;
        written += buffer.size();
        buffer.resize(0); // keeps the capacity, unlike clear()
    }
    return written;
}

} // namespace UpdateInspector::Bench
