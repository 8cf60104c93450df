// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArrayView>
#include <QString>

namespace UpdateInspector::SecretToken {

inline constexpr int MaxLength = 256;

// setWebhook's secret_token rule: 1–256 characters of A-Z a-z 0-9 _ -. An empty token is valid
// (no secret). False with a plain-words `problem` naming the first offending character.
bool isValid(QStringView token, QString *problem = nullptr);
// A random valid token of `length` characters (cryptographically strong source).
QString generate(int length = 64);
// Compares in time that depends only on the lengths, not on where the first difference is.
bool equalsConstantTime(QByteArrayView a, QByteArrayView b);

} // namespace UpdateInspector::SecretToken
