// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhookrequest.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

#include <deque>

namespace UpdateInspector {

// Columns of the listener's request table, shared by the model and the panel.
namespace ListenerColumn {
enum : int { Time, From, Method, Path, Status, Verdict, Latency, UpdateId, Badges, Count };
}

enum ListenerRequestRole : int {
    ListenerRawValueRole = Qt::UserRole + 1, // the column's value for sorting (numbers as numbers)
    WebhookRequestRole,                      // WebhookRequest: the whole record (any column)
    VerdictRole,                             // int: WebhookVerdict
};

// The last `capacity` requests the webhook listener handled, oldest first: a ring fed in the
// listener's batches (one beginInsertRows per batch; the oldest rows leave with beginRemoveRows).
// The records are already redacted by the listener; the model shows them as they are.
class ListenerRequestModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int DefaultCapacity = 5000;

    explicit ListenerRequestModel(QObject *parent = nullptr);

    void append(const QList<WebhookRequest> &batch);
    void clear();
    int capacity() const { return m_capacity; }
    void setCapacity(int capacity); // at least 1; drops the oldest rows beyond it
    const WebhookRequest &request(int row) const { return m_requests[std::size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Presentation shared with the panel's detail pane.
    static bool isRejected(WebhookVerdict verdict); // neither acknowledged nor a deliberate fault
    static QString verdictDescription(WebhookVerdict verdict); // "refused with 403: the …"
    static QString badgeText(std::uint8_t badges);             // "secret ✓ · TG range? · dup"
    static QStringList badgeDescriptions(std::uint8_t badges); // one sentence per badge
    static QString latencyText(std::int64_t latencyUs);        // "85 µs", "1.24 ms", "2.5 s"
    static QString peerText(const WebhookRequest &request);    // "127.0.0.1:5123", "[::1]:5123"
    static QString statusText(int status);                     // "200", or "closed" for 0
    // The verdict in words, the badges, the request line and headers and the answer (everything
    // but the request body), for a detail pane.
    static QString detailText(const WebhookRequest &request);

private:
    void dropOldest(int count);
    QVariant displayText(const WebhookRequest &request, int column) const;
    QVariant rawValue(const WebhookRequest &request, int column) const;
    QString toolTip(const WebhookRequest &request) const;

    std::deque<WebhookRequest> m_requests;
    int m_capacity = DefaultCapacity;
};

} // namespace UpdateInspector
