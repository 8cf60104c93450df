// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// End to end: the emulator (local mode, like telegram-bot-api --local) delivers a bot's webhook to
// the real listener over loopback; what the listener journals is checked against what was queued.
#include "capturejournal.h"
#include "logreader.h"
#include "selfsignedcertificate.h"
#include "updatestore.h"
#include "webhooklistener.h"

#include "../emulator/emulatorfixture.h"

#include <QHash>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kSecret = QStringLiteral("listener-end2end-secret_42");
constexpr int kChats = 5;

QByteArray messageIn(qint64 chatId, int n)
{
    return QStringLiteral("{\"update_id\":1,\"message\":{\"message_id\":%1,\"date\":1700000000,"
                          "\"chat\":{\"id\":%2,\"type\":\"private\",\"first_name\":\"U\"},"
                          "\"from\":{\"id\":%2,\"is_bot\":false,\"first_name\":\"U\"},\"text\":\"n%1\"}}")
        .arg(n).arg(chatId).toUtf8();
}

struct Journaled
{
    QList<qint64> ids;                    // in journal order
    QHash<qint64, QList<qint64>> perChat; // chat id -> update ids in journal order
    int withServiceNewline = 0;           // raw bytes kept: {"update_id":N, then a newline
};

Journaled readJournal(const QString &path)
{
    Journaled result;
    if (!QFile::exists(path))
        return result;
    UpdateStore store;
    LogReader reader;
    const LogReadResult read = reader.readFile(path, store);
    if (!read.ok() || read.errorCount) {
        result.ids << -1;
        return result;
    }
    for (qsizetype row = 0; row < qsizetype(store.entries().size()); ++row) {
        const UpdateIndexEntry &entry = store.entries()[row];
        result.ids << entry.updateId;
        result.perChat[entry.chatId] << entry.updateId;
        result.withServiceNewline += store.raw(row).contains(QByteArrayView(",\n\"message\""));
    }
    return result;
}
} // namespace

