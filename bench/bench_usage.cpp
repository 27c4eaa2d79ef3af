// Usage panels on a long history: 90 days of rollups for 1,000 profiles over
// 20 endpoints, about 10 million requests, shaped as the gateway and its
// compaction leave them (per minute for two days, per hour to 31 days, per day
// before that). Times what an auditor waits for in the console, through the
// real widgets: opening a profile's "View key & usage" page, switching its
// period, and opening the Usage tab and switching its period. Prints medians
// and maxima per backend. Not a test: run it with ./dev bench-usage.
//
//   bench_usage [--runs 15] [--backend sqlite|postgres|both] [--database URL]
//               [--screenshots DIR]
// PostgreSQL: a server named by TOLLGATE_TEST_PG (an admin URL; a database is
// created and dropped), as ./dev bench-usage sets up. With --database the given
// database is used and kept, and loaded only when it has no rollups yet.
#include "BenchSupport.h"
#include "BulkLoad.h"
#include "ClientTableModel.h"
#include "ClientsPage.h"
#include "Database.h"
#include "EndpointStore.h"
#include "MainWindow.h"
#include "RandomSource.h"
#include "SecureClipboard.h"
#include "SettingsStore.h"
#include "Translations.h"
#include "Usage.h"
#include "UsagePage.h"
#include "UsagePanel.h"

#include <QApplication>
#include <QClipboard>
#include <QCommandLineParser>
#include <QDialog>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>

#include <algorithm>
#include <functional>

using namespace tollgate;
using tollgate::bench::out;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
constexpr int kProfiles = 1000;
constexpr int kProfilesPerClient = 4;
constexpr int kEndpoints = 20;

// Inserts rollups from `rows`, a SELECT of (pid, eid, o, b, r): profile,
// endpoint, outcome, bucket start and requests, all computed by the server.
// Nine calls in ten take 2-5 ms, one in ten 10-25 ms.
Status insertRollups(Database& db, const char* granularity, const QString& rows,
                     const QVariantList& values)
{
    TG_TRY(
        db.exec(QStringLiteral("INSERT INTO usage_rollups (profile_id, endpoint_id, outcome, "
                               "granularity, bucket_start, requests, latency_sum_us, "
                               "latency_max_us, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11) "
                               "SELECT pid, eid, o, '%1', b, r, (r - r / 10) * 3000 + "
                               "(r / 10) * 20000, CASE WHEN r >= 10 THEN 24000 ELSE 4000 END, "
                               "0, 0, r - r / 10, 0, r / 10, 0, 0, 0, 0, 0, 0, 0 FROM (")
                        .arg(QLatin1String(granularity))
                    + rows + QStringLiteral(") g"),
                values));
    return {};
}

