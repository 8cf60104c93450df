// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "botapiclient.h"

#include "botapilogging.h"
#include "bottoken.h"

#include <QDateTime>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>

namespace UpdateInspector {

namespace {

BotApiError errorOf(BotApiError::Kind kind, const QString &description)
{
    BotApiError error;
    error.kind = kind;
    error.description = BotToken::redact(description);
    return error;
}

QString standardReasonPhrase(int status)
{
    switch (status) {
    case 200: return QStringLiteral("OK");
    case 204: return QStringLiteral("No Content");
    case 301: return QStringLiteral("Moved Permanently");
    case 302: return QStringLiteral("Found");
    case 303: return QStringLiteral("See Other");
    case 304: return QStringLiteral("Not Modified");
    case 307: return QStringLiteral("Temporary Redirect");
    case 308: return QStringLiteral("Permanent Redirect");
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 405: return QStringLiteral("Method Not Allowed");
    case 408: return QStringLiteral("Request Timeout");
    case 409: return QStringLiteral("Conflict");
    case 413: return QStringLiteral("Content Too Large");
    case 421: return QStringLiteral("Misdirected Request");
    case 429: return QStringLiteral("Too Many Requests");
    case 500: return QStringLiteral("Internal Server Error");
    case 501: return QStringLiteral("Not Implemented");
    case 502: return QStringLiteral("Bad Gateway");
    case 503: return QStringLiteral("Service Unavailable");
    case 504: return QStringLiteral("Gateway Timeout");
    default: return {};
    }
}

// "502 Bad Gateway": the server's reason phrase (none over HTTP/2), else the standard one.
QString statusLine(const QNetworkReply &reply, int status)
{
    QString phrase = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().trimmed();
    if (phrase.isEmpty())
        phrase = standardReasonPhrase(status);
    return phrase.isEmpty() ? QString::number(status) : QString(QString::number(status) + u' ' + phrase);
}

// Seconds from a Retry-After header (seconds or an HTTP date); -1 when absent or unreadable.
int retryAfterHeader(const QNetworkReply &reply)
{
    const QByteArray value = reply.rawHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return -1;
    bool ok = false;
    const int seconds = value.toInt(&ok);
    if (ok)
        return std::max(seconds, 0);
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    return at.isValid() ? int(std::max<qint64>(QDateTime::currentDateTimeUtc().secsTo(at), 0)) : -1;
}

QString hostAndPort(const QUrl &url)
{
    return url.host() + u':' + QString::number(url.port(url.scheme() == u"https" ? 443 : 80));
}

// The error of a reply that got no HTTP answer, in plain words. Qt's error strings hold the URL
// (and with it the token): the caller redacts.
QString networkDescription(const QNetworkReply &reply)
{
    switch (reply.error()) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused by ") + hostAndPort(reply.url());
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("connection closed by the server");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found: ") + reply.url().host();
    case QNetworkReply::TimeoutError:
        return QStringLiteral("the connection to %1 timed out").arg(hostAndPort(reply.url()));
    case QNetworkReply::OperationCanceledError:
        return QStringLiteral("aborted");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return QStringLiteral("the network is not available");
    case QNetworkReply::SslHandshakeFailedError: {
        QString why = reply.errorString();
        why.remove(QStringLiteral("SSL handshake failed"), Qt::CaseInsensitive);
        while (why.startsWith(u':') || why.startsWith(u' '))
            why.remove(0, 1);
        return QStringLiteral("TLS handshake failed") + (why.isEmpty() ? QString() : QString(u": " + why));
    }
    default:
        return reply.errorString();
    }
}

// Errors below 200 are about the connection (1..99) or a proxy (101..199): the answer, if any
// came, is incomplete. Higher ones (content, protocol, server) come with the HTTP answer.
bool isTransportError(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && int(error) < 200;
}

// What came instead of the envelope, for the message.
QString bodyDetail(const QNetworkReply &reply, const QByteArray &body, const QJsonDocument &json)
{
    const QByteArray trimmed = body.trimmed();
    const QString contentType = reply.header(QNetworkRequest::ContentTypeHeader).toString();
    if (trimmed.isEmpty())
        return QStringLiteral("an empty body");
    if (contentType.contains(u"html", Qt::CaseInsensitive) || trimmed.startsWith('<'))
        return QStringLiteral("an HTML page?");
    if (json.isNull())
        return contentType.isEmpty() ? QStringLiteral("not JSON") : QString(u"not JSON but " + contentType);
    if (!json.isObject())
        return QStringLiteral("JSON, but not an object");
    return QStringLiteral("JSON without a boolean \"ok\"");
}

} // namespace

