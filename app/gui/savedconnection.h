// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "botapiclient.h"
#include "longpoller.h"

#include <QUrl>

#include <optional>

namespace UpdateInspector {

// The last connection the user asked to remember, in QSettings under "connection/": the server,
// the bot id, the test flag and the poller options. Never the token: that lives in the system
// keychain only, under TokenKeychain::keyFor(botId, baseUrl, testEnvironment).
struct SavedConnection
{
    QUrl baseUrl;
    qint64 botId = 0;
    bool testEnvironment = false;
    PollerOptions options;

    static SavedConnection from(const BotApiEndpoint &endpoint, const PollerOptions &options);
    static std::optional<SavedConnection> load(); // nothing saved, or not usable: nullopt
    static void forget();
    void save() const;

    QString keychainKey() const;
    // As BotApiEndpoint::displayName() says it: "https://api.telegram.org, bot 123456".
    QString displayName() const;
    // The endpoint with `token` (from the keychain or typed).
    BotApiEndpoint endpoint(const QString &token = {}) const;
};

} // namespace UpdateInspector
