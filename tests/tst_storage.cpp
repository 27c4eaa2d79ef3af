// Storage behaviour, run against SQLite and a real PostgreSQL server (global
// data rows): CRUD, uniqueness, revisions and conflicts between two
// connections, cascades, keys and their rotation, and export/import.
#include "ApiKey.h"
#include "AuditLog.h"
#include "ClientStore.h"
#include "CollectionStore.h"
#include "EndpointStore.h"
#include "ProfileStore.h"
#include "SettingsStore.h"
#include "TestDatabase.h"
#include "WorkspaceTransfer.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace tollgate;

class TestStorage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void init();
    void cleanup();

    void prefixIsSetOnce();
    void collectionsAndEndpoints();
    void clientNamesUniqueIgnoringCaseInAnyScript();
    void hostileNamesAreStoredVerbatim();
    void conflictBetweenTwoConnections();
    void profileLifecycle();
    void keyRotationWithGrace();
    void suspendAndExpiry();
    void deletingClientRevokesKeys();
    void collectionDeleteProtectsProfiles();
    void failedChangeLeavesNothing();
    void clientPagingAndSearch();
    void clientSorting();
    void unchangedEditWritesNothing();
    void reviewAWholeClient();
    void exportImportAcrossBackends();

private:
    Collection makeCollection(const QString& name, const QString& path);
    Client makeClient(const QString& name);

    TestDatabase m_testDb;
    ManualClock m_clock{QDateTime(QDate(2026, 12, 4), QTime(12, 0), QTimeZone::utc())};
    std::unique_ptr<Database> m_db;
    SystemRandom m_random;
};

void TestStorage::init()
{
    TG_PREPARE_DB(m_testDb);
    m_db = m_testDb.open(&m_clock);
    QVERIFY(m_db);
}

void TestStorage::cleanup() { m_db.reset(); }

Collection TestStorage::makeCollection(const QString& name, const QString& path)
{
    Collection c;
    c.name = name;
    c.path = path;
    auto created = CollectionStore(*m_db).create(c);
    if (!created)
        qWarning("%s", qPrintable(created.error().toString()));
    return created ? *created : Collection{};
}

Client TestStorage::makeClient(const QString& name)
{
    Client c;
    c.name = name;
    auto created = ClientStore(*m_db).create(c);
    if (!created)
        qWarning("%s", qPrintable(created.error().toString()));
    return created ? *created : Client{};
}

void TestStorage::prefixIsSetOnce()
{
    SettingsStore store(*m_db);
    auto s = store.get();
    TG_VERIFY_OK(s);
    QVERIFY(s->pathPrefix.isEmpty());
    TG_VERIFY_OK(store.initialise(QStringLiteral("acme")));
    auto again = store.initialise(QStringLiteral("other"));
    QVERIFY(!again);
    QCOMPARE(again.error().kind(), ErrorKind::Conflict);
    auto current = store.get();
    QCOMPARE(current->pathPrefix, QStringLiteral("acme"));
    WorkspaceSettings changed = *current;
    changed.pathPrefix = QStringLiteral("changed");
    QCOMPARE(store.update(changed).error().field(), QStringLiteral("path_prefix"));
    changed = *current;
    changed.reviewIntervalDays = 30;
    auto saved = store.update(changed);
    TG_VERIFY_OK(saved);
    QCOMPARE(saved->reviewIntervalDays, 30);
    QCOMPARE(saved->revision, current->revision + 1);
    QCOMPARE(store.update(changed).error().kind(), ErrorKind::Conflict); // stale revision
}

