// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookdelivery.h"

#include "emulatorlogging.h"
#include "faultplan.h"
#include "updatequeue.h"

#include <QElapsedTimer>
#include <QHttp1Configuration>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>
#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#endif

#include <algorithm>
#include <climits>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

using namespace Qt::StringLiterals;

namespace UpdateInspector {

namespace {

// How long a Drop fault lets the half body travel before cutting the connection.
constexpr int kDropAbortMs = 200;
// QHttp1Configuration's ceiling: more would wait in QNAM's own queue, invisible to our timeouts.
constexpr int kMaxConnectionsPerHost = 255;

// The body of a Drop fault: the first half of the update, then nothing. Content-Length announces
// the whole update, so the webhook keeps waiting for the rest until the request is aborted.
class HalfBodyDevice final : public QIODevice
{
public:
    HalfBodyDevice(const QByteArray &body, QObject *parent)
        : QIODevice(parent)
        , m_data(body.first(body.size() / 2))
    {
        open(QIODevice::ReadOnly);
    }

    bool isSequential() const override { return true; }
    bool atEnd() const override { return false; } // the rest "is still coming"
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_pos + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min<qint64>(maxSize, m_data.size() - m_pos);
        std::memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

QLatin1StringView standardReasonPhrase(int status)
{
    switch (status) {
    case 300: return "Multiple Choices"_L1;
    case 301: return "Moved Permanently"_L1;
    case 302: return "Found"_L1;
    case 303: return "See Other"_L1;
    case 304: return "Not Modified"_L1;
    case 307: return "Temporary Redirect"_L1;
    case 308: return "Permanent Redirect"_L1;
    case 400: return "Bad Request"_L1;
    case 401: return "Unauthorized"_L1;
    case 402: return "Payment Required"_L1;
    case 403: return "Forbidden"_L1;
    case 404: return "Not Found"_L1;
    case 405: return "Method Not Allowed"_L1;
    case 406: return "Not Acceptable"_L1;
    case 408: return "Request Timeout"_L1;
    case 409: return "Conflict"_L1;
    case 410: return "Gone"_L1;
    case 411: return "Length Required"_L1;
    case 413: return "Content Too Large"_L1;
    case 414: return "URI Too Long"_L1;
    case 415: return "Unsupported Media Type"_L1;
    case 421: return "Misdirected Request"_L1;
    case 422: return "Unprocessable Content"_L1;
    case 429: return "Too Many Requests"_L1;
    case 500: return "Internal Server Error"_L1;
    case 501: return "Not Implemented"_L1;
    case 502: return "Bad Gateway"_L1;
    case 503: return "Service Unavailable"_L1;
    case 504: return "Gateway Timeout"_L1;
    case 505: return "HTTP Version Not Supported"_L1;
    }
    return {};
}

// getWebhookInfo's last_error_message for an HTTP answer that is not 2xx.
QString wrongResponseMessage(int status, const QByteArray &reasonPhrase)
{
    QString reason = QString::fromLatin1(reasonPhrase).trimmed();
    if (reason.isEmpty())
        reason = standardReasonPhrase(status);
    QString message = u"Wrong response from the webhook: "_s + QString::number(status);
    if (!reason.isEmpty())
        message += u' ' + reason;
    return message;
}

// getWebhookInfo's last_error_message for a transport failure (no HTTP answer).
QString networkErrorMessage(QNetworkReply::NetworkError error, const QString &qtText,
                            const QString &sslText)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return u"Connection refused"_s;
    case QNetworkReply::RemoteHostClosedError:
        return u"Connection reset by peer"_s;
    case QNetworkReply::HostNotFoundError:
        return u"Failed to resolve host: Name or service not known"_s;
    case QNetworkReply::TimeoutError:
        return u"Read timeout expired"_s;
    case QNetworkReply::SslHandshakeFailedError:
        return u"SSL error {error:%1}"_s.arg(sslText.isEmpty() ? qtText : sslText);
    default:
        return qtText;
    }
}

QByteArray mimeTypeOf(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mime = semicolon < 0 ? contentType : contentType.first(semicolon);
    return mime.trimmed().toLower();
}

QByteArray multipartBoundary(const QByteArray &contentType)
{
    const QList<QByteArray> params = contentType.split(';');
    for (const QByteArray &param : params) {
        const QByteArray trimmed = param.trimmed();
        if (!trimmed.toLower().startsWith("boundary="))
            continue;
        QByteArray value = trimmed.sliced(9);
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.sliced(1, value.size() - 2);
        return value;
    }
    return {};
}

// True for a part whose Content-Disposition names it "method" and whose value is not empty.
bool isMethodPart(QByteArrayView part)
{
    const qsizetype headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    const QByteArray headers = part.first(headerEnd).toByteArray().toLower();
    for (qsizetype at = headers.indexOf("name="); at >= 0; at = headers.indexOf("name=", at + 1)) {
        const char before = at > 0 ? headers.at(at - 1) : ';';
        if (before != ';' && before != ' ' && before != '\t')
            continue; // "filename=" and the like
        const QByteArrayView name = QByteArrayView(headers).sliced(at + 5);
        if (name.startsWith("\"method\"") || name.startsWith("method;") || name == "method")
            return !part.sliced(headerEnd + 4).trimmed().isEmpty();
    }
    return false;
}

bool multipartHasMethod(const QByteArray &contentType, const QByteArray &body)
{
    const QByteArray boundary = multipartBoundary(contentType);
    if (boundary.isEmpty())
        return false;
    const QByteArray delimiter = "--" + boundary;
    qsizetype at = body.indexOf(delimiter);
    while (at >= 0) {
        const qsizetype start = at + delimiter.size();
        const qsizetype next = body.indexOf(delimiter, start);
        if (next < 0)
            break;
        if (isMethodPart(QByteArrayView(body).sliced(start, next - start)))
            return true;
        at = next;
    }
    return false;
}

// Whether a 2xx body is a Bot API call ("reply with a method"), judged by its Content-Type.
bool isMethodCall(const QByteArray &contentType, const QByteArray &body)
{
    if (body.isEmpty())
        return false;
    const QByteArray mime = mimeTypeOf(contentType);
    if (mime == "application/json") {
        const QJsonValue method = QJsonDocument::fromJson(body).object().value("method"_L1);
        return method.isString() && !method.toString().isEmpty();
    }
    if (mime == "application/x-www-form-urlencoded")
        return !QUrlQuery(QString::fromUtf8(body)).queryItemValue(u"method"_s).isEmpty();
    if (mime == "multipart/form-data")
        return multipartHasMethod(contentType, body);
    return false;
}

// The Host header for a URL whose host is replaced by a fixed address: what the URL would send.
QByteArray hostHeader(const QUrl &url)
{
    QString host = url.host(QUrl::FullyEncoded);
    if (host.contains(u':'))
        host = u'[' + host + u']';
    const int defaultPort = url.scheme() == "https"_L1 ? 443 : 80;
    if (url.port() >= 0 && url.port() != defaultPort)
        host += u':' + QString::number(url.port());
    return host.toLatin1();
}

void applySsl(QNetworkRequest &request, const WebhookConfig &config)
{
#if QT_CONFIG(ssl)
    if (config.url.scheme() != "https"_L1 || !config.hasCustomCertificate())
        return;
    // The uploaded self-signed certificate is trusted on top of the system's CAs.
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(QSslCertificate::fromData(config.certificatePem, QSsl::Pem));
    request.setSslConfiguration(ssl);
#else
    Q_UNUSED(request);
    Q_UNUSED(config);
#endif
}

// Everything every delivery request shares; each POST copies it (QNetworkRequest is shared).
QNetworkRequest requestTemplate(const WebhookConfig &config, int connections)
{
    QUrl url = config.url;
    QNetworkRequest request;
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    if (!config.secretToken.isEmpty())
        request.setRawHeader("X-Telegram-Bot-Api-Secret-Token", config.secretToken);
    if (!url.userInfo().isEmpty()) {
        const QString credentials = url.userName(QUrl::FullyDecoded) + u':'
            + url.password(QUrl::FullyDecoded);
        request.setRawHeader("Authorization", "Basic " + credentials.toUtf8().toBase64());
        url.setUserInfo({});
    }
    if (!config.ipAddress.isEmpty()) {
        // Connect to the fixed address; the webhook still sees (and TLS still checks) its name.
        request.setRawHeader("Host", hostHeader(url));
        request.setPeerVerifyName(url.host());
        url.setHost(config.ipAddress);
    }
    request.setUrl(url);
    QHttp1Configuration http1;
    http1.setNumberOfConnectionsPerHost(connections);
    request.setHttp1Configuration(http1);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    applySsl(request, config);
    return request;
}

std::optional<qint64> retryAfterSeconds(const QNetworkReply &reply)
{
    if (!reply.hasRawHeader("Retry-After"))
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = reply.rawHeader("Retry-After").trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(seconds) : std::nullopt;
}

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
        QNetworkReply *reply = nullptr;
        QByteArray body;
        Mode mode = Mode::Normal;
        Events::iterator timeout;
        Events::iterator dropAbort;
        bool timedOut = false;
        bool dropAborted = false;
        QString sslError;
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
    void onFinished(quint64 serial);
    void onSuccess(InFlight &flight, QNetworkReply &reply);
    void onDuplicateAnswered(InFlight &flight, QNetworkReply &reply, int status);
    void onFailure(InFlight &flight, QNetworkReply &reply, int status);
    QString failureMessage(const InFlight &flight, QNetworkReply &reply, int status) const;
    qint64 nextDelayMs(qint64 id, std::optional<qint64> retryAfter);
    Events::iterator schedule(qint64 delayMs, const Event &event);
    void cancel(Events::iterator &it);
    void rearm();
    void runDueEvents();
    void handle(const Event &event);
    void abortInFlight(quint64 serial, EventKind why);
    void shutdown();

