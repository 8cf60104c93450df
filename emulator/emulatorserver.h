// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "emulatedbot.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

namespace UpdateInspector {

// The local Bot API server: /bot<token>/<method> and /bot<token>/test/<method> over HTTP on
// loopback (by default), with one EmulatedBot per token (and a separate one per token in the test
// environment, as the service keys its state).
class EmulatorServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmulatorServer)

public:
    struct Options
    {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = 0; // 0 = an ephemeral port
        EmulatorSettings settings;
    };

    explicit EmulatorServer(QObject *parent = nullptr);
    explicit EmulatorServer(const Options &options, QObject *parent = nullptr);
    ~EmulatorServer() override;

    bool listen(QString *error);
    quint16 port() const;
    // http://127.0.0.1:PORT — what a bot library takes as its API server.
    QUrl baseUrl() const;
    EmulatorSettings &settings() { return m_options.settings; }

    // Registers a bot; nullptr (and `error`) when the token is not well formed or already known.
    EmulatedBot *addBot(const QString &token, QString *error = nullptr);
    // The bot for a registered token (its test-environment twin is made on first use);
    // nullptr for an unknown token.
    EmulatedBot *bot(const QString &token, bool testEnvironment = false);
    QList<EmulatedBot *> bots() const;

    // A fresh well-formed token for a demo bot.
    static QString generateToken();

Q_SIGNALS:
    void callRecorded(const UpdateInspector::RecordedCall &call);

private:
    Options m_options; // before d: the bots keep a reference to the settings
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace UpdateInspector