void TestStorage::collectionsAndEndpoints()
{
    const Collection c =
        makeCollection(QStringLiteral("Employee Management"), QStringLiteral("employee"));
    QVERIFY(c.id > 0);
    Collection dup;
    dup.name = QStringLiteral("EMPLOYEE management");
    dup.path = QStringLiteral("other");
    QCOMPARE(CollectionStore(*m_db).create(dup).error().field(), QStringLiteral("name"));
    dup.name = QStringLiteral("Other");
    dup.path = QStringLiteral("employee");
    QCOMPARE(CollectionStore(*m_db).create(dup).error().field(), QStringLiteral("path"));
    dup.version = QStringLiteral("v2");
    TG_VERIFY_OK(CollectionStore(*m_db).create(dup)); // same path, other version

    Endpoint e;
    e.collectionId = c.id;
    e.name = QStringLiteral("Fetch employee");
    e.method = QStringLiteral("post");
    e.path = QStringLiteral("/fetch");
    e.mockBody = QStringLiteral("{\"ID\":\"emp001\"}");
    auto created = EndpointStore(*m_db).create(e);
    TG_VERIFY_OK(created);
    QCOMPARE(created->method, QStringLiteral("POST"));
    QCOMPARE(created->path, QStringLiteral("fetch"));
    QCOMPARE(created->mockBody, e.mockBody);
    e.name = QStringLiteral("Another");
    QCOMPARE(EndpointStore(*m_db).create(e).error().field(), QStringLiteral("path")); // same route
    e.method = QStringLiteral("GET");
    TG_VERIFY_OK(EndpointStore(*m_db).create(e));

    Endpoint up = *created;
    up.target = TargetKind::Upstream;
    up.upstreamUrl = QStringLiteral("http://127.0.0.1:9/hr");
    up.timeoutSeconds = 5;
    auto saved = EndpointStore(*m_db).update(up);
    TG_VERIFY_OK(saved);
    QCOMPARE(saved->target, TargetKind::Upstream);
    QCOMPARE(saved->timeoutSeconds, 5);
    QVERIFY(saved->mockBody.isEmpty());
    QCOMPARE(CollectionStore(*m_db).byId(c.id)->endpointCount, 2);
}

void TestStorage::clientNamesUniqueIgnoringCaseInAnyScript()
{
    QVERIFY(makeClient(QString::fromUtf8("Ärger Team")).id > 0);
    Client dup;
    dup.name = QString::fromUtf8("äRGER TEAM");
    auto refused = ClientStore(*m_db).create(dup);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Conflict);
    QCOMPARE(refused.error().field(), QStringLiteral("name"));
    dup.name = QString::fromUtf8("ΑΘΗΝΑ");
    TG_VERIFY_OK(ClientStore(*m_db).create(dup));
    dup.name = QString::fromUtf8("αθηνα");
    QVERIFY(!ClientStore(*m_db).create(dup));
    dup.name = QString::fromUtf8("Ｄｅｍｏ"); // full-width letters: NFKC makes them "Demo"
    TG_VERIFY_OK(ClientStore(*m_db).create(dup));
    dup.name = QStringLiteral("demo");
    QVERIFY(!ClientStore(*m_db).create(dup));
    auto found = ClientStore(*m_db).byName(QString::fromUtf8("ärger team"));
    TG_VERIFY_OK(found);
    QCOMPARE(found->name, QString::fromUtf8("Ärger Team"));
}

void TestStorage::hostileNamesAreStoredVerbatim()
{
    const QStringList names = {QStringLiteral("Robert'); DROP TABLE clients;--"),
                               QStringLiteral("100% _wild_ \\ card"),
                               QString::fromUtf8("فريق العرض"), QString::fromUtf8("🚀 Rocket")};
    for (const QString& name : names)
        QCOMPARE(makeClient(name).name, name);
    auto all = ClientStore(*m_db).list();
    TG_VERIFY_OK(all);
    QCOMPARE(all->size(), names.size());
    // LIKE metacharacters in a search are literal.
    auto wild = ClientStore(*m_db).list({QStringLiteral("%"), 0, 100});
    QCOMPARE(wild->size(), 1);
    QCOMPARE(wild->first().name, names[1]);
    QCOMPARE(ClientStore(*m_db).list({QStringLiteral("_"), 0, 100})->size(), 1);
}

void TestStorage::conflictBetweenTwoConnections()
{
    const Client original = makeClient(QStringLiteral("Shared"));
    auto other = m_testDb.open(&m_clock);
    QVERIFY(other);
    // Both administrators read revision 1.
    Client mine = *ClientStore(*m_db).byId(original.id);
    Client theirs = *ClientStore(*other).byId(original.id);
    theirs.description = QStringLiteral("theirs");
    TG_VERIFY_OK(ClientStore(*other).update(theirs));
    mine.description = QStringLiteral("mine");
    auto refused = ClientStore(*m_db).update(mine);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Conflict);
    QVERIFY2(refused.error().message().contains(QLatin1String("someone else")),
             qPrintable(refused.error().message()));
    QCOMPARE(ClientStore(*m_db).byId(original.id)->description, QStringLiteral("theirs"));
    // Deleting with a stale revision is refused too.
    QCOMPARE(ClientStore(*m_db).remove(original.id, 1).error().kind(), ErrorKind::Conflict);
}

