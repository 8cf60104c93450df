// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "webhooksettings.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace UpdateInspector {

struct PreflightFinding
{
    enum class Severity { Problem, Warning, Note };
    Severity severity = Severity::Problem;
    QString field;   // "url", "certificate", "ip_address", "max_connections", "secret_token", ...
    QString message; // plain words: what is wrong and what to do
};

struct PreflightContext
{
    // The Bot API base URL the call goes to. The cloud (api.telegram.org) has the cloud's rules
    // (HTTPS, ports 443/80/88/8443, public IPv4 ip_address); any other base URL is taken for a
    // local server (telegram-bot-api --local or the emulator), which lifts them.
    QUrl apiBaseUrl = QUrl(QStringLiteral("https://api.telegram.org"));
    quint16 listenerPort = 0;  // the local listener's port; 0: no listener running
    QDateTime now = QDateTime::currentDateTimeUtc();
};

bool isCloudApi(const QUrl &apiBaseUrl);

// Every problem with `settings` that can be found without network traffic: URL scheme, host and
// port; the certificate (PEM readable, CN/SAN matching the URL's host, dates, and a self-signed
// one served without an upload: see `servedCertificatePem`); ip_address; max_connections;
// secret_token; allowed_updates names. Problems block sending; warnings and notes do not.
// `servedCertificatePem`: the certificate the listener behind the URL presents (for the
// self-signed-but-not-uploaded check); empty when unknown.
QList<PreflightFinding> preflightWebhook(const WebhookSettings &settings, const PreflightContext &context,
                                         const QByteArray &servedCertificatePem = {});
bool hasProblems(const QList<PreflightFinding> &findings);

// The one check that needs the network: when the URL's port is the listener's, can this machine
// open a TCP connection to the URL's host and port? Host names are never resolved here (only IP
// literals and "localhost" are tried); otherwise finished() says it was not checked.
class WebhookReachabilityProbe final : public QObject
{
    Q_OBJECT
public:
    explicit WebhookReachabilityProbe(QObject *parent = nullptr);
    ~WebhookReachabilityProbe() override;
    // Emits finished() later (never from inside start()). A finding is empty when all is well.
    void start(const QUrl &url, quint16 listenerPort, int timeoutMs = 3000);
Q_SIGNALS:
    void finished(const QList<UpdateInspector::PreflightFinding> &findings);

private:
    void tryNextAddress();
    void stopAttempt();
    void finishLater(const QList<PreflightFinding> &findings);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace UpdateInspector
