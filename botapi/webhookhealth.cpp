// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "webhookhealth.h"

#include "bottoken.h"

#include <QDateTime>
#include <QTimeZone>

namespace UpdateInspector {

namespace {

HealthWarning warning(const QString &id, const QString &message)
{
    HealthWarning result;
    result.id = id;
    // URLs often carry the token in their path.
    result.message = BotToken::redact(message);
    return result;
}

// Scheme, host, port (the scheme's default filled in) and path without a trailing slash: two URLs
// that reach the same endpoint compare equal.
QString endpointKey(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    QString host = url.host().toLower();
    if (host.endsWith(u'.'))
        host.chop(1);
    return scheme + u"://" + host + u':' + QString::number(url.port(scheme == u"https" ? 443 : 80)) + path;
}

QString shown(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

} // namespace

QList<HealthWarning> webhookWarnings(const WebhookInfo &info, const HealthContext &context)
{
    QList<HealthWarning> warnings;
    const QUrl webhookUrl(info.url);
    if (info.hasWebhook() && !context.listenerUrl.isEmpty()
        && endpointKey(webhookUrl) != endpointKey(context.listenerUrl)) {
        warnings.append(warning(QStringLiteral("not-this-listener"),
                                QStringLiteral("The webhook points at %1, not at this app's listener (%2): updates "
                                               "go there, and the listener gets none.")
                                    .arg(shown(webhookUrl), shown(context.listenerUrl))));
    }
    if (!info.hasWebhook() && context.listenerRunning) {
        warnings.append(warning(QStringLiteral("no-webhook"),
                                QStringLiteral("No webhook is set, so nothing points at the running listener: it "
                                               "will receive no updates until the webhook is set to its URL.")));
    }
    if (info.hasWebhook() && context.pendingGrowing) {
        warnings.append(warning(QStringLiteral("pending-growing"),
                                QStringLiteral("%1 updates are waiting and the number keeps growing: the webhook is "
                                               "not taking them.").arg(info.pendingUpdateCount)));
    }
    if (info.hasWebhook() && info.allowedUpdatesGiven) {
        QStringList missing;
        for (const QLatin1StringView optIn :
             {QLatin1StringView("chat_member"), QLatin1StringView("message_reaction")}) {
            if (!info.allowedUpdates.contains(optIn))
                missing.append(optIn);
        }
        if (!missing.isEmpty()) {
            warnings.append(warning(QStringLiteral("allowed-updates"),
                                    QStringLiteral("allowed_updates leaves out %1: the bot will not get these "
                                                   "updates (they are opt-in and must be listed).")
                                        .arg(missing.join(QStringLiteral(" and ")))));
        }
    }
    if (info.hasWebhook() && context.pollerRunning) {
        warnings.append(warning(QStringLiteral("poller-conflict"),
                                QStringLiteral("A webhook is set while this app is polling the same bot: getUpdates "
                                               "fails with 409 Conflict as long as the webhook exists. Delete the "
                                               "webhook, or stop polling.")));
    }
    if (info.lastErrorDate != 0) {
        const QString when = QDateTime::fromSecsSinceEpoch(info.lastErrorDate, QTimeZone::UTC)
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
        const QString what =
            info.lastErrorMessage.isEmpty()
                ? QStringLiteral("no message")
                : QString(u'"' + info.lastErrorMessage + u"\". " + explainWebhookError(info.lastErrorMessage));
        warnings.append(warning(QStringLiteral("last-error"),
                                QStringLiteral("The last delivery failed at %1: %2").arg(when, what)));
    }
    return warnings;
}

} // namespace UpdateInspector
