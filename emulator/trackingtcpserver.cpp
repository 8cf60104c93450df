// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "trackingtcpserver_p.h"

namespace UpdateInspector::Internal {

QString TrackingTcpServer::key(const QHostAddress &peer, quint16 port)
{
    return peer.toString() + u'#' + QString::number(port);
}

QTcpSocket *TrackingTcpServer::socketFor(const QHostAddress &peer, quint16 port) const
{
    return m_sockets.value(key(peer, port));
}

void TrackingTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Qt HTTP Server writes a response's head and body separately; with Nagle's algorithm the body
    // would wait for the client's delayed ACK (~40 ms a response).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QString socketKey = key(socket->peerAddress(), socket->peerPort());
    m_sockets.insert(socketKey, socket);
    connect(socket, &QObject::destroyed, this, [this, socketKey] {
        const auto it = m_sockets.constFind(socketKey);
        if (it != m_sockets.cend() && it->isNull())
            m_sockets.erase(it);
    });
    addPendingConnection(socket);
}

} // namespace UpdateInspector::Internal
