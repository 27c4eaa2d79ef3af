#include "DemoWorkspace.h"

#include "ClientStore.h"
#include "CollectionStore.h"
#include "Database.h"
#include "EndpointStore.h"
#include "QuotaWindow.h"
#include "SettingsStore.h"
#include "Usage.h"
#include "WorkspaceTransfer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>

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

constexpr qint64 kHourMs = 3'600'000;
constexpr int kHistoryDays = 30;

// 30 days of plausible traffic, so that every usage panel and report has something
// to show: the reporting team calls Fetch employee through the working day, with a
// burst at nine that meets its rate limit; the demo team tries both endpoints a few
// times a day until its monthly quota of 50 runs out. Deterministic (a fixed seed),
// hour by hour, written as the gateway writes usage. The quota already used this
// month is leased too, so that a gateway started on the demo admits only the rest.
Status writeHistory(Database& db, const IssuedKey& member, const IssuedKey& reporting,
                    qint64 fetchId, qint64 loginId)
{
    QRandomGenerator rnd(20261204);
    const qint64 now = db.nowMs();
    const qint64 firstHour = now - now % kHourMs - kHistoryDays * 24 * kHourMs;
    const QuotaWindow thisMonth = QuotaWindow::containing(QuotaInterval::Month, now);
    UsageBatch batch;
    QHash<qint64, qint64> memberAllowedByMonth; // window start -> allowed
    qint64 memberAllowedNow = 0;
    const auto record = [&](qint64 profileId, qint64 endpointId, Outcome outcome, qint64 hour,
                            int requests, const QString& address) {
        if (requests <= 0)
            return;
        UsageCounts& counts = batch.rollups[{profileId, endpointId, outcome, hour}];
        for (int i = 0; i < requests; ++i)
            counts.add(outcome == Outcome::Allowed ? 2'000 + rnd.bounded(38'000)
                                                   : 200 + rnd.bounded(800));
        auto& source = batch.sources[{profileId, address}];
        source.requests += requests;
        if (outcome == Outcome::RateLimited || outcome == Outcome::QuotaExceeded)
            source.refused += requests;
        source.lastSeen = std::max(source.lastSeen, hour + 59 * 60'000);
    };
    for (qint64 hour = firstHour; hour + kHourMs <= now; hour += kHourMs) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(hour, QTimeZone::utc());
        const bool workday = at.date().dayOfWeek() <= 5;
        const int h = at.time().hour();
        if (workday && h >= 8 && h <= 17) {
            const int calls = 10 + rnd.bounded(25) + (h == 9 ? 40 : 0);
            const int limited = h == 9 ? 3 + rnd.bounded(6) : 0;
            const int errors = rnd.bounded(40) == 0 ? 1 : 0;
            record(reporting.profile.id, fetchId, Outcome::Allowed, hour, calls,
                   QStringLiteral("10.20.0.15"));
            record(reporting.profile.id, fetchId, Outcome::RateLimited, hour, limited,
                   QStringLiteral("10.20.0.15"));
            record(reporting.profile.id, fetchId, Outcome::EndpointServerError, hour, errors,
                   QStringLiteral("10.20.0.15"));
            batch.keyLastUse[reporting.profile.keys.first().id] = hour + 50 * 60'000;
        }
        if (workday && (h == 10 || h == 13 || h == 16)) {
            const qint64 windowStart = QuotaWindow::containing(QuotaInterval::Month, hour).startMs;
            qint64& used = memberAllowedByMonth[windowStart];
            const int wanted = 2 + rnd.bounded(4);
            const int allowed = int(std::min<qint64>(wanted, 50 - used));
            used += allowed;
            if (windowStart == thisMonth.startMs)
                memberAllowedNow += allowed;
            const qint64 endpoint = rnd.bounded(2) == 0 ? fetchId : loginId;
            record(member.profile.id, endpoint, Outcome::Allowed, hour, allowed,
                   QStringLiteral("192.168.1.23"));
            record(member.profile.id, endpoint, Outcome::QuotaExceeded, hour, wanted - allowed,
                   QStringLiteral("192.168.1.23"));
            if (allowed > 0)
                batch.keyLastUse[member.profile.keys.first().id] = hour + 5 * 60'000;
        }
    }
    TG_TRY(UsageStore::write(db, batch));
    if (memberAllowedNow > 0) {
        auto leased =
            QuotaLeases::lease(db, member.profile.id, thisMonth.startMs, memberAllowedNow, 50);
        if (!leased)
            return leased.error();
    }
    return {};
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

        auto fetch = mockEndpoint(db, employeesCreated->id, QStringLiteral("Fetch employee"),
                                  QStringLiteral("fetch"),
                                  QStringLiteral("{\"ID\":\"emp001\",\"Name\":\"Asha Verma\","
                                                 "\"Email\":\"asha.verma@example.com\","
                                                 "\"Gender\":\"Female\",\"Role\":\"HR Manager\"}"));
        if (!fetch)
            return fetch.error();
        auto loginEndpoint =
            mockEndpoint(db, loginCreated->id, QStringLiteral("Login"), QStringLiteral("login"),
                         QStringLiteral("{\"Status\":\"Success\"}"));
        if (!loginEndpoint)
            return loginEndpoint.error();

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
        return writeHistory(db, keys.at(0), keys.at(1), fetch->id, loginEndpoint->id);
    }));
    return keys;
}

} // namespace tollgate::DemoWorkspace
