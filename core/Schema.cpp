#include "Schema.h"

#include "Database.h"
#include "Domain.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QStringList>

namespace tollgate::Schema {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(Schema)
};
} // namespace

// Fills usage_totals at one granularity from the usage_rollups rows at that
// granularity or finer (step 7).
QString totalsFromRollups(const char* granularity, qint64 width, const char* finer)
{
    return QStringLiteral(
               "INSERT INTO usage_totals (granularity, bucket_start, endpoint_id, outcome, "
               "last_call, requests, latency_sum_us, latency_max_us, h0, h1, h2, h3, h4, h5, h6, "
               "h7, h8, h9, h10, h11) SELECT '%1', folded, endpoint_id, outcome, "
               "max(bucket_start), sum(requests), "
               "sum(latency_sum_us), max(latency_max_us), sum(h0), sum(h1), sum(h2), sum(h3), "
               "sum(h4), sum(h5), sum(h6), sum(h7), sum(h8), sum(h9), sum(h10), sum(h11) FROM "
               "(SELECT r.*, bucket_start - (bucket_start % %2) AS folded FROM usage_rollups r "
               "WHERE granularity IN (%3)) m GROUP BY folded, endpoint_id, outcome")
        .arg(QLatin1String(granularity))
        .arg(width)
        .arg(QLatin1String(finer));
}