void TestStorage::profileLifecycle()
{
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    const Collection b = makeCollection(QStringLiteral("B"), QStringLiteral("b"));
    const Client client = makeClient(QStringLiteral("Demo Team"));
    AccessProfile p;
    p.clientId = client.id;
    p.name = QStringLiteral("Member 1");
    p.collectionIds = {a.id, b.id};
    p.rateLimit = RateLimit{5, RateInterval::Minute};
    p.quota = Quota{50, QuotaInterval::Month};
    p.ipWhitelist =
        *parseIpWhitelist({QStringLiteral("10.0.0.0/8"), QStringLiteral("2001:db8::/32")});
    auto issued = ProfileStore(*m_db).create(p, m_random);
    TG_VERIFY_OK(issued);
    QVERIFY(ApiKey::hasValidFormat(issued->secret));
    const AccessProfile& created = issued->profile;
    QCOMPARE(created.collectionNames, (QStringList{QStringLiteral("A"), QStringLiteral("B")}));
    QCOMPARE(created.rateLimit, p.rateLimit);
    QCOMPARE(created.quota, p.quota);
    QCOMPARE(created.ipWhitelist, p.ipWhitelist);
    QCOMPARE(created.keys.size(), 1);
    QCOMPARE(created.keys.first().digest, ApiKey::digestOf(issued->secret));

    auto identity = ProfileStore(*m_db).identify(issued->secret);
    TG_VERIFY_OK(identity);
    QCOMPARE(identity->profile.id, created.id);
    QCOMPARE(identity->state, KeyState::Active);

    // Same name in the same client is refused; in another client it is fine.
    p.name = QStringLiteral("MEMBER 1");
    QCOMPARE(ProfileStore(*m_db).create(p, m_random).error().field(), QStringLiteral("name"));

    AccessProfile edit = created;
    edit.collectionIds = {b.id};
    edit.rateLimit.reset();
    edit.ipWhitelist.clear();
    auto saved = ProfileStore(*m_db).update(edit);
    TG_VERIFY_OK(saved);
    QCOMPARE(saved->collectionNames, QStringList{QStringLiteral("B")});
    QVERIFY(!saved->rateLimit);
    QVERIFY(saved->ipWhitelist.isEmpty());
    QCOMPARE(ProfileStore(*m_db).update(edit).error().kind(), ErrorKind::Conflict); // stale

    auto reviewed = ProfileStore(*m_db).markReviewed(created.id);
    TG_VERIFY_OK(reviewed);
    QCOMPARE(*reviewed->reviewedAt, m_clock.nowMs());
    QCOMPARE(reviewed->reviewedBy, m_db->actor());

    auto byCollection = ProfileStore(*m_db).list({std::nullopt, a.id, 0, 100});
    QCOMPARE(byCollection->size(), 0);
    byCollection = ProfileStore(*m_db).list({std::nullopt, b.id, 0, 100});
    QCOMPARE(byCollection->size(), 1);

    TG_VERIFY_OK(ProfileStore(*m_db).remove(created.id));
    QCOMPARE(ProfileStore(*m_db).identify(issued->secret).error().kind(), ErrorKind::NotFound);
}

