// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "emulatorserver.h"

#include "apiparams.h"
#include "bottoken.h"
#include "emulatorlogging.h"
#include "trackingtcpserver_p.h"

#include <QHttpHeaders>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QRandomGenerator>
#include <QTimer>

#include <map>

namespace UpdateInspector {

namespace {
struct ApiPath
{
    QString token;
    bool testEnvironment = false;
    QString method;
};

// "/bot<token>/<method>" or "/bot<token>/test/<method>"; nullopt for anything else.
std::optional<ApiPath> parseApiPath(const QString &path)
{
    if (!path.startsWith(u"/bot"))
        return std::nullopt;
    QStringList parts = path.sliced(4).split(u'/');
    ApiPath result;
    if (parts.size() == 3 && parts[1] == u"test") {
        result.testEnvironment = true;
        parts.removeAt(1);
    }
    if (parts.size() != 2)
        return std::nullopt;
    result.token = parts[0];
    result.method = parts[1];
    return result;
}

void writeReply(QHttpServerResponder &responder, const ApiReply &reply)
{
    QHttpHeaders headers;
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, reply.contentType);
    if (reply.retryAfterHeader >= 0)
        headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(reply.retryAfterHeader));
    responder.write(reply.body, headers, QHttpServerResponder::StatusCode(reply.status));
}
} // namespace

struct EmulatorServer::Private
{
    QHttpServer http;
    Internal::TrackingTcpServer *tcp = nullptr; // owned by `http` once bound
    // Context of the timers that hold stalled responders: declared after `http` so that it goes
    // first, while the responders' streams still exist.
    QObject stalls;
    // token -> bot, per environment (bots hold responders of pending long polls: also before `http`)
    std::map<std::pair<QString, bool>, std::unique_ptr<EmulatedBot>> bots;
};

EmulatorServer::EmulatorServer(QObject *parent)
    : EmulatorServer(Options(), parent)
{
}

EmulatorServer::EmulatorServer(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , d(std::make_unique<Private>())
{
    d->http.setMissingHandler(this, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
        auto shared = std::make_shared<QHttpServerResponder>(std::move(responder));
        QPointer<QTcpSocket> socket = d->tcp->socketFor(request.remoteAddress(), request.remotePort());
        // A fault may drop the connection or leave it hanging instead of answering.
        EmulatedBot::Responder respond = [this, shared, socket](const ApiReply &reply) {
            switch (reply.transport) {
            case ApiReply::Transport::Respond:
                writeReply(*shared, reply);
                break;
            case ApiReply::Transport::Drop:
                if (socket)
                    socket->abort();
                break;
            case ApiReply::Transport::Stall:
                QTimer::singleShot(reply.stallMs, &d->stalls, [shared, socket] {
                    if (socket)
                        socket->abort();
                });
                break;
            }
        };
        const std::optional<ApiPath> path = parseApiPath(request.url().path());
        if (!path || path->method.isEmpty()) {
            respond(ApiReply::error(404, QStringLiteral("Not Found")));
            return;
        }
        qCDebug(lcEmulator) << request.method() << BotToken::redact(request.url().path());
        if (!BotToken::isWellFormed(path->token)) {
            // The cloud answers a malformed token with a plain 404; a local server with 401.
            respond(m_options.settings.localMode
                        ? ApiReply::error(401, QStringLiteral("Unauthorized: invalid token specified"))
                        : ApiReply::error(404, QStringLiteral("Not Found")));
            return;
        }
        EmulatedBot *target = bot(path->token, path->testEnvironment);
        if (!target) {
            respond(ApiReply::error(401, QStringLiteral("Unauthorized")));
            return;
        }
        QString error;
        const std::optional<ApiParams> params = ApiParams::parse(
            request.url().query(QUrl::FullyEncoded).toUtf8(), request.value("content-type"), request.body(), &error);
        if (!params) {
            respond(ApiReply::error(400, QStringLiteral("Bad Request: ") + error));
            return;
        }
        target->handle(path->method, *params, std::move(respond));
    });
}

EmulatorServer::~EmulatorServer()
{
    d->bots.clear();
}

bool EmulatorServer::listen(QString *error)
{
    auto tcp = std::make_unique<Internal::TrackingTcpServer>();
    if (!tcp->listen(m_options.address, m_options.port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1 port %2: %3")
                         .arg(m_options.address.toString())
                         .arg(m_options.port)
                         .arg(tcp->errorString());
        return false;
    }
    if (!d->http.bind(tcp.get())) {
        if (error)
            *error = QStringLiteral("the HTTP server could not take the listening socket");
        return false;
    }
    d->tcp = tcp.release(); // QHttpServer::bind took ownership
    return true;
}

quint16 EmulatorServer::port() const
{
    return d->tcp ? d->tcp->serverPort() : 0;
}

QUrl EmulatorServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    QHostAddress host = d->tcp ? d->tcp->serverAddress() : m_options.address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    url.setHost(host.toString());
    url.setPort(port());
    return url;
}

EmulatedBot *EmulatorServer::addBot(const QString &token, QString *error)
{
    if (!BotToken::isWellFormed(token)) {
        if (error)
            *error = QStringLiteral("not a bot token (expected <bot id>:<secret>): %1").arg(BotToken::redacted(token));
        return nullptr;
    }
    auto &slot = d->bots[{token, false}];
    if (slot) {
        if (error)
            *error = QStringLiteral("the bot %1 is already registered").arg(BotToken::redacted(token));
        return nullptr;
    }
    slot = std::make_unique<EmulatedBot>(token, false, m_options.settings);
    connect(slot.get(), &EmulatedBot::callRecorded, this, &EmulatorServer::callRecorded);
    return slot.get();
}

EmulatedBot *EmulatorServer::bot(const QString &token, bool testEnvironment)
{
    const auto production = d->bots.find({token, false});
    if (production == d->bots.end())
        return nullptr;
    if (!testEnvironment)
        return production->second.get();
    auto &slot = d->bots[{token, true}];
    if (!slot) {
        slot = std::make_unique<EmulatedBot>(token, true, m_options.settings);
        connect(slot.get(), &EmulatedBot::callRecorded, this, &EmulatorServer::callRecorded);
    }
    return slot.get();
}

QList<EmulatedBot *> EmulatorServer::bots() const
{
    QList<EmulatedBot *> result;
    for (const auto &[key, bot] : d->bots)
        result.append(bot.get());
    return result;
}

QString EmulatorServer::generateToken()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    QRandomGenerator *random = QRandomGenerator::global();
    QString token = QString::number(random->bounded(1000000000, 2000000000)) + u":AA";
    for (int i = 0; i < 33; ++i)
        token += QLatin1Char(alphabet[random->bounded(int(sizeof alphabet) - 1)]);
    return token;
}

} // namespace UpdateInspector
