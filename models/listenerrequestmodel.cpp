// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "listenerrequestmodel.h"

#include "jsonformat.h"

#include <QColor>
#include <QDateTime>

namespace UpdateInspector {

ListenerRequestModel::ListenerRequestModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ListenerRequestModel::append(const QList<WebhookRequest> &batch)
{
    if (batch.isEmpty())
        return;
    // A batch bigger than the ring keeps only its newest part.
    const qsizetype kept = qMin<qsizetype>(batch.size(), m_capacity);
    const int overflow = int(m_requests.size() + kept) - m_capacity;
    if (overflow > 0)
        dropOldest(overflow);
    const int first = int(m_requests.size());
    beginInsertRows({}, first, first + int(kept) - 1);
    m_requests.insert(m_requests.end(), batch.end() - kept, batch.end());
    endInsertRows();
}

void ListenerRequestModel::dropOldest(int count)
{
    count = qMin(count, int(m_requests.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_requests.erase(m_requests.begin(), m_requests.begin() + count);
    endRemoveRows();
}

void ListenerRequestModel::clear()
{
    beginResetModel();
    m_requests.clear();
    endResetModel();
}

void ListenerRequestModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    dropOldest(int(m_requests.size()) - m_capacity);
}

int ListenerRequestModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_requests.size());
}

int ListenerRequestModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ListenerColumn::Count;
}

QVariant ListenerRequestModel::displayText(const WebhookRequest &r, int column) const
{
    switch (column) {
    case ListenerColumn::Time:
        return QDateTime::fromMSecsSinceEpoch(r.receivedMs).toString(QStringLiteral("hh:mm:ss.zzz"));
    case ListenerColumn::From: return peerText(r);
    case ListenerColumn::Method: return QString::fromLatin1(r.method);
    case ListenerColumn::Path: return r.path;
    case ListenerColumn::Status: return statusText(r.status);
    case ListenerColumn::Verdict: return QString(verdictName(r.verdict));
    case ListenerColumn::Latency: return latencyText(r.latencyUs);
    case ListenerColumn::UpdateId: return r.updateId ? QString::number(r.updateId) : QString();
    case ListenerColumn::Badges: return badgeText(r.badges);
    }
    return {};
}

QVariant ListenerRequestModel::rawValue(const WebhookRequest &r, int column) const
{
    switch (column) {
    case ListenerColumn::Time: return qint64(r.receivedMs);
    case ListenerColumn::From: return peerText(r);
    case ListenerColumn::Method: return QString::fromLatin1(r.method);
    case ListenerColumn::Path: return r.path;
    case ListenerColumn::Status: return r.status;
    case ListenerColumn::Verdict: return int(r.verdict);
    case ListenerColumn::Latency: return qint64(r.latencyUs);
    case ListenerColumn::UpdateId: return qint64(r.updateId);
    case ListenerColumn::Badges: return int(r.badges);
    }
    return {};
}

QString ListenerRequestModel::toolTip(const WebhookRequest &r) const
{
    QStringList lines{QStringLiteral("%1 — %2").arg(verdictName(r.verdict), verdictDescription(r.verdict))};
    if (!r.reason.isEmpty())
        lines << tr("Reason: %1").arg(r.reason);
    lines << badgeDescriptions(r.badges);
    return lines.join(u'\n');
}

QVariant ListenerRequestModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WebhookRequest &r = request(index.row());
    switch (role) {
    case Qt::DisplayRole: return displayText(r, index.column());
    case ListenerRawValueRole: return rawValue(r, index.column());
    case WebhookRequestRole: return QVariant::fromValue(r);
    case VerdictRole: return int(r.verdict);
    case Qt::ToolTipRole: return toolTip(r);
    case Qt::ForegroundRole:
        // Mid-tone colours that read on light and dark palettes alike.
        if (isRejected(r.verdict))
            return QColor(0xd0, 0x3a, 0x2f);
        if (r.verdict == WebhookVerdict::Faulted)
            return QColor(0xc2, 0x7c, 0x0e);
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case ListenerColumn::Status:
        case ListenerColumn::Latency:
        case ListenerColumn::UpdateId: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    }
    return {};
}

QVariant ListenerRequestModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ListenerColumn::Time: return tr("Time");
    case ListenerColumn::From: return tr("From");
    case ListenerColumn::Method: return tr("Method");
    case ListenerColumn::Path: return tr("Path");
    case ListenerColumn::Status: return tr("Status");
    case ListenerColumn::Verdict: return tr("Verdict");
    case ListenerColumn::Latency: return tr("Latency");
    case ListenerColumn::UpdateId: return tr("update_id");
    case ListenerColumn::Badges: return tr("Badges");
    }
    return {};
}

bool ListenerRequestModel::isRejected(WebhookVerdict verdict)
{
    return !isAcknowledged(verdict) && verdict != WebhookVerdict::Faulted;
}

