// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: Update Inspector contributors
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace UpdateInspector {

// The parameters of one Bot API call, from whichever encoding the bot used: the query string,
// application/x-www-form-urlencoded, application/json or multipart/form-data. In the form
// encodings every value is text (arrays and objects as JSON strings); in a JSON body values keep
// their JSON type. The getters accept both, as the real server does.
class ApiParams
{
public:
    struct File
    {
        QString fileName;
        QByteArray contentType;
        QByteArray data;
    };

    // Parses a request. On a body that cannot be parsed returns nullopt and says why in `error`.
    static std::optional<ApiParams> parse(const QByteArray &query, const QByteArray &contentType,
                                          const QByteArray &body, QString *error);

    bool contains(const QString &name) const { return m_values.contains(name) || m_files.contains(name); }
    bool isEmpty() const { return m_values.isEmpty() && m_files.isEmpty(); }
    QJsonValue value(const QString &name) const { return m_values.value(name); }

    // Text of a parameter (numbers and booleans of a JSON body as their JSON text).
    QString string(const QString &name) const;
    // nullopt when absent; `valid` (if given) is false when present but not an integer.
    std::optional<qint64> integer(const QString &name, bool *valid = nullptr) const;
    // "true"/"1" (or JSON true) are true; absent is `fallback`.
    bool boolean(const QString &name, bool fallback = false) const;
    // A JSON array given as a JSON array or as a JSON string; nullopt when absent or not an array.
    std::optional<QJsonArray> array(const QString &name) const;
    // A JSON object given as an object or as a JSON string; nullopt when absent or not an object.
    std::optional<QJsonObject> object(const QString &name) const;

    const File *file(const QString &name) const;
    const QHash<QString, File> &files() const { return m_files; }

    void insert(const QString &name, const QJsonValue &value) { m_values.insert(name, value); }
    void insertFile(const QString &name, File file) { m_files.insert(name, std::move(file)); }

    // All parameters as one JSON object, for recording: form values stay strings, except that a
    // string holding a JSON array or object is shown decoded; files as {file_name, size, ...}.
    QJsonObject toJson() const;

private:
    QHash<QString, QJsonValue> m_values;
    QHash<QString, File> m_files;
};

} // namespace UpdateInspector
