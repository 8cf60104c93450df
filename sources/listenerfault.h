// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QString>

namespace UpdateInspector {

// A deliberate misbehaviour of the listener towards valid updates, to test a bot's webhook setup
// and Telegram's retries. Applies to the next `remaining` valid updates, or to a `share` of them.
struct ListenerFault
{
    enum class Kind {
        None,
        Status, // answer `status` (500, 502 or 429 with Retry-After: retryAfterSeconds); not journaled
        Stall,  // journal the update, then hold the answer (200) for stallSeconds
        Close,  // close the connection without an answer; not journaled
    };

    Kind kind = Kind::None;
    int status = 500;
    int retryAfterSeconds = 0; // 429 only; 0: no Retry-After header
    int stallSeconds = 70;     // beyond the 60 s Telegram waits
    int remaining = -1;        // how many more valid updates; -1: no count (see share)
    double share = 1.0;        // 0..1: the chance that a valid update is hit (when remaining is -1)

    bool isActive() const { return kind != Kind::None && remaining != 0; }

    // "500", "502", "429", "429:RETRY_AFTER", "stall", "stall:SECONDS", "close", each optionally
    // followed by "xN" (the next N updates) or "@P%" (a share): "500x3", "429:5@50%", "close".
    // "none" or "off" clears. False with `error` for anything else.
    static bool parse(const QString &text, ListenerFault *fault, QString *error);
    QString describe() const; // the same form, for status lines; "none" once it does nothing
};

} // namespace UpdateInspector
