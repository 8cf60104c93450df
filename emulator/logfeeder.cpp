// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logfeeder.h"

#include "logreader.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

std::optional<LogFeeder::Pace> LogFeeder::Pace::parse(QStringView text, QString *error)
{
    const QStringView t = text.trimmed();
    if (t.compare(u"fast", Qt::CaseInsensitive) == 0)
        return Pace {};
    if (t.compare(u"real", Qt::CaseInsensitive) == 0)
        return Pace {true, 1.0};
    if (t.startsWith(u'x', Qt::CaseInsensitive)) {
        bool ok = false;
        const double speed = t.sliced(1).toDouble(&ok);
        if (ok && std::isfinite(speed) && speed > 0)
            return Pace {true, speed};
        if (error)
            *error = u"the N in xN must be a number above 0, as in x2 or x0.5"_s;
        return std::nullopt;
    }
    if (error)
        *error = u"unknown pace \"%1\": use fast, real or xN (as in x2 or x0.5)"_s.arg(t);
    return std::nullopt;
}

LogFeeder::LogFeeder(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &LogFeeder::feed);
}

LogFeeder::~LogFeeder() = default;

bool LogFeeder::openFile(const QString &path, QString *error)
{
    stop();
    m_next = 0;
    m_store.clear();
    m_result = LogReader().readFile(path, m_store);
    return loaded(error);
}

bool LogFeeder::openData(QByteArray data, QString *error)
{
    stop();
    m_next = 0;
    m_store.clear();
    m_result = LogReader().readData(std::move(data), m_store);
    return loaded(error);
}

bool LogFeeder::loaded(QString *error)
{
    QString why;
    if (!m_result.ok())
        why = m_result.fatal;
    else if (m_store.size() == 0 && m_result.errorCount > 0)
        why = u"no update in the log could be read (%1 malformed)"_s.arg(m_result.errorCount);
    else if (m_store.size() == 0)
        why = u"the log holds no updates"_s;
    if (why.isEmpty())
        return true;
    if (error)
        *error = why;
    return false;
}

void LogFeeder::start(const Pace &pace)
{
    stop();
    m_pace = pace;
    m_running = true;
    m_next = 0;
    m_dueMs = 0;
    m_clock.start();
    // Even the first update goes out from the event loop: a caller connects before it returns.
    m_timer.start(0);
}

void LogFeeder::stop()
{
    m_timer.stop();
    m_running = false;
    ++m_run;
}

// The log's own time between row - 1 and row: receive times, else the payloads' dates.
double LogFeeder::logGapMs(qsizetype row) const
{
    const UpdateIndexEntry &before = m_store.entry(row - 1);
    const UpdateIndexEntry &after = m_store.entry(row);
    double gap = 0;
    if (before.receivedMs != 0 && after.receivedMs != 0)
        gap = double(after.receivedMs - before.receivedMs);
    else if (before.date != 0 && after.date != 0)
        gap = (double(after.date) - double(before.date)) * 1000.0;
    return qMax(0.0, gap); // a log out of order does not wait backwards
}

void LogFeeder::feed()
{
    const quint64 run = m_run;
    const double now = double(m_clock.nsecsElapsed()) / 1e6;
    qsizetype emitted = 0;
    while (m_next < total() && emitted < SliceSize) {
        if (m_pace.realTime && m_dueMs > now)
            break;
        const QByteArray raw = m_store.raw(m_next).toByteArray();
        ++m_next;
        ++emitted;
        // Due times add up from the start, so late timers do not push the rest back.
        if (m_pace.realTime && m_next < total()) {
            const double speed = m_pace.speed > 0 ? m_pace.speed : 1.0;
            m_dueMs += qMin(logGapMs(m_next) / speed, double(m_maxGapMs));
        }
        Q_EMIT updateReady(raw);
        if (run != m_run) // a slot stopped, restarted or reopened the feed
            return;
    }
    if (m_next >= total()) {
        if (!m_loop || total() == 0) {
            stop();
            Q_EMIT finished();
            return;
        }
        m_next = 0; // the next pass starts right away
    }
    scheduleNext();
}

void LogFeeder::scheduleNext()
{
    if (!m_pace.realTime) {
        m_timer.start(0);
        return;
    }
    const double wait = m_dueMs - double(m_clock.nsecsElapsed()) / 1e6;
    m_timer.start(int(qBound(0.0, std::ceil(wait), double(std::numeric_limits<int>::max()))));
}

} // namespace UpdateInspector