void TestStorage::keyRotationWithGrace()
{
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    const Client client = makeClient(QStringLiteral("C"));
    AccessProfile p;
    p.clientId = client.id;
    p.name = QStringLiteral("P");
    p.collectionIds = {a.id};
    auto first = ProfileStore(*m_db).create(p, m_random);
    TG_VERIFY_OK(first);
    const qint64 hour = 3'600'000;
    auto second = ProfileStore(*m_db).regenerateKey(first->profile.id, 24 * hour, m_random);
    TG_VERIFY_OK(second);
    QCOMPARE(second->profile.keys.size(), 2);
    QCOMPARE(ProfileStore(*m_db).identify(first->secret)->state, KeyState::InGracePeriod);
    QCOMPARE(ProfileStore(*m_db).identify(second->secret)->state, KeyState::Active);

    m_clock.advanceMs(24 * hour + 1);
    QCOMPARE(ProfileStore(*m_db).identify(first->secret)->state, KeyState::GracePeriodEnded);
    QVERIFY(!ProfileStore(*m_db).identify(first->secret)->accepted());

    // Without grace the old key is gone at once, and so is an earlier one in grace.
    auto third = ProfileStore(*m_db).regenerateKey(first->profile.id, 0, m_random);
    TG_VERIFY_OK(third);
    QCOMPARE(third->profile.keys.size(), 1);
    QCOMPARE(ProfileStore(*m_db).identify(second->secret).error().kind(), ErrorKind::NotFound);
    QCOMPARE(ProfileStore(*m_db).identify(first->secret).error().kind(), ErrorKind::NotFound);

    // Grace never runs past the profile's expiry.
    AccessProfile expiring = third->profile;
    expiring.expiresAt = m_clock.nowMs() + hour;
    TG_VERIFY_OK(ProfileStore(*m_db).update(expiring));
    auto fourth = ProfileStore(*m_db).regenerateKey(first->profile.id, 7 * 24 * hour, m_random);
    TG_VERIFY_OK(fourth);
    QCOMPARE(*fourth->profile.keys.last().graceEndsAt, *expiring.expiresAt);
}

void TestStorage::suspendAndExpiry()
{
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    AccessProfile p;
    p.clientId = makeClient(QStringLiteral("C")).id;
    p.name = QStringLiteral("P");
    p.collectionIds = {a.id};
    p.expiresAt = m_clock.nowMs() + 1000;
    auto issued = ProfileStore(*m_db).create(p, m_random);
    TG_VERIFY_OK(issued);
    TG_VERIFY_OK(ProfileStore(*m_db).setEnabled(issued->profile.id, false));
    QCOMPARE(ProfileStore(*m_db).identify(issued->secret)->state, KeyState::ProfileSuspended);
    TG_VERIFY_OK(ProfileStore(*m_db).setEnabled(issued->profile.id, true));
    QCOMPARE(ProfileStore(*m_db).identify(issued->secret)->state, KeyState::Active);
    m_clock.advanceMs(1000);
    QCOMPARE(ProfileStore(*m_db).identify(issued->secret)->state, KeyState::ProfileExpired);
    // An expiry in the past is refused when set.
    p.name = QStringLiteral("P2");
    p.expiresAt = m_clock.nowMs() - 1;
    QCOMPARE(ProfileStore(*m_db).create(p, m_random).error().field(), QStringLiteral("expires"));
}

void TestStorage::deletingClientRevokesKeys()
{
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    const Client client = makeClient(QStringLiteral("Leaving"));
    AccessProfile p;
    p.clientId = client.id;
    p.collectionIds = {a.id};
    QStringList keys;
    for (const QString& name : {QStringLiteral("one"), QStringLiteral("two")}) {
        p.name = name;
        keys.append(ProfileStore(*m_db).create(p, m_random)->secret);
    }
    TG_VERIFY_OK(ClientStore(*m_db).remove(client.id));
    for (const QString& key : keys)
        QCOMPARE(ProfileStore(*m_db).identify(key).error().kind(), ErrorKind::NotFound);
    auto rows = m_db->scalar(QStringLiteral("SELECT count(*) FROM api_keys"));
    QCOMPARE(rows->toInt(), 0);
    // The audit history stays, with the revoked key hints.
    AuditFilter f;
    f.action = QStringLiteral("client.delete");
    auto events = AuditLog(*m_db).list(f);
    QCOMPARE(events->size(), 1);
    QVERIFY(events->first().beforeJson.contains(QLatin1String("revoked_keys")));
}