    WebhookDelivery *q;
    UpdateQueue &m_queue;
    const DeliveryTiming m_timing;
    FaultPlan &m_faults;
    const int m_maxInFlight;
    bool m_closing = false;
    quint64 m_lastSerial = 0;
    std::unordered_set<qint64> m_tracked;
    std::unordered_map<qint64, std::deque<qint64>> m_keys;
    std::deque<Item> m_ready;
    std::unordered_map<quint64, InFlight> m_inFlight;
    std::unordered_map<qint64, RetryState> m_retries;
    Events m_events;
    QElapsedTimer m_clock;
    QTimer m_wake;
    QNetworkRequest m_request;
    // Last, so it goes first: its replies die while the bookkeeping they point into still lives.
    QNetworkAccessManager m_nam;
};

WebhookDelivery::Private::Private(WebhookDelivery *owner, UpdateQueue &queue,
                                  const WebhookConfig &config, const DeliveryTiming &timing,
                                  FaultPlan &faults)
    : q(owner)
    , m_queue(queue)
    , m_timing(timing)
    , m_faults(faults)
    , m_maxInFlight(std::clamp(config.maxConnections, 1, kMaxConnectionsPerHost))
    , m_request(requestTemplate(config, m_maxInFlight))
{
    m_clock.start();
    m_wake.setSingleShot(true);
    m_wake.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_wake, &QTimer::timeout, q, [this] { runDueEvents(); });
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
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

