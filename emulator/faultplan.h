// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QRandomGenerator>
#include <QString>

#include <optional>

namespace UpdateInspector {

// What goes wrong on purpose.
enum class FaultKind {
    None,
    // Bot API calls (the bot's requests to the emulator):
    TooManyRequests, // 429 with parameters.retry_after and a Retry-After header
    BadGatewayHtml,  // 502 as nginx's HTML page
    InternalError,   // 500 {"ok":false,"error_code":500,"description":"Internal Server Error"}
    Stall,           // no answer for stallMs (past the client's timeout), then the connection closes
    Drop,            // the connection closes at once, no answer
    // Webhook delivery (the emulator's requests to the bot's webhook); Stall and Drop apply too:
    // Stall holds the update back for stallMs before sending it, Drop cuts the request off after
    // half of its body (the delivery counts as failed and is retried).
    Duplicate,       // the update is delivered a second time after it was accepted
};

QString faultKindName(FaultKind kind);
// "429", "502", "500", "stall", "drop", "duplicate" (and the names above); nullopt otherwise.
std::optional<FaultKind> faultKindFromName(QStringView name);

struct FaultSpec
{
    FaultKind kind = FaultKind::None;
    int count = 0;        // the next `count` requests fail; 0 = use `share` instead
    double share = 0.0;   // each request fails with this probability (0..1) while count is 0
    int retryAfter = 5;   // seconds, for TooManyRequests
    int stallMs = 65000;  // for Stall
};

// A per-bot fault plan: decides, request by request, whether this one fails and how.
class FaultPlan
{
public:
    explicit FaultPlan(quint32 seed = QRandomGenerator::global()->generate()) : m_random(seed) {}

    void set(const FaultSpec &spec) { m_spec = spec; }
    void clear() { m_spec = {}; }
    const FaultSpec &spec() const { return m_spec; }
    bool isActive() const;

    // The fault for the next request (None when it goes through); counts it down.
    FaultKind next();

private:
    FaultSpec m_spec;
    QRandomGenerator m_random;
};

} // namespace UpdateInspector
