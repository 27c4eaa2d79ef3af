// Sharing an API with a client's developers: the Postman collection (v2.1) and
// the curl command, checked as data on SQLite and PostgreSQL, and run end to
// end with Postman's command-line runner (newman) against a real tollgated:
// green while access works, red once the profile is suspended.
#include "ClientStore.h"
#include "CollectionStore.h"
#include "EndpointStore.h"
#include "GatewayProcess.h"
#include "PostmanExport.h"
#include "ProfileStore.h"
#include "SettingsStore.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

class TestSharing : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void init();
    void cleanup();

    void postmanCollectionForAProfile();
    void postmanCollectionForACollection();
    void curlCommandQuotesForTheShell();
    void newmanRunsGreenThenRed();

private:
    Endpoint makeEndpoint(qint64 collectionId, const QString& name, const QString& method,
                          const QString& path, bool active = true);

    TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    SystemRandom m_random;
    Collection m_hr;
    Collection m_login;
    AccessProfile m_profile;
    QString m_key;
};

Endpoint TestSharing::makeEndpoint(qint64 collectionId, const QString& name, const QString& method,
                                   const QString& path, bool active)
{
    Endpoint e;
    e.collectionId = collectionId;
    e.name = name;
    e.method = method;
    e.path = path;
    e.active = active;
    e.mockBody = QStringLiteral("{\"ok\":true}");
    auto created = EndpointStore(*m_db).create(e);
    if (!created)
        qWarning("%s", qPrintable(created.error().toString()));
    return created ? *created : Endpoint{};
}

void TestSharing::init()
{
    TG_PREPARE_DB(m_testDb);
    m_db = m_testDb.open();
    QVERIFY(m_db);
    TG_VERIFY_OK(SettingsStore(*m_db).initialise(QStringLiteral("acme")));
    Collection hr;
    hr.name = QString::fromUtf8("Employée \"HR\" <Management>");
    hr.path = QStringLiteral("employee");
    hr.description = QStringLiteral("People data.");
    m_hr = CollectionStore(*m_db).create(hr).value();
    Collection login;
    login.name = QStringLiteral("Login");
    login.path = QStringLiteral("login");
    m_login = CollectionStore(*m_db).create(login).value();
    makeEndpoint(m_hr.id, QStringLiteral("Fetch"), QStringLiteral("POST"), QStringLiteral("fetch"));
    makeEndpoint(m_hr.id, QStringLiteral("Search"), QStringLiteral("GET"),
                 QStringLiteral("employees/search"));
    makeEndpoint(m_hr.id, QStringLiteral("Old"), QStringLiteral("GET"), QStringLiteral("old"),
                 false);
    makeEndpoint(m_login.id, QStringLiteral("Login"), QStringLiteral("POST"),
                 QStringLiteral("login"));
    Client c;
    c.name = QStringLiteral("Payroll");
    AccessProfile p;
    p.clientId = ClientStore(*m_db).create(c).value().id;
    p.name = QStringLiteral("Batch");
    p.collectionIds = {m_hr.id};
    auto issued = ProfileStore(*m_db).create(p, m_random);
    TG_VERIFY_OK(issued);
    m_profile = issued->profile;
    m_key = issued->secret;
}

void TestSharing::cleanup() { m_db.reset(); }

void TestSharing::postmanCollectionForAProfile()
{
    auto bytes = PostmanExport::forProfile(*m_db, m_profile.id);
    TG_VERIFY_OK(bytes);
    QVERIFY(!bytes->contains(m_key.toUtf8())); // never the key unless given
    QJsonParseError error;
    const QJsonObject doc = QJsonDocument::fromJson(*bytes, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject info = doc.value(QStringLiteral("info")).toObject();
    QCOMPARE(info.value(QStringLiteral("schema")).toString(),
             QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/"
                            "collection.json"));
    QCOMPARE(info.value(QStringLiteral("name")).toString(), QStringLiteral("Payroll / Batch"));
    QMap<QString, QString> variables;
    for (const QJsonValue& v : doc.value(QStringLiteral("variable")).toArray())
        variables.insert(v[QStringLiteral("key")].toString(),
                         v[QStringLiteral("value")].toString());
    QCOMPARE(variables.value(QStringLiteral("baseUrl")), QStringLiteral("http://127.0.0.1:8080"));
    QVERIFY(variables.contains(QStringLiteral("apikey")));
    QVERIFY(variables.value(QStringLiteral("apikey")).isEmpty());

    // One folder (the profile's one collection), the active endpoints only.
    const QJsonArray folders = doc.value(QStringLiteral("item")).toArray();
    QCOMPARE(folders.size(), 1);
    QCOMPARE(folders[0][QStringLiteral("name")].toString(),
             QString::fromUtf8("Employée \"HR\" <Management> (v1)"));
    const QJsonArray items = folders[0][QStringLiteral("item")].toArray();
    QCOMPARE(items.size(), 2);
    for (const QJsonValue& item : items) {
        const QJsonObject request = item[QStringLiteral("request")].toObject();
        const QString method = request.value(QStringLiteral("method")).toString();
        const QJsonArray headers = request.value(QStringLiteral("header")).toArray();
        QCOMPARE(headers[0][QStringLiteral("key")].toString(), QStringLiteral("apikey"));
        QCOMPARE(headers[0][QStringLiteral("value")].toString(), QStringLiteral("{{apikey}}"));
        const QString raw = request[QStringLiteral("url")][QStringLiteral("raw")].toString();
        QVERIFY2(raw.startsWith(QLatin1String("{{baseUrl}}/acme/employee/v1/")), qPrintable(raw));
        QCOMPARE(request.contains(QStringLiteral("body")), method == QLatin1String("POST"));
        const QString test =
            item[QStringLiteral("event")][0][QStringLiteral("script")][QStringLiteral("exec")]
                .toVariant()
                .toStringList()
                .join(u'\n');
        QVERIFY(test.contains(QLatin1String("to.be.within(200, 299)")));
    }
    const auto search = std::find_if(items.begin(), items.end(), [](const QJsonValue& item) {
        return item[QStringLiteral("name")].toString() == QLatin1String("Search");
    });
    QVERIFY(search != items.end());
    QCOMPARE((*search)[QStringLiteral("request")][QStringLiteral("url")][QStringLiteral("path")]
                 .toArray()
                 .size(),
             5); // acme, employee, v1, employees, search

    // With the key just revealed, it fills the variable.
    auto withKey = PostmanExport::forProfile(*m_db, m_profile.id, m_key);
    TG_VERIFY_OK(withKey);
    QVERIFY(withKey->contains(m_key.toUtf8()));
}

