// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace UpdateInspector {

// Hands each accepted socket to `accept` (the listener checks its connection limit there).
using AcceptSocket = std::function<void(QTcpSocket *socket, bool tls)>;

class PlainServer final : public QTcpServer
{
public:
    explicit PlainServer(AcceptSocket accept);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    AcceptSocket m_accept;
};

// QSslServer keeps its sockets to itself until their handshake is done: they could not be
// counted against the connection limit, and a client speaking plain HTTP to the HTTPS port would
// vanish without a word. So the socket is handed over at once and ListenerConnection drives the
// handshake (ClientHello check, time-out, failure report); QSslServer keeps the configuration.
class TlsServer final : public QSslServer
{
public:
    explicit TlsServer(AcceptSocket accept);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    AcceptSocket m_accept;
};

// The server side of TLS from PEM files: false with a plain-words `error` when a file cannot be
// read, is not PEM, or the key does not belong to the certificate.
bool loadTlsConfiguration(const QString &certificatePath, const QString &keyPath,
                          QSslConfiguration *configuration, QString *error);

} // namespace UpdateInspector
