// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QTcpServer>

namespace UpdateInspector {

struct ConnectionLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1 << 20;
    int idleTimeoutMs = 30000;
    int maxConnections = 256;
};

// A QTcpServer for QHttpServer::bind() that guards each connection below the HTTP layer, because
// Qt HTTP Server 6.8 buffers whole bodies without a limit and never times a client out: too large
// a head (431) or declared/chunked body (413), a connection idle or a request not complete within
// idleTimeoutMs (408), and connections beyond maxConnections (closed at once, reported as 503).
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)

public:
    explicit GuardedTcpServer(const ConnectionLimits &limits = {}, QObject *parent = nullptr);

    const ConnectionLimits &limits() const { return m_limits; }
    int connectionCount() const { return m_connections; }

    // What the guard knows about the first request in `data` (which starts at a request boundary).
    enum class Inspection { Incomplete, Complete, HeadTooLarge, BodyTooLarge };
    static Inspection inspect(QByteArrayView data, const ConnectionLimits &limits);

Q_SIGNALS:
    void rejected(const QHostAddress &peer, int status, const QString &reason);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class ConnectionGuard;
    ConnectionLimits m_limits;
    int m_connections = 0;
};

} // namespace UpdateInspector
