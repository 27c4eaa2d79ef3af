#pragma once

#include "Clock.h"
#include "DatabaseUrl.h"
#include "Dialect.h"
#include "Result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <functional>
#include <memory>

namespace tollgate {

// One open connection to a Tollgate database, on the thread that opened it.
// Owns a uniquely named QSqlDatabase connection, checks every statement and
// turns driver failures into Errors with a message for people first and the
// driver's text as detail.
class Database {
public:
    enum class OpenMode {
        MustExist,       // a missing SQLite file is an error
        CreateIfMissing, // create the SQLite file (owner-only) and its directory
        ReadOnly,        // must exist; every write fails (an auditor's copy, say)
    };

    // Opens, configures and migrates to the current schema.
    static Result<std::unique_ptr<Database>> open(const DatabaseUrl& url, OpenMode mode,
                                                  const Clock* clock = nullptr);
    // Opens without migrating: for tests and tools that manage the schema by hand.
    static Result<std::unique_ptr<Database>> openRaw(const DatabaseUrl& url, OpenMode mode,
                                                     const Clock* clock = nullptr);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const DatabaseUrl& url() const { return m_url; }
    const Dialect& dialect() const { return m_dialect; }
    const Clock& clock() const { return *m_clock; }
    qint64 nowMs() const { return m_clock->nowMs(); }
    // Who is acting: the operating-system user for SQLite, the database user for PostgreSQL.
    const QString& actor() const { return m_actor; }
    void setActorForTesting(const QString& actor) { m_actor = actor; }

    // Prepares, binds positionally and executes. Never string-built values.
    // The result is forward-only: read it to its end before the next statement
    // (PostgreSQL streams it, and a new statement discards the rest).
    Result<QSqlQuery> exec(const QString& sql, const QVariantList& values = {});
    // The first column of the first row, or an empty QVariant when no row.
    Result<QVariant> scalar(const QString& sql, const QVariantList& values = {});

    // Runs body in one transaction: commits on success, rolls back on any error.
    // Nested calls join the outer transaction.
    Status transaction(const std::function<Status()>& body);
    bool inTransaction() const { return m_transactionDepth > 0; }
    bool isReadOnly() const { return m_readOnly; }

    // Turns a driver error into an Error (busy, read-only, corrupt, conflict, ...).
    Error toError(const QSqlError& error, const QString& what) const;

    QSqlDatabase connection() const;

private:
    Database(const DatabaseUrl& url, const Clock* clock);
    Status connect(OpenMode mode);
    Status configureSqlite(bool readOnly);
    Status configurePostgres();
    Status resolveActor();
    Status execPlain(const QString& sql);
    Result<QSqlQuery> execOnce(const QString& sql, const QVariantList& values);
    // PostgreSQL only: opens the session again after the server dropped it.
    Status reconnect();
    bool connectionLost(const QSqlError& error) const;

    DatabaseUrl m_url;
    Dialect m_dialect;
    QString m_connectionName;
    std::unique_ptr<SystemClock> m_ownClock;
    const Clock* m_clock;
    QString m_actor;
    int m_transactionDepth = 0;
    bool m_readOnly = false;
    bool m_reconnecting = false;
    QSqlError m_lastSqlError; // of the last statement that failed in the driver
};

} // namespace tollgate
