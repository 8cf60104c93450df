// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "emulatorserver.h"
#include "recordedcall.h"
#include "updatetemplates.h"

#include <QObject>
#include <QTextStream>

#include <memory>
#include <optional>

namespace UpdateInspector::Cli {

// A running `serve`: prints the bots' calls as they come, writes them to the record file, and
// takes commands on standard input (inject a templated update, inject faults, show status).
class ServeSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServeSession)

public:
    ServeSession(EmulatorServer &server, QTextStream &out, QTextStream &err);
    ~ServeSession() override;

    bool openRecord(const QString &path, QString *error);
    void setQuiet(bool quiet) { m_quiet = quiet; }
    void listenToStdin();
    // One command line; false when it was not understood (the reason is printed).
    bool execute(const QString &line);

    static QString commandHelp();

private:
    void onCall(const RecordedCall &call);
    bool injectTemplate(UpdateTemplates::Kind kind, const QString &text);
    bool setFault(bool delivery, const QStringList &words);
    void printStatus();
    EmulatedBot *currentBot() const;

    EmulatorServer &m_server;
    QTextStream &m_out;
    QTextStream &m_err;
    std::optional<RecordedCallWriter> m_record;
    bool m_quiet = false;
    qint64 m_chatId = 0; // templates go to this chat; 0 = a private chat with the test user
    qint64 m_currentBotId = 0;
    qsizetype m_callCount = 0;
};

// "429", "502:3" (the next 3 calls), "stall:25%" (a quarter of calls), "drop" (the next call).
// API calls take 429, 502, 500, stall and drop; webhook deliveries stall, drop and duplicate.
enum class FaultTarget { ApiCalls, Deliveries };
std::optional<FaultSpec> parseFault(const QString &text, FaultTarget target, QString *error);

} // namespace UpdateInspector::Cli