void WebhookDelivery::Private::send(const Item &item, const QByteArray &body, Mode mode)
{
    QNetworkReply *reply = nullptr;
    if (mode == Mode::Drop) {
        QNetworkRequest request = m_request;
        request.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        // Otherwise QNAM buffers a sequential body until it ends, which this one never does.
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        auto *device = new HalfBodyDevice(body, nullptr);
        reply = m_nam.post(request, device);
        device->setParent(reply);
    } else {
        reply = m_nam.post(m_request, body);
    }
    const quint64 serial = ++m_lastSerial;
    InFlight flight;
    flight.item = item;
    flight.reply = reply;
    flight.body = body;
    flight.mode = mode;
    flight.timeout = flight.dropAbort = m_events.end();
    if (mode == Mode::Drop)
        flight.dropAbort = schedule(kDropAbortMs, {EventKind::DropAbort, {}, serial});
    else
        flight.timeout = schedule(m_timing.timeoutMs, {EventKind::Timeout, {}, serial});
    m_inFlight.emplace(serial, std::move(flight));
    QObject::connect(reply, &QNetworkReply::finished, reply,
                     [this, serial] { onFinished(serial); });
    if (reply->isFinished()) // an error decided inside post(): its finished() may be gone already
        QMetaObject::invokeMethod(reply, [this, serial] { onFinished(serial); }, Qt::QueuedConnection);
#if QT_CONFIG(ssl)
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [this, serial](const QList<QSslError> &errors) {
                         const auto it = m_inFlight.find(serial);
                         if (it != m_inFlight.end() && !errors.isEmpty())
                             it->second.sslError = errors.constFirst().errorString();
                     });
#endif
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

