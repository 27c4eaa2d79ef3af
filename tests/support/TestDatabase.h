#pragma once

#include "Database.h"

#include <QTemporaryDir>

#include <memory>

// Fresh, throwaway databases for tests: a file in a temporary directory for
// SQLite, or a new database on the PostgreSQL server named by the environment
// variable TOLLGATE_TEST_PG (postgresql://user@host:port/postgres), dropped
// again at the end. Without that variable PostgreSQL rows are skipped, unless
// TOLLGATE_REQUIRE_PG=1 (CI) makes that a failure.
class TestDatabase {
public:
    TestDatabase();
    ~TestDatabase();

    // Adds the "backend" column and one row per backend, for initTestCase_data().
    static void addBackendRows();
    // The backend of the current global data row.
    static QString currentBackend();
    // True when the row can run; otherwise it has already called QSKIP/QFAIL's
    // equivalent and the caller must return.
    bool prepare(const QString& backend);

    const tollgate::DatabaseUrl& url() const { return m_url; }
    // The URL as a program takes it (--db / TOLLGATE_DB).
    QString urlText() const;
    QString sqlitePath() const { return m_url.filePath; }
    // Opens (and migrates) another connection to the same database.
    std::unique_ptr<tollgate::Database> open(const tollgate::Clock* clock = nullptr) const;
    QString skipReason() const { return m_skipReason; }
    bool failed() const { return m_failed; }

    // The admin URL for PostgreSQL tests, or empty.
    static QString postgresAdminUrl();

private:
    void dropPostgres();

    QTemporaryDir m_dir;
    tollgate::DatabaseUrl m_url;
    QString m_pgName;
    QString m_skipReason;
    bool m_failed = false;
};

// Use at the top of a test function after creating a TestDatabase member/local.
#define TG_PREPARE_DB(testDb)                                                                      \
    do {                                                                                           \
        if (!(testDb).prepare(TestDatabase::currentBackend())) {                                   \
            if ((testDb).failed())                                                                 \
                QFAIL(qPrintable((testDb).skipReason()));                                          \
            QSKIP(qPrintable((testDb).skipReason()));                                              \
        }                                                                                          \
    } while (false)

// Unwraps a Result in a test, failing with the error's text.
#define TG_VERIFY_OK(result)                                                                       \
    do {                                                                                           \
        const auto& tgRes_ = (result);                                                             \
        if (!tgRes_.ok())                                                                          \
            QFAIL(qPrintable(QStringLiteral("expected success, got: ")                             \
                             + tgRes_.error().toString()));                                        \
    } while (false)