void TestSharing::postmanCollectionForACollection()
{
    auto bytes = PostmanExport::forCollection(*m_db, m_login.id);
    TG_VERIFY_OK(bytes);
    const QJsonObject doc = QJsonDocument::fromJson(*bytes).object();
    QCOMPARE(doc[QStringLiteral("item")].toArray().size(), 1);
    QCOMPARE(doc[QStringLiteral("item")][0][QStringLiteral("item")].toArray().size(), 1);
    QVERIFY(!PostmanExport::forCollection(*m_db, 999'999));
    QVERIFY(!PostmanExport::forProfile(*m_db, 999'999));
}

void TestSharing::curlCommandQuotesForTheShell()
{
    QCOMPARE(PostmanExport::curlCommand(QStringLiteral("GET"), QStringLiteral("http://h/a/b/v1/x"),
                                        QStringLiteral("K")),
             QStringLiteral("curl -X GET 'http://h/a/b/v1/x' -H 'apikey: K'"));
    QCOMPARE(PostmanExport::curlCommand(QStringLiteral("POST"), QStringLiteral("http://h/it's"),
                                        QStringLiteral("K")),
             QStringLiteral("curl -X POST 'http://h/it'\\''s' -H 'apikey: K' -H "
                            "'Content-Type: application/json' -d '{}'"));
}

void TestSharing::newmanRunsGreenThenRed()
{
    if (TestDatabase::currentBackend() != QLatin1String("sqlite"))
        QSKIP("the run is the same on PostgreSQL; once is enough");
    const QString newman = QStandardPaths::findExecutable(QStringLiteral("newman"));
    if (newman.isEmpty()) {
        if (qEnvironmentVariable("TOLLGATE_REQUIRE_TOOLS") == QLatin1String("1"))
            QFAIL("newman is not installed (npm install -g newman)");
        QSKIP("newman is not installed (npm install -g newman); ./dev test installs it");
    }
    GatewayProcess gateway;
    QVERIFY2(gateway.start(QStringLiteral(TOLLGATED_PATH), m_testDb.urlText()),
             qPrintable(gateway.errorText()));
    // Exported the way an administrator would, through tollgatectl.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("payroll.postman_collection.json"));
    QProcess ctl;
    ctl.start(QStringLiteral(TOLLGATECTL_PATH),
              {QStringLiteral("--db"), m_testDb.urlText(), QStringLiteral("export-postman"),
               QStringLiteral("--client"), QStringLiteral("Payroll"), QStringLiteral("--name"),
               QStringLiteral("Batch"), QStringLiteral("--output"), file});
    QVERIFY(ctl.waitForFinished(30000));
    QCOMPARE(ctl.exitCode(), 0);
    const auto run = [&] {
        QProcess p;
        p.start(newman, {QStringLiteral("run"), file, QStringLiteral("--env-var"),
                         QStringLiteral("apikey=") + m_key, QStringLiteral("--env-var"),
                         QStringLiteral("baseUrl=http://127.0.0.1:%1").arg(gateway.port()),
                         QStringLiteral("--reporters"), QStringLiteral("cli"),
                         QStringLiteral("--color"), QStringLiteral("off")});
        p.waitForFinished(120000);
        return std::pair{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput())};
    };
    const auto [greenCode, greenOutput] = run();
    QVERIFY2(greenCode == 0, qPrintable(greenOutput));
    QVERIFY2(greenOutput.contains(QLatin1String("status is 2xx")), qPrintable(greenOutput));

    // Access breaks: the same collection goes red.
    TG_VERIFY_OK(ProfileStore(*m_db).setEnabled(m_profile.id, false));
    QTRY_COMPARE_WITH_TIMEOUT(httpRequest(gateway.port(), "GET",
                                          "/acme/employee/v1/employees/search",
                                          {{"apikey", m_key.toUtf8()}})
                                  .status,
                              401, 5000);
    const auto [redCode, redOutput] = run();
    QVERIFY2(redCode != 0, qPrintable(redOutput));
    QVERIFY2(redOutput.contains(QLatin1String("AssertionError")), qPrintable(redOutput));
    QVERIFY(!redOutput.contains(m_key)); // newman does not echo the key variable
}

QTEST_GUILESS_MAIN(TestSharing)
#include "tst_sharing.moc"
