// Failure injection: read-only, locked, corrupt, missing SQLite files; a
// PostgreSQL server that cannot be reached or drops the session mid-way.
// Each gives a clear error, no crash, and no half-written change.
#include "ClientStore.h"
#include "TestDatabase.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

namespace {

DatabaseUrl sqliteUrl(const QString& path) { return DatabaseUrl::parse(path).value(); }

Client client(const QString& name)
{
    Client c;
    c.name = name;
    return c;
}

} // namespace

class TestFailures : public QObject {
    Q_OBJECT

private slots:
    void missingFile();
    void directoryInsteadOfFile();
    void corruptFile();
    void readOnlyDatabase();
    void lockedDatabase();
    void postgresUnreachable();
    void postgresDropsSession();

private:
    QTemporaryDir m_dir;
};

void TestFailures::missingFile()
{
    auto db = Database::open(sqliteUrl(m_dir.filePath(QStringLiteral("nope.db"))),
                             Database::OpenMode::MustExist);
    QVERIFY(!db);
    QCOMPARE(db.error().kind(), ErrorKind::Database);
    QVERIFY2(db.error().message().contains(QLatin1String("does not exist")),
             qPrintable(db.error().message()));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nope.db"))));
}

void TestFailures::directoryInsteadOfFile()
{
    auto db = Database::open(sqliteUrl(m_dir.path()), Database::OpenMode::CreateIfMissing);
    QVERIFY(!db);
    QVERIFY2(db.error().message().contains(QLatin1String("directory")),
             qPrintable(db.error().message()));
}

void TestFailures::corruptFile()
{
    const QString path = m_dir.filePath(QStringLiteral("corrupt.db"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    auto db = Database::open(sqliteUrl(path), Database::OpenMode::MustExist);
    QVERIFY(!db);
    QCOMPARE(db.error().kind(), ErrorKind::Database);
    QVERIFY2(db.error().message().contains(QLatin1String("damaged or is not a Tollgate database")),
             qPrintable(db.error().toString()));
}

void TestFailures::readOnlyDatabase()
{
    const QString path = m_dir.filePath(QStringLiteral("readonly.db"));
    {
        auto db = Database::open(sqliteUrl(path), Database::OpenMode::CreateIfMissing);
        TG_VERIFY_OK(db);
        TG_VERIFY_OK(ClientStore(**db).create(client(QStringLiteral("Existing"))));
    }
    // Tests may run as root, for whom file permissions do not apply; a
    // read-only connection is what a read-only file gives everyone else.
    auto db = Database::open(sqliteUrl(path), Database::OpenMode::ReadOnly);
    TG_VERIFY_OK(db);
    auto refused = ClientStore(**db).create(client(QStringLiteral("New")));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Database);
    QVERIFY2(refused.error().message().contains(QLatin1String("read-only")),
             qPrintable(refused.error().toString()));
    QCOMPARE(ClientStore(**db).count().value(), 1);
}

void TestFailures::lockedDatabase()
{
    const QString path = m_dir.filePath(QStringLiteral("locked.db"));
    auto holder = Database::open(sqliteUrl(path), Database::OpenMode::CreateIfMissing);
    TG_VERIFY_OK(holder);
    auto db = Database::open(sqliteUrl(path), Database::OpenMode::MustExist);
    TG_VERIFY_OK(db);
    // Another program holds the write lock for longer than the busy timeout.
    TG_VERIFY_OK((*holder)->exec(QStringLiteral("BEGIN IMMEDIATE")));
    auto refused = ClientStore(**db).create(client(QStringLiteral("Blocked")));
    QVERIFY(!refused);
    QVERIFY2(refused.error().message().contains(QLatin1String("locked")),
             qPrintable(refused.error().toString()));
    TG_VERIFY_OK((*holder)->exec(QStringLiteral("ROLLBACK")));
    // Once released, the same connection works and nothing half-written remains.
    QCOMPARE(ClientStore(**db).count().value(), 0);
    TG_VERIFY_OK(ClientStore(**db).create(client(QStringLiteral("Later"))));
}

void TestFailures::postgresUnreachable()
{
    // Port 1 on loopback: nothing listens there.
    auto db = Database::open(
        DatabaseUrl::parse(QStringLiteral("postgresql://tollgate@127.0.0.1:1/x")).value(),
        Database::OpenMode::MustExist);
    QVERIFY(!db);
    QCOMPARE(db.error().kind(), ErrorKind::Database);
    QVERIFY2(db.error().message().contains(QLatin1String("cannot connect to PostgreSQL")),
             qPrintable(db.error().toString()));
    QVERIFY2(!db.error().toString().contains(QLatin1String("password")), "no secrets in messages");
}

void TestFailures::postgresDropsSession()
{
    TestDatabase testDb;
    if (!testDb.prepare(QStringLiteral("postgres"))) {
        if (testDb.failed())
            QFAIL(qPrintable(testDb.skipReason()));
        QSKIP(qPrintable(testDb.skipReason()));
    }
    auto db = testDb.open();
    QVERIFY(db);
    TG_VERIFY_OK(ClientStore(*db).create(client(QStringLiteral("Before"))));
    // The server ends this session (as on a restart or failover).
    auto admin = testDb.open();
    TG_VERIFY_OK(admin->exec(
        QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")));
    // Nothing was in flight: the next change opens a new session and goes through.
    TG_VERIFY_OK(ClientStore(*db).create(client(QStringLiteral("After"))));
    QCOMPARE(ClientStore(*admin).count().value(), 2);
    // Dropped inside a transaction: that change fails as a whole and is not repeated.
    auto refused = db->transaction([&]() -> Status {
        TG_TRY(ClientStore(*db).create(client(QStringLiteral("During"))));
        TG_TRY(admin->exec(
            QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")));
        TG_TRY(ClientStore(*db).create(client(QStringLiteral("During 2"))));
        return {};
    });
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Database);
    QVERIFY2(refused.error().message().contains(QLatin1String("lost the connection to PostgreSQL")),
             qPrintable(refused.error().toString()));
    QVERIFY(!ClientStore(*admin).byName(QStringLiteral("During")));
    QCOMPARE(ClientStore(*admin).count().value(), 2);
    // And the session comes back for the next one.
    TG_VERIFY_OK(ClientStore(*db).count());
}

QTEST_GUILESS_MAIN(TestFailures)
#include "tst_failures.moc"
