// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "savedconnection.h"

#include "bottoken.h"
#include "tokenkeychain.h"

#include <QSettings>

namespace UpdateInspector {

namespace {
const QString kGroup = QStringLiteral("connection");
}

SavedConnection SavedConnection::from(const BotApiEndpoint &endpoint, const PollerOptions &options)
{
    return {endpoint.baseUrl, BotToken::botId(endpoint.token), endpoint.testEnvironment, options};
}

std::optional<SavedConnection> SavedConnection::load()
{
    QSettings settings;
    settings.beginGroup(kGroup);
    SavedConnection saved;
    saved.baseUrl = QUrl(settings.value(QStringLiteral("baseUrl")).toString(), QUrl::StrictMode);
    saved.botId = settings.value(QStringLiteral("botId")).toLongLong();
    saved.testEnvironment = settings.value(QStringLiteral("testEnvironment")).toBool();
    const PollerOptions defaults;
    saved.options.limit = settings.value(QStringLiteral("limit"), defaults.limit).toInt();
    saved.options.timeoutSeconds = settings.value(QStringLiteral("timeout"), defaults.timeoutSeconds).toInt();
    saved.options.sendAllowedUpdates = settings.value(QStringLiteral("sendAllowedUpdates")).toBool();
    saved.options.allowedUpdates = settings.value(QStringLiteral("allowedUpdates")).toStringList();
    // A hand-edited file could hold a token in the URL: such an entry is not used.
    const QString url = saved.baseUrl.toString();
    if (saved.botId <= 0 || !saved.baseUrl.isValid() || saved.baseUrl.host().isEmpty()
        || BotToken::redact(url) != url)
        return std::nullopt;
    return saved;
}

void SavedConnection::forget()
{
    QSettings().remove(kGroup);
}

void SavedConnection::save() const
{
    QSettings settings;
    settings.remove(kGroup);
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("baseUrl"), baseUrl.toString());
    settings.setValue(QStringLiteral("botId"), botId);
    settings.setValue(QStringLiteral("testEnvironment"), testEnvironment);
    settings.setValue(QStringLiteral("limit"), options.limit);
    settings.setValue(QStringLiteral("timeout"), options.timeoutSeconds);
    settings.setValue(QStringLiteral("sendAllowedUpdates"), options.sendAllowedUpdates);
    settings.setValue(QStringLiteral("allowedUpdates"), options.allowedUpdates);
}

QString SavedConnection::keychainKey() const
{
    return TokenKeychain::keyFor(botId, baseUrl, testEnvironment);
}

QString SavedConnection::displayName() const
{
    QString base = baseUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (base.endsWith(u'/'))
        base.chop(1);
    QString name = base + QStringLiteral(", bot ") + QString::number(botId);
    if (testEnvironment)
        name += QStringLiteral(" (test environment)");
    return name;
}

BotApiEndpoint SavedConnection::endpoint(const QString &token) const
{
    return {baseUrl, token, testEnvironment};
}

} // namespace UpdateInspector
