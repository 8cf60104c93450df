// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// update-inspector-bench generate N OUT [SEED] | anchor LOG | open LOG | emulator poll|deliver LOG [CONNECTIONS]
//                        | ingest LOG
#include "emulatorbench.h"
#include "ingestbench.h"
#include "openbench.h"
#include "updategenerator.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

using namespace UpdateInspector::Bench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = QCoreApplication::arguments();
    const QString command = args.value(1);
    if (command == QLatin1StringView("generate") && args.size() >= 4) {
        GeneratorOptions options;
        options.count = args[2].toLongLong();
        options.seed = args.size() > 4 ? args[4].toUInt() : 1;
        QFile file(args[3]);
        if (!file.open(QIODevice::WriteOnly)) {
            out << "cannot write " << args[3] << "\n";
            return 1;
        }
        const qint64 bytes = writeRealisticUpdates(file, options);
        out << "wrote " << options.count << " updates, " << bytes << " bytes to " << args[3] << "\n";
        return bytes < 0 ? 1 : 0;
    }
    if (command == QLatin1StringView("anchor") && args.size() == 3)
        return runAnchor(args[2], out);
    if (command == QLatin1StringView("open") && args.size() == 3)
        return runOpen(args[2], out);
    if (command == QLatin1StringView("emulator") && args.size() >= 4)
        return runEmulatorBench(QStringLiteral(UI_CLI_PATH), args[3], args[2], args.value(4, QStringLiteral("40")).toInt(), out);
    if (command == QLatin1StringView("ingest") && args.size() == 3)
        return runIngestBench(QStringLiteral(UI_CLI_PATH), args[2], out);
    out << "usage: update-inspector-bench generate N OUT [SEED] | anchor LOG | open LOG\n"
           "       | emulator poll|deliver LOG [CONNECTIONS] | ingest LOG\n";
    return 2;
}
