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

    // Expands {{ID}} (an auto-increment primary key) in schema statements.
    QString ddl(QString statement) const;
    // Starts a write transaction that holds the write lock from the start
    // (SQLite's default BEGIN upgrades later and can fail half-way).
    QString beginStatement() const;
    // Serialises appends to the audit hash chain between concurrent writers.
    QString auditLockStatement() const;
    // Serialises schema migrations between processes; empty when BEGIN already does.
    QString migrationLockStatement() const;
    // "column contains ?" as a plain substring search (no pattern characters),
    // for columns that already hold case-folded text.
    QString containsCondition(const QString& column) const;

    bool isUniqueViolation(const QSqlError& error) const;
    bool isForeignKeyViolation(const QSqlError& error) const;
    bool isBusy(const QSqlError& error) const;
    bool isReadOnly(const QSqlError& error) const;
    bool isCorrupt(const QSqlError& error) const;

private:
    Kind m_kind;
};

} // namespace tollgate
