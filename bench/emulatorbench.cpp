// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "emulatorbench.h"

#include "serveprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHttp1Configuration>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSemaphore>
#include <QTcpServer>
#include <QTextStream>
#include <QThread>
#include <QTimer>

namespace UpdateInspector::Bench {

namespace {

// The anchor for polling: the same client loop fetching a prebuilt 100-update getUpdates response
// from a bare Qt HTTP Server in its own thread (no queue, no offsets): the transport's ceiling.
class StaticServer final : public QThread
{
public:
    explicit StaticServer(QByteArray body) : m_body(std::move(body)) {}
    quint16 waitForPort()
    {
        m_ready.acquire();
        return m_port;
    }

protected:
    void run() override
    {
        QHttpServer http;
        auto *tcp = new QTcpServer;
        if (tcp->listen(QHostAddress::LocalHost, 0) && http.bind(tcp))
            m_port = tcp->serverPort();
        http.setMissingHandler(&http, [this](const QHttpServerRequest &, QHttpServerResponder &responder) {
            responder.write(m_body, "application/json");
        });
        m_ready.release();
        exec();
    }

private:
    QByteArray m_body;
    quint16 m_port = 0;
    QSemaphore m_ready;
};

qint64 staticPollMs(const QByteArray &response, qint64 requests)
{
    StaticServer server(response);
    server.start();
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.waitForPort());
    QNetworkAccessManager nam;
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < requests; ++i)
        callApi(nam, base, QStringLiteral("getUpdates"), {{QStringLiteral("offset"), i}, {QStringLiteral("limit"), 100}});
    const qint64 ms = timer.elapsed();
    server.quit();
    server.wait();
    return ms;
}

int benchPoll(const QString &base, qint64 expected, QTextStream &out)
{
    const BarePollResult poll = pollBare(base, expected, out);
    if (!poll.ok)
        return 1;
    reportRate(out, "emulator -> getUpdates poller (limit 100)", poll.received, poll.ms);
    out << "  " << poll.requests << " requests\n";
    const qint64 anchorMs = staticPollMs(poll.firstResponse, poll.requests);
    reportRate(out, "anchor: same client, prebuilt response from a bare Qt HTTP Server", poll.received, anchorMs);
    return 0;
}

// A webhook endpoint that counts the updates it gets and answers 200 at once.
struct Sink
{
    QHttpServer http;
    quint16 port = 0;
    qint64 received = 0;
    bool listen()
    {
        auto *tcp = new QTcpServer;
        if (!tcp->listen(QHostAddress::LocalHost, 0) || !http.bind(tcp))
            return false;
        port = tcp->serverPort();
        http.setMissingHandler(&http, [this](const QHttpServerRequest &, QHttpServerResponder &responder) {
            ++received;
            responder.write(QHttpServerResponder::StatusCode::Ok);
        });
        return true;
    }
};

qint64 waitFor(const qint64 &counter, qint64 expected, qint64 timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (counter < expected && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return timer.elapsed();
}

// The anchor: the same bodies posted to the same sink by a bare client with `connections` in flight.
qint64 bareClientMs(Sink &sink, const QList<QByteArray> &bodies, int connections)
{
    QNetworkAccessManager nam;
    QHttp1Configuration http1;
    http1.setNumberOfConnectionsPerHost(qsizetype(connections));
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/hook").arg(sink.port));
    qsizetype next = 0;
    const qint64 start = sink.received;
    std::function<void()> sendOne = [&] {
        if (next >= bodies.size())
            return;
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setHttp1Configuration(http1);
        QNetworkReply *reply = nam.post(request, bodies[next++]);
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &sendOne] {
            reply->deleteLater();
            sendOne();
        });
    };
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < connections; ++i)
        sendOne();
    const qint64 target = start + bodies.size();
    waitFor(sink.received, target, 300000);
    return timer.elapsed();
}

int benchDeliver(const QString &base, const QString &log, qint64 expected, int connections, QTextStream &out)
{
    Sink sink;
    if (!sink.listen()) {
        out << "the sink could not listen\n";
        return 1;
    }
    QNetworkAccessManager nam;
    QElapsedTimer timer;
    timer.start();
    const QJsonObject set = callApi(nam, base, QStringLiteral("setWebhook"),
                                    {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/hook").arg(sink.port)},
                                     {QStringLiteral("max_connections"), connections}});
    if (!set.value(QLatin1StringView("ok")).toBool()) {
        out << "setWebhook failed: " << QJsonDocument(set).toJson(QJsonDocument::Compact) << "\n";
        return 1;
    }
    const qint64 ms = waitFor(sink.received, expected, 300000);
    reportRate(out, qPrintable(QStringLiteral("emulator -> webhook sink (max_connections %1)").arg(connections)), sink.received, ms);

    QFile file(log);
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    QList<QByteArray> bodies = file.readAll().split('\n');
    while (!bodies.isEmpty() && bodies.constLast().isEmpty())
        bodies.removeLast();
    if (bodies.size() > expected)
        bodies.resize(expected);
    const qint64 anchorMs = bareClientMs(sink, bodies, connections);
    reportRate(out, "anchor: bare QNetworkAccessManager client -> same sink", bodies.size(), anchorMs);
    return sink.received >= expected + bodies.size() ? 0 : 1;
}
} // namespace

int runEmulatorBench(const QString &cliPath, const QString &log, const QString &mode, int connections, QTextStream &out)
{
    QFile file(log);
    if (!file.open(QIODevice::ReadOnly)) {
        out << "cannot read " << log << "\n";
        return 1;
    }
    qint64 expected = file.readAll().count('\n');
    QProcess serve;
    serve.setProcessChannelMode(QProcess::SeparateChannels);
    const QString base = startServe(serve, cliPath, log, expected, out);
    int result = 1;
    if (!base.isEmpty())
        result = mode == u"poll" ? benchPoll(base, expected, out) : benchDeliver(base, log, expected, connections, out);
    serve.terminate();
    serve.waitForFinished(10000);
    return result;
}

} // namespace UpdateInspector::Bench
