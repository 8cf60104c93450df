// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
// placeholder: being written