void TestStorage::collectionDeleteProtectsProfiles()
{
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    const Collection b = makeCollection(QStringLiteral("B"), QStringLiteral("b"));
    AccessProfile p;
    p.clientId = makeClient(QStringLiteral("C")).id;
    p.name = QStringLiteral("only-a");
    p.collectionIds = {a.id};
    TG_VERIFY_OK(ProfileStore(*m_db).create(p, m_random));
    p.name = QStringLiteral("a-and-b");
    p.collectionIds = {a.id, b.id};
    auto both = ProfileStore(*m_db).create(p, m_random);
    TG_VERIFY_OK(both);

    auto refused = CollectionStore(*m_db).remove(a.id);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Conflict);
    QVERIFY2(refused.error().message().contains(QLatin1String("only-a")),
             qPrintable(refused.error().message()));
    QVERIFY(CollectionStore(*m_db).byId(a.id).ok());

    TG_VERIFY_OK(CollectionStore(*m_db).remove(b.id));
    QCOMPARE(ProfileStore(*m_db).byId(both->profile.id)->collectionNames,
             QStringList{QStringLiteral("A")});
}

void TestStorage::failedChangeLeavesNothing()
{
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    const Client client = makeClient(QStringLiteral("C"));
    auto before = m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log"));
    // A profile naming a collection that does not exist: nothing is written,
    // neither the profile, nor its key, nor an audit event.
    AccessProfile p;
    p.clientId = client.id;
    p.name = QStringLiteral("P");
    p.collectionIds = {a.id, a.id + 1000};
    auto refused = ProfileStore(*m_db).create(p, m_random);
    QVERIFY(!refused);
    QCOMPARE(refused.error().field(), QStringLiteral("collections"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM profiles"))->toInt(), 0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM api_keys"))->toInt(), 0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log"))->toInt(),
             before->toInt());
    // Every successful change left exactly one audit event, and the chain holds.
    QCOMPARE(before->toInt(), 2);
    QVERIFY(AuditLog(*m_db).verify()->intact);
}

void TestStorage::clientPagingAndSearch()
{
    QList<Client> clients;
    for (int i = 0; i < 25; ++i)
        makeClient(QStringLiteral("Client %1").arg(i, 2, 10, QLatin1Char('0')));
    auto page = ClientStore(*m_db).list({QString(), 10, 10});
    TG_VERIFY_OK(page);
    QCOMPARE(page->size(), 10);
    QCOMPARE(page->first().name, QStringLiteral("Client 10"));
    QCOMPARE(ClientStore(*m_db).count().value(), 25);
    QCOMPARE(ClientStore(*m_db).count(QStringLiteral("CLIENT 2")).value(), 5); // 20-24
}