class TestListenerEnd2End : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    EmulatorFixture m_emulator;
    CaptureJournal m_journal;
    std::unique_ptr<WebhookListener> m_listener;
    QList<WebhookRequest> m_requests;

    QString journalPath() const { return m_dir.filePath(QStringLiteral("capture.jsonl")); }

    void startBoth(const QString &listenerSecret, bool https = false)
    {
        EmulatorServer::Options options;
        options.settings.localMode = true;
        options.settings.delivery.retryBaseMs = 100;
        options.settings.delivery.retryCapMinMs = 400;
        options.settings.delivery.retryCapMaxMs = 500;
        options.settings.delivery.timeoutMs = 5000;
        QString error;
        QVERIFY2(m_emulator.start(options, kToken, &error), qPrintable(error));
        QVERIFY2(m_journal.open(journalPath(), &error), qPrintable(error));
        m_listener = std::make_unique<WebhookListener>(m_journal);
        ListenerOptions listenerOptions;
        listenerOptions.path = QStringLiteral("/hook");
        listenerOptions.secretToken = listenerSecret;
        GeneratedCertificate certificate;
        if (https) { // self-signed for 127.0.0.1, uploaded with setWebhook as a user would
            QVERIFY2(generateSelfSignedCertificate(QStringLiteral("127.0.0.1"), 2, &certificate, &error), qPrintable(error));
            listenerOptions.tlsCertificatePath = m_dir.filePath(QStringLiteral("cert.pem"));
            listenerOptions.tlsKeyPath = m_dir.filePath(QStringLiteral("key.pem"));
            QVERIFY2(saveCertificate(certificate, listenerOptions.tlsCertificatePath, listenerOptions.tlsKeyPath, &error),
                     qPrintable(error));
        }
        QVERIFY2(m_listener->start(listenerOptions, &error), qPrintable(error));
        connect(m_listener.get(), &WebhookListener::requestsHandled, this,
                [this](const QList<WebhookRequest> &requests) { m_requests += requests; });
        auto *form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        const auto field = [form](const QString &name, const QByteArray &value, const QString &fileName = {}) {
            QHttpPart part;
            QString disposition = QStringLiteral("form-data; name=\"%1\"").arg(name);
            if (!fileName.isEmpty())
                disposition += QStringLiteral("; filename=\"%1\"").arg(fileName);
            part.setHeader(QNetworkRequest::ContentDispositionHeader, disposition);
            part.setBody(value);
            form->append(part);
        };
        field(QStringLiteral("url"), m_listener->localUrl().toString().toUtf8());
        field(QStringLiteral("secret_token"), kSecret.toUtf8());
        field(QStringLiteral("max_connections"), "40");
        if (https)
            field(QStringLiteral("certificate"), certificate.certificatePem, QStringLiteral("cert.pem"));
        const ApiResult set = m_emulator.client->multipart(QStringLiteral("setWebhook"), form);
        QVERIFY2(set.ok(), qPrintable(set.description()));
    }

    // Queues `perChat` messages in each chat, interleaved; returns the ids given, per chat.
    QHash<qint64, QList<qint64>> inject(int perChat)
    {
        QHash<qint64, QList<qint64>> ids;
        for (int n = 0; n < perChat; ++n) {
            for (int chat = 1; chat <= kChats; ++chat) {
                QString error;
                const qint64 id = m_emulator.bot->inject(messageIn(1000 + chat, n), &error);
                if (id <= 0)
                    qWarning("inject failed: %s", qPrintable(error));
                ids[1000 + chat] << id;
            }
        }
        return ids;
    }

    QJsonObject webhookInfo()
    {
        return m_emulator.client->call(QStringLiteral("getWebhookInfo")).result().toObject();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile::remove(journalPath());
        m_requests.clear();
    }
    void cleanup()
    {
        m_listener.reset();
        m_journal.close();
        m_emulator.stop();
    }

    void everyUpdateArrivesOnceInChatOrderWithTheSecret()
    {
        startBoth(kSecret);
        const QHash<qint64, QList<qint64>> injected = inject(40);
        const int total = kChats * 40;
        QTRY_COMPARE_WITH_TIMEOUT(m_listener->count(WebhookVerdict::Accepted), total, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(webhookInfo().value(QLatin1StringView("pending_update_count")).toInt(), 0, 5000);

        const Journaled journaled = readJournal(journalPath());
        QCOMPARE(journaled.ids.size(), total);
        QCOMPARE(QSet<qint64>(journaled.ids.begin(), journaled.ids.end()).size(), total);
        QCOMPARE(journaled.withServiceNewline, total);
        for (auto it = injected.begin(); it != injected.end(); ++it)
            QCOMPARE(journaled.perChat.value(it.key()), it.value()); // per-chat order, nothing missing
        QCOMPARE(m_requests.size(), total);
        for (const WebhookRequest &request : std::as_const(m_requests)) {
            QCOMPARE(request.verdict, WebhookVerdict::Accepted);
            QVERIFY(request.badges & SecretMatched);
            QVERIFY(!(request.badges & DuplicateUpdate));
        }
        QCOMPARE(m_listener->count(WebhookVerdict::Redelivered), 0);
    }

    void deliveryOverHttpsWithAnUploadedSelfSignedCertificate()
    {
        startBoth(kSecret, true);
        QCOMPARE(m_listener->localUrl().scheme(), QStringLiteral("https"));
        QVERIFY(webhookInfo().value(QLatin1StringView("has_custom_certificate")).toBool());
        const QHash<qint64, QList<qint64>> injected = inject(4);
        QTRY_COMPARE_WITH_TIMEOUT(m_listener->count(WebhookVerdict::Accepted), kChats * 4, 20000);
        const Journaled journaled = readJournal(journalPath());
        for (auto it = injected.begin(); it != injected.end(); ++it)
            QCOMPARE(journaled.perChat.value(it.key()), it.value());
        QCOMPARE(journaled.withServiceNewline, kChats * 4);
    }

    void faultsAreRetriedAndEverythingArrivesAfterTheyClear()
    {
        startBoth(kSecret);
        ListenerFault fault;
        QString error;
        QVERIFY2(ListenerFault::parse(QStringLiteral("502"), &fault, &error), qPrintable(error));
        m_listener->setFault(fault);
        const QHash<qint64, QList<qint64>> injected = inject(4);
        const int total = kChats * 4;

        QTRY_VERIFY_WITH_TIMEOUT(m_listener->count(WebhookVerdict::Faulted) >= 2 * kChats, 10000);
        QCOMPARE(m_listener->count(WebhookVerdict::Accepted), 0);
        const QJsonObject failing = webhookInfo();
        QCOMPARE(failing.value(QLatin1StringView("last_error_message")).toString(),
                 QStringLiteral("Wrong response from the webhook: 502 Bad Gateway"));
        QVERIFY(failing.value(QLatin1StringView("pending_update_count")).toInt() > 0);
        QVERIFY(readJournal(journalPath()).ids.isEmpty()); // a faulted update is not acknowledged

        m_listener->setFault(ListenerFault{});
        QTRY_COMPARE_WITH_TIMEOUT(m_listener->count(WebhookVerdict::Accepted), total, 15000);
        const Journaled journaled = readJournal(journalPath());
        QCOMPARE(journaled.ids.size(), total);
        for (auto it = injected.begin(); it != injected.end(); ++it)
            QCOMPARE(journaled.perChat.value(it.key()), it.value());
        // The first accepted delivery of each chat's head update had been faulted before: a redelivery.
        int redeliveries = 0;
        for (const WebhookRequest &request : std::as_const(m_requests))
            redeliveries += request.verdict == WebhookVerdict::Accepted && (request.badges & DuplicateUpdate);
        QVERIFY2(redeliveries >= kChats, qPrintable(QString::number(redeliveries)));
        QTRY_COMPARE_WITH_TIMEOUT(webhookInfo().value(QLatin1StringView("pending_update_count")).toInt(), 0, 5000);
    }

    void closedConnectionsAndRetryAfterAreRetried()
    {
        startBoth(kSecret);
        ListenerFault fault;
        QString error;
        QVERIFY(ListenerFault::parse(QStringLiteral("closex2"), &fault, &error));
        m_listener->setFault(fault);
        inject(1);
        QTRY_COMPARE_WITH_TIMEOUT(m_listener->count(WebhookVerdict::Accepted), kChats, 10000);
        QCOMPARE(m_listener->count(WebhookVerdict::Faulted), 2);
        QVERIFY(!webhookInfo().value(QLatin1StringView("last_error_message")).toString().isEmpty());

        // 429 with Retry-After: the emulator waits the time asked for before trying again.
        QVERIFY2(ListenerFault::parse(QStringLiteral("429:1x1"), &fault, &error), qPrintable(error));
        m_listener->setFault(fault);
        QElapsedTimer clock;
        clock.start();
        const qint64 id = m_emulator.bot->inject(messageIn(1001, 99));
        QVERIFY(id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_listener->count(WebhookVerdict::Accepted), kChats + 1, 10000);
        QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(webhookInfo().value(QLatin1StringView("last_error_message")).toString(),
                 QStringLiteral("Wrong response from the webhook: 429 Too Many Requests"));
    }

    void aWrongSecretIsRefusedAndNothingIsJournaled()
    {
        startBoth(QStringLiteral("another-secret"));
        inject(1);
        QTRY_VERIFY_WITH_TIMEOUT(m_listener->count(WebhookVerdict::WrongSecret) >= kChats, 10000);
        QCOMPARE(m_listener->count(WebhookVerdict::Accepted), 0);
        QTRY_COMPARE_WITH_TIMEOUT(webhookInfo().value(QLatin1StringView("last_error_message")).toString(),
                                  QStringLiteral("Wrong response from the webhook: 403 Forbidden"), 5000);
        QVERIFY(readJournal(journalPath()).ids.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestListenerEnd2End)
#include "tst_listenerend2end.moc"
