// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "ingestbench.h"

#include "serveprocess.h"

#include "botapiclient.h"
#include "capturejournal.h"
#include "longpoller.h"
#include "updatefilterproxy.h"
#include "updatemodel.h"
#include "updatestore.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <vector>

#ifdef Q_OS_LINUX
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {
qint64 g_syncNs = 0; // on the main thread (Sync::EachAppend)
qint64 g_syncCalls = 0;
std::atomic<qint64> g_backgroundSyncs {0}; // the journal's flusher thread (Sync::Periodic)
} // namespace

#ifdef Q_OS_LINUX
// The journal's fdatasync, timed: the core library is linked statically into this executable, so
// this definition takes the place of libc's for CaptureJournal (and only in the bench).
extern "C" int fdatasync(int fd)
{
    QElapsedTimer timer;
    timer.start();
    const int rc = int(::syscall(SYS_fdatasync, fd));
    if (QThread::isMainThread()) {
        g_syncNs += timer.nsecsElapsed();
        ++g_syncCalls;
    } else {
        ++g_backgroundSyncs;
    }
    return rc;
}
#endif

namespace UpdateInspector::Bench {

namespace {

// Lateness of a 5 ms timer, tick by tick: how long the event loop could not run anything else.
class StallProbe
{
public:
    static constexpr int IntervalMs = 5;

    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(IntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_lateUs.push_back(std::max<qint64>(0, (now - m_last) / 1000 - IntervalMs * 1000));
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qsizetype ticks() const { return qsizetype(m_lateUs.size()); }
    double worstMs() const { return m_lateUs.empty() ? 0 : *std::ranges::max_element(m_lateUs) / 1000.0; }
    double percentileMs(double p) const
    {
        if (m_lateUs.empty())
            return 0;
        std::vector<qint64> sorted = m_lateUs;
        const auto at = sorted.begin() + qsizetype(p * double(sorted.size() - 1));
        std::ranges::nth_element(sorted, at);
        return *at / 1000.0;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<qint64> m_lateUs;
};

struct IngestResult
{
    bool ok = false;
    qint64 ms = 0;
    qint64 rows = 0;
};

IngestResult ingest(const QString &base, qint64 expected, QTextStream &out)
{
    QTemporaryDir dir;
    CaptureJournal journal;
    QString error;
    if (!dir.isValid() || !journal.open(dir.filePath(QStringLiteral("capture.jsonl")), &error)) {
        out << "cannot open the capture journal: " << error << "\n";
        return {};
    }
    QNetworkAccessManager nam;
    BotApiClient client(&nam);
    BotApiEndpoint endpoint;
    endpoint.baseUrl = QUrl(base);
    endpoint.token = benchToken();
    client.setEndpoint(endpoint);
    PollerOptions options;
    options.limit = 100;
    options.timeoutSeconds = 1;
    LongPoller poller(client, journal, options);

    UpdateStore store;
    qint64 appendNs = 0, notifyNs = 0, notifications = 0;
    QElapsedTimer section;
    // Connected before the model's own connection, so that it starts the clock of the insertion.
    QObject::connect(&store, &UpdateStore::rowsAppended, &store, [&] { section.start(); });
    UpdateModel model(&store);
    UpdateFilterProxy proxy;
    proxy.setSourceModel(&model);

    QEventLoop loop;
    IngestResult result;
    StallProbe probe;
    QElapsedTimer clock;
    QObject::connect(&poller, &LongPoller::captured, &store, [&](const QList<UpdateRecord> &records) {
        QElapsedTimer timer;
        timer.start();
        store.append(records);
        appendNs += timer.nsecsElapsed();
    });
    // After the model's and the proxy's handlers: the rows are visible now.
    QObject::connect(&store, &UpdateStore::rowsAppended, &store, [&] {
        notifyNs += section.nsecsElapsed();
        ++notifications;
        if (proxy.rowCount() >= expected && model.rowCount() >= expected) {
            result.ms = clock.elapsed();
            result.ok = true;
            loop.quit();
        }
    });
    QObject::connect(&poller, &LongPoller::stateChanged, &loop, [&](PollerState state, const QString &why) {
        if (state == PollerState::Failed || state == PollerState::Conflict || state == PollerState::Backoff) {
            out << "the poller stopped: " << why << "\n";
            loop.quit();
        }
    });
    QTimer::singleShot(300000, &loop, [&] {
        out << "ingest timed out\n";
        loop.quit();
    });

    // Each batch is one round trip (request sent -> answer in) and then main-thread work (the
    // envelope parsed, the batch journaled and synced, stored) before the next request goes out.
    qint64 answeredNs = 0, capturedNs = 0, waitNs = 0, workNs = 0, batches = 0;
    QObject::connect(&nam, &QNetworkAccessManager::finished, &loop, [&] {
        answeredNs = clock.nsecsElapsed();
        waitNs += answeredNs - capturedNs;
    });
    QObject::connect(&poller, &LongPoller::captured, &loop, [&] {
        capturedNs = clock.nsecsElapsed();
        workNs += capturedNs - answeredNs;
        ++batches;
    });
    g_syncNs = g_syncCalls = 0;
    g_backgroundSyncs = 0;
    probe.start();
    clock.start();
    poller.start();
    loop.exec();
    probe.stop();
    poller.stop();
    result.rows = proxy.rowCount();
    if (!result.ok)
        return result;

    reportRate(out, "ingest: emulator -> LongPoller -> journal -> store -> model -> proxy", result.rows, result.ms);
    out << "  " << poller.capturedCount() << " captured, " << poller.redeliveredCount() << " redelivered, "
        << notifications << " model insertions, journal " << journal.size() << " bytes\n";
    out << "  event loop (5 ms timer, " << probe.ticks() << " ticks): worst stall " << probe.worstMs()
        << " ms, p99 " << probe.percentileMs(0.99) << " ms, p50 " << probe.percentileMs(0.5) << " ms\n";
    const auto ms = [](qint64 ns) { return QString::number(double(ns) / 1e6, 'f', 0); };
    const auto share = [&](qint64 ns) { return QString::number(100.0 * double(ns) / 1e6 / double(result.ms), 'f', 1); };
    const auto perBatch = [&](qint64 ns) { return QString::number(double(ns) / 1e6 / double(qMax<qint64>(batches, 1)), 'f', 2); };
    out << "  " << batches << " batches: waiting for answers " << ms(waitNs) << " ms (" << share(waitNs) << " %, "
        << perBatch(waitNs) << " ms a batch), main-thread work " << ms(workNs) << " ms (" << share(workNs) << " %, "
        << perBatch(workNs) << " ms a batch)\n";
    out << "  of the work: fdatasync " << ms(g_syncNs) << " ms (" << share(g_syncNs) << " %, " << perBatch(g_syncNs)
        << " ms a call, " << g_syncCalls << " calls), store append " << ms(appendNs) << " ms (" << share(appendNs) << " %); model+proxy insertions "
        << ms(notifyNs) << " ms (" << share(notifyNs) << " %)\n";
    out << "  journal flushed to the disk by its own thread " << g_backgroundSyncs.load() << " times\n" << Qt::flush;
    return result;
}

} // namespace

int runIngestBench(const QString &cliPath, const QString &log, QTextStream &out)
{
    QFile file(log);
    if (!file.open(QIODevice::ReadOnly)) {
        out << "cannot read " << log << "\n";
        return 1;
    }
    const qint64 lines = file.readAll().count('\n');
    file.close();

    // The anchor first, on a serve of its own: polling empties the queue.
    qint64 expected = lines;
    BarePollResult anchor;
    {
        QProcess serve;
        const QString base = startServe(serve, cliPath, log, expected, out);
        if (!base.isEmpty())
            anchor = pollBare(base, expected, out);
        serve.terminate();
        serve.waitForFinished(10000);
    }
    if (!anchor.ok)
        return 1;

    expected = lines;
    IngestResult result;
    {
        QProcess serve;
        const QString base = startServe(serve, cliPath, log, expected, out);
        if (!base.isEmpty())
            result = ingest(base, expected, out);
        serve.terminate();
        serve.waitForFinished(10000);
    }
    reportRate(out, "anchor: bare QNetworkAccessManager getUpdates loop, responses parsed only", anchor.received, anchor.ms);
    return result.ok && result.rows == expected ? 0 : 1;
}

} // namespace UpdateInspector::Bench
