// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "endpointoptions.h"

#include "bottoken.h"

#include <QCommandLineParser>

namespace UpdateInspector::Cli {

namespace {
const char kTokenVariable[] = "UPDATE_INSPECTOR_TOKEN";
}

EndpointOptions::EndpointOptions()
    : m_token(QStringLiteral("token"), QStringLiteral("The bot token (or set UPDATE_INSPECTOR_TOKEN)."), QStringLiteral("T"))
    , m_apiUrl(QStringLiteral("api-url"),
               QStringLiteral("Bot API base URL (default https://api.telegram.org; a local server: http://127.0.0.1:8081)."),
               QStringLiteral("URL"), QStringLiteral("https://api.telegram.org"))
    , m_testEnvironment(QStringLiteral("test-environment"), QStringLiteral("Use the test environment (/bot<token>/test/METHOD)."))
{
}

void EndpointOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_token, m_apiUrl, m_testEnvironment});
}

std::optional<QString> EndpointOptions::read(const QCommandLineParser &parser, BotApiEndpoint &endpoint) const
{
    endpoint.token = parser.isSet(m_token) ? parser.value(m_token) : qEnvironmentVariable(kTokenVariable);
    if (endpoint.token.isEmpty())
        return QStringLiteral("give the bot token with --token or in UPDATE_INSPECTOR_TOKEN");
    if (!BotToken::isWellFormed(endpoint.token))
        return QStringLiteral("that is not a bot token (expected <bot id>:<secret>, as @BotFather gives it)");
    endpoint.baseUrl = QUrl(parser.value(m_apiUrl));
    if (!endpoint.baseUrl.isValid() || endpoint.baseUrl.host().isEmpty()
        || !endpoint.baseUrl.scheme().startsWith(u"http"))
        return QStringLiteral("--api-url: not an http(s) URL: %1").arg(BotToken::redact(parser.value(m_apiUrl)));
    endpoint.testEnvironment = parser.isSet(m_testEnvironment);
    return std::nullopt;
}

} // namespace UpdateInspector::Cli
