// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "httprequestparser.h"
#include "webhooklistener_p.h"

#include <QAbstractSocket>
#include <QBasicTimer>
#include <QObject>

#include <deque>

class QTcpSocket;

namespace UpdateInspector {

// One client connection of the webhook listener: reads requests straight from the socket into a
// buffer that the parser works on, hands complete ones to the listener and writes the answers in
// request order, each batch of ready answers in one write. Enforces the caps: 400 / 431 / 413 /
// 408 are answered with "Connection: close", then the connection is half-closed and drained for a
// moment so the client reads the answer instead of a reset.
class ListenerConnection final : public QObject
{
public:
    ListenerConnection(WebhookListener::Private &listener, QTcpSocket *socket, bool tls);

    const QString &peerText() const { return m_peer; }
    quint16 peerPort() const { return m_peerPort; }
    bool isInTelegramRange() const { return m_telegramRange; }

    // Writes the answers at the front of the queue that are ready.
    void writeReadyAnswers();
    // Drops the connection now; pending requests are recorded as not answered because of `why`.
    void closeNow(const QString &why);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void readIncoming();
    void startTls();
    void parseBuffer();
    void sendContinueIfAsked();
    void reject(int status, WebhookVerdict verdict, const QString &reason, QByteArrayView pending);
    void checkIdle();
    void startClosing();
    void halfCloseWhenFlushed();
    void handleSocketError(QAbstractSocket::SocketError error);
    void teardown(const QString &why);
    WebhookRequest partialRecord(QByteArrayView pending) const;

    WebhookListener::Private &m_listener;
    QTcpSocket *m_socket;
    QString m_peer;
    quint16 m_peerPort = 0;
    bool m_telegramRange = false;
    int m_idleTimeoutMs;
    HttpRequestParser m_parser;
    QByteArray m_buffer; // received bytes the parser has not consumed yet
    std::deque<ExchangePtr> m_queue;
    QBasicTimer m_idleTimer; // idle and request deadlines (checked when it fires)
    QBasicTimer m_lingerTimer; // after a closing answer: abort if the client keeps the connection
    QBasicTimer m_stallTimer; // a Stall fault holding the answer at the front of the queue
    qint64 m_requestStartNs = 0;
    qint64 m_idleSinceNs = 0;
    bool m_handshaking = false; // TLS: not encrypted yet
    bool m_tlsStarted = false; // TLS: the ClientHello came and the handshake runs
    bool m_inputClosed = false; // no more requests are read (what comes is drained)
    bool m_closing = false; // the last answer is written; half-closing, then closing
    bool m_closed = false; // torn down
    bool m_servedAny = false;
    bool m_continueSent = false;
};

} // namespace UpdateInspector
