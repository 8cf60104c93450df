// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// For widget tests that set up the emulator's state with Bot API calls of their own.
#pragma once

#include "botapiclient.h"

#include <QJsonObject>
#include <QTest>

// Runs `call` to its end and returns its result; `error` gets its error text (empty when it
// succeeded). The call deletes itself afterwards, so nothing is read from it later.
inline QJsonObject resultOf(UpdateInspector::BotApiCall *call, QString *error)
{
    QJsonObject result;
    bool done = false;
    *error = QStringLiteral("no answer within 10 s");
    QObject::connect(call, &UpdateInspector::BotApiCall::finished, call, [&result, &done, error, call] {
        result = call->result().toObject();
        *error = call->error().isError() ? call->error().message() : QString();
        done = true;
    });
    if (!QTest::qWaitFor([&done] { return done; }, 10000))
        return {};
    return result;
}
