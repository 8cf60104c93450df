// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "botapiclient.h"

#include <QCommandLineOption>

#include <optional>

class QCommandLineParser;

namespace UpdateInspector::Cli {

// The options that say which bot and which Bot API a command talks to — --token (or the variable
// UPDATE_INSPECTOR_TOKEN, which keeps it out of the shell history), --api-url, --test-environment —
// read the same way by every command.
class EndpointOptions
{
public:
    EndpointOptions();
    void addTo(QCommandLineParser &parser) const;
    // The endpoint, or an error in plain words (never containing the token).
    std::optional<QString> read(const QCommandLineParser &parser, BotApiEndpoint &endpoint) const;

private:
    QCommandLineOption m_token;
    QCommandLineOption m_apiUrl;
    QCommandLineOption m_testEnvironment;
};

} // namespace UpdateInspector::Cli
