// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// A webhook endpoint for the emulator tests: a real Qt HTTP Server on loopback that records what
// it is sent and answers as the test tells it.
#pragma once

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>

#include <functional>
#include <memory>

struct SinkRequest
{
    QByteArray body;
    QByteArray secret; // X-Telegram-Bot-Api-Secret-Token
    qint64 updateId = 0;
    qint64 chatId = 0;
};

class WebhookSink
{
public:
    // status + body for each request (default: 200, empty).
    std::function<std::pair<int, QByteArray>(const SinkRequest &)> answer;

    bool listen()
    {
        auto tcp = std::make_unique<QTcpServer>();
        if (!tcp->listen(QHostAddress::LocalHost, 0) || !m_http.bind(tcp.get()))
            return false;
        m_port = tcp->serverPort();
        tcp.release();
        m_http.setMissingHandler(&m_http, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            SinkRequest seen;
            seen.body = request.body();
            seen.secret = request.value("x-telegram-bot-api-secret-token");
            const QJsonObject update = QJsonDocument::fromJson(seen.body).object();
            seen.updateId = update.value(QLatin1StringView("update_id")).toInteger();
            seen.chatId = update.value(QLatin1StringView("message")).toObject().value(QLatin1StringView("chat"))
                              .toObject().value(QLatin1StringView("id")).toInteger();
            requests.append(seen);
            const auto [status, body] = answer ? answer(seen) : std::pair{200, QByteArray()};
            if (status >= 200 && status < 300)
                accepted.append(seen);
            responder.write(body, body.startsWith('{') ? QByteArray("application/json") : QByteArray("text/plain"),
                            QHttpServerResponder::StatusCode(status));
        });
        return true;
    }
    QString url(const QString &path = QStringLiteral("/hook")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }

    QList<SinkRequest> requests; // everything that came
    QList<SinkRequest> accepted; // what was answered 2xx

private:
    QHttpServer m_http;
    quint16 m_port = 0;
};
