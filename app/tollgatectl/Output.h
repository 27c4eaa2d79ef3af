#pragma once

#include "Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

namespace tollgate::ctl {

// Everything tollgatectl prints goes through here: text for people, or JSON
// for scripts (--json). Errors go to standard error, in JSON with --json.
class Output {
public:
    explicit Output(bool json);

    bool json() const { return m_json; }
    // Prints the JSON value with --json, else the text.
    void result(const QJsonValue& value, const QString& text);
    // A table for people: header row, then rows; with --json prints the array.
    void table(const QJsonArray& array, const QStringList& header, const QList<QStringList>& rows);
    void error(const Error& error);
    // Notes for people that never go to stdout (so pipes stay clean).
    void note(const QString& text);

private:
    bool m_json;
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace tollgate::ctl
