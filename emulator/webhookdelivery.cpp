// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookdelivery.h"

#include "emulatorlogging.h"
#include "faultplan.h"
#include "updatequeue.h"
#include "webhookclient_p.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <climits>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

using Internal::WebhookClient;
using Internal::WebhookResponse;

namespace {
// How long a Drop fault lets the half body travel before cutting the connection.
constexpr int kDropAbortMs = 200;
} // namespace

// Bookkeeping: every tracked update is in exactly one place: behind its key (m_keys), ready to
// send (m_ready), scheduled (stall or retry wait, m_events) or in flight (m_inFlight). A key is in
// m_keys while one of its updates is active; its deque holds the updates waiting behind it. All
// operations are O(1) or O(log n): no scan over the queue.
struct WebhookDelivery::Private
{
    struct Item
    {
        qint64 id = 0;
        qint64 key = 0;
        bool faultDecided = false; // a stalled update: its fault was already drawn
    };
    enum class EventKind { Resume, Timeout, DropAbort };
    struct Event
    {
        EventKind kind;
        Item item;          // Resume
        quint64 serial = 0; // Timeout, DropAbort
    };
    using Events = std::multimap<qint64, Event>;
    enum class Mode {
        Normal,
        Drop,           // half the body, then aborted
        DuplicateAfter, // delivered once more after a 2xx
        Duplicate,      // that second copy; its outcome only matters for replyCall
    };
    struct InFlight
    {
        Item item;
        QByteArray body;
        Mode mode = Mode::Normal;
        Events::iterator timeout;
        Events::iterator dropAbort;
    };
    struct RetryState
    {
        int failures = 0;
        qint64 capMs = 0;
    };

    Private(WebhookDelivery *owner, UpdateQueue &queue, const WebhookConfig &config,
            const DeliveryTiming &timing, FaultPlan &faults);

    void enqueue(qint64 id);
    void pump();
    void begin(const Item &item);
    void send(const Item &item, const QByteArray &body, Mode mode);
    void finishItem(const Item &item);
    void onFinished(quint64 serial, const WebhookResponse &response);
    void conclude(InFlight &flight, const WebhookResponse &response);
    void onSuccess(InFlight &flight, const WebhookResponse &response);
    void onFailure(InFlight &flight, const WebhookResponse &response);
    qint64 nextDelayMs(qint64 id, std::optional<qint64> retryAfter);
    Events::iterator schedule(qint64 delayMs, const Event &event);
    void cancel(Events::iterator &it);
    void rearm();
    void runDueEvents();
    void abortInFlight(quint64 serial, EventKind why);

    WebhookDelivery *q;
    UpdateQueue &m_queue;
    const DeliveryTiming m_timing;
    FaultPlan &m_faults;
    const int m_maxInFlight;
    quint64 m_lastSerial = 0;
    std::unordered_set<qint64> m_tracked;
    std::unordered_map<qint64, std::deque<qint64>> m_keys;
    std::deque<Item> m_ready;
    std::unordered_map<quint64, InFlight> m_inFlight;
    std::unordered_map<qint64, RetryState> m_retries;
    Events m_events;
    QElapsedTimer m_clock;
    QTimer m_wake;
    // Last, so it goes first: its connections close while the books they report into still live.
    WebhookClient m_client;
};

WebhookDelivery::Private::Private(WebhookDelivery *owner, UpdateQueue &queue,
                                  const WebhookConfig &config, const DeliveryTiming &timing,
                                  FaultPlan &faults)
    : q(owner)
    , m_queue(queue)
    , m_timing(timing)
    , m_faults(faults)
    , m_maxInFlight(std::clamp(config.maxConnections, 1, WebhookClient::MaxConnections))
    , m_client(config)
{
    m_clock.start();
    m_wake.setSingleShot(true);
    m_wake.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_wake, &QTimer::timeout, q, [this] { runDueEvents(); });
    QObject::connect(&m_client, &WebhookClient::finished, q,
                     [this](quint64 serial, const WebhookResponse &response) {
                         onFinished(serial, response);
                     });
}

void WebhookDelivery::Private::enqueue(qint64 id)
{
    const QueuedUpdate *update = m_queue.find(id);
    if (!update || !m_tracked.insert(id).second)
        return;
    const qint64 key = update->orderKey;
    if (key == 0) {
        m_ready.push_back({id, key});
        return;
    }
    const auto [it, keyWasIdle] = m_keys.try_emplace(key);
    if (keyWasIdle)
        m_ready.push_back({id, key});
    else
        it->second.push_back(id);
}

