// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "openbench.h"

#include "logreader.h"
#include "updatefilterproxy.h"
#include "updatemodel.h"
#include "updatestore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <simdjson.h>

#include <cstring>

namespace UpdateInspector::Bench {

namespace {

qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QString ms(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 1) + QStringLiteral(" ms");
}

} // namespace

int runAnchor(const QString &path, QTextStream &out)
{
    QElapsedTimer timer;
    timer.start();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out << "cannot open " << path << "\n";
        return 1;
    }
    QByteArray data;
    data.reserve(file.size() + simdjson::SIMDJSON_PADDING);
    data.resize(file.size());
    file.read(data.data(), data.size());
    const qint64 readNs = timer.nsecsElapsed();
    simdjson::ondemand::parser parser;
    const char *base = data.constData();
    const char *end = base + data.size();
    qint64 lines = 0, sum = 0;
    for (const char *p = base; p < end;) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const char *lineEnd = nl ? nl : end;
        simdjson::ondemand::document doc;
        std::int64_t id = 0;
        if (parser.iterate(simdjson::padded_string_view(p, size_t(lineEnd - p), size_t(end - p) + simdjson::SIMDJSON_PADDING)).get(doc) == simdjson::SUCCESS
            && doc["update_id"].get_int64().get(id) == simdjson::SUCCESS)
            sum += id;
        ++lines;
        p = lineEnd + 1;
    }
    const qint64 totalNs = timer.nsecsElapsed();
    out << "anchor: simdjson on-demand pass over " << lines << " lines (update_id checksum " << sum << ")\n";
    out << "  read " << ms(readNs) << ", pass " << ms(totalNs - readNs) << ", total " << ms(totalNs) << "\n";
    out << "  peak RSS " << peakRssKiB() / 1024 << " MiB\n";
    return 0;
}

int runOpen(const QString &path, QTextStream &out)
{
    const qint64 fileSize = QFile(path).size();
    QElapsedTimer timer;
    timer.start();
    UpdateStore store;
    LogReader reader;
    const LogReadResult result = reader.readFile(path, store);
    store.flushNotifications();
    UpdateModel model(&store);
    UpdateFilterProxy proxy;
    proxy.setSourceModel(&model);
    // "Displayable": the first rows' texts are made as a view would ask for them.
    for (int row = 0; row < qMin(50, proxy.rowCount()); ++row)
        for (int column = 0; column < proxy.columnCount(); ++column)
            proxy.index(row, column).data();
    const qint64 openNs = timer.nsecsElapsed();
    if (!result.ok()) {
        out << "open failed: " << result.fatal << "\n";
        return 1;
    }
    const qint64 peak = peakRssKiB();
    out << "open: " << store.size() << " updates, " << result.errorCount << " malformed, in " << ms(openNs) << "\n";
    out << "  peak RSS " << peak / 1024 << " MiB = " << QString::number(double(peak) * 1024 / double(fileSize), 'f', 2)
        << "x the file (" << fileSize / (1024 * 1024) << " MiB)\n";

    auto timeFilter = [&](const char *label, const UpdateFilter &filter) {
        QElapsedTimer t;
        t.start();
        proxy.setFilter(filter);
        const qint64 ns = t.nsecsElapsed();
        out << "  filter " << label << ": " << proxy.rowCount() << " rows in " << ms(ns) << "\n";
        proxy.setFilter({});
    };
    UpdateFilter kind;
    kind.kinds = kindBit(UpdateKind::CallbackQuery);
    timeFilter("kind=callback_query", kind);
    UpdateFilter chat;
    chat.chatId = store.size() ? store.entry(store.size() / 2).chatId : 0;
    timeFilter("chat", chat);
    UpdateFilter text;
    text.text = QStringLiteral("/start");
    timeFilter("text '/start'", text);
    UpdateFilter rare;
    rare.text = QStringLiteral("no-such-text-anywhere");
    timeFilter("text (no match)", rare);

    // The text filter's anchor: a case-sensitive memmem over every update's bytes.
    QElapsedTimer t;
    t.start();
    qint64 hits = 0;
    for (qsizetype row = 0; row < store.size(); ++row) {
        const QByteArrayView raw = store.raw(row);
        hits += memmem(raw.data(), size_t(raw.size()), "no-such-text-anywhere", 21) != nullptr;
    }
    out << "  anchor memmem over all updates: " << hits << " hits in " << ms(t.nsecsElapsed()) << "\n";
    return 0;
}

} // namespace UpdateInspector::Bench
