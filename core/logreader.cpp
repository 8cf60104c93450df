// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logreader.h"

#include "gzip.h"
#include "timestamp.h"
#include "updateindexer_p.h"
#include "updatestore.h"

#include <QFile>

#include <algorithm>
#include <algorithm>
#include <cstring>

#include <unistd.h>
#include <thread>
#include <string_view>
#include <tuple>
#include <vector>

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector {

namespace {
constexpr qsizetype kPadding = UpdateIndexer::Padding;

enum class ObjectShape { Update, Envelope, Response };

ObjectShape shapeOf(std::string_view firstKey)
{
    if (firstKey == "ok"sv || firstKey == "result"sv)
        return ObjectShape::Response;
    if (firstKey == "received_at"sv || firstKey == "source"sv || firstKey == "update"sv
        || firstKey == "update_b64"sv || firstKey == "raw_lf"sv || firstKey == "raw_cr"sv)
        return ObjectShape::Envelope;
    return ObjectShape::Update;
}
} // namespace

// One pass over part of a log: its own parser, entries and errors, so that several can index
// the lines of one large file at once. Line numbers are counted from the start of its part.
struct Worker
{
    char *base = nullptr; // the decoded file (shared by all workers; each writes only its part)
    qsizetype size = 0;
    ondemand::parser parser;
    QByteArray extra;    // updates that had to be decoded (update_b64): chunk 1 of the load
    std::vector<UpdateIndexEntry> entries;
    std::vector<UpdateIndexEntry> pending; // of the line being read, committed when it is whole
    qsizetype errorCount = 0;
    QList<LogError> errors;
    qint64 lines = 0; // lines read (JSON Lines mode)
    // Line counting for error positions, moving forward only.
    const char *countedUpTo = nullptr;
    qint64 countedLines = 1;
    const char *documentsEnd = nullptr; // where the whole documents of a stream end
    bool sawEnvelope = false;
    bool sawRaw = false;
    bool sawResponse = false;

    void error(qint64 line, const QString &message)
    {
        ++errorCount;
        if (errors.size() < LogReadResult::MaxReportedErrors)
            errors.append({line, message});
    }
    qint64 lineAt(const char *at)
    {
        if (!countedUpTo || at < countedUpTo) {
            countedUpTo = base;
            countedLines = 1;
        }
        for (const char *p = countedUpTo; p < at; ++p)
            countedLines += *p == '\n';
        countedUpTo = at;
        return countedLines;
    }
    qsizetype capacityFrom(const char *at) const { return base + size + kPadding - at; }

    bool indexSpan(ondemand::object object, std::string_view span, qint64 line, UpdateIndexEntry entry);
    void readObject(ondemand::object object, std::string_view span, qint64 line);
    void readEnvelope(ondemand::object object, qint64 line);
    void readArray(ondemand::array array, qint64 line);
    void readLines(qsizetype from, qsizetype to);
    void readDocuments(qsizetype from);
    void commit() { entries.insert(entries.end(), pending.begin(), pending.end()); pending.clear(); }
};

struct LogReader::Private
{
    QByteArray buffer; // the decoded file: becomes the store's chunk 0 of this load
    std::vector<std::unique_ptr<Worker>> workers;

    Worker &worker(qsizetype i);
    void readLinesInParallel(qsizetype from);
    LogReadResult merge(std::vector<UpdateIndexEntry> &entries, QByteArray &extra);
};

bool Worker::indexSpan(ondemand::object object, std::string_view span, qint64 line,
                                   UpdateIndexEntry entry)
{
    QString why;
    if (!Internal::indexUpdateObject(object, entry, &why)) {
        error(line, why);
        return false;
    }
    // raw_json() runs on to the next token (for the last whole document of a stream: over a
    // cut-off document after it): the update's bytes end at its closing brace.
    if (documentsEnd && span.data() + span.size() > documentsEnd)
        span = span.substr(0, size_t(std::max<qsizetype>(documentsEnd - span.data(), 0)));
    while (!span.empty() && std::string_view(" \t\r\n").find(span.back()) != std::string_view::npos)
        span.remove_suffix(1);
    entry.offset = std::uint64_t(span.data() - base);
    entry.length = std::uint32_t(span.size());
    pending.push_back(entry);
    return true;
}

void Worker::readObject(ondemand::object object, std::string_view span, qint64 line)
{
    std::string_view firstKey;
    for (auto field : object) {
        if (field.unescaped_key().get(firstKey) != SUCCESS)
            firstKey = {};
        break;
    }
    object.reset();
    switch (shapeOf(firstKey)) {
    case ObjectShape::Update:
        sawRaw = true;
        if (span.empty() && object.raw_json().get(span) == SUCCESS)
            object.reset();
        indexSpan(object, span, line, UpdateIndexEntry {});
        return;
    case ObjectShape::Envelope:
        sawEnvelope = true;
        readEnvelope(object, line);
        return;
    case ObjectShape::Response:
        sawResponse = true;
        break;
    }
    bool ok = true;
    std::string_view description;
    for (auto field : object) {
        std::string_view key;
        ondemand::value value;
        if (field.unescaped_key().get(key) != SUCCESS || field.value().get(value) != SUCCESS)
            return error(line, QStringLiteral("malformed getUpdates response"));
        if (key == "ok"sv)
            std::ignore = value.get_bool().get(ok);
        else if (key == "description"sv)
            std::ignore = value.get_string().get(description);
        else if (key == "result"sv) {
            ondemand::array array;
            if (value.get_array().get(array) != SUCCESS)
                return error(line, QStringLiteral("getUpdates response whose result is not an array"));
            readArray(array, line);
        }
    }
    if (!ok)
        error(line, QStringLiteral("a getUpdates error response: %1").arg(QString::fromUtf8(description)));
}

void Worker::readArray(ondemand::array array, qint64 line)
{
    for (auto element : array) {
        ondemand::value value;
        if (auto code = element.get(value); code != SUCCESS)
            return error(line, Internal::jsonErrorText(code));
        const char *at = nullptr;
        std::ignore = value.current_location().get(at);
        const qint64 elementLine = at ? lineAt(at) : line;
        ondemand::object object;
        std::string_view span;
        if (value.get_object().get(object) != SUCCESS || object.raw_json().get(span) != SUCCESS) {
            error(elementLine, QStringLiteral("not an update: not a JSON object"));
            continue;
        }
        object.reset();
        sawRaw = true;
        indexSpan(object, span, elementLine, UpdateIndexEntry {});
    }
}

void Worker::readEnvelope(ondemand::object object, qint64 line)
{
    UpdateIndexEntry entry;
    std::vector<std::uint64_t> lf, cr;
    std::string_view span;
    bool haveUpdate = false;
    // An error anywhere in the envelope drops the update it may have yielded already.
    const auto mark = pending.size();
    auto fail = [&](const QString &message) {
        pending.resize(mark);
        error(line, message);
    };
    for (auto field : object) {
        std::string_view key;
        ondemand::value value;
        if (field.unescaped_key().get(key) != SUCCESS || field.value().get(value) != SUCCESS)
            return fail(QStringLiteral("malformed envelope"));
        if (key == "received_at"sv) {
            std::string_view text;
            if (value.get_string().get(text) == SUCCESS)
                entry.receivedMs = parseTimestamp(QByteArrayView(text.data(), qsizetype(text.size()))).value_or(0);
        } else if (key == "source"sv) {
            std::string_view text;
            if (value.get_string().get(text) == SUCCESS)
                entry.source = sourceFromName(QByteArrayView(text.data(), qsizetype(text.size())));
        } else if (key == "raw_lf"sv || key == "raw_cr"sv) {
            ondemand::array positions;
            if (value.get_array().get(positions) != SUCCESS)
                return fail(QStringLiteral("%1 is not an array").arg(QLatin1StringView(key)));
            for (auto p : positions) {
                std::uint64_t at;
                if (p.get_uint64().get(at) != SUCCESS)
                    return fail(QStringLiteral("%1 holds a non-integer").arg(QLatin1StringView(key)));
                (key == "raw_lf"sv ? lf : cr).push_back(at);
            }
        } else if (key == "update"sv) {
            ondemand::object update;
            if (value.get_object().get(update) != SUCCESS || update.raw_json().get(span) != SUCCESS)
                return fail(QStringLiteral("the envelope's update is not a JSON object"));
            update.reset();
            const auto before = pending.size();
            if (!indexSpan(update, span, line, entry))
                return;
            haveUpdate = pending.size() > before;
        } else if (key == "update_b64"sv) {
            std::string_view text;
            if (value.get_string().get(text) != SUCCESS)
                return fail(QStringLiteral("update_b64 is not a string"));
            const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromRawData(text.data(), qsizetype(text.size())),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            QString why;
            UpdateIndexer indexer;
            if (!decoded || !indexer.index(decoded.decoded, entry, &why))
                return fail(decoded ? why : QStringLiteral("update_b64 is not valid base64"));
            entry.chunk = 1;
            entry.offset = std::uint64_t(extra.size());
            entry.length = std::uint32_t(decoded.decoded.size());
            extra.append(decoded.decoded);
            pending.push_back(entry);
            haveUpdate = true;
        }
    }
    if (!haveUpdate)
        return fail(QStringLiteral("envelope without an update"));
    // The envelope's fields may come in any order: apply time, source and line breaks last.
    UpdateIndexEntry &stored = pending.back();
    stored.receivedMs = entry.receivedMs;
    stored.source = entry.source;
    if (!lf.empty() || !cr.empty()) {
        char *raw = base + stored.offset;
        for (auto [positions, byte] : {std::pair {&lf, '\n'}, std::pair {&cr, '\r'}}) {
            for (std::uint64_t at : *positions) {
                if (stored.chunk != 0 || at >= stored.length || raw[at] != ' ') {
                    return fail(QStringLiteral("raw_lf/raw_cr position %1 is not a space in the update").arg(at));
                }
                raw[at] = byte;
            }
        }
    }
}

void Worker::readLines(qsizetype from, qsizetype to)
{
    qsizetype pos = from;
    qint64 line = 1;
    while (pos < to) {
        const void *nl = std::memchr(base + pos, '\n', size_t(to - pos));
        const qsizetype end = nl ? static_cast<const char *>(nl) - base : to;
        qsizetype first = pos, last = end;
        while (first < last && (base[first] == ' ' || base[first] == '\t'))
            ++first;
        while (last > first && (base[last - 1] == '\r' || base[last - 1] == ' ' || base[last - 1] == '\t'))
            --last;
        if (first < last) {
            const std::string_view span(base + first, size_t(last - first));
            ondemand::document doc;
            ondemand::object object;
            auto code = parser.iterate(padded_string_view(span.data(), span.size(), size_t(capacityFrom(span.data())))).get(doc);
            if (code == SUCCESS)
                code = doc.get_object().get(object);
            if (code != SUCCESS) {
                error(line, code == INCORRECT_TYPE ? QStringLiteral("not a JSON object")
                                                   : QStringLiteral("not valid JSON: %1").arg(Internal::jsonErrorText(code)));
            } else {
                readObject(object, span, line);
                // After a JSON error the document is dead (and at_end() must not be asked).
                if (doc.is_alive() && !doc.at_end() && !pending.empty()) {
                    pending.clear();
                    error(line, QStringLiteral("unexpected content after the JSON object"));
                }
                commit();
            }
        }
        pos = end + 1;
        ++line;
    }
    lines = line - 1;
}

// Whole documents: a pretty-printed update or response, a JSON array, or several documents
// concatenated (as `jq .` prints them).
void Worker::readDocuments(qsizetype from)
{
    const char *start = base + from;
    const size_t length = size_t(size - from);
    ondemand::document_stream stream;
    const size_t batch = qMax<size_t>(length, 1 << 20);
    if (auto code = parser.iterate_many(start, length, batch).get(stream); code != SUCCESS)
        return error(lineAt(start), Internal::jsonErrorText(code));
    auto it = stream.begin();
    documentsEnd = start + length - stream.truncated_bytes(); // one batch: known after begin()
    for (; it != stream.end(); ++it) {
        const qint64 line = lineAt(start + it.current_index());
        ondemand::document_reference doc;
        if (auto code = (*it).get(doc); code != SUCCESS)
            return error(line, QStringLiteral("not valid JSON: %1").arg(Internal::jsonErrorText(code)));
        ondemand::json_type type;
        if (auto code = doc.type().get(type); code != SUCCESS)
            return error(line, QStringLiteral("not valid JSON: %1").arg(Internal::jsonErrorText(code)));
        if (type == ondemand::json_type::array) {
            ondemand::array array;
            if (doc.get_array().get(array) == SUCCESS)
                readArray(array, line);
        } else if (type == ondemand::json_type::object) {
            ondemand::object object;
            if (doc.get_object().get(object) == SUCCESS)
                readObject(object, {}, line);
        } else {
            error(line, QStringLiteral("not a JSON object or array"));
        }
        commit();
        // After a JSON error inside a document the stream cannot go on (stepping over it crashes).
        if (!static_cast<ondemand::document &>(doc).is_alive())
            return;
    }
    if (stream.truncated_bytes() > 0)
        error(lineAt(start + length - stream.truncated_bytes()), QStringLiteral("the last document is incomplete"));
}

LogReader::LogReader() : d(std::make_unique<Private>()) {}
LogReader::~LogReader() = default;

namespace {

// Reads the whole file into `data`. A large file is read in slices on several threads: filling a
// fresh buffer is bound by page faults, which cores take in parallel.
bool readWhole(QFile &file, QByteArray &data)
{
    constexpr qint64 MinSlice = 8 << 20;
    const qint64 size = file.size();
    data.reserve(size + kPadding);
    data.resize(size);
    const int slices = int(qBound<qint64>(1, size / MinSlice, qMax(1u, std::thread::hardware_concurrency())));
    const int fd = file.handle();
    if (slices == 1 || fd < 0)
        return file.read(data.data(), size) == size;
    std::vector<std::thread> threads;
    std::vector<char> ok(size_t(slices), 0);
    for (int i = 0; i < slices; ++i) {
        threads.emplace_back([&, i] {
            qint64 at = size * i / slices;
            const qint64 end = size * (i + 1) / slices;
            while (at < end) {
                const ssize_t got = ::pread(fd, data.data() + at, size_t(end - at), off_t(at));
                if (got <= 0)
                    return;
                at += got;
            }
            ok[size_t(i)] = 1;
        });
    }
    for (std::thread &t : threads)
        t.join();
    return std::all_of(ok.begin(), ok.end(), [](char c) { return c != 0; });
}

} // namespace

LogReadResult LogReader::readFile(const QString &path, UpdateStore &store)
{
    QFile file(path);
    LogReadResult failed;
    if (!file.open(QIODevice::ReadOnly)) {
        failed.fatal = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return failed;
    }
    QByteArray data;
    if (!readWhole(file, data)) {
        failed.fatal = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return failed;
    }
    return readData(std::move(data), store);
}

Worker &LogReader::Private::worker(qsizetype i)
{
    while (qsizetype(workers.size()) <= i)
        workers.push_back(std::make_unique<Worker>());
    Worker &w = *workers[size_t(i)];
    // A worker keeps its parser (and its buffers' capacity) from one file to the next.
    w.base = buffer.data();
    w.size = buffer.size();
    w.extra.clear();
    w.entries.clear();
    w.pending.clear();
    w.errorCount = 0;
    w.errors.clear();
    w.lines = 0;
    w.countedUpTo = nullptr;
    w.documentsEnd = nullptr;
    w.sawEnvelope = w.sawRaw = w.sawResponse = false;
    return w;
}

// A large JSON Lines file is cut at line ends into one part per core; the parts are indexed at
// once and joined in order (indexing is most of the time an open takes).
void LogReader::Private::readLinesInParallel(qsizetype from)
{
    constexpr qsizetype MinPart = 8 << 20;
    const qsizetype size = buffer.size();
    const int parts = int(qBound<qsizetype>(1, (size - from) / MinPart,
                                            qMax(1u, std::thread::hardware_concurrency())));
    std::vector<qsizetype> bounds {from};
    for (int i = 1; i < parts; ++i) {
        const qsizetype guess = qMax(bounds.back(), from + (size - from) * i / parts);
        const void *nl = std::memchr(buffer.constData() + guess, '\n', size_t(size - guess));
        bounds.push_back(nl ? static_cast<const char *>(nl) - buffer.constData() + 1 : size);
    }
    bounds.push_back(size);
    std::vector<std::thread> threads;
    for (int i = 1; i < parts; ++i) {
        Worker &w = worker(i);
        threads.emplace_back([&w, a = bounds[size_t(i)], b = bounds[size_t(i) + 1]] { w.readLines(a, b); });
    }
    worker(0).readLines(bounds[0], bounds[1]);
    for (std::thread &t : threads)
        t.join();
    workers.resize(size_t(parts));
}

LogReadResult LogReader::Private::merge(std::vector<UpdateIndexEntry> &entries, QByteArray &extra)
{
    LogReadResult result;
    size_t total = 0;
    for (const auto &w : workers)
        total += w->entries.size();
    // The first part's entries are taken over, the others appended: no second copy of the index.
    entries = std::move(workers.front()->entries);
    entries.reserve(total);
    qint64 lineOffset = 0;
    for (size_t i = 0; i < workers.size(); ++i) {
        Worker &w = *workers[i];
        for (size_t k = 0; i > 0 && k < w.entries.size(); ++k) {
            UpdateIndexEntry e = w.entries[k];
            if (e.chunk == 1)
                e.offset += std::uint64_t(extra.size());
            entries.push_back(e);
        }
        w.entries = {};
        extra.append(w.extra);
        result.errorCount += w.errorCount;
        for (const LogError &error : std::as_const(w.errors)) {
            if (result.errors.size() < LogReadResult::MaxReportedErrors)
                result.errors.append({error.line + lineOffset, error.message});
        }
        lineOffset += w.lines;
    }
    result.updates = qsizetype(entries.size());
    return result;
}

LogReadResult LogReader::readData(QByteArray data, UpdateStore &store)
{
    Private &p = *d;
    LogReadResult failed;
    if (isGzip(data)) {
        QString why;
        if (!gunzip(data, kPadding, p.buffer, &why)) {
            failed.compressed = true;
            failed.fatal = why;
            return failed;
        }
        data = QByteArray();
        failed.compressed = true;
    } else {
        p.buffer = std::move(data);
    }
    // Detach now (envelopes restore line breaks in place) and keep simdjson's padding: reserve()
    // does both, where a plain detach of data shared with the caller drops the spare capacity.
    p.buffer.reserve(p.buffer.size() + kPadding);

    qsizetype from = 0;
    if (p.buffer.startsWith("\xEF\xBB\xBF"))
        from = 3;
    Worker &probe = p.worker(0);
    const char *base = p.buffer.constData();
    const qsizetype size = p.buffer.size();
    auto skipSpace = [&](qsizetype at) {
        while (at < size && std::string_view(" \t\r\n").find(base[at]) != std::string_view::npos)
            ++at;
        return at;
    };
    // Is the line at `at` a whole JSON object on its own? `next` is set to the following line.
    auto wholeObjectLine = [&](qsizetype at, qsizetype &next) {
        const void *nl = std::memchr(base + at, '\n', size_t(size - at));
        const qsizetype end = nl ? static_cast<const char *>(nl) - base : size;
        next = end + 1;
        ondemand::document doc;
        ondemand::object object;
        return base[at] == '{'
            && probe.parser.iterate(padded_string_view(base + at, size_t(end - at), size_t(probe.capacityFrom(base + at)))).get(doc) == SUCCESS
            && doc.get_object().get(object) == SUCCESS && object.raw_json().error() == SUCCESS
            && doc.is_alive() && doc.at_end();
    };
    const qsizetype first = skipSpace(from);
    // JSON Lines when the first line is a whole JSON object on its own, or when it is damaged and
    // the next one is; documents otherwise.
    bool lines = true;
    if (first < size && (base[first] == '[' || base[first] == '{')) {
        qsizetype next = 0;
        lines = wholeObjectLine(first, next);
        if (!lines && base[first] == '{') {
            next = skipSpace(next);
            lines = next < size && wholeObjectLine(next, next);
        }
    }
    if (lines) {
        p.readLinesInParallel(from);
    } else {
        p.workers.resize(1);
        probe.readDocuments(first);
    }

    bool sawResponse = false, sawEnvelope = false;
    for (const auto &w : p.workers) {
        sawResponse |= w->sawResponse;
        sawEnvelope |= w->sawEnvelope;
    }
    std::vector<UpdateIndexEntry> entries;
    QByteArray extra;
    LogReadResult result = p.merge(entries, extra);
    result.compressed = failed.compressed;
    if (!lines)
        result.format = sawResponse ? LogFormat::GetUpdatesResponse
            : base[first] == '[' ? LogFormat::UpdateArray : LogFormat::JsonDocuments;
    else
        result.format = sawResponse ? LogFormat::GetUpdatesResponse
            : sawEnvelope ? LogFormat::EnvelopeLines : LogFormat::UpdateLines;
    if (!extra.isEmpty())
        extra.reserve(extra.size() + kPadding); // chunk 1 of this load
    store.adoptChunks({std::move(p.buffer), std::move(extra)}, std::move(entries));
    p.buffer = QByteArray();
    return result;
}

} // namespace UpdateInspector
