#include "ConfigVersion.h"

#include "Database.h"

namespace tollgate::ConfigVersion {

Status bump(Database& db)
{
    TG_TRY(db.exec(QStringLiteral("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) "
                                  "WHERE key = 'config_version'")));
    if (!db.dialect().isSqlite())
        TG_TRY(db.exec(QStringLiteral("NOTIFY ") + QLatin1String(kNotifyChannel)));
    return {};
}

Result<qint64> current(Database& db)
{
    auto value = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'config_version'"));
    if (!value)
        return value.error();
    return value->toString().toLongLong();
}

} // namespace tollgate::ConfigVersion
