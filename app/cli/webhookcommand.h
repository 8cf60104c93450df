// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace UpdateInspector::Cli {

// `update-inspector-cli webhook info|set|delete`: getWebhookInfo (explained), setWebhook after the
// same preflight as the Set webhook dialog, deleteWebhook.
int runWebhook(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace UpdateInspector::Cli
