#pragma once

#include <QString>
#include <QStringList>

namespace tollgate::csv {

// One field, quoted, with spreadsheet formulas neutralised (CSV injection):
// a value starting with = + - @ tab or CR gets a leading apostrophe.
QString field(QString value);
// A whole line of fields, ending in CRLF.
QString line(const QStringList& fields);

} // namespace tollgate::csv
