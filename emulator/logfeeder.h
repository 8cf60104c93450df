// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "logformat.h"
#include "updatestore.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

namespace UpdateInspector {

// Plays a saved update log back: emits each update's raw bytes in log order, as fast as possible
// or at the log's own pace (scaled), for the emulator to queue as if they had just arrived.
class LogFeeder final : public QObject
{
    Q_OBJECT
public:
    // Fast mode emits at most this many updates per event-loop turn.
    static constexpr qsizetype SliceSize = 2000;

    struct Pace
    {
        bool realTime = false; // false: as fast as possible
        double speed = 1.0;    // with realTime: how many times faster than the log

        // "fast", "real" or "xN" (N > 0: "x2", "x0.5"); nullopt with a reason otherwise.
        static std::optional<Pace> parse(QStringView text, QString *error);
    };

    explicit LogFeeder(QObject *parent = nullptr);
    ~LogFeeder() override;

    // Load a log (any format LogReader reads); stops a running feed. Malformed lines are
    // reported in readResult() and skipped. Fails when nothing could be read or no update is in it.
    bool openFile(const QString &path, QString *error);
    bool openData(QByteArray data, QString *error);
    const LogReadResult &readResult() const { return m_result; }

    // Feeds from the first update on.
    void start(const Pace &pace);
    void stop();
    bool isRunning() const { return m_running; }

    // Starts over after the last update instead of finishing (finished() is then never emitted).
    void setLoop(bool loop) { m_loop = loop; }
    bool loops() const { return m_loop; }
    // The longest wait between two updates in paced mode, in wall-clock ms.
    void setMaxGapMs(qint64 ms) { m_maxGapMs = qMax<qint64>(0, ms); }
    qint64 maxGapMs() const { return m_maxGapMs; }

    qsizetype total() const { return m_store.size(); }
    // Updates emitted in the current pass.
    qsizetype fed() const { return m_next; }

Q_SIGNALS:
    void updateReady(const QByteArray &raw);
    void finished();

private:
    bool loaded(QString *error);
    void feed();
    double logGapMs(qsizetype row) const;
    void scheduleNext();

    UpdateStore m_store;
    LogReadResult m_result;
    QTimer m_timer;
    QElapsedTimer m_clock;
    Pace m_pace;
    qsizetype m_next = 0;  // the row emitted next
    double m_dueMs = 0;    // when row m_next is due, in ms on m_clock
    quint64 m_run = 0;     // changes on start/stop, so a slot that restarts us ends the old loop
    qint64 m_maxGapMs = 5000;
    bool m_running = false;
    bool m_loop = false;
};

} // namespace UpdateInspector
