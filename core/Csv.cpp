#include "Csv.h"

namespace tollgate::csv {

QString field(QString value)
{
    if (!value.isEmpty() && QStringLiteral("=+-@\t\r").contains(value.front()))
        value.prepend(QLatin1Char('\''));
    value.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

QString line(const QStringList& fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString& f : fields)
        quoted.append(field(f));
    return quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

} // namespace tollgate::csv
