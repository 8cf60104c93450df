// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updateindexer.h"
#include "updaterecord.h"

#include <QList>
#include <QSet>
#include <QObject>
#include <QTimer>

#include <array>
#include <vector>

namespace UpdateInspector {

// Append-only store of updates: raw bytes in large blob chunks, one compact index entry per row.
// Appends are announced in batches (rowsAppended, at most every notifyInterval ms) so that a
// burst of thousands of updates per second costs the model one insertion per batch.
class UpdateStore final : public QObject
{
    Q_OBJECT
public:
    // Live appends fill chunks of this size; a larger update gets a chunk of its own.
    static constexpr qsizetype ChunkSize = 4 * 1024 * 1024;

    explicit UpdateStore(QObject *parent = nullptr);
    ~UpdateStore() override;

    qsizetype size() const { return qsizetype(m_entries.size()); }
    const UpdateIndexEntry &entry(qsizetype row) const { return m_entries[size_t(row)]; }
    const std::vector<UpdateIndexEntry> &entries() const { return m_entries; }
    // The raw bytes of a row, exactly as received; valid until clear().
    QByteArrayView raw(qsizetype row) const;
    qint64 totalBytes() const { return m_totalBytes; }

    // Indexes and appends records; a record that is not an update is not appended and its
    // error is returned (with its position in `records`). Returns how many were appended.
    struct Rejection
    {
        qsizetype index;
        QString error;
    };
    qsizetype append(const QList<UpdateRecord> &records, QList<Rejection> *rejected = nullptr);
    bool append(const UpdateRecord &record, QString *error = nullptr);

    // Takes over whole buffers (e.g. a decoded log file) whose updates were indexed already:
    // an entry's chunk field indexes `chunks`, its offset points into that chunk. No bytes are
    // copied; the chunks' extra capacity must hold the indexer's padding.
    void adoptChunks(QList<QByteArray> chunks, std::vector<UpdateIndexEntry> &&entries);

    void clear();

    int notifyInterval() const { return m_notifyInterval; }
    // 0 announces every append synchronously.
    void setNotifyInterval(int ms) { m_notifyInterval = ms; }
    // Announces pending appends now.
    void flushNotifications();

Q_SIGNALS:
    void rowsAppended(qsizetype first, qsizetype last);
    void aboutToClear();
    void cleared();

private:
    void appendEntry(UpdateIndexEntry entry);
    void flagLiveEntry(UpdateIndexEntry &entry);
    void scheduleNotification();
    char *reserveTail(qsizetype length);

    std::vector<UpdateIndexEntry> m_entries;
    QList<QByteArray> m_chunks;
    qsizetype m_tailChunk = -1; // the chunk live appends go to, or -1
    qsizetype m_announced = 0;  // rows already announced through rowsAppended
    qint64 m_totalBytes = 0;
    int m_notifyInterval = 50;
    QTimer m_notifyTimer;
    UpdateIndexer m_indexer;
    // Per source, for the duplicate and gap flags of live appends.
    std::array<QSet<std::int64_t>, UpdateSourceCount> m_seenIds;
    std::array<std::int64_t, UpdateSourceCount> m_lastIds {};
};

} // namespace UpdateInspector
