#include "DemoWorkspace.h"

#include "ClientStore.h"
#include "CollectionStore.h"
#include "Database.h"
#include "EndpointStore.h"
#include "SettingsStore.h"
#include "WorkspaceTransfer.h"

#include <QCoreApplication>

namespace tollgate::DemoWorkspace {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(DemoWorkspace)
};
} // namespace

Result<Endpoint> mockEndpoint(Database& db, qint64 collectionId, const QString& name,
                              const QString& path, const QString& body)
{
    Endpoint e;
    e.collectionId = collectionId;
    e.name = name;
    e.method = QStringLiteral("POST");
    e.path = path;
    e.target = TargetKind::Mock;
    e.mockStatus = 200;
    e.mockContentType = QStringLiteral("application/json");
    e.mockBody = body;
    return EndpointStore(db).create(e);
}

} // namespace

Result<QList<IssuedKey>> load(Database& db, RandomSource& random)
{
    QList<IssuedKey> keys;
    TG_TRY(db.transaction([&]() -> Status {
        auto empty = WorkspaceTransfer::isEmpty(db);
        if (!empty)
            return empty.error();
        if (!*empty)
            return Error::conflict(QString(),
                                   Text::tr("the demo workspace can only be loaded into an "
                                            "empty database"));
        TG_TRY(SettingsStore(db).initialise(QStringLiteral("demo")));

        CollectionStore collections(db);
        Collection employees;
        employees.name = QStringLiteral("Employee Management");
        employees.path = QStringLiteral("employee");
        employees.description = QStringLiteral("Look up employee records by ID.");
        auto employeesCreated = collections.create(employees);
        if (!employeesCreated)
            return employeesCreated.error();
        Collection login;
        login.name = QStringLiteral("Employee Login");
        login.path = QStringLiteral("emp-login");
        login.description = QStringLiteral("Check employee credentials.");
        auto loginCreated = collections.create(login);
        if (!loginCreated)
            return loginCreated.error();

        TG_TRY(mockEndpoint(db, employeesCreated->id, QStringLiteral("Fetch employee"),
                            QStringLiteral("fetch"),
                            QStringLiteral("{\"ID\":\"emp001\",\"Name\":\"Asha Verma\","
                                           "\"Email\":\"asha.verma@example.com\","
                                           "\"Gender\":\"Female\",\"Role\":\"HR Manager\"}")));
        TG_TRY(mockEndpoint(db, loginCreated->id, QStringLiteral("Login"), QStringLiteral("login"),
                            QStringLiteral("{\"Status\":\"Success\"}")));

        ClientStore clients(db);
        ProfileStore profiles(db);
        const auto addClient = [&](const QString& name, const QString& description,
                                   AccessProfile profile) -> Status {
            Client client;
            client.name = name;
            client.description = description;
            auto created = clients.create(client);
            if (!created)
                return created.error();
            profile.clientId = created->id;
            auto issued = profiles.create(profile, random);
            if (!issued)
                return issued.error();
            keys.append(*issued);
            return {};
        };

        AccessProfile member;
        member.name = QStringLiteral("Demo Team Member 1");
        member.collectionIds = {employeesCreated->id, loginCreated->id};
        member.rateLimit = RateLimit{5, RateInterval::Minute};
        member.quota = Quota{50, QuotaInterval::Month};
        TG_TRY(addClient(QStringLiteral("Demo Team"),
                         QStringLiteral("People trying out the HR operations APIs."), member));

        AccessProfile analytics;
        analytics.name = QStringLiteral("Reporting");
        analytics.collectionIds = {employeesCreated->id};
        analytics.rateLimit = RateLimit{60, RateInterval::Minute};
        analytics.quota = Quota{10000, QuotaInterval::Month};
        TG_TRY(addClient(QStringLiteral("Analytics Team"),
                         QStringLiteral("Builds the monthly head-count reports."), analytics));
        return {};
    }));
    return keys;
}

} // namespace tollgate::DemoWorkspace
