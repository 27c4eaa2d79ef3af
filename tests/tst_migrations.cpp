// Schema migrations from every older version, on SQLite and PostgreSQL; the
// SQLite backup before migrating; a newer schema is refused.
#include "ClientStore.h"
#include "Schema.h"
#include "SettingsStore.h"
#include "TestDatabase.h"
#include "Usage.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace tollgate;

class TestMigrations : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void fromEveryOlderVersion_data();
    void fromEveryOlderVersion();
    void usageTotalsComeFromTheRollupsSoFar();
    void newerSchemaIsRefused();
    void foreignDatabaseIsRefused();
};

void TestMigrations::fromEveryOlderVersion_data()
{
    QTest::addColumn<int>("from");
    for (int v = 0; v < Schema::latestVersion(); ++v)
        QTest::addRow("from v%d", v) << v;
}

void TestMigrations::fromEveryOlderVersion()
{
    QFETCH(int, from);
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    {
        auto raw = Database::openRaw(testDb.url(), Database::OpenMode::CreateIfMissing);
        TG_VERIFY_OK(raw);
        TG_VERIFY_OK(Schema::migrateTo(**raw, from));
        QCOMPARE(*Schema::currentVersion(**raw), from);
        if (from >= 1) // data written by the older schema must survive
            TG_VERIFY_OK(
                (*raw)->exec(QStringLiteral("INSERT INTO clients (name, name_key, description, "
                                            "created_at, updated_at, revision) "
                                            "VALUES ('Old', 'old', '', 1, 1, 1)")));
    }
    auto db = testDb.open();
    QVERIFY(db);
    QCOMPARE(*Schema::currentVersion(*db), Schema::latestVersion());
    if (from >= 1)
        QCOMPARE(ClientStore(*db).byName(QStringLiteral("old"))->name, QStringLiteral("Old"));
    TG_VERIFY_OK(SettingsStore(*db).initialise(QStringLiteral("migrated")));

    if (db->dialect().isSqlite()) {
        const QFileInfo file(testDb.sqlitePath());
        const QStringList backups =
            file.dir().entryList({file.fileName() + QStringLiteral(".v*.bak")}, QDir::Files);
        QCOMPARE(backups.size(), from > 0 ? 1 : 0); // an empty database needs no backup
        if (from > 0) {
            const QFileInfo backup(file.dir().filePath(backups.first()));
            QCOMPARE(backup.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                     QFileDevice::Permissions());
            auto old = Database::openRaw(DatabaseUrl::parse(backup.filePath()).value(),
                                         Database::OpenMode::MustExist);
            QCOMPARE(*Schema::currentVersion(**old), from);
        }
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        QCOMPARE(db->scalar(QStringLiteral("PRAGMA journal_mode"))->toString(),
                 QStringLiteral("wal"));
        QCOMPARE(db->scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(), 1);
    }
}

void TestMigrations::usageTotalsComeFromTheRollupsSoFar()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 minute = now - now % 60'000 - 60'000;
    const qint64 day = 86'400'000;
    {
        // Usage recorded before version 7: per minute, per hour and per day.
        auto raw = Database::openRaw(testDb.url(), Database::OpenMode::CreateIfMissing);
        TG_VERIFY_OK(raw);
        TG_VERIFY_OK(Schema::migrateTo(**raw, 6));
        const struct {
            qint64 profile;
            const char* granularity;
            qint64 start;
            qint64 requests;
        } rows[] = {{1, "minute", minute, 3},
                    {2, "minute", minute, 4},
                    {2, "minute", minute - 60'000, 5},
                    {1, "hour", minute - 5 * day - minute % 3'600'000, 10},
                    {2, "day", minute - 40 * day - minute % day, 100}};
        for (const auto& r : rows)
            TG_VERIFY_OK((*raw)->exec(
                QStringLiteral("INSERT INTO usage_rollups (profile_id, endpoint_id, outcome, "
                               "granularity, bucket_start, requests, latency_sum_us, "
                               "latency_max_us, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11) "
                               "VALUES (?, 9, 'allowed', ?, ?, ?, 0, 0, 0, ?, 0, 0, 0, 0, 0, 0, "
                               "0, 0, 0, 0)"),
                {r.profile, QLatin1String(r.granularity), r.start, r.requests, r.requests}));
    }
    auto db = testDb.open();
    QVERIFY(db);
    const auto total = [&](const QString& sql) { return db->scalar(sql)->toLongLong(); };
    QCOMPARE(total(QStringLiteral("SELECT count(*) FROM usage_rollups")), 5);
    QCOMPARE(total(QStringLiteral("SELECT sum(requests) FROM usage_totals WHERE "
                                  "granularity = 'minute'")),
             3 + 4 + 5);
    QCOMPARE(total(QStringLiteral("SELECT count(*) FROM usage_totals WHERE "
                                  "granularity = 'minute'")),
             2); // profiles 1 and 2 share a minute
    QCOMPARE(total(QStringLiteral("SELECT sum(requests) FROM usage_totals WHERE "
                                  "granularity = 'hour'")),
             3 + 4 + 5 + 10);
    QCOMPARE(total(QStringLiteral("SELECT sum(h1) FROM usage_totals WHERE granularity = 'day'")),
             122);
    UsageQuery everything;
    everything.toMs = now - now % day + day;
    everything.fromMs = everything.toMs - 90 * day;
    auto report = UsageStore::report(*db, everything);
    TG_VERIFY_OK(report);
    QCOMPARE(report->requests, 122);
    QCOMPARE(report->endpoints.first().lastCallMs, minute);
    if (db->dialect().isSqlite()) // stored in key order from now on
        QVERIFY(db->scalar(QStringLiteral("SELECT sql FROM sqlite_master WHERE name = "
                                          "'usage_rollups'"))
                    ->toString()
                    .contains(QLatin1String("WITHOUT ROWID")));
}

void TestMigrations::newerSchemaIsRefused()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    {
        auto db = testDb.open();
        QVERIFY(db);
        TG_VERIFY_OK(
            db->exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'schema_version'"),
                     {QString::number(Schema::latestVersion() + 1)}));
    }
    auto refused = Database::open(testDb.url(), Database::OpenMode::MustExist);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Database);
    QVERIFY2(refused.error().message().contains(QLatin1String("newer Tollgate")),
             qPrintable(refused.error().message()));
}

void TestMigrations::foreignDatabaseIsRefused()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    {
        auto raw = Database::openRaw(testDb.url(), Database::OpenMode::CreateIfMissing);
        TG_VERIFY_OK(raw);
        TG_VERIFY_OK((*raw)->exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)")));
    }
    auto refused = Database::open(testDb.url(), Database::OpenMode::MustExist);
    QVERIFY(!refused);
    QVERIFY2(refused.error().message().contains(QLatin1String("not a Tollgate database")),
             qPrintable(refused.error().message()));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
