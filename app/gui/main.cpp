// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The GUI's composition root: a store, the main window, and the embedded default — a live demo
// from the built-in emulator — when no log is named on the command line.
#include "demosession.h"
#include "emulatorserver.h"
#include "mainwindow.h"
#include "updatestore.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace UpdateInspector;

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
    parser.addOption(selectKind);
    parser.addOption(sample);
    parser.process(app);

    UpdateStore store;
    MainWindow window(&store);
    DemoSession demo(store);
    const QStringList logs = parser.positionalArguments();
    QString error;
    if (!logs.isEmpty()) {
        window.openLog(logs.first());
    } else if (parser.isSet(sample)) {
        window.openSample();
    } else if (demo.start(&error)) {
        window.startLiveStream(QObject::tr("Demo"),
                               QObject::tr("Demo: no bot is connected, so a built-in emulated bot sends sample "
                                           "updates, polled live at %1. Open a log with File › Open to look at your own.")
                                   .arg(demo.emulator()->baseUrl().toString()));
    } else {
        window.openSample(); // the demo could not start; the sample is the next best thing
    }
    if (parser.isSet(selectKind))
        window.selectFirstOfKind(kindFromKey(parser.value(selectKind).toUtf8()));
    window.show();
    return app.exec();
}