void WebhookDelivery::Private::pump()
{
    while (qsizetype(m_inFlight.size()) < m_maxInFlight && !m_ready.empty()) {
        const Item item = m_ready.front();
        m_ready.pop_front();
        begin(item);
    }
}

void WebhookDelivery::Private::begin(const Item &item)
{
    const QueuedUpdate *update = m_queue.find(item.id);
    if (!update) { // expired or dropped while it waited: skip it silently
        finishItem(item);
        return;
    }
    // Read before next(): the plan resets its spec once the last counted fault is drawn.
    const int stallMs = m_faults.spec().stallMs;
    const FaultKind fault = item.faultDecided ? FaultKind::None : m_faults.next();
    switch (fault) {
    case FaultKind::Stall:
        // Held back, not in flight: it uses no connection, but its key stays blocked.
        schedule(stallMs, {EventKind::Resume, {item.id, item.key, true}});
        return;
    case FaultKind::Drop:
        send(item, update->json, Mode::Drop);
        return;
    case FaultKind::Duplicate:
        send(item, update->json, Mode::DuplicateAfter);
        return;
    default:
        send(item, update->json, Mode::Normal);
        return;
    }
}

// In flight from here on, as far as the books go; the client answers on a later turn at the earliest.
void WebhookDelivery::Private::send(const Item &item, const QByteArray &body, Mode mode)
{
    const quint64 serial = ++m_lastSerial;
    InFlight flight{item, body, mode, m_events.end(), m_events.end()};
    if (mode == Mode::Drop)
        flight.dropAbort = schedule(kDropAbortMs, {EventKind::DropAbort, {}, serial});
    else
        flight.timeout = schedule(m_timing.timeoutMs, {EventKind::Timeout, {}, serial});
    m_inFlight.emplace(serial, std::move(flight));
    m_client.post(serial, body, mode == Mode::Drop);
}

// The update is done with (delivered, or gone from the queue): its key's next one may go.
void WebhookDelivery::Private::finishItem(const Item &item)
{
    m_tracked.erase(item.id);
    m_retries.erase(item.id);
    if (item.key == 0)
        return;
    const auto it = m_keys.find(item.key);
    if (it == m_keys.end())
        return;
    if (it->second.empty()) {
        m_keys.erase(it);
        return;
    }
    m_ready.push_back({it->second.front(), item.key});
    it->second.pop_front();
}

void WebhookDelivery::Private::onFinished(quint64 serial, const WebhookResponse &response)
{
    auto node = m_inFlight.extract(serial);
    if (node.empty())
        return;
    InFlight &flight = node.mapped();
    cancel(flight.timeout);
    cancel(flight.dropAbort);
    conclude(flight, response);
}

void WebhookDelivery::Private::conclude(InFlight &flight, const WebhookResponse &response)
{
    const bool ok = response.status >= 200 && response.status < 300;
    if (flight.mode != Mode::Duplicate) {
        if (ok)
            onSuccess(flight, response);
        else
            onFailure(flight, response);
        return;
    }
    // The second copy of a Duplicate fault: only a method call in its answer matters.
    finishItem(flight.item);
    pump();
    if (ok && Internal::isMethodCall(response.contentType, response.body))
        Q_EMIT q->replyCall(flight.item.id, response.contentType, response.body);
}

// Signals go out last: a receiver may call enqueue() (or deleteLater()) with the books balanced.
void WebhookDelivery::Private::onSuccess(InFlight &flight, const WebhookResponse &response)
{
    const qint64 id = flight.item.id;
    m_queue.remove(id);
    m_retries.erase(id);
    if (flight.mode == Mode::DuplicateAfter)
        send(flight.item, flight.body, Mode::Duplicate); // keeps the key until it is answered
    else
        finishItem(flight.item);
    pump();
    const QPointer<WebhookDelivery> alive(q);
    Q_EMIT q->delivered(id);
    if (alive && Internal::isMethodCall(response.contentType, response.body))
        Q_EMIT q->replyCall(id, response.contentType, response.body);
}

void WebhookDelivery::Private::onFailure(InFlight &flight, const WebhookResponse &response)
{
    const QString message = response.status > 0
        ? Internal::wrongResponseMessage(response.status, response.reasonPhrase)
        : response.error;
    const Item item{flight.item.id, flight.item.key};
    const qint64 delayMs = nextDelayMs(item.id, response.retryAfter);
    if (delayMs <= 0)
        m_ready.push_front(item); // ahead of the others: it has waited longest
    else
        schedule(delayMs, {EventKind::Resume, item});
    pump();
    qCDebug(lcEmulator) << "webhook delivery of" << item.id << "failed:" << message
                        << "- retry in" << delayMs << "ms";
    Q_EMIT q->failed(item.id, message);
}

