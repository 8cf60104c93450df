// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "emulatorlogging.h"

Q_LOGGING_CATEGORY(lcEmulator, "updateinspector.emulator", QtInfoMsg)
