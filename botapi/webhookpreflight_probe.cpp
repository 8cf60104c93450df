// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The preflight's one network check: can this machine open a TCP connection to the webhook URL?
#include "webhookpreflight.h"

#include "webhookpreflight_p.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace UpdateInspector {

using Internal::finding;
using Severity = PreflightFinding::Severity;

struct WebhookReachabilityProbe::Private
{
    quint64 generation = 0; // a finish queued for an earlier start() is dropped
    QList<QHostAddress> addresses; // still to try
    QString shownHost;              // "127.0.0.1:8443", "[::1]:8443"
    quint16 port = 0;
    int timeoutMs = 0;
    QString lastError;
    QPointer<QTcpSocket> socket;
    QTimer timeout;
};

namespace {

// The addresses to try, without any name lookup: an IP literal, or loopback for "localhost".
QList<QHostAddress> literalAddresses(const QString &host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)};
    const QHostAddress address(host);
    return address.isNull() ? QList<QHostAddress>() : QList<QHostAddress>{address};
}

PreflightFinding notChecked(const QString &why)
{
    return finding(Severity::Note, QStringLiteral("url"), QStringLiteral("Reachability not checked: ") + why);
}

} // namespace

WebhookReachabilityProbe::WebhookReachabilityProbe(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->timeout.setSingleShot(true);
    connect(&d->timeout, &QTimer::timeout, this, [this] {
        d->lastError = QStringLiteral("no answer within %1 ms").arg(d->timeoutMs);
        stopAttempt();
        tryNextAddress();
    });
}

WebhookReachabilityProbe::~WebhookReachabilityProbe()
{
    stopAttempt();
}

void WebhookReachabilityProbe::start(const QUrl &url, quint16 listenerPort, int timeoutMs)
{
    stopAttempt();
    ++d->generation;
    d->addresses.clear();
    d->lastError.clear();
    const int port = url.port(url.scheme().compare(u"https", Qt::CaseInsensitive) == 0 ? 443 : 80);
    if (listenerPort == 0) {
        finishLater({notChecked(QStringLiteral("no listener is running in this app."))});
        return;
    }
    if (!url.isValid() || url.host().isEmpty()) {
        finishLater({notChecked(QStringLiteral("the URL has no host."))});
        return;
    }
    if (port != listenerPort) {
        finishLater({notChecked(QStringLiteral("the URL's port %1 is not the listener's port %2; a proxy, tunnel "
                                               "or port forward in between cannot be checked from here.")
                                    .arg(port).arg(listenerPort))});
        return;
    }
    d->addresses = literalAddresses(url.host());
    if (d->addresses.isEmpty()) {
        finishLater({notChecked(QStringLiteral("%1 is a host name, and this app does not look names up (only IP "
                                               "addresses and localhost are tried).").arg(url.host()))});
        return;
    }
    const QHostAddress first = d->addresses.first();
    d->shownHost = (first.protocol() == QAbstractSocket::IPv6Protocol && url.host() != u"localhost"
                        ? u'[' + url.host() + u']'
                        : url.host())
                   + u':' + QString::number(port);
    d->port = quint16(port);
    d->timeoutMs = timeoutMs;
    // Connecting starts from the event loop, so that nothing is emitted inside start().
    QTimer::singleShot(0, this, [this, generation = d->generation] {
        if (generation == d->generation)
            tryNextAddress();
    });
}

void WebhookReachabilityProbe::tryNextAddress()
{
    if (d->addresses.isEmpty()) {
        const QString message =
            QStringLiteral("Nothing answers at %1 from this machine (%2) — is the listener running, and listening "
                           "on that address and port?").arg(d->shownHost, d->lastError);
        finishLater({finding(Severity::Problem, QStringLiteral("url"), message)});
        return;
    }
    const QHostAddress address = d->addresses.takeFirst();
    auto *socket = new QTcpSocket(this);
    d->socket = socket;
    connect(socket, &QTcpSocket::connected, this, [this] {
        stopAttempt();
        finishLater({});
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError) {
        d->lastError = socket->errorString().toLower();
        stopAttempt();
        tryNextAddress();
    });
    d->timeout.start(d->timeoutMs);
    socket->connectToHost(address, d->port);
}

void WebhookReachabilityProbe::stopAttempt()
{
    d->timeout.stop();
    if (QTcpSocket *socket = d->socket) {
        d->socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void WebhookReachabilityProbe::finishLater(const QList<PreflightFinding> &findings)
{
    QMetaObject::invokeMethod(
        this,
        [this, findings, generation = d->generation] {
            if (generation == d->generation)
                Q_EMIT finished(findings);
        },
        Qt::QueuedConnection);
}

} // namespace UpdateInspector