void TestStorage::clientSorting()
{
    // Created in this order, a minute apart: Cedar has 2 profiles over 2 collections and was
    // used last; Alder has 1 profile, used earlier; Birch has none.
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    const Collection b = makeCollection(QStringLiteral("B"), QStringLiteral("b"));
    QList<qint64> ids;
    for (const QString& name :
         {QStringLiteral("Cedar"), QStringLiteral("Alder"), QStringLiteral("Birch")}) {
        ids << makeClient(name).id;
        m_clock.advanceMs(60'000);
    }
    const auto profile = [&](qint64 clientId, const QString& name, qint64 collection) {
        AccessProfile p;
        p.clientId = clientId;
        p.name = name;
        p.collectionIds = {collection};
        return ProfileStore(*m_db).create(p, m_random)->profile.id;
    };
    const qint64 cedar1 = profile(ids[0], QStringLiteral("One"), a.id);
    profile(ids[0], QStringLiteral("Two"), b.id);
    const qint64 alder1 = profile(ids[1], QStringLiteral("One"), a.id);
    TG_VERIFY_OK(
        m_db->exec(QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE profile_id = ?"),
                   {qint64(2'000), cedar1}));
    TG_VERIFY_OK(
        m_db->exec(QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE profile_id = ?"),
                   {qint64(1'000), alder1}));
    const auto names = [&](ClientQuery::Sort sort, bool descending, int offset = 0,
                           int limit = 10) {
        QStringList out;
        ClientQuery q;
        q.sort = sort;
        q.descending = descending;
        q.offset = offset;
        q.limit = limit;
        const QList<Client> clients = ClientStore(*m_db).list(q).value();
        for (const Client& c : clients)
            out << c.name;
        return out.join(u',');
    };
    using S = ClientQuery::Sort;
    QCOMPARE(names(S::Name, false), QStringLiteral("Alder,Birch,Cedar"));
    QCOMPARE(names(S::Name, true), QStringLiteral("Cedar,Birch,Alder"));
    QCOMPARE(names(S::Created, false), QStringLiteral("Cedar,Alder,Birch"));
    QCOMPARE(names(S::Created, true), QStringLiteral("Birch,Alder,Cedar"));
    QCOMPARE(names(S::Profiles, true), QStringLiteral("Cedar,Alder,Birch"));
    QCOMPARE(names(S::Profiles, false), QStringLiteral("Birch,Alder,Cedar"));
    QCOMPARE(names(S::Collections, true), QStringLiteral("Cedar,Alder,Birch"));
    QCOMPARE(names(S::LastActivity, true), QStringLiteral("Cedar,Alder,Birch"));
    QCOMPARE(names(S::LastActivity, false), QStringLiteral("Birch,Alder,Cedar"));
    // Pages follow the same order.
    QCOMPARE(names(S::Profiles, true, 1, 1), QStringLiteral("Alder"));
    QCOMPARE(names(S::Created, false, 2, 5), QStringLiteral("Birch"));
}

void TestStorage::unchangedEditWritesNothing()
{
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    const Collection b = makeCollection(QStringLiteral("B"), QStringLiteral("b"));
    AccessProfile p;
    p.clientId = makeClient(QStringLiteral("Same")).id;
    p.name = QStringLiteral("P");
    p.collectionIds = {a.id, b.id};
    p.rateLimit = RateLimit{5, RateInterval::Minute};
    auto created = ProfileStore(*m_db).create(p, m_random);
    TG_VERIFY_OK(created);
    const qint64 events =
        m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log"))->toLongLong();
    // The same values, the collections in another order and the name with blanks around it.
    AccessProfile same = created->profile;
    same.collectionIds = {b.id, a.id};
    same.name = QStringLiteral("  P ");
    auto saved = ProfileStore(*m_db).update(same);
    TG_VERIFY_OK(saved);
    QCOMPARE(saved->revision, created->profile.revision);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log"))->toLongLong(), events);
    // A real change is saved, once.
    same.rateLimit = RateLimit{6, RateInterval::Minute};
    saved = ProfileStore(*m_db).update(same);
    TG_VERIFY_OK(saved);
    QCOMPARE(saved->revision, created->profile.revision + 1);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log"))->toLongLong(),
             events + 1);
}

void TestStorage::reviewAWholeClient()
{
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    const qint64 audited = makeClient(QStringLiteral("Audited")).id;
    const qint64 other = makeClient(QStringLiteral("Other")).id;
    QList<qint64> ids;
    for (const auto& [clientId, name] :
         {std::pair{audited, QStringLiteral("One")}, std::pair{audited, QStringLiteral("Two")},
          std::pair{other, QStringLiteral("Three")}}) {
        AccessProfile p;
        p.clientId = clientId;
        p.name = name;
        p.collectionIds = {a.id};
        ids << ProfileStore(*m_db).create(p, m_random).value().profile.id;
    }
    m_clock.advanceMs(3'600'000);
    auto reviewed = ProfileStore(*m_db).markClientReviewed(audited);
    TG_VERIFY_OK(reviewed);
    QCOMPARE(reviewed->size(), 2);
    for (qint64 id : {ids[0], ids[1]}) {
        const AccessProfile p = ProfileStore(*m_db).byId(id).value();
        QCOMPARE(p.reviewedAt, std::optional<qint64>(m_clock.nowMs()));
        QCOMPARE(p.reviewedBy, m_db->actor());
    }
    QVERIFY(!ProfileStore(*m_db).byId(ids[2])->reviewedAt);
    AuditFilter reviews;
    reviews.action = QStringLiteral("profile.review");
    auto events = AuditLog(*m_db).list(reviews);
    TG_VERIFY_OK(events);
    QCOMPARE(events->size(), 2);
    QVERIFY(!ProfileStore(*m_db).markClientReviewed(999'999).value().size());
}

void TestStorage::exportImportAcrossBackends()
{
    // Build a workspace here, export it, import it into a fresh database of
    // the other backend (SQLite <-> PostgreSQL), and check keys still work.
    TG_VERIFY_OK(SettingsStore(*m_db).initialise(QStringLiteral("move")));
    const Collection a = makeCollection(QStringLiteral("A"), QStringLiteral("a"));
    Endpoint e;
    e.collectionId = a.id;
    e.name = QStringLiteral("E");
    e.path = QStringLiteral("x/y");
    e.target = TargetKind::Upstream;
    e.upstreamUrl = QStringLiteral("https://upstream.example.com/base");
    TG_VERIFY_OK(EndpointStore(*m_db).create(e));
    AccessProfile p;
    p.clientId = makeClient(QString::fromUtf8("Ünïcode Client")).id;
    p.name = QStringLiteral("P");
    p.collectionIds = {a.id};
    p.quota = Quota{50, QuotaInterval::Month};
    p.ipWhitelist = *parseIpWhitelist({QStringLiteral("192.168.0.0/16")});
    auto issued = ProfileStore(*m_db).create(p, m_random);
    TG_VERIFY_OK(issued);
    auto rotated = ProfileStore(*m_db).regenerateKey(issued->profile.id, 3'600'000, m_random);
    TG_VERIFY_OK(rotated);

    auto exported = WorkspaceTransfer::exportWorkspace(*m_db);
    TG_VERIFY_OK(exported);

    const QString other = TestDatabase::currentBackend() == QLatin1String("sqlite")
                              ? QStringLiteral("postgres")
                              : QStringLiteral("sqlite");
    TestDatabase target;
    if (!target.prepare(other)) {
        if (target.failed())
            QFAIL(qPrintable(target.skipReason()));
        QSKIP(qPrintable(target.skipReason()));
    }
    auto db = target.open(&m_clock);
    QVERIFY(db);
    auto summary = WorkspaceTransfer::importWorkspace(*db, *exported);
    TG_VERIFY_OK(summary);
    QCOMPARE(summary->profiles, 1);
    QCOMPARE(summary->endpoints, 1);
    QCOMPARE(ProfileStore(*db).identify(rotated->secret)->state, KeyState::Active);
    QCOMPARE(ProfileStore(*db).identify(issued->secret)->state, KeyState::InGracePeriod);
    auto moved = ProfileStore(*db).identify(rotated->secret)->profile;
    QCOMPARE(moved.clientName, QString::fromUtf8("Ünïcode Client"));
    QCOMPARE(moved.ipWhitelist, p.ipWhitelist);
    QCOMPARE(SettingsStore(*db).get()->pathPrefix, QStringLiteral("move"));
    auto verification = AuditLog(*db).verify();
    QVERIFY2(verification->intact, qPrintable(verification->problem));
    QCOMPARE(verification->eventsChecked, summary->auditEvents + 1);

    // A second import into the now non-empty workspace is refused whole.
    QCOMPARE(WorkspaceTransfer::importWorkspace(*db, *exported).error().kind(),
             ErrorKind::Conflict);

    // A broken document names the place of the problem and writes nothing.
    TestDatabase third;
    QVERIFY(third.prepare(TestDatabase::currentBackend()));
    auto db3 = third.open(&m_clock);
    QJsonObject broken = *exported;
    QJsonArray clients = broken.value(QStringLiteral("clients")).toArray();
    QJsonObject client0 = clients[0].toObject();
    QJsonArray profiles = client0.value(QStringLiteral("profiles")).toArray();
    QJsonObject profile0 = profiles[0].toObject();
    profile0.insert(QStringLiteral("ip_whitelist"), QJsonArray{QStringLiteral("10.0.0.0/33")});
    profiles[0] = profile0;
    client0.insert(QStringLiteral("profiles"), profiles);
    clients[0] = client0;
    broken.insert(QStringLiteral("clients"), clients);
    auto refused = WorkspaceTransfer::importWorkspace(*db3, broken);
    QVERIFY(!refused);
    QCOMPARE(refused.error().field(), QStringLiteral("clients[0].profiles[0].ip_whitelist"));
    QVERIFY(*WorkspaceTransfer::isEmpty(*db3));
}

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
