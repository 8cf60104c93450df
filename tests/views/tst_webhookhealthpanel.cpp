// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The webhook health panel: every getWebhookInfo field (and an unknown one), the last error
// explained, warnings from the context and from the history, the chart's points, the controls,
// and answers from the real emulator for a webhook whose deliveries fail.
#include "widgetscreenshot.h"
#include "callresult.h"
#include "botapiclient.h"
#include "emulatorserver.h"
#include "webhookhealthpanel.h"
#include "webhooksettings.h"

#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTest>

#include <algorithm>

using namespace UpdateInspector;

namespace {
const QString kToken = QStringLiteral("123456789:TEST-fake-token-not-a-real-bot");
const QString kBadGateway = QStringLiteral("Wrong response from the webhook: 502 Bad Gateway");
const QString kHookUrl = QStringLiteral("https://bot.example.org:8443/hook");

QJsonObject fullInfo(qint64 nowSecs, int pending)
{
    return {
        {QStringLiteral("url"), kHookUrl},
        {QStringLiteral("has_custom_certificate"), true},
        {QStringLiteral("pending_update_count"), pending},
        {QStringLiteral("ip_address"), QStringLiteral("203.0.113.9")},
        {QStringLiteral("last_error_date"), nowSecs - 180},
        {QStringLiteral("last_error_message"), kBadGateway},
        {QStringLiteral("last_synchronization_error_date"), nowSecs - 7200},
        {QStringLiteral("max_connections"), 17},
        {QStringLiteral("allowed_updates"), QJsonArray{QStringLiteral("message"), QStringLiteral("callback_query")}},
        {QStringLiteral("future_field"), QStringLiteral("from a newer Bot API")},
    };
}

QString fieldText(const QWidget &panel, const QString &name)
{
    const auto *label = panel.findChild<QLabel *>(name);
    return label ? label->text() : QStringLiteral("<no label %1>").arg(name);
}

bool hasWarning(const WebhookHealthPanel &panel, const QString &id)
{
    const QList<HealthWarning> warnings = panel.warnings();
    return std::any_of(warnings.cbegin(), warnings.cend(), [&id](const HealthWarning &w) { return w.id == id; });
}

template<typename Series>
Series *seriesOf(const WebhookHealthPanel &panel)
{
    const auto *view = panel.findChild<QChartView *>(QStringLiteral("chart"));
    if (!view)
        return nullptr;
    const QList<QAbstractSeries *> all = view->chart()->series();
    for (QAbstractSeries *series : all)
        if (auto *typed = qobject_cast<Series *>(series))
            return typed;
    return nullptr;
}
} // namespace

