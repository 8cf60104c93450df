// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logreader.h"

#include "gzip.h"
#include "logreaderworker_p.h"
#include "updatestore.h"

#include <QFile>

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace simdjson;
using namespace std::string_view_literals;

namespace UpdateInspector {

using Internal::Worker;
constexpr qsizetype kPadding = Internal::LogPadding;

struct LogReader::Private
{
    QByteArray buffer; // the decoded file: becomes the store's chunk 0 of this load
    std::vector<std::unique_ptr<Worker>> workers;

    Worker &worker(qsizetype i);
    void readLinesInParallel(qsizetype from);
    LogReadResult merge(std::vector<UpdateIndexEntry> &entries, QByteArray &extra);
};

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
    const bool compressed = isGzip(data);
    if (compressed) {
        QString why;
        if (!gunzip(data, kPadding, p.buffer, &why)) {
            LogReadResult failed;
            failed.compressed = true;
            failed.fatal = why;
            return failed;
        }
        data = QByteArray();
    } else {
        p.buffer = std::move(data);
    }
    // A capture journal still open, or left by a crash, ends in the zeros it reserves ahead of
    // its lines (capturejournal_p.h): they are no line, so not an error either.
    qsizetype dataEnd = p.buffer.size();
    while (dataEnd > 0 && p.buffer.at(dataEnd - 1) == '\0')
        --dataEnd;
    if (dataEnd < p.buffer.size())
        p.buffer.truncate(dataEnd);
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
    result.compressed = compressed;
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
