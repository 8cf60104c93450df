// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "botapierror.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QHttpMultiPart;
class QNetworkAccessManager;
class QNetworkReply;

namespace UpdateInspector {

// Where a bot's Bot API lives.
struct BotApiEndpoint
{
    QUrl baseUrl = QUrl(QStringLiteral("https://api.telegram.org")); // or http://host:8081, the emulator
    QString token;
    bool testEnvironment = false; // /bot<token>/test/<method>

    QUrl methodUrl(const QString &method) const;
    // The base URL and bot id for display: never the token ("https://api.telegram.org, bot 123456").
    QString displayName() const;
};

// One call in flight; deletes itself after finished() (deleteLater).
class BotApiCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BotApiCall)

public:
    ~BotApiCall() override; // aborts the request if it is still running, without finished()

    QString method() const { return m_method; }
    bool isFinished() const { return m_finished; }
    const BotApiError &error() const { return m_error; }
    QJsonValue result() const { return m_result; } // the envelope's result
    QByteArray body() const { return m_body; }     // the whole response body as received
    int httpStatus() const { return m_httpStatus; }
    // Ends the call now with a Network error "aborted"; finished() is emitted before it returns.
    void abort();

Q_SIGNALS:
    void finished();

private:
    friend class BotApiClient;
    BotApiCall(const QString &method, QNetworkReply *reply, int timeoutMs, QObject *parent);
    void complete();                          // the reply finished: parse it
    void finishWith(const BotApiError &error); // ends the call without (more of) the reply
    void finish();

    QString m_method;
    QPointer<QNetworkReply> m_reply;
    bool m_finished = false;
    bool m_timedOut = false;
    bool m_bodyOnly = false;
    BotApiError m_error;
    QJsonValue m_result;
    QByteArray m_body;
    int m_httpStatus = 0;
    int m_timeoutMs = 0;
    QString m_logUrl; // redacted
    QElapsedTimer m_clock;
};

// A client for any Bot API method over QNetworkAccessManager: JSON bodies, multipart for files,
// the response envelope parsed into a result or a typed error. The token appears only in request
// URLs; every message and log line goes through BotToken::redact.
class BotApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BotApiClient)

public:
    explicit BotApiClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setEndpoint(const BotApiEndpoint &endpoint) { m_endpoint = endpoint; }
    const BotApiEndpoint &endpoint() const { return m_endpoint; }

    // `timeoutMs`: no complete answer within it ends the call with a Timeout error (0 = none).
    BotApiCall *call(const QString &method, const QJsonObject &params = {}, int timeoutMs = 30000);
    // For callers that read body() themselves (getUpdates: the poller keeps each update's raw
    // bytes): a body that opens with {"ok":true is not parsed into result(), which would cost more
    // than everything else the poller does. Errors are parsed as usual.
    BotApiCall *callForBody(const QString &method, const QJsonObject &params, int timeoutMs);
    // For uploads; `multipart` is taken over.
    BotApiCall *callMultipart(const QString &method, QHttpMultiPart *multipart, int timeoutMs = 60000);

private:
    QNetworkAccessManager *m_network;
    BotApiEndpoint m_endpoint;
};

} // namespace UpdateInspector