QString ListenerRequestModel::verdictDescription(WebhookVerdict verdict)
{
    switch (verdict) {
    case WebhookVerdict::Accepted:
        return tr("the update was written to the capture journal, then answered.");
    case WebhookVerdict::Redelivered:
        return tr("this update_id was already journaled in this run (Telegram sends an update "
                  "again when it got no 2xx in time); answered, not stored twice.");
    case WebhookVerdict::Faulted:
        return tr("a valid update, answered with the configured fault on purpose.");
    case WebhookVerdict::WrongSecret:
        return tr("refused with 403: the X-Telegram-Bot-Api-Secret-Token header was missing or "
                  "not the configured secret.");
    case WebhookVerdict::WrongMethod:
        return tr("refused with 405: Telegram only sends POST requests.");
    case WebhookVerdict::WrongPath:
        return tr("refused with 404: not the listener's path.");
    case WebhookVerdict::TooLarge:
        return tr("refused with 413: the body was over the size limit and was not read.");
    case WebhookVerdict::HeadTooLarge:
        return tr("refused with 431: the request line and headers were over the size limit.");
    case WebhookVerdict::BadRequest:
        return tr("refused with 400: not an Update (not JSON, not UTF-8 or no update_id), or "
                  "malformed HTTP.");
    case WebhookVerdict::TimedOut:
        return tr("refused with 408: the connection was idle, or the request did not arrive "
                  "completely in time.");
    case WebhookVerdict::Overloaded:
        return tr("refused with 503: more connections than allowed at once; closed at once.");
    case WebhookVerdict::JournalFailed:
        return tr("failed with 500: the capture journal could not store the update.");
    }
    return {};
}

QString ListenerRequestModel::badgeText(std::uint8_t badges)
{
    QStringList parts;
    if (badges & SecretMatched)
        parts << tr("secret ✓");
    if (badges & TelegramRange)
        parts << tr("TG range?");
    if (badges & DuplicateUpdate)
        parts << tr("dup");
    return parts.join(QStringLiteral(" · "));
}

QStringList ListenerRequestModel::badgeDescriptions(std::uint8_t badges)
{
    QStringList lines;
    if (badges & SecretMatched)
        lines << tr("secret ✓: the secret token header matched the configured secret.");
    if (badges & TelegramRange)
        lines << tr("TG range?: the sender's address is in one of the ranges from Telegram's "
                    "documented webhook ranges (list not verified), so this is a hint, not proof.");
    if (badges & DuplicateUpdate)
        lines << tr("dup: this update_id came in an earlier request of this run.");
    return lines;
}

QString ListenerRequestModel::latencyText(std::int64_t latencyUs)
{
    if (latencyUs < 1000)
        return tr("%1 µs").arg(latencyUs);
    if (latencyUs < 10'000)
        return tr("%1 ms").arg(double(latencyUs) / 1000.0, 0, 'f', 2);
    if (latencyUs < 1'000'000)
        return tr("%1 ms").arg(double(latencyUs) / 1000.0, 0, 'f', 1);
    return tr("%1 s").arg(double(latencyUs) / 1e6, 0, 'f', 2);
}

QString ListenerRequestModel::peerText(const WebhookRequest &request)
{
    if (request.peer.contains(u':'))
        return QStringLiteral("[%1]:%2").arg(request.peer).arg(request.peerPort);
    return QStringLiteral("%1:%2").arg(request.peer).arg(request.peerPort);
}

QString ListenerRequestModel::statusText(int status)
{
    return status ? QString::number(status) : tr("closed");
}

QString ListenerRequestModel::detailText(const WebhookRequest &r)
{
    QStringList lines;
    lines << QStringLiteral("%1 — %2").arg(verdictName(r.verdict), verdictDescription(r.verdict));
    if (!r.reason.isEmpty())
        lines << tr("Reason: %1").arg(r.reason);
    lines << badgeDescriptions(r.badges);
    lines << QString();
    const QString method = r.method.isEmpty() ? tr("(no request line)") : QString::fromLatin1(r.method);
    lines << tr("%1 %2 from %3 at %4")
                 .arg(method, r.path, peerText(r),
                      QDateTime::fromMSecsSinceEpoch(r.receivedMs).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz")));
    if (r.updateId)
        lines << tr("update_id %1").arg(r.updateId);
    lines << QString() << tr("Request headers:");
    for (const auto &[name, value] : r.headers)
        lines << QStringLiteral("  %1: %2").arg(QString::fromLatin1(name), QString::fromUtf8(value));
    if (r.headers.isEmpty())
        lines << tr("  (none)");
    lines << QString();
    if (r.status == 0) {
        lines << tr("Answer: none, the connection was closed.");
    } else {
        lines << tr("Answer: %1 after %2").arg(r.status).arg(latencyText(r.latencyUs));
        if (!r.responseBody.isEmpty())
            lines << QString::fromUtf8(r.responseBody.startsWith('{') ? prettyJson(r.responseBody) : r.responseBody);
        else
            lines << tr("(no body)");
    }
    return lines.join(u'\n');
}

} // namespace UpdateInspector
