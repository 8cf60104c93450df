// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "logging.h"

Q_LOGGING_CATEGORY(lcCore, "updateinspector.core", QtInfoMsg)
