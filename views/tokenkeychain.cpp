// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "tokenkeychain.h"

#include "botapiclient.h"
#include "bottoken.h"

#include <qt6keychain/keychain.h>

#include <QTimer>
#include <QUrl>

namespace UpdateInspector {

namespace {
QString reasonFor(const QKeychain::Job &job)
{
    QString reason;
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        reason = TokenKeychain::tr("No token is stored in the system keychain for this bot");
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        reason = TokenKeychain::tr("The system keychain refused access");
        break;
    default: // without a Secret Service or KWallet on D-Bus, QtKeychain says "Unknown error"
        reason = TokenKeychain::tr("No system keychain is available");
        break;
    }
    if (const QString detail = job.errorString(); !detail.isEmpty())
        reason += QStringLiteral(" (") + detail + u')';
    return BotToken::redact(reason); // the reason comes from the backend: trust nothing in it
}
} // namespace

TokenKeychain::TokenKeychain(QObject *parent) : QObject(parent) {}

TokenKeychain::~TokenKeychain() = default;

QString TokenKeychain::serviceName()
{
    return QStringLiteral("update-inspector");
}

QString TokenKeychain::keyFor(qint64 botId, const QUrl &baseUrl, bool testEnvironment)
{
    QString base = baseUrl.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (base.endsWith(u'/'))
        base.chop(1);
    return QString::number(botId) + u'@' + base + (testEnvironment ? QStringLiteral("/test") : QString());
}

QString TokenKeychain::keyFor(const BotApiEndpoint &endpoint)
{
    return keyFor(BotToken::botId(endpoint.token), endpoint.baseUrl, endpoint.testEnvironment);
}

void TokenKeychain::read(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setKey(key);
    run(job, &TokenKeychain::onRead);
}

void TokenKeychain::store(const QString &key, const QString &token)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setKey(key);
    job->setTextData(token);
    run(job, &TokenKeychain::onStored);
}

void TokenKeychain::remove(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setKey(key);
    run(job, &TokenKeychain::onRemoved);
}

void TokenKeychain::run(QKeychain::Job *job, void (TokenKeychain::*onSuccess)(QKeychain::Job *))
{
    job->setAutoDelete(true);
    // The plain-text fallback would write the token to a settings file.
    job->setInsecureFallback(false);
    // Without a keychain daemon a job can wait on D-Bus for long; the timer is the job's child, so
    // it goes when the job does, and whichever of the two comes first reports.
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    const QMetaObject::Connection done =
        connect(job, &QKeychain::Job::finished, this, [this, timer, onSuccess](QKeychain::Job *finished) {
            timer->stop();
            if (finished->error() == QKeychain::NoError)
                (this->*onSuccess)(finished);
            else
                Q_EMIT unavailable(reasonFor(*finished));
        });
    connect(timer, &QTimer::timeout, this, [this, done] {
        disconnect(done); // the job may still end; nobody is waiting for it any more
        Q_EMIT unavailable(tr("The system keychain did not answer within %1 s").arg(m_timeoutMs / 1000.0));
    });
    timer->start(m_timeoutMs);
    job->start();
}

void TokenKeychain::onRead(QKeychain::Job *job)
{
    Q_EMIT tokenRead(job->key(), static_cast<QKeychain::ReadPasswordJob *>(job)->textData());
}

void TokenKeychain::onStored(QKeychain::Job *job)
{
    Q_EMIT stored(job->key());
}

void TokenKeychain::onRemoved(QKeychain::Job *job)
{
    Q_EMIT removed(job->key());
}

} // namespace UpdateInspector
