// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// For tests of the app's own Bot API code: the real emulator on an ephemeral loopback port with
// one bot, and a BotApiClient (QNetworkAccessManager) pointed at it.
#pragma once

#include "botapiclient.h"
#include "emulatorserver.h"

#include <QNetworkAccessManager>

#include <memory>

struct EmulatedBotClient
{
    QNetworkAccessManager network;
    std::unique_ptr<UpdateInspector::EmulatorServer> server;
    UpdateInspector::EmulatedBot *bot = nullptr;
    std::unique_ptr<UpdateInspector::BotApiClient> client;

    // Replaces what ran before; false, with the reason in `error`, when it cannot start.
    bool start(const QString &token, bool localMode, QString *error)
    {
        stop();
        UpdateInspector::EmulatorServer::Options options;
        options.settings.localMode = localMode;
        server = std::make_unique<UpdateInspector::EmulatorServer>(options);
        if (!server->listen(error))
            return false;
        bot = server->addBot(token, error);
        if (!bot)
            return false;
        client = std::make_unique<UpdateInspector::BotApiClient>(&network);
        client->setEndpoint({server->baseUrl(), token, false});
        return true;
    }
    void stop()
    {
        client.reset();
        server.reset();
        bot = nullptr;
    }
};
