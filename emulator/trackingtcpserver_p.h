// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QHash>
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace UpdateInspector::Internal {

// A QTcpServer that remembers its connections by peer address and port, so that a request seen
// by Qt HTTP Server can be matched to its socket — to drop it or let it hang on purpose, which
// QHttpServerResponder cannot do.
class TrackingTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrackingTcpServer)

public:
    using QTcpServer::QTcpServer;

    QTcpSocket *socketFor(const QHostAddress &peer, quint16 port) const;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    static QString key(const QHostAddress &peer, quint16 port);
    QHash<QString, QPointer<QTcpSocket>> m_sockets;
};

} // namespace UpdateInspector::Internal
