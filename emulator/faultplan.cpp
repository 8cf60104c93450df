// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "faultplan.h"

namespace UpdateInspector {

namespace {
struct FaultName
{
    FaultKind kind;
    QLatin1StringView name;
    QLatin1StringView alias;
};
constexpr FaultName kFaultNames[] = {
    {FaultKind::TooManyRequests, QLatin1StringView("429"), QLatin1StringView("too-many-requests")},
    {FaultKind::BadGatewayHtml, QLatin1StringView("502"), QLatin1StringView("bad-gateway")},
    {FaultKind::InternalError, QLatin1StringView("500"), QLatin1StringView("internal-error")},
    {FaultKind::Stall, QLatin1StringView("stall"), QLatin1StringView("stall")},
    {FaultKind::Drop, QLatin1StringView("drop"), QLatin1StringView("drop")},
    {FaultKind::Duplicate, QLatin1StringView("duplicate"), QLatin1StringView("duplicate")},
};
} // namespace

QString faultKindName(FaultKind kind)
{
    for (const FaultName &entry : kFaultNames) {
        if (entry.kind == kind)
            return entry.name;
    }
    return QStringLiteral("none");
}

std::optional<FaultKind> faultKindFromName(QStringView name)
{
    for (const FaultName &entry : kFaultNames) {
        if (name.compare(entry.name, Qt::CaseInsensitive) == 0
            || name.compare(entry.alias, Qt::CaseInsensitive) == 0)
            return entry.kind;
    }
    return std::nullopt;
}

bool FaultPlan::isActive() const
{
    return m_spec.kind != FaultKind::None && (m_spec.count > 0 || m_spec.share > 0.0);
}

FaultKind FaultPlan::next()
{
    if (m_spec.kind == FaultKind::None)
        return FaultKind::None;
    if (m_spec.count > 0) {
        if (--m_spec.count == 0 && m_spec.share <= 0.0) {
            // Spent: the plan goes inactive, but retryAfter/stallMs stay readable, since the
            // caller builds the reply for the fault just drawn from spec() after this returns.
            const FaultKind kind = m_spec.kind;
            m_spec.kind = FaultKind::None;
            return kind;
        }
        return m_spec.kind;
    }
    if (m_spec.share > 0.0 && m_random.generateDouble() < m_spec.share)
        return m_spec.kind;
    return FaultKind::None;
}

} // namespace UpdateInspector
