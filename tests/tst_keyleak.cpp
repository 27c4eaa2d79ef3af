// A full API key must never reach the database (files, WAL, backups), an
// export, the audit log or a message. Keys are created, rotated and looked up,
// then every byte that was written is searched for them.
#include "AuditLog.h"
#include "ClientStore.h"
#include "CollectionStore.h"
#include "ProfileStore.h"
#include "TestDatabase.h"
#include "WorkspaceTransfer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTest>

using namespace tollgate;

class TestKeyLeak : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void noKeyIsEverStored();
};

void TestKeyLeak::noKeyIsEverStored()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    auto db = testDb.open();
    QVERIFY(db);
    SystemRandom random;
    Collection c;
    c.name = QStringLiteral("C");
    c.path = QStringLiteral("c");
    const qint64 collectionId = CollectionStore(*db).create(c)->id;
    Client cl;
    cl.name = QStringLiteral("Client");
    const qint64 clientId = ClientStore(*db).create(cl)->id;

    QStringList keys;
    for (int i = 0; i < 5; ++i) {
        AccessProfile p;
        p.clientId = clientId;
        p.name = QStringLiteral("P%1").arg(i);
        p.collectionIds = {collectionId};
        auto issued = ProfileStore(*db).create(p, random);
        TG_VERIFY_OK(issued);
        keys << issued->secret;
        auto rotated = ProfileStore(*db).regenerateKey(issued->profile.id, 3'600'000, random);
        TG_VERIFY_OK(rotated);
        keys << rotated->secret;
        QVERIFY(ProfileStore(*db).identify(rotated->secret)->accepted());
    }
    TG_VERIFY_OK(ClientStore(*db).remove(clientId));

    QByteArray written;
    auto exported = WorkspaceTransfer::exportWorkspace(*db);
    TG_VERIFY_OK(exported);
    written += QJsonDocument(*exported).toJson();
    written += AuditLog::toCsv(*AuditLog(*db).list({})).toUtf8();

    if (db->dialect().isSqlite()) {
        const QFileInfo file(testDb.sqlitePath());
        for (const QString& name : file.dir().entryList(QDir::Files)) {
            QFile f(file.dir().filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            written += f.readAll(); // the database, its -wal and -shm
        }
        QVERIFY(written.size() > 10000);
    } else {
        for (const QString& table :
             {QStringLiteral("workspace"), QStringLiteral("collections"), QStringLiteral("clients"),
              QStringLiteral("profiles"), QStringLiteral("api_keys"), QStringLiteral("audit_log"),
              QStringLiteral("meta")}) {
            auto rows =
                db->exec(QStringLiteral("SELECT t::text FROM ") + table + QStringLiteral(" t"));
            TG_VERIFY_OK(rows);
            while (rows->next())
                written += rows->value(0).toString().toUtf8();
        }
    }
    for (const QString& key : keys) {
        // Whole key, and its random part alone (in case of another encoding of the prefix).
        QVERIFY2(!written.contains(key.toUtf8()), "a full key was written");
        QVERIFY2(!written.contains(key.mid(3, 40).toUtf8()), "a key's random part was written");
    }
}

QTEST_GUILESS_MAIN(TestKeyLeak)
#include "tst_keyleak.moc"
