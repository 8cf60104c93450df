// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// The GUI's composition root: a store, the main window, and the embedded default (for now the
// bundled sample log) when no log is named on the command line.
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
    parser.addOption(selectKind);
    parser.process(app);

    UpdateStore store;
    MainWindow window(&store);
    const QStringList logs = parser.positionalArguments();
    if (logs.isEmpty())
        window.openSample();
    else
        window.openLog(logs.first());
    if (parser.isSet(selectKind))
        window.selectFirstOfKind(kindFromKey(parser.value(selectKind).toUtf8()));
    window.show();
    return app.exec();
}