// Schema steps, oldest first. Never edit a step that has shipped: add one.
// {{ID}} is the dialect's auto-increment primary key. Times are BIGINT
// milliseconds since the epoch, UTC; booleans are INTEGER 0/1 in both dialects.
const QList<QStringList>& steps()
{
    static const QList<QStringList> all = {
        // 1: workspace settings, API collections and endpoints, clients.
        {
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE workspace (id INTEGER PRIMARY KEY CHECK (id = 1), "
                           "path_prefix TEXT, gateway_base_url TEXT NOT NULL, "
                           "review_interval_days INTEGER NOT NULL, updated_at BIGINT NOT NULL, "
                           "revision BIGINT NOT NULL)"),
            QStringLiteral(
                "CREATE TABLE collections (id {{ID}}, name TEXT NOT NULL, "
                "name_key TEXT NOT NULL UNIQUE, path TEXT NOT NULL, version TEXT NOT NULL, "
                "description TEXT NOT NULL, created_at BIGINT NOT NULL, "
                "updated_at BIGINT NOT NULL, revision BIGINT NOT NULL, UNIQUE (path, version))"),
            QStringLiteral(
                "CREATE TABLE endpoints (id {{ID}}, "
                "collection_id BIGINT NOT NULL REFERENCES collections (id) ON DELETE CASCADE, "
                "name TEXT NOT NULL, name_key TEXT NOT NULL, method TEXT NOT NULL, "
                "path TEXT NOT NULL, active INTEGER NOT NULL, target TEXT NOT NULL, "
                "upstream_url TEXT NOT NULL, timeout_seconds INTEGER NOT NULL, "
                "mock_status INTEGER NOT NULL, mock_content_type TEXT NOT NULL, "
                "mock_body TEXT NOT NULL, created_at BIGINT NOT NULL, "
                "updated_at BIGINT NOT NULL, revision BIGINT NOT NULL, "
                "UNIQUE (collection_id, name_key), UNIQUE (collection_id, method, path))"),
            QStringLiteral("CREATE TABLE clients (id {{ID}}, name TEXT NOT NULL, "
                           "name_key TEXT NOT NULL UNIQUE, description TEXT NOT NULL, "
                           "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, "
                           "revision BIGINT NOT NULL)"),
        },
        // 2: access profiles and their keys.
        {
            QStringLiteral(
                "CREATE TABLE profiles (id {{ID}}, "
                "client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, "
                "name TEXT NOT NULL, name_key TEXT NOT NULL, "
                "rate_requests BIGINT, rate_interval TEXT, "
                "quota_requests BIGINT, quota_interval TEXT, "
                "ip_whitelist TEXT NOT NULL, expires_at BIGINT, enabled INTEGER NOT NULL, "
                "reviewed_at BIGINT, reviewed_by TEXT NOT NULL, created_at BIGINT NOT NULL, "
                "updated_at BIGINT NOT NULL, revision BIGINT NOT NULL, "
                "UNIQUE (client_id, name_key))"),
            QStringLiteral(
                "CREATE TABLE profile_collections ("
                "profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE, "
                "collection_id BIGINT NOT NULL REFERENCES collections (id) ON DELETE CASCADE, "
                "PRIMARY KEY (profile_id, collection_id))"),
            QStringLiteral("CREATE INDEX profile_collections_by_collection "
                           "ON profile_collections (collection_id, profile_id)"),
            QStringLiteral(
                "CREATE TABLE api_keys (id {{ID}}, "
                "profile_id BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE, "
                "digest TEXT NOT NULL UNIQUE, hint TEXT NOT NULL, is_current INTEGER NOT NULL, "
                "created_at BIGINT NOT NULL, grace_ends_at BIGINT, last_used_at BIGINT)"),
            QStringLiteral("CREATE INDEX api_keys_by_profile ON api_keys (profile_id)"),
        },
        // 3: the hash-chained audit log.
        {
            QStringLiteral(
                "CREATE TABLE audit_log (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, "
                "actor TEXT NOT NULL, action TEXT NOT NULL, object_type TEXT NOT NULL, "
                "object_name TEXT NOT NULL, before_json TEXT NOT NULL, "
                "after_json TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX audit_log_by_time ON audit_log (at)"),
        },
        // 4: what the gateway records: usage rollups, quota leases, sources seen,
        // and the configuration version it watches for changes.
        {
            QStringLiteral(
                "CREATE TABLE usage_rollups (profile_id BIGINT NOT NULL, "
                "endpoint_id BIGINT NOT NULL, outcome TEXT NOT NULL, "
                "granularity TEXT NOT NULL, bucket_start BIGINT NOT NULL, "
                "requests BIGINT NOT NULL, latency_sum_us BIGINT NOT NULL, "
                "latency_max_us BIGINT NOT NULL, "
                "h0 BIGINT NOT NULL, h1 BIGINT NOT NULL, h2 BIGINT NOT NULL, h3 BIGINT NOT NULL, "
                "h4 BIGINT NOT NULL, h5 BIGINT NOT NULL, h6 BIGINT NOT NULL, h7 BIGINT NOT NULL, "
                "h8 BIGINT NOT NULL, h9 BIGINT NOT NULL, h10 BIGINT NOT NULL, h11 BIGINT NOT NULL, "
                "PRIMARY KEY (profile_id, granularity, bucket_start, endpoint_id, outcome))"),
            QStringLiteral("CREATE INDEX usage_rollups_by_time ON usage_rollups "
                           "(granularity, bucket_start)"),
            QStringLiteral("CREATE TABLE quota_leases (profile_id BIGINT NOT NULL, "
                           "window_start BIGINT NOT NULL, leased BIGINT NOT NULL, "
                           "PRIMARY KEY (profile_id, window_start))"),
            QStringLiteral("CREATE TABLE usage_sources (profile_id BIGINT NOT NULL, "
                           "address TEXT NOT NULL, requests BIGINT NOT NULL, "
                           "refused BIGINT NOT NULL, last_seen BIGINT NOT NULL, "
                           "PRIMARY KEY (profile_id, address))"),
            QStringLiteral("INSERT INTO meta (key, value) VALUES ('config_version', '1')"),
        },
        // 5: substring search on client names through a trigram index (PostgreSQL;
        // pg_trgm is a trusted extension, so the database owner may create it).
        {
            QStringLiteral("{{POSTGRES}}CREATE EXTENSION IF NOT EXISTS pg_trgm"),
            QStringLiteral("{{POSTGRES}}CREATE INDEX clients_name_trigrams ON clients "
                           "USING gin (name_key gin_trgm_ops)"),
        },
        // 6: what each configuration version touched, so that a running gateway
        // reloads only that (see ConfigVersion); clients listed by creation.
        {
            QStringLiteral("CREATE TABLE config_changes (version BIGINT PRIMARY KEY, "
                           "scope TEXT NOT NULL, object_id BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX clients_by_creation ON clients (created_at)"),
        },
        // 7: the usage of all profiles together, summed over profiles, at every
        // granularity at once (see UsageStore), filled from the rollups so far;
        // on SQLite the rollups are stored in key order, so that one profile's
        // rows are read in one sweep.
        {
            QStringLiteral(
                "CREATE TABLE usage_totals (granularity TEXT NOT NULL, "
                "bucket_start BIGINT NOT NULL, endpoint_id BIGINT NOT NULL, "
                "outcome TEXT NOT NULL, last_call BIGINT NOT NULL, requests BIGINT NOT NULL, "
                "latency_sum_us BIGINT NOT NULL, latency_max_us BIGINT NOT NULL, "
                "h0 BIGINT NOT NULL, h1 BIGINT NOT NULL, h2 BIGINT NOT NULL, h3 BIGINT NOT NULL, "
                "h4 BIGINT NOT NULL, h5 BIGINT NOT NULL, h6 BIGINT NOT NULL, h7 BIGINT NOT NULL, "
                "h8 BIGINT NOT NULL, h9 BIGINT NOT NULL, h10 BIGINT NOT NULL, h11 BIGINT NOT NULL, "
                "PRIMARY KEY (granularity, bucket_start, endpoint_id, outcome)){{CLUSTERED}}"),
            totalsFromRollups("minute", 60'000, "'minute'"),
            totalsFromRollups("hour", 3'600'000, "'minute', 'hour'"),
            totalsFromRollups("day", 86'400'000, "'minute', 'hour', 'day'"),
            QStringLiteral(
                "{{SQLITE}}CREATE TABLE usage_rollups_by_key ("
                "profile_id BIGINT NOT NULL, endpoint_id BIGINT NOT NULL, outcome TEXT NOT NULL, "
                "granularity TEXT NOT NULL, bucket_start BIGINT NOT NULL, "
                "requests BIGINT NOT NULL, latency_sum_us BIGINT NOT NULL, "
                "latency_max_us BIGINT NOT NULL, "
                "h0 BIGINT NOT NULL, h1 BIGINT NOT NULL, h2 BIGINT NOT NULL, h3 BIGINT NOT NULL, "
                "h4 BIGINT NOT NULL, h5 BIGINT NOT NULL, h6 BIGINT NOT NULL, h7 BIGINT NOT NULL, "
                "h8 BIGINT NOT NULL, h9 BIGINT NOT NULL, h10 BIGINT NOT NULL, h11 BIGINT NOT NULL, "
                "PRIMARY KEY (profile_id, granularity, bucket_start, endpoint_id, outcome))"
                "{{CLUSTERED}}"),
            QStringLiteral("{{SQLITE}}INSERT INTO usage_rollups_by_key SELECT profile_id, "
                           "endpoint_id, outcome, granularity, bucket_start, requests, "
                           "latency_sum_us, latency_max_us, h0, h1, h2, h3, h4, h5, h6, h7, h8, "
                           "h9, h10, h11 FROM usage_rollups"),
            QStringLiteral("{{SQLITE}}DROP TABLE usage_rollups"),
            QStringLiteral("{{SQLITE}}ALTER TABLE usage_rollups_by_key RENAME TO usage_rollups"),
            QStringLiteral("{{SQLITE}}CREATE INDEX usage_rollups_by_time ON usage_rollups "
                           "(granularity, bucket_start)"),
        },
    };
    return all;
}

Status backupSqlite(Database& db, int fromVersion)
{
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    const QString target =
        QStringLiteral("%1.v%2-%3.bak").arg(db.url().filePath).arg(fromVersion).arg(stamp);
    if (QFile::exists(target))
        return Error::database(
            Text::tr("a backup %1 already exists; not overwriting it").arg(target));
    // VACUUM INTO writes a consistent copy including what is still in the WAL.
    auto done = db.exec(QStringLiteral("VACUUM INTO ?"), {target});
    if (!done)
        return Error::database(Text::tr("cannot back up the database before upgrading it; "
                                        "nothing was changed"),
                               done.error().detail());
    QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Status runStep(Database& db, int version)
{
    return db.transaction([&]() -> Status {
        if (const QString lock = db.dialect().migrationLockStatement(); !lock.isEmpty())
            TG_TRY(db.exec(lock));
        // Another process may have migrated while this one waited for the lock.
        auto now = currentVersion(db);
        if (!now)
            return now.error();
        if (*now >= version)
            return {};
        for (const QString& statement : steps().at(version - 1))
            if (const QString sql = db.dialect().ddl(statement); !sql.isEmpty())
                TG_TRY(db.exec(sql));
        if (version == 1) {
            TG_TRY(db.exec(
                QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema_version', '0')")));
            const WorkspaceSettings defaults;
            TG_TRY(
                db.exec(QStringLiteral("INSERT INTO workspace (id, path_prefix, gateway_base_url, "
                                       "review_interval_days, updated_at, revision) "
                                       "VALUES (1, NULL, ?, ?, ?, 1)"),
                        {defaults.gatewayBaseUrl, defaults.reviewIntervalDays, db.nowMs()}));
        }
        TG_TRY(db.exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'schema_version'"),
                       {QString::number(version)}));
        return {};
    });
}

Status checkNotNewer(int version)
{
    if (version > latestVersion())
        return Error::database(
            Text::tr("this database has schema version %1, made by a newer Tollgate; this program "
                     "understands versions up to %2. Upgrade Tollgate to open it.")
                .arg(version)
                .arg(latestVersion()));
    return {};
}

} // namespace

int latestVersion() { return static_cast<int>(steps().size()); }

Result<int> currentVersion(Database& db)
{
    // The meta table's presence tells an empty database from a Tollgate one.
    const QString probe =
        db.dialect().isSqlite()
            ? QStringLiteral(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
            : QStringLiteral("SELECT count(*) FROM information_schema.tables "
                             "WHERE table_schema = current_schema() AND table_name = 'meta'");
    auto exists = db.scalar(probe);
    if (!exists)
        return exists.error();
    if (exists->toInt() == 0) {
        auto anyTable = db.scalar(
            db.dialect().isSqlite()
                ? QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
                : QStringLiteral("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_schema = current_schema()"));
        if (!anyTable)
            return anyTable.error();
        if (anyTable->toInt() > 0)
            return Error::database(
                Text::tr("%1 holds tables of another program; it is not a Tollgate "
                         "database")
                    .arg(db.url().displayName()));
        return 0;
    }
    auto value = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"));
    if (!value)
        return value.error();
    bool ok = false;
    const int version = value->toString().toInt(&ok);
    if (!ok)
        return Error::database(
            Text::tr("the schema version of %1 is unreadable").arg(db.url().displayName()));
    return version;
}

Status migrateTo(Database& db, int targetVersion)
{
    auto version = currentVersion(db);
    if (!version)
        return version.error();
    TG_TRY(checkNotNewer(*version));
    for (int v = *version + 1; v <= targetVersion; ++v)
        TG_TRY(runStep(db, v));
    return {};
}

Result<Probe> probe(const DatabaseUrl& url)
{
    Probe result;
    if (url.isSqlite() && !QFile::exists(url.filePath)) {
        result.exists = false;
        return result;
    }
    auto db = Database::openRaw(url, Database::OpenMode::ReadOnly);
    if (!db)
        return db.error();
    auto version = currentVersion(**db);
    if (!version)
        return version.error();
    TG_TRY(checkNotNewer(*version));
    result.version = *version;
    return result;
}

Status migrate(Database& db)
{
    auto version = currentVersion(db);
    if (!version)
        return version.error();
    TG_TRY(checkNotNewer(*version));
    if (*version == latestVersion())
        return {};
    if (db.isReadOnly())
        return Error::database(
            Text::tr("this database has schema version %1 and needs an upgrade to "
                     "version %2, which a read-only connection cannot do")
                .arg(*version)
                .arg(latestVersion()));
    if (db.dialect().isSqlite() && *version > 0)
        TG_TRY(backupSqlite(db, *version));
    return migrateTo(db, latestVersion());
}

} // namespace tollgate::Schema
