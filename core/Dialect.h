#pragma once

#include <QSqlError>
#include <QString>

namespace tollgate {

// The one place where SQL differs between SQLite and PostgreSQL.
class Dialect {
public:
    enum class Kind { Sqlite, Postgres };
    explicit Dialect(Kind kind)
        : m_kind(kind)
    {
    }

    Kind kind() const { return m_kind; }
    bool isSqlite() const { return m_kind == Kind::Sqlite; }

    // Expands {{ID}} (an auto-increment primary key) and {{CLUSTERED}} (a table
    // stored in its primary key's order: WITHOUT ROWID on SQLite; nothing on
    // PostgreSQL) in schema statements; statements starting with {{POSTGRES}}
    // or {{SQLITE}} are for that database only (empty on the other).
    QString ddl(QString statement) const;
    // Starts a write transaction that holds the write lock from the start
    // (SQLite's default BEGIN upgrades later and can fail half-way).
    QString beginStatement() const;
    // Serialises appends to the audit hash chain between concurrent writers.
    QString auditLockStatement() const;
    // Serialises schema migrations between processes; empty when BEGIN already does.
    QString migrationLockStatement() const;
    // "column contains the bound value", for columns that already hold
    // case-folded text: instr() on SQLite; LIKE on PostgreSQL, where a trigram
    // index serves it. Bind containsValue(needle) to the placeholder.
    QString containsCondition(const QString& column) const;
    QString containsValue(const QString& needle) const;
    // The larger of two values: max(a, b) in SQLite, GREATEST(a, b) in PostgreSQL.
    QString greatest(const QString& a, const QString& b) const;
    // Appended to a SELECT that reads a row it will update in the same transaction.
    QString forUpdate() const { return isSqlite() ? QString() : QStringLiteral(" FOR UPDATE"); }

    bool isUniqueViolation(const QSqlError& error) const;
    bool isForeignKeyViolation(const QSqlError& error) const;
    bool isBusy(const QSqlError& error) const;
    bool isReadOnly(const QSqlError& error) const;
    bool isCorrupt(const QSqlError& error) const;

private:
    Kind m_kind;
};

} // namespace tollgate