void WebhookDelivery::Private::onFinished(quint64 serial)
{
    if (m_closing)
        return;
    auto node = m_inFlight.extract(serial);
    if (node.empty())
        return;
    InFlight &flight = node.mapped();
    cancel(flight.timeout);
    cancel(flight.dropAbort);
    QNetworkReply &reply = *flight.reply;
    reply.deleteLater();
    if (flight.dropAborted) {
        // Our own fault, not the webhook's: no failed(), just a fresh attempt right away.
        m_ready.push_front({flight.item.id, flight.item.key});
        pump();
        return;
    }
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (flight.mode == Mode::Duplicate)
        onDuplicateAnswered(flight, reply, status);
    else if (!flight.timedOut && status >= 200 && status < 300)
        onSuccess(flight, reply);
    else
        onFailure(flight, reply, status);
}

// Signals go out last: a receiver may call enqueue() (or deleteLater()) with the books balanced.
void WebhookDelivery::Private::onSuccess(InFlight &flight, QNetworkReply &reply)
{
    const qint64 id = flight.item.id;
    const QByteArray contentType = reply.rawHeader("Content-Type");
    const QByteArray answer = reply.readAll();
    m_queue.remove(id);
    m_retries.erase(id);
    if (flight.mode == Mode::DuplicateAfter)
        send(flight.item, flight.body, Mode::Duplicate); // keeps the key until it is answered
    else
        finishItem(flight.item);
    pump();
    const QPointer<WebhookDelivery> alive(q);
    Q_EMIT q->delivered(id);
    if (alive && isMethodCall(contentType, answer))
        Q_EMIT q->replyCall(id, contentType, answer);
}

void WebhookDelivery::Private::onDuplicateAnswered(InFlight &flight, QNetworkReply &reply,
                                                   int status)
{
    const QByteArray contentType = reply.rawHeader("Content-Type");
    const QByteArray answer = reply.readAll();
    finishItem(flight.item);
    pump();
    if (status >= 200 && status < 300 && isMethodCall(contentType, answer))
        Q_EMIT q->replyCall(flight.item.id, contentType, answer);
}

void WebhookDelivery::Private::onFailure(InFlight &flight, QNetworkReply &reply, int status)
{
    const QString message = failureMessage(flight, reply, status);
    const std::optional<qint64> retryAfter =
        status > 0 && !flight.timedOut ? retryAfterSeconds(reply) : std::nullopt;
    const Item item{flight.item.id, flight.item.key};
    const qint64 delayMs = nextDelayMs(item.id, retryAfter);
    if (delayMs <= 0)
        m_ready.push_front(item); // ahead of the others: it has waited longest
    else
        schedule(delayMs, {EventKind::Resume, item});
    pump();
    qCDebug(lcEmulator) << "webhook delivery of" << item.id << "failed:" << message
                        << "- retry in" << delayMs << "ms";
    Q_EMIT q->failed(item.id, message);
}

QString WebhookDelivery::Private::failureMessage(const InFlight &flight, QNetworkReply &reply,
                                                 int status) const
{
    if (flight.timedOut)
        return u"Read timeout expired"_s;
    if (status > 0)
        return wrongResponseMessage(
            status, reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
    return networkErrorMessage(reply.error(), reply.errorString(), flight.sslError);
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
        handle(event);
        if (!alive)
            return; // a receiver of failed() deleted us
    }
    rearm();
}

void WebhookDelivery::Private::handle(const Event &event)
{
    if (event.kind == EventKind::Resume) {
        m_ready.push_front(event.item);
        pump();
    } else {
        abortInFlight(event.serial, event.kind);
    }
}

void WebhookDelivery::Private::abortInFlight(quint64 serial, EventKind why)
{
    const auto it = m_inFlight.find(serial);
    if (it == m_inFlight.end())
        return;
    // The event was already taken off the list: forget its iterator before onFinished cancels.
    if (why == EventKind::Timeout) {
        it->second.timedOut = true;
        it->second.timeout = m_events.end();
    } else {
        it->second.dropAborted = true;
        it->second.dropAbort = m_events.end();
    }
    it->second.reply->abort(); // emits finished() at once: onFinished() runs
}

void WebhookDelivery::Private::shutdown()
{
    m_closing = true;
    m_wake.stop();
    for (const auto &[serial, flight] : m_inFlight)
        flight.reply->abort(); // onFinished() sees m_closing: no signal, the update stays queued
    m_inFlight.clear();
}

WebhookDelivery::WebhookDelivery(UpdateQueue &queue, const WebhookConfig &config,
                                 const DeliveryTiming &timing, FaultPlan &faults, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, queue, config, timing, faults))
{
}

WebhookDelivery::~WebhookDelivery()
{
    d->shutdown();
}

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
