// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#include "botapierror.h"

#include "bottoken.h"

namespace UpdateInspector {

QString BotApiError::message() const
{
    QString text;
    switch (kind) {
    case Kind::None:
        return QStringLiteral("no error");
    case Kind::Network:
    case Kind::Timeout:
        text = description;
        break;
    case Kind::HttpStatus:
        text = u"HTTP " + description + u": the answer is not a Bot API response";
        break;
    case Kind::BadResponse:
        text = u"HTTP " + description + u", but the answer is not a Bot API response";
        break;
    case Kind::Api:
        text = (description.isEmpty() ? QStringLiteral("error") : description) + QStringLiteral(" (")
               + QString::number(errorCode) + u')';
        break;
    }
    if (!detail.isEmpty())
        text += QStringLiteral(" (") + detail + u')';
    // The service's description already says "retry after N" on 429; a header alone does not.
    if (retryAfter >= 0 && !description.contains(u"retry after", Qt::CaseInsensitive))
        text += QStringLiteral("; retry after %1 s").arg(retryAfter);
    if (migrateToChatId != 0)
        text += QStringLiteral("; the group is now the supergroup %1").arg(migrateToChatId);
    // One line: descriptions come from the server and may hold anything.
    return BotToken::redact(text.simplified());
}

} // namespace UpdateInspector
