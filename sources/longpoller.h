// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "pollerstate.h"
#include "updaterecord.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace UpdateInspector {

class BotApiCall;
class BotApiClient;
class CaptureJournal;

struct PollerOptions
{
    int limit = 100;
    int timeoutSeconds = 30;       // the long poll's timeout, sent to the server
    bool sendAllowedUpdates = false; // false: the server keeps the bot's stored setting
    QStringList allowedUpdates;    // sent when sendAllowedUpdates ([] = the default set)
    int httpMarginMs = 10000;      // the HTTP call may take timeout + this before it counts as lost
    int backoffFirstMs = 1000;     // after a network error or 5xx; doubles up to backoffMaxMs
    int backoffMaxMs = 60000;
    double backoffJitter = 0.2;    // each wait is drawn from ±20 % of its nominal value
    int defaultRetryAfterSeconds = 5; // a 429 without retry_after
};

// Long polling with getUpdates. Every batch is written to the capture journal (durably) before the
// next offset confirms it to the server, so a crash between the two loses nothing; after a restart
// the offset continues from the journal's newest polled update. Updates the server sends again
// (ids already journaled) are counted as redeliveries and not stored twice. One poller per bot and
// journal.
class LongPoller final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LongPoller)

public:
    // A journal older than this restarts without an offset: after a week without updates the
    // service picks the next update_id at random, and an old offset could confirm new updates.
    static constexpr qint64 StaleOffsetMs = 7LL * 24 * 3600 * 1000;

    LongPoller(BotApiClient &client, CaptureJournal &journal, const PollerOptions &options,
               QObject *parent = nullptr);
    ~LongPoller() override;

    void start();
    void pause();
    void resume();
    void stop();
    // The answer to ConflictKind::WebhookActive: deleteWebhook (keeping or dropping what waits),
    // then polling again.
    void deleteWebhookAndPoll(bool dropPendingUpdates);

    PollerState state() const { return m_state; }
    QString explanation() const { return m_explanation; }
    ConflictKind conflict() const { return m_conflict; }
    qint64 offset() const { return m_offset; }
    qint64 capturedCount() const { return m_captured; }
    qint64 redeliveredCount() const { return m_redelivered; }

Q_SIGNALS:
    // New updates, already durable in the journal, in the order received; sent before the next
    // getUpdates confirms them. A receiver may delete the poller.
    void captured(const QList<UpdateInspector::UpdateRecord> &records);
    void stateChanged(UpdateInspector::PollerState state, const QString &explanation);

private:
    void poll();
    void onFinished(BotApiCall *call);
    bool takeBatch(const QByteArray &body);
    void handleError(BotApiCall *call);
    void setState(PollerState state, const QString &explanation = {});
    void waitThenPoll(int ms, PollerState state, const QString &explanation);
    void abortCall();

    BotApiClient &m_client;
    CaptureJournal &m_journal;
    PollerOptions m_options;
    PollerState m_state = PollerState::Stopped;
    QString m_explanation;
    ConflictKind m_conflict = ConflictKind::None;
    qint64 m_offset = 0;
    qint64 m_lastJournaled = 0; // newest update_id in the journal from polling; 0 = none
    qint64 m_captured = 0;
    qint64 m_redelivered = 0;
    int m_backoffMs = 0;
    QPointer<BotApiCall> m_call;
    QTimer m_wait;
};

} // namespace UpdateInspector
