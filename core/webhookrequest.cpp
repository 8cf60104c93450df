// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookrequest.h"

#include <array>

namespace UpdateInspector {

namespace {
constexpr std::array<QLatin1StringView, WebhookVerdictCount> kVerdictNames = {
    QLatin1StringView("accepted"),     QLatin1StringView("redelivered"),
    QLatin1StringView("faulted"),      QLatin1StringView("wrong-secret"),
    QLatin1StringView("wrong-method"), QLatin1StringView("wrong-path"),
    QLatin1StringView("too-large"),    QLatin1StringView("head-too-large"),
    QLatin1StringView("bad-request"),  QLatin1StringView("timed-out"),
    QLatin1StringView("overloaded"),   QLatin1StringView("journal-failed"),
};
} // namespace

QLatin1StringView verdictName(WebhookVerdict verdict)
{
    return kVerdictNames[std::size_t(verdict)];
}

bool isAcknowledged(WebhookVerdict verdict)
{
    return verdict == WebhookVerdict::Accepted || verdict == WebhookVerdict::Redelivered;
}

} // namespace UpdateInspector
