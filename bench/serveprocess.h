// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

class QNetworkAccessManager;
class QProcess;
class QTextStream;

namespace UpdateInspector::Bench {

// The token the benchmarks' emulator serves (a fake one, shaped like a real token).
QString benchToken();

// Posts a Bot API call and waits for its answer in a local event loop; returns the envelope.
QJsonObject callApi(QNetworkAccessManager &nam, const QString &base, const QString &method,
                    const QJsonObject &params);

// Starts `update-inspector-cli serve` (at `cliPath`) fed with `log` and returns its base URL once
// the bot's queue holds the log's updates; `expected` (the log's line count on entry) becomes how
// many were queued (opt-in kinds are not). Empty on failure, with the reason written to `out`.
QString startServe(QProcess &serve, const QString &cliPath, const QString &log, qint64 &expected,
                   QTextStream &out);

// The bare getUpdates loop (limit 100, timeout 1, offset = last + 1): QNetworkAccessManager, each
// response parsed with QJsonDocument, nothing kept. The anchor of the poll and ingest benchmarks.
struct BarePollResult
{
    bool ok = false;
    qint64 received = 0;
    qint64 requests = 0;
    qint64 ms = 0;
    QByteArray firstResponse;
};
BarePollResult pollBare(const QString &base, qint64 expected, QTextStream &out);

void reportRate(QTextStream &out, const char *what, qint64 count, qint64 ms);

} // namespace UpdateInspector::Bench
