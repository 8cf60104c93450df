// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

class QIODevice;

namespace UpdateInspector {

bool isGzip(QByteArrayView data);

// Decompresses gzip data (all members, as `cat a.gz b.gz` makes). The result has `padding`
// readable bytes reserved past its end. On failure returns false with `error` set.
bool gunzip(QByteArrayView compressed, qsizetype padding, QByteArray &out, QString *error);

// Streams gzip-compressed bytes to a device.
class GzipWriter
{
public:
    explicit GzipWriter(QIODevice *device);
    ~GzipWriter();
    GzipWriter(const GzipWriter &) = delete;
    GzipWriter &operator=(const GzipWriter &) = delete;

    bool write(QByteArrayView data);
    bool finish();
    QString errorString() const { return m_error; }

private:
    bool deflateAll(int flush);

    struct Stream;
    std::unique_ptr<Stream> m_stream;
    QIODevice *m_device;
    QString m_error;
};

} // namespace UpdateInspector
