// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "botapilogging.h"

Q_LOGGING_CATEGORY(lcBotApi, "updateinspector.botapi", QtInfoMsg)
