// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The emulator under test: a server on an ephemeral loopback port, one bot, a client for it.
#pragma once

#include "apiclient.h"
#include "emulatorserver.h"

#include <memory>

struct EmulatorFixture
{
    std::unique_ptr<UpdateInspector::EmulatorServer> server;
    UpdateInspector::EmulatedBot *bot = nullptr;
    std::unique_ptr<ApiClient> client;

    // False, with the reason in `error`, when the server could not start.
    bool start(const UpdateInspector::EmulatorServer::Options &options, const QString &token, QString *error)
    {
        stop();
        server = std::make_unique<UpdateInspector::EmulatorServer>(options);
        if (!server->listen(error))
            return false;
        bot = server->addBot(token, error);
        if (!bot)
            return false;
        client = std::make_unique<ApiClient>(server->baseUrl(), token);
        return true;
    }
    void stop()
    {
        client.reset();
        server.reset();
        bot = nullptr;
    }
};