// The workspace: 4 collections of 5 endpoints, 250 clients with 4 profiles
// each (every other one with a monthly quota), then the history, generated
// in the database from a table of numbers rather than sent row by row.
Status load(Database& db)
{
    QElapsedTimer timer;
    timer.start();
    auto settings = SettingsStore(db).initialise(QStringLiteral("api"));
    if (!settings)
        return settings.error();
    QList<qint64> collections;
    QList<qint64> endpoints;
    for (int i = 0; i < kEndpoints / 5; ++i) {
        auto created = bench::createCollection(db, i);
        if (!created)
            return created.error();
        collections.append(*created);
        for (int j = 0; j < 5; ++j) {
            Endpoint e;
            e.collectionId = *created;
            e.name = QStringLiteral("Endpoint %1").arg(i * 5 + j);
            e.method = j % 2 ? QStringLiteral("POST") : QStringLiteral("GET");
            e.path = QStringLiteral("e%1").arg(j);
            auto endpoint = EndpointStore(db).create(e);
            if (!endpoint)
                return endpoint.error();
            endpoints.append(endpoint->id);
        }
    }
    QList<Client> clients;
    for (int i = 0; i < kProfiles / kProfilesPerClient; ++i) {
        Client c;
        c.name = QStringLiteral("Client %1").arg(i, 4, 10, QLatin1Char('0'));
        clients.append(c);
    }
    TG_TRY(BulkLoad::createClients(db, clients));
    QList<AccessProfile> profiles;
    QList<ApiKeyRecord> keys;
    SystemRandom random;
    for (int i = 0; i < kProfiles; ++i) {
        AccessProfile p;
        p.clientId = clients[i / kProfilesPerClient].id;
        p.name = QStringLiteral("Profile %1").arg(i % kProfilesPerClient);
        p.collectionIds = collections;
        p.rateLimit = RateLimit{100, RateInterval::Minute};
        if (i % 2 == 0)
            p.quota = Quota{100'000, QuotaInterval::Month};
        profiles.append(p);
        keys.append(bench::newKeyRecord(random));
    }
    TG_TRY(BulkLoad::createProfiles(db, profiles, keys));
    out() << "  workspace: " << kProfiles << " profiles, " << endpoints.size() << " endpoints in "
          << timer.elapsed() / 1000.0 << " s\n";

    // Numbers 0..2999, the endpoints by index, the profiles by index (one in
    // fifty busy: it calls every endpoint all day; the others call 4 endpoints).
    const QString temp = QStringLiteral("CREATE TEMPORARY TABLE ");
    TG_TRY(db.exec(temp + QStringLiteral("bench_n (i BIGINT PRIMARY KEY)")));
    TG_TRY(
        db.exec(QStringLiteral("INSERT INTO bench_n (i) WITH RECURSIVE c(i) AS (SELECT 0 "
                               "UNION ALL SELECT i + 1 FROM c WHERE i < 2999) SELECT i FROM c")));
    TG_TRY(db.exec(temp + QStringLiteral("bench_e (k BIGINT PRIMARY KEY, id BIGINT NOT NULL)")));
    for (int k = 0; k < endpoints.size(); ++k)
        TG_TRY(db.exec(QStringLiteral("INSERT INTO bench_e (k, id) VALUES (?, ?)"),
                       {k, endpoints[k]}));
    TG_TRY(db.exec(temp
                   + QStringLiteral("bench_p (j BIGINT PRIMARY KEY, id BIGINT NOT NULL, "
                                    "busy INT NOT NULL)")));
    for (int j = 0; j < profiles.size(); ++j)
        TG_TRY(db.exec(QStringLiteral("INSERT INTO bench_p (j, id, busy) VALUES (?, ?, ?)"),
                       {j, profiles[j].id, j % 50 == 0 ? 1 : 0}));

    // Where compaction leaves each granularity (see UsageStore::compact).
    const qint64 now = db.nowMs() - db.nowMs() % kMinute;
    const qint64 minuteStart = (now - 2 * kDay) - (now - 2 * kDay) % kHour;
    const qint64 hourStart = (now - 31 * kDay) - (now - 31 * kDay) % kDay;
    const qint64 minutes = (now - minuteStart) / kMinute + 1;
    const qint64 hours = (minuteStart - hourStart) / kHour;
    const qint64 days = 90 - 31;
    const QString everyEndpoint = QStringLiteral(" FROM bench_p p JOIN bench_e e ON p.busy = 1 ");
    const QString fourEndpoints =
        QStringLiteral(" FROM bench_p p JOIN bench_e e ON p.busy = 0 AND (e.k + p.j) % 5 = 0 ");
    const QString dayBuckets = QStringLiteral(" JOIN bench_n n ON n.i < ? ");
    const QString dayStart = QStringLiteral("? - (n.i + 1) * 86400000");
    const QString hourStartOf = QStringLiteral("? + n.i * 3600000");
    const QString minuteStartOf = QStringLiteral("? + n.i * 60000");
    struct Part {
        const char* granularity;
        QString sql;
        QVariantList values;
    };
    const QList<Part> parts{
        // Days 31-90: a row per endpoint and day, some 4xx and rate limiting.
        {"day",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'allowed' AS o, ") + dayStart
             + QStringLiteral(" AS b, 18 + (n.i + p.j) % 5 AS r") + fourEndpoints + dayBuckets,
         {hourStart, days}},
        {"day",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'endpoint_4xx' AS o, ") + dayStart
             + QStringLiteral(" AS b, 1 + (n.i + p.j) % 3 AS r") + fourEndpoints
             + QStringLiteral("AND e.k < 5") + dayBuckets,
         {hourStart, days}},
        {"day",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'allowed' AS o, ") + dayStart
             + QStringLiteral(" AS b, 40 + (n.i + e.k) % 21 AS r") + everyEndpoint + dayBuckets,
         {hourStart, days}},
        {"day",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'rate_limited' AS o, ") + dayStart
             + QStringLiteral(" AS b, 200 AS r") + everyEndpoint + QStringLiteral("AND e.k = 0")
             + dayBuckets,
         {hourStart, days}},
        // Days 2-31: a normal profile calls each of its endpoints 8 hours a day.
        {"hour",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'allowed' AS o, ") + hourStartOf
             + QStringLiteral(" AS b, 2 + (n.i + p.j) % 2 AS r") + fourEndpoints
             + QStringLiteral("JOIN bench_n n ON n.i < ? AND (n.i + p.j + e.k) % 3 = 0"),
         {hourStart, hours}},
        {"hour",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'allowed' AS o, ") + hourStartOf
             + QStringLiteral(" AS b, 2 + (n.i + e.k) % 3 AS r") + everyEndpoint
             + QStringLiteral("JOIN bench_n n ON n.i < ?"),
         {hourStart, hours}},
        {"hour",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'rate_limited' AS o, ") + hourStartOf
             + QStringLiteral(" AS b, 30 AS r") + everyEndpoint
             + QStringLiteral("AND e.k = 0 JOIN bench_n n ON n.i < ? AND n.i % 4 = 0"),
         {hourStart, hours}},
        // The last two days, per minute.
        {"minute",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'allowed' AS o, ") + minuteStartOf
             + QStringLiteral(" AS b, 1 AS r") + fourEndpoints
             + QStringLiteral("JOIN bench_n n ON n.i < ? AND (n.i + p.j * 7 + e.k * 13) % 72 = 0"),
         {minuteStart, minutes}},
        {"minute",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'allowed' AS o, ") + minuteStartOf
             + QStringLiteral(" AS b, 1 AS r") + everyEndpoint
             + QStringLiteral("JOIN bench_n n ON n.i < ? AND (n.i + e.k) % 20 = 0"),
         {minuteStart, minutes}},
        {"minute",
         QStringLiteral("SELECT p.id AS pid, e.id AS eid, 'rate_limited' AS o, ") + minuteStartOf
             + QStringLiteral(" AS b, 40 AS r") + everyEndpoint
             + QStringLiteral("AND e.k = 0 JOIN bench_n n ON n.i < ? AND n.i % 60 = 7"),
         {minuteStart, minutes}},
        // Calls without a valid key: no profile, no endpoint.
        {"day",
         QStringLiteral("SELECT 0 AS pid, 0 AS eid, 'invalid_api_key' AS o, ") + dayStart
             + QStringLiteral(" AS b, 5000 AS r FROM bench_n n WHERE n.i < ?"),
         {hourStart, days}},
        {"hour",
         QStringLiteral("SELECT 0 AS pid, 0 AS eid, 'invalid_api_key' AS o, ") + hourStartOf
             + QStringLiteral(" AS b, 200 AS r FROM bench_n n WHERE n.i < ?"),
         {hourStart, hours}},
        {"minute",
         QStringLiteral("SELECT 0 AS pid, 0 AS eid, 'invalid_api_key' AS o, ") + minuteStartOf
             + QStringLiteral(" AS b, 10 AS r FROM bench_n n WHERE n.i < ? AND n.i % 3 = 0"),
         {minuteStart, minutes}},
    };
    TG_TRY(db.transaction([&]() -> Status {
        for (const Part& part : parts)
            TG_TRY(insertRollups(db, part.granularity, part.sql, part.values));
        // Two source addresses per profile, a third for the busy ones.
        TG_TRY(db.exec(
            QStringLiteral("INSERT INTO usage_sources (profile_id, address, requests, refused, "
                           "last_seen) SELECT p.id, '10.' || CAST(p.j / 200 AS TEXT) || '.' || "
                           "CAST(p.j % 200 AS TEXT) || '.' || CAST(n.i + 1 AS TEXT), 5000 - n.i * "
                           "1000, n.i * 3, ? FROM bench_p p JOIN bench_n n ON n.i < 2 + p.busy"),
            {now}));
        return {};
    }));
    TG_TRY(UsageStore::rebuildTotals(db));
    {
        auto totals = db.exec(QStringLiteral("SELECT count(*), sum(requests) FROM usage_rollups"));
        if (!totals)
            return totals.error();
        if (totals->next())
            out() << "  history: " << totals->value(0).toLongLong() << " rollup rows, "
                  << totals->value(1).toLongLong() << " requests; " << timer.elapsed() / 1000.0
                  << " s in all\n";
    }
    for (const char* table : {"bench_n", "bench_e", "bench_p"})
        TG_TRY(db.exec(QStringLiteral("DROP TABLE ") + QLatin1String(table)));
    (void)db.exec(QStringLiteral("ANALYZE")); // fresh planner statistics for the queries
    return {};
}

struct Timings {
    QList<double> ms;
    void add(const QElapsedTimer& t) { ms.append(t.nsecsElapsed() / 1e6); }
    QString summary(double targetMs)
    {
        if (ms.isEmpty())
            return QStringLiteral("| not measured |");
        std::sort(ms.begin(), ms.end());
        return QStringLiteral("%1 | %2 | %3 | %4")
            .arg(ms.size())
            .arg(ms[ms.size() / 2], 0, 'f', 1)
            .arg(ms.last(), 0, 'f', 1)
            .arg(targetMs, 0, 'f', 0);
    }
};

// Waits for the Clients tab's background query (after a search) to be shown.
void waitForClients(ui::ClientTableModel* model)
{
    QElapsedTimer t;
    t.start();
    do
        QApplication::processEvents(QEventLoop::AllEvents, 10);
    while (model->loading() && t.elapsed() < 10'000);
}

void measure(Database& db, int runs, const QString& shots)
{
    ui::SecureClipboard clipboard(QApplication::clipboard());
    ui::MainWindow window(db, clipboard);
    window.resize(1280, 860);
    window.show();
    QApplication::processEvents();
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("apiManagementTabs"));
    ui::ClientsPage* clients = window.clientsPage();
    auto* usageTab = window.findChild<ui::UsagePage*>();
    auto* search = clients->findChild<QLineEdit*>(QStringLiteral("clientSearchEdit"));
    auto* clientsView = clients->findChild<QTableView*>(QStringLiteral("clientsView"));
    auto* profilesTable = clients->findChild<QTableWidget*>(QStringLiteral("profilesTable"));
    auto* view = clients->findChild<QPushButton*>(QStringLiteral("viewProfileButton"));

    auto* usageClient = usageTab->findChild<QLineEdit*>(QStringLiteral("usageClientEdit"));
    Timings openProfile, profilePeriod, openBusyProfile, busyProfilePeriod, openTab, tabPeriod,
        oneClient;
    // With --screenshots: the pages as measured, to look at (first round only).
    const auto shoot = [&](QWidget* w, const char* name) {
        if (!shots.isEmpty() && QDir().mkpath(shots))
            w->grab().save(QDir(shots).filePath(QLatin1String(name)));
    };
    // A profile's "View key & usage" page: from the click to the page painted,
    // then each of the four periods chosen in turn.
    const auto viewProfile = [&](int index, Timings& open, Timings& period) {
        tabs->setCurrentWidget(clients);
        search->setText(
            QStringLiteral("Client %1").arg(index / kProfilesPerClient, 4, 10, QLatin1Char('0')));
        waitForClients(clients->model());
        clientsView->selectRow(0);
        QApplication::processEvents();
        profilesTable->selectRow(index % kProfilesPerClient);
        QElapsedTimer t;
        clients->setExecDialog([&](QDialog* d) {
            d->show();
            QApplication::processEvents();
            open.add(t);
            auto* panel = d->findChild<ui::UsagePanel*>();
            for (int p : {0, 1, 3, 2}) {
                QElapsedTimer s;
                s.start();
                panel->setPeriod(p);
                QApplication::processEvents();
                period.add(s);
            }
            if (&open == &openBusyProfile && openBusyProfile.ms.size() == 1)
                shoot(d, "usage-busy-profile.png");
            return int(QDialog::Rejected);
        });
        t.start();
        view->click();
    };
    for (int run = 0; run < runs; ++run) {
        viewProfile(50 * (run % 20) + 1 + run % 49, openProfile, profilePeriod); // not busy
        viewProfile(50 * (run % 20), openBusyProfile, busyProfilePeriod);        // busy
        // The Usage tab: everything, from the tab chosen to it painted.
        tabs->setCurrentWidget(clients);
        QApplication::processEvents();
        QElapsedTimer t;
        t.start();
        tabs->setCurrentWidget(usageTab);
        QApplication::processEvents();
        openTab.add(t);
        for (int p : {0, 1, 3, 2}) {
            QElapsedTimer s;
            s.start();
            usageTab->panel()->setPeriod(p);
            QApplication::processEvents();
            tabPeriod.add(s);
        }
        if (run == 0)
            shoot(&window, "usage-tab-everything.png");
        // Narrowed to the busy profile's client (four profiles), and back.
        usageClient->setText(
            QStringLiteral("Client %1")
                .arg(50 * (run % 20) / kProfilesPerClient, 4, 10, QLatin1Char('0')));
        t.start();
        emit usageClient->editingFinished();
        QApplication::processEvents();
        oneClient.add(t);
        if (run == 0)
            shoot(&window, "usage-tab-one-client.png");
        usageClient->clear();
        emit usageClient->editingFinished();
    }
    // What the gateway writes each second at full traffic: every profile
    // calling four endpoints in the current minute (added to the rows there).
    Timings flush;
    const QList<QVariant> profileIds = bench::column(db, QStringLiteral("SELECT id FROM profiles"));
    const QList<QVariant> endpointIds =
        bench::column(db, QStringLiteral("SELECT id FROM endpoints"));
    UsageBatch batch;
    const qint64 minute = db.nowMs() - db.nowMs() % kMinute;
    for (qsizetype i = 0; i < profileIds.size(); ++i)
        for (qsizetype k = 0; k < 4 && k < endpointIds.size(); ++k)
            batch
                .rollups[{profileIds[i].toLongLong(),
                          endpointIds[(i + k * 5) % endpointIds.size()].toLongLong(),
                          Outcome::Allowed, minute}]
                .add(3000);
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer t;
        t.start();
        if (!UsageStore::write(db, batch))
            break;
        flush.add(t);
    }
    out() << "| what | times | median ms | max ms | target ms |\n|---|---|---|---|---|\n"
          << "| open a profile's View key & usage page | " << openProfile.summary(100) << " |\n"
          << "| switch that page's period | " << profilePeriod.summary(100) << " |\n"
          << "| the same for a busy profile (all 20 endpoints, all day): open | "
          << openBusyProfile.summary(100) << " |\n"
          << "| busy profile: switch the period | " << busyProfilePeriod.summary(100) << " |\n"
          << "| open the Usage tab (every profile) | " << openTab.summary(300) << " |\n"
          << "| switch the Usage tab's period | " << tabPeriod.summary(300) << " |\n"
          << "| Usage tab narrowed to one client (4 profiles, one busy) | "
          << oneClient.summary(300) << " |\n"
          << "| gateway flush: " << batch.rollups.size()
          << " rollups (every profile, 4 endpoints, one minute) | " << flush.summary(1000)
          << " |\n";
    out().flush();
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    ui::installTranslations(app, QStringLiteral("en")); // as the console shows its texts
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{QStringLiteral("runs"), QStringLiteral("Rounds of measurements."),
                        QStringLiteral("N"), QStringLiteral("15")},
                       {QStringLiteral("screenshots"),
                        QStringLiteral("Save the measured pages as PNG files in this folder."),
                        QStringLiteral("DIR")}});
    bench::addBackendOptions(parser);
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const QString shots = parser.value(QStringLiteral("screenshots"));
    return bench::forEachBackend(
        parser, {[](Database& db) -> Result<bool> {
                     auto rollups = db.scalar(QStringLiteral("SELECT count(*) FROM usage_rollups"));
                     if (!rollups)
                         return rollups.error();
                     return rollups->toLongLong() > 0;
                 },
                 load,
                 [&](Database& db) {
                     // Screenshots of each backend in a folder of its own.
                     measure(db, runs,
                             shots.isEmpty()
                                 ? shots
                                 : QDir(shots).filePath(db.dialect().isSqlite()
                                                            ? QStringLiteral("sqlite")
                                                            : QStringLiteral("postgres")));
                 }});
}
