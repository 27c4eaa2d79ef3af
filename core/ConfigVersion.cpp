#include "ConfigVersion.h"

#include "Database.h"

namespace tollgate::ConfigVersion {

namespace {

struct ScopeName {
    ConfigChange::Scope scope;
    QLatin1String name;
};

constexpr ScopeName kScopes[] = {
    {ConfigChange::Scope::Everything, QLatin1String("*")},
    {ConfigChange::Scope::Settings, QLatin1String("settings")},
    {ConfigChange::Scope::Collection, QLatin1String("collection")},
    {ConfigChange::Scope::Endpoint, QLatin1String("endpoint")},
    {ConfigChange::Scope::Client, QLatin1String("client")},
    {ConfigChange::Scope::Profile, QLatin1String("profile")},
};

QString scopeName(ConfigChange::Scope scope)
{
    for (const ScopeName& s : kScopes)
        if (s.scope == scope)
            return s.name;
    return QStringLiteral("*");
}

ConfigChange::Scope scopeFromName(const QString& name)
{
    for (const ScopeName& s : kScopes)
        if (s.name == name)
            return s.scope;
    return ConfigChange::Scope::Everything; // unknown (newer writer): reload everything
}

} // namespace

Status bump(Database& db, const ConfigChange& change)
{
    TG_TRY(db.exec(QStringLiteral("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) "
                                  "WHERE key = 'config_version'")));
    auto version = current(db);
    if (!version)
        return version.error();
    TG_TRY(db.exec(
        QStringLiteral("INSERT INTO config_changes (version, scope, object_id) VALUES (?, ?, ?)"),
        {*version, scopeName(change.scope), change.id}));
    if (*version % 256 == 0)
        TG_TRY(db.exec(QStringLiteral("DELETE FROM config_changes WHERE version <= ?"),
                       {*version - kKeptChanges}));
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

Result<ConfigChanges> changesSince(Database& db, qint64 version)
{
    ConfigChanges changes;
    auto now = current(db);
    if (!now)
        return now.error();
    changes.version = *now;
    if (*now <= version)
        return changes;
    auto rows = db.exec(QStringLiteral("SELECT version, scope, object_id FROM config_changes "
                                       "WHERE version > ? AND version <= ? ORDER BY version"),
                        {version, *now});
    if (!rows)
        return rows.error();
    qint64 expected = version + 1;
    while (rows->next()) {
        if (rows->value(0).toLongLong() != expected)
            changes.complete = false;
        ++expected;
        changes.list.append(
            {scopeFromName(rows->value(1).toString()), rows->value(2).toLongLong()});
    }
    if (expected != *now + 1)
        changes.complete = false;
    return changes;
}

} // namespace tollgate::ConfigVersion
