// Storage benchmark: builds a workspace of N clients with P profiles each
// through the core's bulk path, then times the queries the console needs.
// Prints medians per backend. Not a test: run it with ./dev bench.
//
//   bench_storage [--clients 100000] [--profiles-per-client 3] [--runs 50]
//                 [--backend sqlite|postgres|both] [--database URL]
// PostgreSQL: a server named by TOLLGATE_TEST_PG (an admin URL; a database is
// created and dropped), as ./dev bench sets up. With --database the given
// database is used and kept, and loaded only when it has no clients yet, so
// the queries can be measured again without loading again.
#include "BenchSupport.h"
#include "BulkLoad.h"
#include "ClientStore.h"
#include "Database.h"
#include "GatewayConfig.h"
#include "ProfileStore.h"
#include "RandomSource.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>
#include <functional>

using namespace tollgate;
using tollgate::bench::column;
using tollgate::bench::out;

namespace {

double medianMs(int runs, const std::function<bool(int)>& query)
{
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        if (!query(i))
            return -1;
        times.append(t.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

Status load(Database& db, int clients, int perClient)
{
    QList<qint64> collections;
    for (int i = 0; i < 10; ++i) {
        auto created = bench::createCollection(db, i);
        if (!created)
            return created.error();
        collections.append(*created);
    }
    QElapsedTimer timer;
    timer.start();
    const int batch = 5000;
    QList<qint64> clientIds;
    for (int start = 0; start < clients; start += batch) {
        QList<Client> chunk;
        for (int i = start; i < std::min(clients, start + batch); ++i) {
            Client c;
            c.name = QStringLiteral("Client %1").arg(i, 6, 10, QLatin1Char('0'));
            chunk.append(c);
        }
        TG_TRY(BulkLoad::createClients(db, chunk));
        for (const Client& c : chunk)
            clientIds.append(c.id);
    }
    out() << "  " << clients << " clients in " << timer.elapsed() / 1000.0 << " s\n";
    SystemRandom random;
    const int clientsPerBatch = batch / perClient;
    for (qsizetype start = 0; start < clientIds.size(); start += clientsPerBatch) {
        QList<AccessProfile> chunk;
        QList<ApiKeyRecord> keys;
        for (qsizetype i = start; i < std::min(clientIds.size(), start + clientsPerBatch); ++i) {
            for (int j = 0; j < perClient; ++j) {
                AccessProfile p;
                p.clientId = clientIds[i];
                p.name = QStringLiteral("Profile %1").arg(j);
                p.collectionIds = {collections[(i + j) % 10], collections[(i + j + 3) % 10]};
                p.rateLimit = RateLimit{100, RateInterval::Minute};
                chunk.append(p);
                keys.append(bench::newKeyRecord(random));
            }
        }
        TG_TRY(BulkLoad::createProfiles(db, chunk, keys));
    }
    out() << "  " << clients * perClient << " profiles; " << timer.elapsed() / 1000.0
          << " s in all\n";
    (void)db.exec(QStringLiteral("ANALYZE")); // fresh planner statistics for the queries
    return {};
}

void measure(Database& db, int runs)
{
    const QList<QVariant> collections = column(db, QStringLiteral("SELECT id FROM collections"));
    const QList<QVariant> clientIds = column(db, QStringLiteral("SELECT id FROM clients"));
    const QList<QVariant> digests =
        column(db, QStringLiteral("SELECT digest FROM api_keys WHERE id % 293 = 0"));
    if (collections.isEmpty() || clientIds.isEmpty() || digests.isEmpty()) {
        out() << "  nothing to measure\n";
        return;
    }
    const int clients = static_cast<int>(clientIds.size());
    ClientStore clientStore(db);
    ProfileStore profileStore(db);
    QRandomGenerator rnd(42);
    out() << "| query | median ms |\n|---|---|\n";
    const auto row = [&](const char* name, double ms) {
        out() << "| " << name << " | "
              << (ms < 0 ? QStringLiteral("failed") : QString::number(ms, 'f', 3)) << " |\n";
        out().flush();
    };
    row("first page of 50 clients sorted by name", medianMs(runs, [&](int) {
            return clientStore.list({QString(), 0, 50}).ok();
        }));
    row("page of 50 clients at offset 50,000", medianMs(runs, [&](int) {
            return clientStore.list({QString(), std::min(50'000, clients / 2), 50}).ok();
        }));
    for (const auto& [name, sort] :
         {std::pair{"first page of 50 clients sorted by profile count (desc)",
                    ClientQuery::Sort::Profiles},
          std::pair{"first page of 50 clients sorted by collection count (desc)",
                    ClientQuery::Sort::Collections},
          std::pair{"first page of 50 clients sorted by last activity (desc)",
                    ClientQuery::Sort::LastActivity},
          std::pair{"first page of 50 clients sorted by creation (desc)",
                    ClientQuery::Sort::Created}})
        row(name, medianMs(std::min(runs, 5), [&](int) {
                ClientQuery q;
                q.limit = 50;
                q.sort = sort;
                q.descending = true;
                return clientStore.list(q).ok();
            }));
    row("name filter (substring, one match), first 50", medianMs(runs, [&](int) {
            const QString needle =
                QStringLiteral("ent %1").arg(rnd.bounded(clients), 6, 10, QLatin1Char('0'));
            return clientStore.list({needle, 0, 50}).ok();
        }));
    row("one client's profiles", medianMs(runs, [&](int) {
            const qint64 id = clientIds[rnd.bounded(clients)].toLongLong();
            return profileStore.list({id, std::nullopt, 0, 100}).ok();
        }));
    row("first 50 profiles that can call a collection", medianMs(runs, [&](int i) {
            const qint64 id = collections[i % collections.size()].toLongLong();
            return profileStore.list({std::nullopt, id, 0, 50}).ok();
        }));
    row("key lookup by digest (with its profile)", medianMs(runs, [&](int i) {
            return profileStore.lookupDigest(digests[i % digests.size()].toString()).ok();
        }));
    row("key digest to profile id (index only)", medianMs(runs, [&](int i) {
            return db
                .scalar(QStringLiteral("SELECT profile_id FROM api_keys WHERE digest = ?"),
                        {digests[i % digests.size()]})
                .ok();
        }));

    // The gateway's snapshot: read whole at start, then updated from the change log.
    std::shared_ptr<const GatewayConfig> config;
    row("gateway snapshot: full load (median of 3)", medianMs(std::min(runs, 3), [&](int) {
            auto loaded = GatewayConfig::load(db);
            if (loaded)
                config = *loaded;
            return loaded.ok();
        }));
    const qint64 profileId =
        column(db, QStringLiteral("SELECT id FROM profiles WHERE id % 977 = 0"))
            .value(0)
            .toLongLong();
    if (!config || profileId == 0)
        return;
    // Each run suspends or resumes one profile (untimed), then times the update.
    QList<double> times;
    for (int i = 0; i < std::min(runs, 20); ++i) {
        if (!profileStore.setEnabled(profileId, i % 2 == 1))
            break;
        QElapsedTimer t;
        t.start();
        auto updated = GatewayConfig::update(db, config);
        if (!updated)
            break;
        times.append(t.nsecsElapsed() / 1e6);
        config = *updated;
    }
    std::sort(times.begin(), times.end());
    row("gateway snapshot: update after one profile change",
        times.isEmpty() ? -1.0 : times.at(times.size() / 2));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions(
        {{QStringLiteral("clients"), QStringLiteral("Number of clients."), QStringLiteral("N"),
          QStringLiteral("100000")},
         {QStringLiteral("profiles-per-client"), QStringLiteral("Profiles per client."),
          QStringLiteral("N"), QStringLiteral("3")},
         {QStringLiteral("runs"), QStringLiteral("Runs per query."), QStringLiteral("N"),
          QStringLiteral("50")}});
    bench::addBackendOptions(parser);
    parser.process(app);
    const int clients = std::max(100, parser.value(QStringLiteral("clients")).toInt());
    const int perClient = std::max(1, parser.value(QStringLiteral("profiles-per-client")).toInt());
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    return bench::forEachBackend(parser,
                                 {[](Database& db) -> Result<bool> {
                                      auto clients = ClientStore(db).count();
                                      if (!clients)
                                          return clients.error();
                                      return *clients > 0;
                                  },
                                  [&](Database& db) { return load(db, clients, perClient); },
                                  [&](Database& db) { measure(db, runs); }});
}
