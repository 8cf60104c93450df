// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// What the listener makes of a complete request: the verdict (path, method, secret, body), the
// badges, a fault, and whether the update joins the next journal batch.
#include "journalthread_p.h"
#include "listenerconnection_p.h"
#include "secrettoken.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <algorithm>

namespace UpdateInspector {

namespace {
constexpr qsizetype kMaxRecordedBody = 64 * 1024;
const QByteArray kSecretHeader = QByteArrayLiteral("x-telegram-bot-api-secret-token");
} // namespace

bool WebhookListener::Private::pathMatches(QByteArrayView requestPath) const
{
    if (requestPath == path)
        return true;
    // Percent-encoding may differ (":" or "%3A" in a token-shaped path): compare decoded too.
    return requestPath.contains('%') || path.contains('%')
        ? QByteArray::fromPercentEncoding(requestPath.toByteArray())
            == QByteArray::fromPercentEncoding(path)
        : false;
}

bool WebhookListener::Private::faultHits()
{
    if (!fault.isActive())
        return false;
    if (fault.remaining > 0) {
        --fault.remaining;
        return true;
    }
    return fault.share >= 1.0 || QRandomGenerator::global()->generateDouble() < fault.share;
}

QByteArray WebhookListener::Private::ackResponse(const HttpRequest &request, QByteArray *body) const
{
    static const QByteArray plainOk = httpResponse(200, {}, {}, false);
    const bool http10KeepAlive = request.minorVersion == 0 && request.keepAlive;
    if (reply.methodBody.isEmpty() && request.keepAlive && !http10KeepAlive)
        return plainOk; // the common case: no allocation
    *body = reply.methodBody;
    return httpResponse(200,
                        body->isEmpty() ? QByteArrayView() : "Content-Type: application/json\r\n",
                        *body, !request.keepAlive, http10KeepAlive);
}

ExchangePtr WebhookListener::Private::judge(ListenerConnection &connection,
                                            const HttpRequest &request)
{
    auto exchange = std::make_shared<Exchange>();
    exchange->connection = &connection;
    exchange->completeNs = nowNs();
    WebhookRequest &record = exchange->record;
    record.receivedMs = QDateTime::currentMSecsSinceEpoch();
    record.peer = connection.peerText();
    record.peerPort = connection.peerPort();
    record.method = request.method;
    record.path = redactedText(request.target);
    record.headers = redactedHeaders(request.headers, secret);
    record.body = request.body;

    const auto answer = [&](int status, WebhookVerdict verdict, const QString &reason,
                            QByteArrayView extraHeaders = {}) {
        record.status = status;
        record.verdict = verdict;
        record.reason = reason;
        if (status >= 400) {
            record.responseBody = statusPhrase(status) + '\n';
            if (verdict != WebhookVerdict::Faulted && record.body.size() > kMaxRecordedBody)
                record.body.truncate(kMaxRecordedBody);
        }
        exchange->response
            = httpResponse(status, extraHeaders, record.responseBody, !request.keepAlive,
                           request.minorVersion == 0 && request.keepAlive);
        if (request.method == "HEAD")
            exchange->response.chop(record.responseBody.size()); // HEAD answers carry no body
        exchange->ready = true;
        return exchange;
    };

    if (!pathMatches(request.path()))
        return answer(404, WebhookVerdict::WrongPath,
                      QStringLiteral("the path is not the configured one"));
    if (request.method != "POST")
        return answer(
            405, WebhookVerdict::WrongMethod,
            QStringLiteral("method %1 instead of POST").arg(QLatin1StringView(request.method)),
            "Allow: POST\r\n");
    if (!secret.isEmpty()) {
        const QByteArrayView sent = request.header(kSecretHeader);
        if (sent.isNull())
            return answer(403, WebhookVerdict::WrongSecret,
                          QStringLiteral("the X-Telegram-Bot-Api-Secret-Token header is missing"));
        if (!SecretToken::equalsConstantTime(sent, secret))
            return answer(
                403, WebhookVerdict::WrongSecret,
                QStringLiteral("the X-Telegram-Bot-Api-Secret-Token header does not match the "
                               "configured secret"));
        record.badges |= SecretMatched;
    }
    QString reason;
    qint64 updateId = 0;
    if (!check.isUpdate(request.body, &updateId, &reason))
        return answer(400, WebhookVerdict::BadRequest, reason);

    record.updateId = updateId;
    if (connection.isInTelegramRange())
        record.badges |= TelegramRange;
    if (seenIds.contains(updateId))
        record.badges |= DuplicateUpdate;
    seenIds.insert(updateId);

    const QString what = fault.isActive() ? QStringLiteral("fault ") + fault.describe() : QString();
    if (faultHits()) { // described as it stood when it hit
        switch (fault.kind) {
        case ListenerFault::Kind::Status:
            return answer(fault.status, WebhookVerdict::Faulted, what,
                          fault.status == 429 && fault.retryAfterSeconds > 0
                              ? QByteArray("Retry-After: "
                                           + QByteArray::number(fault.retryAfterSeconds) + "\r\n")
                              : QByteArray());
        case ListenerFault::Kind::Close:
            record.verdict = WebhookVerdict::Faulted;
            record.reason = what + QStringLiteral(": connection closed without an answer");
            exchange->dropConnection = true;
            exchange->ready = true;
            return exchange;
        case ListenerFault::Kind::Stall:
            exchange->stallMs = fault.stallSeconds * 1000;
            record.reason = what + QStringLiteral(": answer held %1 s").arg(fault.stallSeconds);
            break;
        case ListenerFault::Kind::None:
            break;
        }
    }

    record.status = 200;
    exchange->closeAfter = !request.keepAlive;
    exchange->response = ackResponse(request, &record.responseBody);
    if (journaledIds.contains(updateId)) {
        record.verdict = WebhookVerdict::Redelivered;
        // Acknowledge only what is durable: while its first delivery may still be in a batch
        // (waiting, or being written) it waits for that batch.
        exchange->ready = writer->batchesInFlight() == 0
            && std::none_of(batch.cbegin(), batch.cend(), [updateId](const ExchangePtr &pending) {
                   return pending->journal && pending->record.updateId == updateId;
               });
        if (!exchange->ready) {
            batch.append(exchange);
            scheduleFlush();
        }
        return exchange;
    }
    record.verdict = WebhookVerdict::Accepted;
    journaledIds.insert(updateId);
    exchange->journal = true;
    batch.append(exchange);
    scheduleFlush();
    return exchange;
}

} // namespace UpdateInspector
