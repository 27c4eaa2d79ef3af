#pragma once

#include "Result.h"

#include <QString>

namespace tollgate {

// Names a database: a file path or sqlite:///abs/path.db, or
// postgresql://user:pass@host:port/dbname.
struct DatabaseUrl {
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString filePath; // SQLite
    QString host;     // PostgreSQL
    int port = 5432;
    QString user;
    QString password;
    QString databaseName;

    static Result<DatabaseUrl> parse(const QString& text);
    // --db wins over TOLLGATE_DB, which wins over the default file in the
    // user's data directory (QStandardPaths::AppDataLocation).
    static Result<DatabaseUrl> resolve(const QString& commandLineValue);
    static QString defaultSqlitePath();

    // For people and logs: the password is never shown.
    QString displayName() const;
    bool isSqlite() const { return backend == Backend::Sqlite; }
};

} // namespace tollgate
