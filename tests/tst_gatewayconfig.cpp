// The gateway's configuration snapshot, against SQLite and a real PostgreSQL
// server: after every kind of change, the incremental update equals a full
// load; it reads only what the change log names; and it falls back to a full
// load when the log no longer reaches back.
#include "ClientStore.h"
#include "CollectionStore.h"
#include "ConfigVersion.h"
#include "EndpointStore.h"
#include "GatewayConfig.h"
#include "ProfileStore.h"
#include "SettingsStore.h"
#include "TestDatabase.h"

#include <QTest>
#include <QTimeZone>

using namespace tollgate;

class TestGatewayConfig : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void init();
    void cleanup();

    void everyChangeUpdatesLikeAFullLoad();
    void readsOnlyWhatChanged();
    void fallsBackToFullLoadWhenTheLogIsShort();
    void unchangedReturnsTheSameSnapshot();

private:
    // Updates m_config from the change log and checks it against a full load.
    void updateAndCompare(const char* step);
    AccessProfile makeProfile(qint64 clientId, const QString& name, QList<qint64> collections);

    TestDatabase m_testDb;
    ManualClock m_clock{QDateTime(QDate(2026, 12, 4), QTime(12, 0), QTimeZone::utc())};
    std::unique_ptr<Database> m_db;
    SystemRandom m_random;
    std::shared_ptr<const GatewayConfig> m_config;
    Collection m_hr;
    Client m_client;
};

void TestGatewayConfig::init()
{
    TG_PREPARE_DB(m_testDb);
    m_db = m_testDb.open(&m_clock);
    QVERIFY(m_db);
    TG_VERIFY_OK(SettingsStore(*m_db).initialise(QStringLiteral("acme")));
    Collection hr;
    hr.name = QStringLiteral("HR");
    hr.path = QStringLiteral("hr");
    auto created = CollectionStore(*m_db).create(hr);
    TG_VERIFY_OK(created);
    m_hr = *created;
    Endpoint e;
    e.collectionId = m_hr.id;
    e.name = QStringLiteral("Fetch");
    e.method = QStringLiteral("POST");
    e.path = QStringLiteral("fetch");
    TG_VERIFY_OK(EndpointStore(*m_db).create(e));
    Client c;
    c.name = QStringLiteral("Payroll");
    auto client = ClientStore(*m_db).create(c);
    TG_VERIFY_OK(client);
    m_client = *client;
    makeProfile(m_client.id, QStringLiteral("Batch"), {m_hr.id});
    auto loaded = GatewayConfig::load(*m_db);
    TG_VERIFY_OK(loaded);
    m_config = *loaded;
}

void TestGatewayConfig::cleanup()
{
    m_config.reset();
    m_db.reset();
}

AccessProfile TestGatewayConfig::makeProfile(qint64 clientId, const QString& name,
                                             QList<qint64> collections)
{
    AccessProfile p;
    p.clientId = clientId;
    p.name = name;
    p.collectionIds = std::move(collections);
    auto created = ProfileStore(*m_db).create(p, m_random);
    if (!created)
        qWarning("%s", qPrintable(created.error().toString()));
    return created ? created->profile : AccessProfile{};
}

void TestGatewayConfig::updateAndCompare(const char* step)
{
    auto updated = GatewayConfig::update(*m_db, m_config);
    TG_VERIFY_OK(updated);
    auto full = GatewayConfig::load(*m_db);
    TG_VERIFY_OK(full);
    QVERIFY2(*updated != m_config, step); // something changed: a new snapshot
    QCOMPARE((*updated)->version(), (*full)->version());
    QVERIFY2(**updated == **full, step);
    m_config = *updated;
}

