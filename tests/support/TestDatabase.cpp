#include "TestDatabase.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace tollgate;

namespace {

// Runs one statement on the PostgreSQL admin database.
bool adminExec(const QString& sql, QString* error)
{
    auto admin = DatabaseUrl::parse(TestDatabase::postgresAdminUrl());
    if (!admin) {
        *error = admin.error().toString();
        return false;
    }
    auto db = Database::openRaw(*admin, Database::OpenMode::MustExist);
    if (!db) {
        *error = db.error().toString();
        return false;
    }
    auto done = (*db)->exec(sql);
    if (!done) {
        *error = done.error().toString();
        return false;
    }
    return true;
}

} // namespace

TestDatabase::TestDatabase() = default;

TestDatabase::~TestDatabase() { dropPostgres(); }

QString TestDatabase::postgresAdminUrl() { return qEnvironmentVariable("TOLLGATE_TEST_PG"); }

void TestDatabase::addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

QString TestDatabase::currentBackend()
{
    // The same lookup QFETCH_GLOBAL does, usable from helpers.
    return *static_cast<QString*>(QTest::qGlobalData("backend", qMetaTypeId<QString>()));
}

bool TestDatabase::prepare(const QString& backend)
{
    dropPostgres();
    if (backend == QLatin1String("sqlite")) {
        m_url = DatabaseUrl();
        m_url.filePath = m_dir.filePath(
            QStringLiteral("test-%1.db").arg(QRandomGenerator::global()->generate()));
        return true;
    }
    const QString admin = postgresAdminUrl();
    if (admin.isEmpty()) {
        m_failed = qEnvironmentVariable("TOLLGATE_REQUIRE_PG") == QLatin1String("1");
        m_skipReason = QStringLiteral("no PostgreSQL server configured (set TOLLGATE_TEST_PG)");
        return false;
    }
    const QString name =
        QStringLiteral("tg_test_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    QString error;
    if (!adminExec(QStringLiteral("CREATE DATABASE ") + name, &error)) {
        m_failed = true;
        m_skipReason = QStringLiteral("cannot create a PostgreSQL test database: ") + error;
        return false;
    }
    m_pgName = name;
    auto parsed = DatabaseUrl::parse(admin);
    m_url = *parsed;
    m_url.databaseName = name;
    return true;
}

QString TestDatabase::urlText() const
{
    if (m_url.isSqlite())
        return m_url.filePath;
    return QStringLiteral("postgresql://%1@%2:%3/%4")
        .arg(m_url.user, m_url.host)
        .arg(m_url.port)
        .arg(m_url.databaseName);
}

std::unique_ptr<Database> TestDatabase::open(const Clock* clock) const
{
    auto db = Database::open(m_url, Database::OpenMode::CreateIfMissing, clock);
    if (!db) {
        qWarning("cannot open the test database: %s", qPrintable(db.error().toString()));
        return nullptr;
    }
    return std::move(*db);
}

void TestDatabase::dropPostgres()
{
    if (m_pgName.isEmpty())
        return;
    QString error;
    // WITH (FORCE) ends connections a failed test left open.
    if (!adminExec(QStringLiteral("DROP DATABASE IF EXISTS ") + m_pgName
                       + QStringLiteral(" WITH (FORCE)"),
                   &error))
        qWarning("cannot drop %s: %s", qPrintable(m_pgName), qPrintable(error));
    m_pgName.clear();
}
