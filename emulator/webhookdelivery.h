// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhookconfig.h"

#include <QObject>

#include <memory>

namespace UpdateInspector {

class FaultPlan;
class UpdateQueue;

// How long webhook delivery waits; configurable so tests run in milliseconds.
struct DeliveryTiming
{
    int retryBaseMs = 2000;          // the second retry waits this long, then it doubles
    int retryCapMinMs = 60000;       // the doubling stops at a random cap between these two
    int retryCapMaxMs = 120000;
    int retryAfterMaxSeconds = 3600; // a webhook's Retry-After header is clamped to this
    int timeoutMs = 60000;           // no answer within this: "Read timeout expired"
};

// Delivers a bot's queued updates to its webhook: one POST per update (application/json, the
// update's bytes as queued, X-Telegram-Bot-Api-Secret-Token when set), at most maxConnections at
// once, one at a time per order key (so order holds within a chat), retried after a failure:
// immediately, then retryBaseMs, doubling up to the cap, or after the webhook's Retry-After.
// A delivered update is removed from the queue. Destroying the delivery aborts what is in flight;
// those updates stay queued.
class WebhookDelivery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookDelivery)

public:
    WebhookDelivery(UpdateQueue &queue, const WebhookConfig &config, const DeliveryTiming &timing,
                    FaultPlan &faults, QObject *parent = nullptr);
    ~WebhookDelivery() override;

    // Takes every update already in the queue (called once, after construction).
    void start();
    // An update was pushed to the queue.
    void enqueue(qint64 updateId);

    int inFlight() const;

Q_SIGNALS:
    void delivered(qint64 updateId);
    // A delivery failed; `message` in the service's words ("Wrong response from the webhook:
    // 502 Bad Gateway", "Connection refused", "Read timeout expired", ...).
    void failed(qint64 updateId, const QString &message);
    // The webhook answered a delivery with a method call in its body (2xx with a `method`).
    void replyCall(qint64 updateId, const QByteArray &contentType, const QByteArray &body);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace UpdateInspector