void TestGatewayConfig::everyChangeUpdatesLikeAFullLoad()
{
    CollectionStore collections(*m_db);
    EndpointStore endpoints(*m_db);
    ClientStore clients(*m_db);
    ProfileStore profiles(*m_db);

    Collection sales;
    sales.name = QStringLiteral("Sales");
    sales.path = QStringLiteral("sales");
    auto salesCreated = collections.create(sales);
    TG_VERIFY_OK(salesCreated);
    sales = *salesCreated;
    Endpoint list;
    list.collectionId = sales.id;
    list.name = QStringLiteral("List");
    list.path = QStringLiteral("orders/list");
    auto listCreated = endpoints.create(list);
    TG_VERIFY_OK(listCreated);
    list = *listCreated;
    updateAndCompare("collection and endpoint created");
    QVERIFY(m_config->route("/acme/sales/v1/orders/list", "GET").endpoint);

    Client c;
    c.name = QStringLiteral("Warehouse");
    auto warehouse = clients.create(c);
    TG_VERIFY_OK(warehouse);
    AccessProfile p = makeProfile(warehouse->id, QStringLiteral("Scanner"), {m_hr.id, sales.id});
    QVERIFY(p.id > 0);
    updateAndCompare("client and profile created");
    QVERIFY(m_config->profile(p.id));
    QVERIFY(m_config->profile(p.id)->mayCall(sales.id));

    p.rateLimit = *RateLimit::make(10, QStringLiteral("minute"));
    p.quota = *Quota::make(1000, QStringLiteral("month"));
    p.ipWhitelist = *parseIpWhitelist({QStringLiteral("10.0.0.0/8")});
    p.collectionIds = {sales.id};
    auto edited = profiles.update(p);
    TG_VERIFY_OK(edited);
    updateAndCompare("profile limits, whitelist and collections edited");
    QVERIFY(!m_config->profile(p.id)->mayCall(m_hr.id));

    auto rotated = profiles.regenerateKey(p.id, 3'600'000, m_random);
    TG_VERIFY_OK(rotated);
    updateAndCompare("key regenerated with grace");
    TG_VERIFY_OK(profiles.setEnabled(p.id, false));
    updateAndCompare("profile suspended");
    QVERIFY(!m_config->profile(p.id)->enabled);

    list.method = QStringLiteral("POST");
    TG_VERIFY_OK(endpoints.update(list));
    updateAndCompare("endpoint edited");
    QVERIFY(!m_config->route("/acme/sales/v1/orders/list", "GET").endpoint);

    AccessProfile second = makeProfile(warehouse->id, QStringLiteral("Forklift"), {sales.id});
    TG_VERIFY_OK(profiles.remove(second.id));
    updateAndCompare("profile created and deleted between two updates");

    auto scanner = profiles.byId(p.id);
    TG_VERIFY_OK(scanner);
    scanner->collectionIds = {m_hr.id, sales.id};
    TG_VERIFY_OK(profiles.update(*scanner));
    updateAndCompare("profile given a second collection");
    TG_VERIFY_OK(collections.remove(sales.id));
    updateAndCompare("collection deleted");
    QVERIFY(!m_config->profile(p.id)->mayCall(sales.id));
    QVERIFY(!m_config->route("/acme/sales/v1/orders/list", "POST").found());

    AccessProfile third = makeProfile(warehouse->id, QStringLiteral("Crane"), {m_hr.id});
    updateAndCompare("another profile");
    TG_VERIFY_OK(clients.remove(warehouse->id));
    updateAndCompare("client deleted with its profiles");
    QVERIFY(!m_config->profile(p.id));
    QVERIFY(!m_config->profile(third.id));

    auto settings = SettingsStore(*m_db).get();
    TG_VERIFY_OK(settings);
    settings->reviewIntervalDays = 30;
    TG_VERIFY_OK(SettingsStore(*m_db).update(*settings));
    updateAndCompare("settings changed (full load)");
}

void TestGatewayConfig::readsOnlyWhatChanged()
{
    // A change behind the log's back (not through a store) to one profile, then
    // a logged change to another: the update reads only the logged one.
    auto batch = ProfileStore(*m_db).byName(m_client.id, QStringLiteral("Batch"));
    TG_VERIFY_OK(batch);
    Client c;
    c.name = QStringLiteral("Other");
    auto other = ClientStore(*m_db).create(c);
    TG_VERIFY_OK(other);
    TG_VERIFY_OK(
        m_db->exec(QStringLiteral("UPDATE profiles SET enabled = 0 WHERE id = ?"), {batch->id}));
    AccessProfile logged = makeProfile(other->id, QStringLiteral("Logged"), {m_hr.id});
    auto updated = GatewayConfig::update(*m_db, m_config);
    TG_VERIFY_OK(updated);
    QVERIFY((*updated)->profile(logged.id));
    QVERIFY((*updated)->profile(batch->id)->enabled); // not read again
    auto full = GatewayConfig::load(*m_db);
    TG_VERIFY_OK(full);
    QVERIFY(!(*full)->profile(batch->id)->enabled);
}

void TestGatewayConfig::fallsBackToFullLoadWhenTheLogIsShort()
{
    auto batch = ProfileStore(*m_db).byName(m_client.id, QStringLiteral("Batch"));
    TG_VERIFY_OK(batch);
    TG_VERIFY_OK(ProfileStore(*m_db).setEnabled(batch->id, false));
    TG_VERIFY_OK(ProfileStore(*m_db).setEnabled(batch->id, true));
    // The log lost the first of the two changes (as after kKeptChanges newer ones).
    TG_VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM config_changes WHERE version = ?"),
                            {m_config->version() + 1}));
    auto changes = ConfigVersion::changesSince(*m_db, m_config->version());
    TG_VERIFY_OK(changes);
    QVERIFY(!changes->complete);
    // A change the log does not name, which only a full load sees.
    TG_VERIFY_OK(
        m_db->exec(QStringLiteral("UPDATE profiles SET enabled = 0 WHERE id = ?"), {batch->id}));
    updateAndCompare("log incomplete");
    QVERIFY(!m_config->profile(batch->id)->enabled);
}

void TestGatewayConfig::unchangedReturnsTheSameSnapshot()
{
    auto updated = GatewayConfig::update(*m_db, m_config);
    TG_VERIFY_OK(updated);
    QCOMPARE(updated->get(), m_config.get());
    auto changes = ConfigVersion::changesSince(*m_db, m_config->version());
    TG_VERIFY_OK(changes);
    QVERIFY(changes->list.isEmpty());
    QVERIFY(changes->complete);
}

QTEST_GUILESS_MAIN(TestGatewayConfig)
#include "tst_gatewayconfig.moc"
