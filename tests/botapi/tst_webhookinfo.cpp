// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// getWebhookInfo's result read into WebhookInfo: every field, the absent ones, and `raw`.
#include "webhookinfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace UpdateInspector;
using namespace Qt::StringLiterals;

namespace {
QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}
} // namespace

class tst_WebhookInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyField();
    void noWebhook();
    void emptyAllowedUpdatesIsGiven();
    void allowedUpdatesNotAnArray();
    void unknownFieldsStayInRaw();
    void unresolvedAddress();
    void largeDates();
};

void tst_WebhookInfo::everyField()
{
    // The shape users paste from the cloud, every optional field present.
    const QJsonObject json = parse(R"({"url":"https://bot.example.com/hook","has_custom_certificate":true,
        "pending_update_count":37,"ip_address":"149.154.167.220","last_error_date":1511346679,
        "last_error_message":"Connection timed out","last_synchronization_error_date":1511340000,
        "max_connections":40,"allowed_updates":["message","callback_query","chat_member"]})");
    const WebhookInfo info = WebhookInfo::fromJson(json);
    QCOMPARE(info.url, u"https://bot.example.com/hook"_s);
    QVERIFY(info.hasWebhook());
    QVERIFY(info.hasCustomCertificate);
    QCOMPARE(info.pendingUpdateCount, 37);
    QCOMPARE(info.ipAddress, u"149.154.167.220"_s);
    QCOMPARE(info.lastErrorDate, 1511346679);
    QCOMPARE(info.lastErrorMessage, u"Connection timed out"_s);
    QCOMPARE(info.lastSynchronizationErrorDate, 1511340000);
    QCOMPARE(info.maxConnections, 40);
    QVERIFY(info.allowedUpdatesGiven);
    QCOMPARE(info.allowedUpdates, (QStringList{u"message"_s, u"callback_query"_s, u"chat_member"_s}));
    QCOMPARE(info.raw, json);
}

void tst_WebhookInfo::noWebhook()
{
    const QJsonObject json = parse(R"({"url":"","has_custom_certificate":false,"pending_update_count":0})");
    const WebhookInfo info = WebhookInfo::fromJson(json);
    QVERIFY(!info.hasWebhook());
    QVERIFY(!info.hasCustomCertificate);
    QCOMPARE(info.pendingUpdateCount, 0);
    QVERIFY(info.ipAddress.isEmpty());
    QCOMPARE(info.lastErrorDate, 0);
    QVERIFY(info.lastErrorMessage.isEmpty());
    QCOMPARE(info.lastSynchronizationErrorDate, 0);
    QCOMPARE(info.maxConnections, 0);
    QVERIFY(!info.allowedUpdatesGiven); // absent: the default set
    QVERIFY(info.allowedUpdates.isEmpty());
    QCOMPARE(info.raw, json);

    const WebhookInfo empty = WebhookInfo::fromJson({});
    QVERIFY(!empty.hasWebhook());
    QVERIFY(empty.raw.isEmpty());
}

void tst_WebhookInfo::emptyAllowedUpdatesIsGiven()
{
    const WebhookInfo info = WebhookInfo::fromJson(parse(R"({"url":"https://h/x","allowed_updates":[]})"));
    QVERIFY(info.allowedUpdatesGiven);
    QVERIFY(info.allowedUpdates.isEmpty());
}

void tst_WebhookInfo::allowedUpdatesNotAnArray()
{
    const WebhookInfo info = WebhookInfo::fromJson(parse(R"({"url":"https://h/x","allowed_updates":"message"})"));
    QVERIFY(!info.allowedUpdatesGiven);
    QVERIFY(info.allowedUpdates.isEmpty());
    QCOMPARE(info.raw.value(u"allowed_updates"_s).toString(), u"message"_s);
}

void tst_WebhookInfo::unknownFieldsStayInRaw()
{
    const QJsonObject json = parse(R"({"url":"https://h/x","pending_update_count":2,
        "some_future_field":{"a":[1,2]},"another":"x"})");
    const WebhookInfo info = WebhookInfo::fromJson(json);
    QCOMPARE(info.pendingUpdateCount, 2);
    QCOMPARE(info.raw.value(u"some_future_field"_s).toObject().value(u"a"_s).toArray().size(), 2);
    QCOMPARE(info.raw.value(u"another"_s).toString(), u"x"_s);
    QCOMPARE(info.raw.keys().size(), 4);
}

void tst_WebhookInfo::unresolvedAddress()
{
    // The service shows "<unknown>" while it has not resolved the host (A8): kept as given.
    const WebhookInfo info = WebhookInfo::fromJson(parse(R"({"url":"https://h/x","ip_address":"<unknown>"})"));
    QCOMPARE(info.ipAddress, u"<unknown>"_s);
}

void tst_WebhookInfo::largeDates()
{
    // Past 2^31 seconds (2038) the dates must not wrap.
    const WebhookInfo info = WebhookInfo::fromJson(
        parse(R"({"url":"https://h/x","last_error_date":4102444800,"last_synchronization_error_date":4102444801})"));
    QCOMPARE(info.lastErrorDate, Q_INT64_C(4102444800));
    QCOMPARE(info.lastSynchronizationErrorDate, Q_INT64_C(4102444801));
}

QTEST_GUILESS_MAIN(tst_WebhookInfo)
#include "tst_webhookinfo.moc"
