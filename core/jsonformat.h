// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace UpdateInspector {

// Re-indents JSON text token by token: every string, number and literal is kept byte for byte
// (64-bit integers, float spellings, escapes all stay exactly as received). Input need not be
// valid; on invalid input it still produces a best-effort layout and never crashes.
// The layout is jq's: "key": value, one member per line, empty {} and [] on one line, no
// trailing newline. Indentation stops growing past a fixed depth so that hostile nesting
// cannot blow the output up quadratically.
QByteArray prettyJson(QByteArrayView raw, int indent = 2);

// Drops every whitespace byte outside strings and keeps everything else byte for byte: the
// compact spelling of a value exactly as received (e.g. without the newline Telegram puts after
// "update_id":N, in webhook bodies). Like prettyJson, it accepts any input.
QByteArray compactJson(QByteArrayView raw);

// True when `token` is exactly one number by JSON's grammar, of any magnitude (1e400 and 2^64
// count): parsers that keep numbers as text use it instead of converting them.
bool isJsonNumber(QByteArrayView token);

} // namespace UpdateInspector