// PROTOCOL A9: immediately, then base, 2x base, ... up to a cap drawn once per update in
// [capMin, capMax]; a Retry-After (clamped to [0, retryAfterMaxSeconds]) replaces the backoff.
qint64 WebhookDelivery::Private::nextDelayMs(qint64 id, std::optional<qint64> retryAfter)
{
    RetryState &state = m_retries[id];
    if (state.failures++ == 0) {
        const int low = std::min(m_timing.retryCapMinMs, m_timing.retryCapMaxMs);
        const int high = std::max(m_timing.retryCapMinMs, m_timing.retryCapMaxMs);
        state.capMs = QRandomGenerator::global()->bounded(qint64(low), qint64(high) + 1);
    }
    if (retryAfter)
        return std::clamp<qint64>(*retryAfter, 0, m_timing.retryAfterMaxSeconds) * 1000;
    if (state.failures == 1)
        return 0;
    qint64 delay = m_timing.retryBaseMs;
    for (int i = 2; i < state.failures && delay < state.capMs; ++i)
        delay *= 2;
    return std::min(delay, state.capMs);
}

// One QTimer for every wait (stalls, retries, time-outs): per-update timers would make the event
// dispatcher's sorted timer list the O(n^2) part when a dead webhook leaves 100,000 updates waiting.
WebhookDelivery::Private::Events::iterator WebhookDelivery::Private::schedule(qint64 delayMs,
                                                                              const Event &event)
{
    const auto it = m_events.emplace(m_clock.elapsed() + std::max<qint64>(delayMs, 0), event);
    if (it == m_events.begin())
        rearm();
    return it;
}

void WebhookDelivery::Private::cancel(Events::iterator &it)
{
    if (it == m_events.end())
        return;
    m_events.erase(it); // the timer may still fire for it: runDueEvents() then just re-arms
    it = m_events.end();
}

void WebhookDelivery::Private::rearm()
{
    if (m_events.empty()) {
        m_wake.stop();
        return;
    }
    const qint64 wait = std::max<qint64>(m_events.begin()->first - m_clock.elapsed(), 0);
    m_wake.start(int(std::min<qint64>(wait, INT_MAX)));
}

void WebhookDelivery::Private::runDueEvents()
{
    const QPointer<WebhookDelivery> alive(q);
    while (!m_events.empty() && m_events.begin()->first <= m_clock.elapsed()) {
        const Event event = m_events.begin()->second;
        m_events.erase(m_events.begin());
        if (event.kind == EventKind::Resume) {
            m_ready.push_front(event.item);
            pump();
        } else {
            abortInFlight(event.serial, event.kind);
        }
        if (!alive)
            return; // a receiver of failed() deleted us
    }
    rearm();
}

void WebhookDelivery::Private::abortInFlight(quint64 serial, EventKind why)
{
    auto node = m_inFlight.extract(serial);
    if (node.empty())
        return;
    InFlight &flight = node.mapped();
    // The event was already taken off the list: forget its iterator before cancelling the other.
    (why == EventKind::Timeout ? flight.timeout : flight.dropAbort) = m_events.end();
    cancel(flight.timeout);
    cancel(flight.dropAbort);
    m_client.abort(serial);
    if (why == EventKind::DropAbort) {
        // Our own fault, not the webhook's: no failed(), just a fresh attempt right away.
        m_ready.push_front({flight.item.id, flight.item.key});
        pump();
        return;
    }
    WebhookResponse timedOut;
    timedOut.error = u"Read timeout expired"_s;
    conclude(flight, timedOut);
}

WebhookDelivery::WebhookDelivery(UpdateQueue &queue, const WebhookConfig &config,
                                 const DeliveryTiming &timing, FaultPlan &faults, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, queue, config, timing, faults))
{
}

// What is in flight is cut off without a signal: those updates stay queued.
WebhookDelivery::~WebhookDelivery() = default;

void WebhookDelivery::start()
{
    for (const auto &[id, update] : d->m_queue.updates())
        d->enqueue(id);
    d->pump();
}

void WebhookDelivery::enqueue(qint64 updateId)
{
    d->enqueue(updateId);
    d->pump();
}

int WebhookDelivery::inFlight() const
{
    return int(d->m_inFlight.size());
}

} // namespace UpdateInspector
