// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QObject>
#include <QString>

class QUrl;

namespace QKeychain {
class Job;
}

namespace UpdateInspector {

struct BotApiEndpoint;

// Bot tokens in the system keychain (Secret Service, KWallet, macOS Keychain, Windows Credential
// Store) through QtKeychain, and nowhere else: never QSettings, never a file of ours (QtKeychain's
// plain-text fallback stays off). Without a keychain every job ends in unavailable(), and the app
// asks for the token each time. Jobs run one after another; one the keychain leaves unanswered
// ends with unavailable() after timeoutMs().
class TokenKeychain final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenKeychain)

public:
    static constexpr int DefaultTimeoutMs = 15000;

    explicit TokenKeychain(QObject *parent = nullptr);
    ~TokenKeychain() override;

    static QString serviceName(); // "update-inspector"
    // The entry's name: the bot id and the server, e.g. "123456@https://api.telegram.org"
    // ("…/test" for the test environment). Never holds the secret.
    static QString keyFor(qint64 botId, const QUrl &baseUrl, bool testEnvironment = false);
    static QString keyFor(const BotApiEndpoint &endpoint);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    void read(const QString &key);  // tokenRead() or unavailable()
    void store(const QString &key, const QString &token); // stored() or unavailable()
    void remove(const QString &key); // removed() or unavailable()

Q_SIGNALS:
    void tokenRead(const QString &key, const QString &token);
    void stored(const QString &key);
    void removed(const QString &key);
    // No keychain, access refused, nothing stored under the key, or no answer in time: Qt's
    // reason in plain words (never the token).
    void unavailable(const QString &reason);

private:
    void run(QKeychain::Job *job, void (TokenKeychain::*onSuccess)(QKeychain::Job *));
    void onRead(QKeychain::Job *job);
    void onStored(QKeychain::Job *job);
    void onRemoved(QKeychain::Job *job);

    int m_timeoutMs = DefaultTimeoutMs;
};

} // namespace UpdateInspector
