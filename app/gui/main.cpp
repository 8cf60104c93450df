// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The GUI's composition root: a store, the main window, and its live source — the bot the user
// connected (remembered across starts), or the embedded default: a live demo from the built-in
// emulator — when no log is named on the command line.
#include "appcontroller.h"
#include "webhookcontroller.h"
#include "bottoken.h"
#include "mainwindow.h"
#include "updatestore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QUrl>

#include <cstdio>
#include <optional>

using namespace UpdateInspector;

namespace {
constexpr char kTokenVariable[] = "UPDATE_INSPECTOR_TOKEN";

// --connect URL with the token from the environment (so it stays out of shell history and ps).
std::optional<BotApiEndpoint> endpointToConnect(const QString &urlText, QString *error)
{
    const QUrl url(urlText, QUrl::StrictMode);
    const QString token = qEnvironmentVariable(kTokenVariable).trimmed();
    qunsetenv(kTokenVariable); // nothing started from here inherits it
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()) {
        *error = QStringLiteral("--connect expects a Bot API server URL such as https://api.telegram.org");
        return std::nullopt;
    }
    if (!BotToken::isWellFormed(token)) {
        *error = QStringLiteral("--connect takes the bot token from %1, which is %2")
                     .arg(QLatin1StringView(kTokenVariable),
                          token.isEmpty() ? QStringLiteral("not set") : QStringLiteral("not a bot token"));
        return std::nullopt;
    }
    return BotApiEndpoint{url, token, false};
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("update-inspector"));
    QApplication::setOrganizationName(QStringLiteral("update-inspector"));
    QApplication::setApplicationDisplayName(QStringLiteral("Update Inspector"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Inspector for the updates a Telegram bot receives"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("log"), QStringLiteral("An update log to open (JSON Lines, getUpdates response, JSON array; .gz too)"));
    const QCommandLineOption selectKind(QStringLiteral("select-kind"),
                                        QStringLiteral("Select the first update of this kind (e.g. callback_query)."),
                                        QStringLiteral("kind"));
    const QCommandLineOption sample(QStringLiteral("sample"), QStringLiteral("Open the bundled sample log instead of the live demo."));
    const QCommandLineOption connectTo(
        QStringLiteral("connect"),
        QStringLiteral("Poll a bot at this Bot API server (e.g. https://api.telegram.org or http://127.0.0.1:8081), "
                       "with the token from the %1 environment variable. Nothing is remembered.")
            .arg(QLatin1StringView(kTokenVariable)),
        QStringLiteral("url"));
    parser.addOption(selectKind);
    parser.addOption(sample);
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Start the webhook listener on 127.0.0.1:PORT/webhook (0 = any free port)."),
                                    QStringLiteral("port"));
    parser.addOption(connectTo);
    parser.addOption(listen);
    parser.process(app);
    std::optional<quint16> listenPort;
    if (parser.isSet(listen)) {
        bool ok = false;
        const uint port = parser.value(listen).toUInt(&ok);
        if (!ok || port > 65535) {
            std::fprintf(stderr, "update-inspector: --listen expects a port number (0..65535)\n");
            return 2;
        }
        listenPort = quint16(port);
    }

    std::optional<BotApiEndpoint> endpoint;
    if (parser.isSet(connectTo)) {
        QString error;
        endpoint = endpointToConnect(parser.value(connectTo), &error);
        if (!endpoint) {
            std::fprintf(stderr, "update-inspector: %s\n", qPrintable(error));
            return 2;
        }
    }

    UpdateStore store;
    MainWindow window(&store);
    AppController controller(window, store);
    WebhookController webhooks(window, store, controller);
    const QStringList logs = parser.positionalArguments();
    if (!logs.isEmpty())
        window.openLog(logs.first());
    else if (parser.isSet(sample))
        window.openSample();
    if (parser.isSet(selectKind))
        window.selectFirstOfKind(kindFromKey(parser.value(selectKind).toUtf8()));
    window.show();
    // After show(): the start-up may open the connect dialog over the window.
    if (logs.isEmpty() && !parser.isSet(sample)) {
        if (endpoint)
            controller.connectTo(*endpoint, PollerOptions());
        else
            controller.startUp();
    }
    if (listenPort) {
        ListenerOptions options;
        options.port = *listenPort;
        options.path = QStringLiteral("/webhook");
        webhooks.startListener(options);
    }
    return app.exec();
}
