// The audit trail: one event per change in the change's transaction, never a
// key, and tamper detection that names the first altered or missing event.
#include "AuditLog.h"
#include "ClientStore.h"
#include "TestDatabase.h"

#include <QTest>

using namespace tollgate;

class TestAudit : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void init();
    void cleanup() { m_db.reset(); }
    void recordsEveryChange();
    void alteredEventIsNamed();
    void removedEventIsNamed();
    void truncatedTailIsDetected();
    void filtersAndCsv();

private:
    void makeClients(int n);

    TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
};

void TestAudit::init()
{
    TG_PREPARE_DB(m_testDb);
    m_db = m_testDb.open();
    QVERIFY(m_db);
    m_db->setActorForTesting(QStringLiteral("auditor-test"));
}

void TestAudit::makeClients(int n)
{
    for (int i = 1; i <= n; ++i) {
        Client c;
        c.name = QStringLiteral("Client %1").arg(i);
        QVERIFY(ClientStore(*m_db).create(c).ok());
    }
}

void TestAudit::recordsEveryChange()
{
    makeClients(1);
    Client c = *ClientStore(*m_db).byId(1);
    c.name = QStringLiteral("Renamed");
    TG_VERIFY_OK(ClientStore(*m_db).update(c));
    TG_VERIFY_OK(ClientStore(*m_db).remove(c.id));
    auto events = AuditLog(*m_db).list({});
    TG_VERIFY_OK(events);
    QCOMPARE(events->size(), 3);
    QCOMPARE(events->at(0).action, QStringLiteral("client.delete"));
    QCOMPARE(events->at(1).action, QStringLiteral("client.update"));
    QVERIFY(events->at(1).beforeJson.contains(QLatin1String("Client 1")));
    QVERIFY(events->at(1).afterJson.contains(QLatin1String("Renamed")));
    QCOMPARE(events->at(2).action, QStringLiteral("client.create"));
    QCOMPARE(events->at(2).actor, QStringLiteral("auditor-test"));
    QCOMPARE(events->at(2).beforeJson, QStringLiteral("{}"));
    QVERIFY(AuditLog(*m_db).verify()->intact);
}

void TestAudit::alteredEventIsNamed()
{
    makeClients(5);
    TG_VERIFY_OK(
        m_db->exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")));
    auto v = AuditLog(*m_db).verify();
    TG_VERIFY_OK(v);
    QVERIFY(!v->intact);
    QCOMPARE(v->firstBadSeq, 3);
    QVERIFY2(v->problem.contains(QLatin1String("altered")), qPrintable(v->problem));

    // Re-hashing the altered event breaks the link from the next one.
    auto events = AuditLog(*m_db).list({});
    AuditEvent e3 = events->at(2);
    QCOMPARE(e3.seq, 3);
    TG_VERIFY_OK(m_db->exec(QStringLiteral("UPDATE audit_log SET hash = ? WHERE seq = 3"),
                            {AuditLog::hashOf(e3)}));
    v = AuditLog(*m_db).verify();
    QCOMPARE(v->firstBadSeq, 4);
}

void TestAudit::removedEventIsNamed()
{
    makeClients(5);
    TG_VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM audit_log WHERE seq = 2")));
    auto v = AuditLog(*m_db).verify();
    QVERIFY(!v->intact);
    QCOMPARE(v->firstBadSeq, 2);
    QVERIFY2(v->problem.contains(QLatin1String("missing")), qPrintable(v->problem));
}

void TestAudit::truncatedTailIsDetected()
{
    makeClients(5);
    TG_VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM audit_log WHERE seq >= 4")));
    auto v = AuditLog(*m_db).verify();
    QVERIFY(!v->intact);
    QCOMPARE(v->firstBadSeq, 4);
    QVERIFY2(v->problem.contains(QLatin1String("removed from the end")), qPrintable(v->problem));
}

void TestAudit::filtersAndCsv()
{
    makeClients(3);
    AuditFilter f;
    f.object = QStringLiteral("client 2");
    QCOMPARE(AuditLog(*m_db).list(f)->size(), 1);
    f = {};
    f.action = QStringLiteral("client.");
    QCOMPARE(AuditLog(*m_db).list(f)->size(), 3);
    f.action = QStringLiteral("profile.");
    QCOMPARE(AuditLog(*m_db).list(f)->size(), 0);
    f = {};
    f.actor = QStringLiteral("someone-else");
    QCOMPARE(AuditLog(*m_db).list(f)->size(), 0);

    Client formula;
    formula.name = QStringLiteral("=HYPERLINK(\"http://evil\")");
    TG_VERIFY_OK(ClientStore(*m_db).create(formula));
    const QString csv = AuditLog::toCsv(*AuditLog(*m_db).list({}));
    QVERIFY(csv.startsWith(QLatin1String("seq,time_utc,actor,action")));
    QVERIFY2(csv.contains(QLatin1String("\"'=HYPERLINK(\"\"http://evil\"\")\"")),
             "formulas are neutralised");
}

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
