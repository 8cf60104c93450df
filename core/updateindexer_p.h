// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include "updaterecord.h"

#include <QString>

#include <simdjson.h>

namespace UpdateInspector::Internal {

// Indexes an Update object that is being iterated by an on-demand parser (shared by the indexer
// and the log reader, which meets updates inside envelopes and getUpdates responses).
bool indexUpdateObject(simdjson::ondemand::object object, UpdateIndexEntry &entry, QString *error);

QString jsonErrorText(simdjson::error_code code);

} // namespace UpdateInspector::Internal