class tst_WebhookHealthPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsEmpty()
    {
        WebhookHealthPanel panel;
        QVERIFY(!panel.hasInfo());
        QVERIFY(panel.history().isEmpty());
        QVERIFY(panel.warnings().isEmpty());
        QVERIFY(panel.explanation().isEmpty());
        QVERIFY(fieldText(panel, QStringLiteral("status")).contains(QStringLiteral("No answer yet")));
        QCOMPARE(seriesOf<QLineSeries>(panel)->count(), 0);
    }

    void everyFieldShown()
    {
        WebhookHealthPanel panel;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        panel.setInfo(WebhookInfo::fromJson(fullInfo(now / 1000, 5)), now);
        QCOMPARE(fieldText(panel, QStringLiteral("url")), kHookUrl);
        QVERIFY(fieldText(panel, QStringLiteral("has_custom_certificate")).startsWith(QStringLiteral("yes")));
        QCOMPARE(fieldText(panel, QStringLiteral("pending_update_count")), QStringLiteral("5"));
        QCOMPARE(fieldText(panel, QStringLiteral("ip_address")), QStringLiteral("203.0.113.9"));
        const QString errorDate = fieldText(panel, QStringLiteral("last_error_date"));
        const QString local = QDateTime::fromSecsSinceEpoch(now / 1000 - 180).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        QVERIFY2(errorDate.contains(local) && errorDate.contains(QStringLiteral("3 min ago")), qPrintable(errorDate));
        QCOMPARE(fieldText(panel, QStringLiteral("last_error_message")), kBadGateway);
        QVERIFY2(fieldText(panel, QStringLiteral("last_synchronization_error_date")).contains(QStringLiteral("2 h 0 min ago")),
                 qPrintable(fieldText(panel, QStringLiteral("last_synchronization_error_date"))));
        QCOMPARE(fieldText(panel, QStringLiteral("max_connections")), QStringLiteral("17"));
        QCOMPARE(fieldText(panel, QStringLiteral("allowed_updates")), QStringLiteral("message, callback_query"));
        QCOMPARE(fieldText(panel, QStringLiteral("future_field")), QStringLiteral("from a newer Bot API"));

        // The explanation box says what a 502 means, in the dictionary's words.
        const QString explained = explainWebhookError(kBadGateway);
        QVERIFY(!explained.isEmpty());
        QVERIFY2(panel.explanation().contains(explained), qPrintable(panel.explanation()));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("explanation"))->isVisibleTo(&panel));

        // Unknown fields go when a later answer lacks them; absent optional fields read as such.
        QJsonObject plain{{QStringLiteral("url"), QString()}, {QStringLiteral("has_custom_certificate"), false},
                          {QStringLiteral("pending_update_count"), 0}};
        panel.setInfo(WebhookInfo::fromJson(plain), now + 1000);
        QVERIFY(!panel.findChild<QLabel *>(QStringLiteral("future_field")));
        QVERIFY(fieldText(panel, QStringLiteral("url")).contains(QStringLiteral("getUpdates")));
        QCOMPARE(fieldText(panel, QStringLiteral("last_error_date")), QStringLiteral("never"));
        QVERIFY(fieldText(panel, QStringLiteral("allowed_updates")).startsWith(QStringLiteral("default set")));
        QVERIFY(fieldText(panel, QStringLiteral("allowed_updates")).contains(QStringLiteral("chat_member")));
        QVERIFY(panel.explanation().isEmpty());
        QVERIFY(!panel.findChild<QLabel *>(QStringLiteral("explanation"))->isVisibleTo(&panel));
    }

    void warningsFromContextAndHistory()
    {
        WebhookHealthPanel panel;
        const qint64 start = QDateTime::currentMSecsSinceEpoch() - 60 * 1000;
        QJsonObject json = fullInfo(start / 1000, 1);
        json.remove(QStringLiteral("last_error_date"));
        json.remove(QStringLiteral("last_error_message"));
        panel.setInfo(WebhookInfo::fromJson(json), start);
        QVERIFY(hasWarning(panel, QStringLiteral("allowed-updates"))); // chat_member is not listed
        QVERIFY(!hasWarning(panel, QStringLiteral("not-this-listener")));

        HealthContext context;
        context.listenerUrl = QUrl(QStringLiteral("https://abc.ngrok.app/telegram"));
        context.listenerRunning = true;
        context.pollerRunning = true;
        context.pendingGrowing = true; // ignored: the panel's history decides
        panel.setContext(context);
        QVERIFY(hasWarning(panel, QStringLiteral("not-this-listener")));
        QVERIFY(hasWarning(panel, QStringLiteral("poller-conflict")));
        QVERIFY(!hasWarning(panel, QStringLiteral("pending-growing")));
        const QWidget *list = panel.findChild<QWidget *>(QStringLiteral("warnings"));
        QVERIFY(list->findChild<QWidget *>(QStringLiteral("warning-not-this-listener")));
        QVERIFY(list->findChild<QWidget *>(QStringLiteral("warning-poller-conflict")));

        for (int i = 1; i <= 4; ++i) {
            json.insert(QStringLiteral("pending_update_count"), 1 + i * 3);
            panel.setInfo(WebhookInfo::fromJson(json), start + i * 10 * 1000);
        }
        QVERIFY(panel.history().isPendingGrowing());
        QVERIFY(hasWarning(panel, QStringLiteral("pending-growing")));
        QVERIFY(list->findChild<QWidget *>(QStringLiteral("warning-pending-growing")));
        const QStringList shown = [list] {
            QStringList texts;
            for (const QLabel *label : list->findChildren<QLabel *>())
                texts << label->text();
            return texts;
        }();
        QVERIFY2(shown.join(u'\n').contains(QStringLiteral("13 updates are waiting")), qPrintable(shown.join(u'\n')));

        // Draining: the warning goes.
        json.insert(QStringLiteral("pending_update_count"), 0);
        panel.setInfo(WebhookInfo::fromJson(json), start + 50 * 1000);
        QVERIFY(!hasWarning(panel, QStringLiteral("pending-growing")));
        QVERIFY(!list->findChild<QWidget *>(QStringLiteral("warning-pending-growing")));
    }

    // Several samples over twenty minutes, two errors and a failed poll; the screenshot is of this.
    void chartWithErrors()
    {
        WebhookHealthPanel panel;
        panel.resize(520, 760);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 start = now - 20 * 60 * 1000;
        const QList<int> pending = {0, 1, 1, 4, 9, 15, 22, 30, 12, 3, 0};
        QJsonObject json = fullInfo(start / 1000, 0);
        json.remove(QStringLiteral("future_field"));
        json.remove(QStringLiteral("last_error_date"));
        json.remove(QStringLiteral("last_error_message"));
        for (int i = 0; i < pending.size(); ++i) {
            const qint64 at = start + i * 2 * 60 * 1000;
            json.insert(QStringLiteral("pending_update_count"), pending[i]);
            if (i == 4 || i == 6) { // a new error at each of these polls
                json.insert(QStringLiteral("last_error_date"), at / 1000 - 30);
                json.insert(QStringLiteral("last_error_message"), i == 4 ? kBadGateway : QStringLiteral("Connection refused"));
            }
            if (i == 8)
                panel.setFailure(QStringLiteral("Network error: Connection refused"), at - 60 * 1000);
            panel.setInfo(WebhookInfo::fromJson(json), at);
        }
        QCOMPARE(panel.history().size(), pending.size() + 1);
        QCOMPARE(panel.history().errorEventCount(), 2);
        auto *line = seriesOf<QLineSeries>(panel);
        auto *errors = seriesOf<QScatterSeries>(panel);
        QVERIFY(line && errors);
        QCOMPARE(line->count(), pending.size()); // the failed poll has no point
        QCOMPARE(line->at(7).y(), 30.0);
        QCOMPARE(qint64(line->at(0).x()), start);
        QCOMPARE(errors->count(), 2);
        const auto *axis = qobject_cast<QDateTimeAxis *>(
            panel.findChild<QChartView *>(QStringLiteral("chart"))->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(axis);
        QCOMPARE(axis->min().toMSecsSinceEpoch(), start);
        QCOMPARE(axis->max().toMSecsSinceEpoch(), start + 20 * 60 * 1000);
        for (int i = 0; i < errors->count(); ++i) {
            QVERIFY(errors->at(i).x() >= start && errors->at(i).x() <= start + 20 * 60 * 1000);
            QCOMPARE(errors->at(i).y(), 1.0);
        }
        QVERIFY(panel.explanation().contains(explainWebhookError(QStringLiteral("Connection refused"))));
        saveScreenshot(panel, QStringLiteral("webhookhealthpanel-chart"));
    }

    void failureKeepsTheLastAnswer()
    {
        WebhookHealthPanel panel;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        panel.setInfo(WebhookInfo::fromJson(fullInfo(now / 1000, 5)), now);
        panel.setFailure(QStringLiteral("Network error: Connection refused"), now + 5000);
        const auto *status = panel.findChild<QLabel *>(QStringLiteral("status"));
        QVERIFY(status->text().contains(QStringLiteral("getWebhookInfo failed")));
        QVERIFY(status->text().contains(QStringLiteral("Connection refused")));
        QVERIFY(status->styleSheet().contains(QStringLiteral("#b00020")));
        QCOMPARE(fieldText(panel, QStringLiteral("url")), kHookUrl); // still the last known answer
        QCOMPARE(panel.history().size(), 2);
        QVERIFY(!panel.history().samples().constLast().ok);
        panel.setInfo(WebhookInfo::fromJson(fullInfo(now / 1000, 5)), now + 10000);
        QVERIFY(status->styleSheet().isEmpty());
        QVERIFY(!status->text().contains(QStringLiteral("failed")));
    }

    void aTokenInTheWebhookUrlIsShownRedacted()
    {
        const QString secretPart = QStringLiteral("TEST-fake-token-not-a-real-bot");
        const QString url = QStringLiteral("https://bot.example.org/bot123456789:") + secretPart + QStringLiteral("/hook");
        QJsonObject raw{{QStringLiteral("url"), url}, {QStringLiteral("x_future_field"), url}};
        WebhookInfo info = WebhookInfo::fromJson(raw);
        info.lastErrorDate = QDateTime::currentSecsSinceEpoch();
        info.lastErrorMessage = QStringLiteral("Wrong response from the webhook: 404 Not Found at ") + url;
        WebhookHealthPanel panel;
        panel.setInfo(info, QDateTime::currentMSecsSinceEpoch());
        const QList<QLabel *> labels = panel.findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(),
                            [](const QLabel *label) { return label->text().contains(QStringLiteral("bot123456789:")); }));
        for (const QLabel *label : labels)
            QVERIFY2(!label->text().contains(secretPart) && !label->toolTip().contains(secretPart), qPrintable(label->text()));
    }

    void controls()
    {
        WebhookHealthPanel panel;
        QSignalSpy refresh(&panel, &WebhookHealthPanel::refreshRequested);
        QSignalSpy interval(&panel, &WebhookHealthPanel::intervalChanged);
        QVERIFY(refresh.isValid() && interval.isValid());
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("refresh")), Qt::LeftButton);
        QCOMPARE(refresh.size(), 1);
        auto *spin = panel.findChild<QSpinBox *>(QStringLiteral("interval"));
        QVERIFY(spin);
        spin->setValue(0);
        QCOMPARE(interval.size(), 1);
        QCOMPARE(interval.first().first().toInt(), 0);
        QCOMPARE(spin->text(), QStringLiteral("off"));
        panel.setInterval(15);
        QCOMPARE(panel.interval(), 15);
        QCOMPARE(interval.last().first().toInt(), 15);
    }

    // Real answers: the emulator's webhook points at a closed loopback port, so each delivery
    // fails with "Connection refused" and the updates stay queued.
    void fedFromTheEmulator()
    {
        EmulatorServer::Options options;
        options.settings.localMode = true;
        EmulatorServer server(options);
        QString error;
        QVERIFY2(server.listen(&error), qPrintable(error));
        EmulatedBot *bot = server.addBot(kToken, &error);
        QVERIFY2(bot, qPrintable(error));
        QNetworkAccessManager network;
        BotApiClient client(&network);
        client.setEndpoint({server.baseUrl(), kToken, false});
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            port = closed.serverPort();
        }
        WebhookSettings settings;
        settings.url = QStringLiteral("http://127.0.0.1:%1/hook").arg(port);
        resultOf(WebhookCalls::setWebhook(client, settings), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        WebhookHealthPanel panel;
        HealthContext context;
        context.listenerUrl = QUrl(settings.url);
        panel.setContext(context);
        const auto poll = [&] {
            QString failure;
            const QJsonObject result = resultOf(WebhookCalls::getWebhookInfo(client), &failure);
            if (!failure.isEmpty())
                return false;
            panel.setInfo(WebhookInfo::fromJson(result), QDateTime::currentMSecsSinceEpoch());
            return true;
        };
        for (int i = 1; i <= 3; ++i) {
            const QByteArray update = QStringLiteral("{\"message\":{\"message_id\":%1,\"date\":1700000000,\"chat\":"
                                                     "{\"id\":7,\"type\":\"private\"},\"from\":{\"id\":7,\"is_bot\":false,"
                                                     "\"first_name\":\"A\"},\"text\":\"m\"}}").arg(i).toUtf8();
            QVERIFY(bot->inject(update) > 0);
        }
        QTRY_VERIFY_WITH_TIMEOUT(poll() && !panel.info().lastErrorMessage.isEmpty(), 10000);
        QCOMPARE(fieldText(panel, QStringLiteral("url")), settings.url);
        QCOMPARE(fieldText(panel, QStringLiteral("pending_update_count")), QStringLiteral("3"));
        QCOMPARE(fieldText(panel, QStringLiteral("ip_address")), QStringLiteral("127.0.0.1"));
        QVERIFY2(fieldText(panel, QStringLiteral("last_error_message")).contains(QStringLiteral("Connection refused")),
                 qPrintable(fieldText(panel, QStringLiteral("last_error_message"))));
        QVERIFY(fieldText(panel, QStringLiteral("last_error_date")).contains(QStringLiteral("just now")));
        QVERIFY(panel.explanation().contains(explainWebhookError(QStringLiteral("Connection refused"))));
        QVERIFY(!hasWarning(panel, QStringLiteral("not-this-listener")));
        QVERIFY(panel.history().errorEventCount() >= 1);
        QVERIFY(seriesOf<QLineSeries>(panel)->count() >= 1);
    }
};

QTEST_MAIN(tst_WebhookHealthPanel)
#include "tst_webhookhealthpanel.moc"
