// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace UpdateInspector {

// One answer of the emulated Bot API: an HTTP status and the body in the real envelope
// ({"ok":true,"result":...} or {"ok":false,"error_code":N,"description":"..."}), or a fault
// that is not an envelope at all (an HTML page, a dropped connection).
struct ApiReply
{
    enum class Transport {
        Respond, // write status + body
        Drop,    // close the connection without answering
        Stall,   // say nothing for stallMs, then close the connection
    };

    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    int retryAfterHeader = -1; // seconds for a Retry-After header; -1 = none
    Transport transport = Transport::Respond;
    int stallMs = 0;

    static ApiReply ok(const QJsonValue &result, const QString &description = {});
    // `resultJson` is already-serialized JSON (e.g. raw update bytes joined into an array).
    static ApiReply okRaw(const QByteArray &resultJson, const QString &description = {});
    static ApiReply error(int code, const QString &description, const QJsonObject &parameters = {});
    static ApiReply tooManyRequests(int retryAfterSeconds);
    // What nginx in front of the real service sometimes answers: an HTML page, not JSON.
    static ApiReply badGatewayHtml();
    static ApiReply dropped();
    static ApiReply stalled(int ms);

    bool isOk() const { return status >= 200 && status < 300; }
    // The envelope as JSON (for recording); an empty object for non-JSON bodies.
    QJsonObject envelope() const;
};

} // namespace UpdateInspector
