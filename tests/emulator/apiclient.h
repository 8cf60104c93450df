// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// A small synchronous Bot API client for the emulator tests: real QNetworkAccessManager traffic.
#pragma once

#include <QElapsedTimer>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QUrlQuery>

struct ApiResult
{
    int status = 0; // 0 when no HTTP answer came
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray contentType;
    QByteArray retryAfter;
    QJsonObject envelope;
    qint64 elapsedMs = 0;

    bool ok() const { return envelope.value(QLatin1StringView("ok")).toBool(); }
    QJsonValue result() const { return envelope.value(QLatin1StringView("result")); }
    QString description() const { return envelope.value(QLatin1StringView("description")).toString(); }
};

class ApiClient
{
public:
    ApiClient(const QUrl &base, const QString &token) : m_base(base), m_token(token) {}

    QUrl methodUrl(const QString &method) const
    {
        QUrl url = m_base;
        url.setPath(QLatin1StringView("/bot") + m_token + (m_test ? QLatin1StringView("/test/") : QLatin1StringView("/")) + method);
        return url;
    }
    void setTestEnvironment(bool test) { m_test = test; }

    // Starts a JSON POST; the reply is owned by the caller.
    QNetworkReply *postJson(const QString &method, const QJsonObject &params = {})
    {
        QNetworkRequest request(methodUrl(method));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setTransferTimeout(m_transferTimeoutMs);
        return m_nam.post(request, QJsonDocument(params).toJson(QJsonDocument::Compact));
    }
    ApiResult call(const QString &method, const QJsonObject &params = {}, int waitMs = 10000)
    {
        return finish(postJson(method, params), waitMs);
    }
    ApiResult get(const QString &method, const QUrlQuery &query = {})
    {
        QUrl url = methodUrl(method);
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setTransferTimeout(m_transferTimeoutMs);
        return finish(m_nam.get(request), 10000);
    }
    ApiResult form(const QString &method, const QUrlQuery &query)
    {
        QNetworkRequest request(methodUrl(method));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-www-form-urlencoded"));
        return finish(m_nam.post(request, query.toString(QUrl::FullyEncoded).toUtf8()), 10000);
    }
    ApiResult raw(const QString &method, const QByteArray &contentType, const QByteArray &body)
    {
        QNetworkRequest request(methodUrl(method));
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        return finish(m_nam.post(request, body), 10000);
    }
    // `multi` is taken over.
    ApiResult multipart(const QString &method, QHttpMultiPart *multi)
    {
        QNetworkReply *reply = m_nam.post(QNetworkRequest(methodUrl(method)), multi);
        multi->setParent(reply);
        return finish(reply, 10000);
    }
    void setTransferTimeout(int ms) { m_transferTimeoutMs = ms; }

    static ApiResult finish(QNetworkReply *reply, int waitMs)
    {
        QElapsedTimer timer;
        timer.start();
        ApiResult result;
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            if (!finished.wait(waitMs)) {
                reply->abort();
                result.error = QNetworkReply::TimeoutError;
                delete reply;
                return result;
            }
        }
        result.elapsedMs = timer.elapsed();
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.error = reply->error();
        result.body = reply->readAll();
        result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        result.retryAfter = reply->rawHeader("Retry-After");
        result.envelope = QJsonDocument::fromJson(result.body).object();
        delete reply;
        return result;
    }

private:
    QNetworkAccessManager m_nam;
    QUrl m_base;
    QString m_token;
    bool m_test = false;
    int m_transferTimeoutMs = 0;
};