QUrl BotApiEndpoint::methodUrl(const QString &method) const
{
    QUrl url = baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/')) // a base path is kept (a reverse proxy's "/tg")
        path.chop(1);
    path += QStringLiteral("/bot") + token
            + (testEnvironment ? QStringLiteral("/test/") : QStringLiteral("/")) + method;
    url.setPath(path);
    return url;
}

QString BotApiEndpoint::displayName() const
{
    QString base = baseUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (base.endsWith(u'/')) // StripTrailingSlash keeps a lone "/"
        base.chop(1);
    const qint64 id = BotToken::botId(token);
    QString name = base + QStringLiteral(", bot ")
                   + (id != 0 ? QString::number(id) : token.isEmpty() ? QStringLiteral("(no token)")
                                                                      : BotToken::redacted(token));
    if (testEnvironment)
        name += QStringLiteral(" (test environment)");
    return BotToken::redact(name);
}

BotApiCall::BotApiCall(const QString &method, QNetworkReply *reply, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_method(method)
    , m_reply(reply)
    , m_timeoutMs(timeoutMs)
    , m_logUrl(BotToken::redact(reply->url().toString(QUrl::RemoveUserInfo)))
{
    m_clock.start();
    connect(reply, &QNetworkReply::finished, this, &BotApiCall::complete);
    // Whoever deletes the manager deletes its replies, and a deleted reply never finishes.
    connect(reply, &QObject::destroyed, this, [this] {
        if (!m_finished)
            finishWith(errorOf(BotApiError::Kind::Network, QStringLiteral("aborted")));
    });
    if (timeoutMs > 0) {
        // Our own timer rather than setTransferTimeout: that one restarts with every byte, so a long
        // poll would not end at its time.
        QTimer::singleShot(timeoutMs, Qt::PreciseTimer, this, [this] {
            if (m_finished)
                return;
            m_timedOut = true;
            finishWith(errorOf(BotApiError::Kind::Timeout,
                               QStringLiteral("no answer within %1 s").arg(m_timeoutMs / 1000.0)));
        });
    }
}

BotApiCall::~BotApiCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void BotApiCall::abort()
{
    if (!m_finished)
        finishWith(errorOf(BotApiError::Kind::Network, QStringLiteral("aborted")));
}

namespace {
// `{"ok":true` with any whitespace: how every Bot API server starts a successful answer.
bool opensWithOkTrue(QByteArrayView body)
{
    qsizetype i = 0;
    const auto skipSpace = [&] {
        while (i < body.size() && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
            ++i;
    };
    const auto take = [&](QByteArrayView token) {
        skipSpace();
        if (!body.sliced(i).startsWith(token))
            return false;
        i += token.size();
        return true;
    };
    return take("{") && take("\"ok\"") && take(":") && take("true");
}
} // namespace

void BotApiCall::complete()
{
    if (m_finished || !m_reply)
        return;
    QNetworkReply &reply = *m_reply;
    m_body = reply.readAll();
    const QVariant status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    m_httpStatus = status.isValid() ? status.toInt() : 0;

    if (m_httpStatus == 0 || isTransportError(reply.error())) {
        m_error = errorOf(BotApiError::Kind::Network, networkDescription(reply));
        m_error.httpStatus = m_httpStatus;
        finish();
        return;
    }

    if (m_bodyOnly && m_httpStatus >= 200 && m_httpStatus < 300 && opensWithOkTrue(m_body)) {
        finish();
        return;
    }
    const QJsonDocument json = QJsonDocument::fromJson(m_body);
    const QJsonObject envelope = json.object();
    const QJsonValue ok = envelope.value(QLatin1StringView("ok"));
    const bool redirect = m_httpStatus >= 300 && m_httpStatus < 400; // never followed, never right
    if (ok.isBool() && !redirect) {
        if (ok.toBool() && envelope.contains(QLatin1StringView("result"))) {
            m_result = envelope.value(QLatin1StringView("result"));
        } else if (ok.toBool()) {
            m_error = errorOf(BotApiError::Kind::BadResponse, statusLine(reply, m_httpStatus));
            m_error.httpStatus = m_httpStatus;
            m_error.detail = QStringLiteral("\"ok\":true without a \"result\"");
        } else {
            const QJsonObject parameters = envelope.value(QLatin1StringView("parameters")).toObject();
            m_error.kind = BotApiError::Kind::Api;
            m_error.httpStatus = m_httpStatus;
            m_error.errorCode = envelope.value(QLatin1StringView("error_code")).toInt(m_httpStatus);
            m_error.description =
                BotToken::redact(envelope.value(QLatin1StringView("description")).toString());
            m_error.retryAfter = parameters.value(QLatin1StringView("retry_after")).toInt(-1);
            // QJsonDocument holds numbers as doubles: exact up to 2^53, beyond any chat id.
            m_error.migrateToChatId = parameters.value(QLatin1StringView("migrate_to_chat_id")).toInteger(0);
        }
    } else {
        const bool success = m_httpStatus >= 200 && m_httpStatus < 300;
        m_error.kind = success ? BotApiError::Kind::BadResponse : BotApiError::Kind::HttpStatus;
        m_error.httpStatus = m_httpStatus;
        m_error.description = BotToken::redact(statusLine(reply, m_httpStatus));
        const QString location = reply.header(QNetworkRequest::LocationHeader).toUrl().toString();
        m_error.detail = BotToken::redact(redirect && !location.isEmpty()
                                              ? QString(u"a redirect to " + location)
                                              : bodyDetail(reply, m_body, json));
    }
    if (m_error.isError() && m_error.retryAfter < 0)
        m_error.retryAfter = retryAfterHeader(reply);
    finish();
}

void BotApiCall::finishWith(const BotApiError &error)
{
    if (m_finished)
        return;
    if (m_reply) {
        // Abort without hearing the reply's own finished(): the error is already decided.
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_error = error;
    finish();
}

void BotApiCall::finish()
{
    m_finished = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    // Concatenated, not arg(): a URL may hold "%20".
    const QString status = m_httpStatus != 0 ? QString::number(m_httpStatus) : QStringLiteral("no answer");
    QString line = u"POST " + m_logUrl + u" -> " + status + u" in " + QString::number(m_clock.elapsed())
                   + u" ms";
    if (m_error.isError())
        line += u": " + m_error.message();
    qCDebug(lcBotApi).noquote() << BotToken::redact(line);
    QPointer<BotApiCall> self(this);
    Q_EMIT finished();
    if (self) // a receiver may have deleted the call
        deleteLater();
}

BotApiClient::BotApiClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
}

namespace {
QNetworkRequest makeRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    // A Bot API never redirects: a 3xx is an error to show, not a place to send the token to.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}
} // namespace

BotApiCall *BotApiClient::call(const QString &method, const QJsonObject &params, int timeoutMs)
{
    QNetworkRequest request = makeRequest(m_endpoint.methodUrl(method));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->post(request, QJsonDocument(params).toJson(QJsonDocument::Compact));
    return new BotApiCall(method, reply, timeoutMs, this);
}

BotApiCall *BotApiClient::callForBody(const QString &method, const QJsonObject &params, int timeoutMs)
{
    BotApiCall *pending = call(method, params, timeoutMs);
    pending->m_bodyOnly = true;
    return pending;
}

BotApiCall *BotApiClient::callMultipart(const QString &method, QHttpMultiPart *multipart, int timeoutMs)
{
    QNetworkReply *reply = m_network->post(makeRequest(m_endpoint.methodUrl(method)), multipart);
    multipart->setParent(reply); // it must live as long as the upload
    return new BotApiCall(method, reply, timeoutMs, this);
}

} // namespace UpdateInspector
