// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "serveprocess.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

namespace UpdateInspector::Bench {

QString benchToken()
{
    return QStringLiteral("424242424:TEST-benchmark-fake-token");
}

QJsonObject callApi(QNetworkAccessManager &nam, const QString &base, const QString &method,
                    const QJsonObject &params)
{
    QNetworkRequest request(QUrl(base + QStringLiteral("/bot") + benchToken() + u'/' + method));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = nam.post(request, QJsonDocument(params).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject envelope = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return envelope;
}

QString startServe(QProcess &serve, const QString &cliPath, const QString &log, qint64 &expected,
                   QTextStream &out)
{
    serve.start(cliPath, {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--local"),
                          QStringLiteral("--quiet"), QStringLiteral("--token"), benchToken(), QStringLiteral("--first-update-id"),
                          QStringLiteral("1"), QStringLiteral("--log"), log});
    QString base;
    static const QRegularExpression at(QStringLiteral("emulator at (http://\\S+)"));
    while (base.isEmpty() && serve.waitForReadyRead(30000)) {
        const QRegularExpressionMatch match = at.match(QString::fromUtf8(serve.readAll()));
        if (match.hasMatch())
            base = match.captured(1);
    }
    if (base.isEmpty()) {
        out << "serve did not start: " << serve.readAllStandardError() << "\n";
        return {};
    }
    QNetworkAccessManager nam;
    QElapsedTimer waited;
    waited.start();
    qint64 pending = -1;
    while (waited.elapsed() < 120000) {
        QEventLoop loop;
        QTimer::singleShot(500, &loop, &QEventLoop::quit);
        loop.exec();
        const QJsonObject info = callApi(nam, base, QStringLiteral("getWebhookInfo"), {});
        const qint64 now = info.value(QLatin1StringView("result")).toObject().value(QLatin1StringView("pending_update_count")).toInteger();
        if (now == pending && now > 0) { // the feed is done
            out << "serve queued " << now << " of the log's " << expected << " updates (the rest are opt-in kinds)\n" << Qt::flush;
            expected = now;
            return base;
        }
        pending = now;
    }
    out << "serve did not queue " << expected << " updates in time\n";
    return {};
}

BarePollResult pollBare(const QString &base, qint64 expected, QTextStream &out)
{
    BarePollResult result;
    QNetworkAccessManager nam;
    QElapsedTimer timer;
    timer.start();
    qint64 offset = 0;
    while (result.received < expected) {
        const QJsonObject envelope = callApi(nam, base, QStringLiteral("getUpdates"),
                                             {{QStringLiteral("offset"), offset}, {QStringLiteral("limit"), 100}, {QStringLiteral("timeout"), 1}});
        const QJsonArray updates = envelope.value(QLatin1StringView("result")).toArray();
        if (result.requests++ == 0)
            result.firstResponse = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
        if (!envelope.value(QLatin1StringView("ok")).toBool()) {
            out << "getUpdates failed: " << QJsonDocument(envelope).toJson(QJsonDocument::Compact) << "\n";
            return result;
        }
        result.received += updates.size();
        if (!updates.isEmpty())
            offset = updates.last().toObject().value(QLatin1StringView("update_id")).toInteger() + 1;
    }
    result.ms = timer.elapsed();
    result.ok = true;
    return result;
}

void reportRate(QTextStream &out, const char *what, qint64 count, qint64 ms)
{
    out << what << ": " << count << " updates in " << ms << " ms = " << qint64(count * 1000.0 / qMax<qint64>(ms, 1))
        << " updates/s\n" << Qt::flush;
}

} // namespace UpdateInspector::Bench
