// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "gzip.h"

#include <QIODevice>

#include <zlib.h>

#include <cstring>

namespace UpdateInspector {

bool isGzip(QByteArrayView data)
{
    return data.size() >= 2 && uchar(data[0]) == 0x1f && uchar(data[1]) == 0x8b;
}

bool gunzip(QByteArrayView compressed, qsizetype padding, QByteArray &out, QString *error)
{
    z_stream z {};
    if (inflateInit2(&z, 15 + 16) != Z_OK) {
        *error = QStringLiteral("cannot start gzip decompression");
        return false;
    }
    // The trailer of the last member holds its size mod 2^32: a good first guess.
    qsizetype guess = compressed.size() * 4;
    if (compressed.size() >= 18) {
        quint32 isize;
        std::memcpy(&isize, compressed.data() + compressed.size() - 4, 4);
        guess = qMax<qsizetype>(guess, isize);
    }
    out = QByteArray();
    out.reserve(guess + padding);
    qsizetype used = 0;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    qsizetype remaining = compressed.size();
    int rc = Z_OK;
    while (true) {
        if (out.capacity() - used < padding + 65536)
            out.reserve(out.capacity() * 2);
        out.resize(out.capacity() - padding);
        const uInt inChunk = uInt(qMin<qsizetype>(remaining, 1 << 30));
        z.avail_in = inChunk;
        z.next_out = reinterpret_cast<Bytef *>(out.data() + used);
        z.avail_out = uInt(qMin<qsizetype>(out.size() - used, 1 << 30));
        const uInt outBefore = z.avail_out;
        rc = inflate(&z, Z_NO_FLUSH);
        used += outBefore - z.avail_out;
        remaining -= inChunk - z.avail_in;
        if (rc == Z_STREAM_END) {
            // Another gzip member may follow.
            if (remaining > 0 && isGzip(QByteArrayView(reinterpret_cast<const char *>(z.next_in), remaining))) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            *error = QStringLiteral("corrupt gzip data (%1)").arg(QString::fromLatin1(z.msg ? z.msg : "?"));
            inflateEnd(&z);
            return false;
        }
        if (rc == Z_BUF_ERROR && remaining == 0 && z.avail_out > 0) {
            *error = QStringLiteral("the gzip data ends early (truncated file?)");
            inflateEnd(&z);
            return false;
        }
    }
    inflateEnd(&z);
    out.resize(used);
    return true;
}

struct GzipWriter::Stream
{
    z_stream z {};
};

GzipWriter::GzipWriter(QIODevice *device) : m_stream(std::make_unique<Stream>()), m_device(device)
{
    if (deflateInit2(&m_stream->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        m_error = QStringLiteral("cannot start gzip compression");
}

GzipWriter::~GzipWriter()
{
    deflateEnd(&m_stream->z);
}

bool GzipWriter::deflateAll(int flush)
{
    char buffer[1 << 16];
    z_stream &z = m_stream->z;
    do {
        z.next_out = reinterpret_cast<Bytef *>(buffer);
        z.avail_out = sizeof buffer;
        const int rc = deflate(&z, flush);
        if (rc == Z_STREAM_ERROR) {
            m_error = QStringLiteral("gzip compression failed");
            return false;
        }
        const qint64 produced = qint64(sizeof buffer) - z.avail_out;
        if (produced > 0 && m_device->write(buffer, produced) != produced) {
            m_error = m_device->errorString();
            return false;
        }
    } while (z.avail_out == 0);
    return true;
}

bool GzipWriter::write(QByteArrayView data)
{
    if (!m_error.isEmpty())
        return false;
    m_stream->z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    m_stream->z.avail_in = uInt(data.size());
    return deflateAll(Z_NO_FLUSH);
}

bool GzipWriter::finish()
{
    if (!m_error.isEmpty())
        return false;
    m_stream->z.avail_in = 0;
    return deflateAll(Z_FINISH);
}

} // namespace UpdateInspector
