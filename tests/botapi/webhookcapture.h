// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// Shared by the WebhookCalls tests (tst_webhooksettings against the emulator,
// tst_webhookrequestshape against a capture server): the fake token, the certificate fixtures,
// and capturing what a call ended with.
#pragma once

#include "botapiclient.h"
#include "botapierror.h"
#include "webhooksettings.h"

#include <QFile>
#include <QJsonValue>
#include <QSignalSpy>
#include <QString>

inline const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");

inline QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(UI_TEST_DATA_DIR "/certs/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

// What a call ended with, copied in its finished() handler (the call deletes itself afterwards).
struct Answer
{
    bool finished = false;
    UpdateInspector::BotApiError error;
    QJsonValue result;
    QString described;
};

// Waits up to 10 s for `call` to finish.
inline Answer run(UpdateInspector::BotApiCall *call)
{
    using UpdateInspector::BotApiCall;
    Answer answer;
    QSignalSpy spy(call, &BotApiCall::finished);
    if (!spy.isValid())
        return answer;
    QObject::connect(call, &BotApiCall::finished, call, [&answer, call] {
        answer.finished = true;
        answer.error = call->error();
        answer.result = call->result();
        answer.described = UpdateInspector::WebhookCalls::describeAnswer(*call);
    });
    spy.wait(10000);
    return answer;
}
