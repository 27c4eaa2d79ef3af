// Storage benchmark: builds a workspace of N clients with P profiles each
// through the core's bulk path, then times the queries the console needs.
// Prints medians per backend. Not a test: run it with ./dev bench.
//
//   bench_storage [--clients 100000] [--profiles-per-client 3] [--runs 50]
//                 [--backend sqlite|postgres|both]
// PostgreSQL: a server named by TOLLGATE_TEST_PG (an admin URL; a database is
// created and dropped), as ./dev bench sets up.
#include "ApiKey.h"
#include "BulkLoad.h"
#include "ClientStore.h"
#include "CollectionStore.h"
#include "Database.h"
#include "ProfileStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUuid>

#include <algorithm>
#include <functional>

using namespace tollgate;

namespace {

QTextStream out(stdout);

double medianMs(int runs, const std::function<bool(int)>& query)
{
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        if (!query(i)) {
            out << "query failed\n";
            return -1;
        }
        times.append(t.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

bool adminExec(const QString& admin, const QString& sql)
{
    auto db = Database::openRaw(DatabaseUrl::parse(admin).value(), Database::OpenMode::MustExist);
    if (!db) {
        out << db.error().toString() << '\n';
        return false;
    }
    return (*db)->exec(sql).ok();
}

void runBackend(const QString& backend, int clients, int perClient, int runs)
{
    QTemporaryDir dir;
    DatabaseUrl url;
    QString pgName;
    const QString admin = qEnvironmentVariable("TOLLGATE_TEST_PG");
    if (backend == QLatin1String("sqlite")) {
        url.filePath = dir.filePath(QStringLiteral("bench.db"));
    } else {
        if (admin.isEmpty()) {
            out << "postgres: skipped (TOLLGATE_TEST_PG is not set)\n";
            return;
        }
        pgName = QStringLiteral("tg_bench_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        if (!adminExec(admin, QStringLiteral("CREATE DATABASE ") + pgName))
            return;
        url = DatabaseUrl::parse(admin).value();
        url.databaseName = pgName;
    }
    {
        auto opened = Database::open(url, Database::OpenMode::CreateIfMissing);
        if (!opened) {
            out << opened.error().toString() << '\n';
            return;
        }
        Database& db = **opened;
        QList<qint64> collections;
        for (int i = 0; i < 10; ++i) {
            Collection c;
            c.name = QStringLiteral("Collection %1").arg(i);
            c.path = QStringLiteral("c%1").arg(i);
            collections.append(CollectionStore(db).create(c)->id);
        }

        QElapsedTimer load;
        load.start();
        SystemRandom random;
        QStringList digests;
        const int batch = 5000;
        QList<qint64> clientIds;
        for (int start = 0; start < clients; start += batch) {
            QList<Client> chunk;
            for (int i = start; i < std::min(clients, start + batch); ++i) {
                Client c;
                c.name = QStringLiteral("Client %1").arg(i, 6, 10, QLatin1Char('0'));
                chunk.append(c);
            }
            if (Status s = BulkLoad::createClients(db, chunk); !s) {
                out << s.error().toString() << '\n';
                return;
            }
            for (const Client& c : chunk)
                clientIds.append(c.id);
        }
        const double clientSeconds = load.elapsed() / 1000.0;
        const int profileBatch = batch / perClient;
        for (int start = 0; start < clientIds.size(); start += profileBatch) {
            QList<AccessProfile> chunk;
            QList<ApiKeyRecord> keys;
            for (int i = start; i < std::min<int>(clientIds.size(), start + profileBatch); ++i) {
                for (int j = 0; j < perClient; ++j) {
                    AccessProfile p;
                    p.clientId = clientIds[i];
                    p.name = QStringLiteral("Profile %1").arg(j);
                    p.collectionIds = {collections[(i + j) % 10], collections[(i + j + 3) % 10]};
                    p.rateLimit = RateLimit{100, RateInterval::Minute};
                    chunk.append(p);
                    const GeneratedKey k = ApiKey::generate(random);
                    ApiKeyRecord r;
                    r.digest = k.digest;
                    r.hint = k.hint;
                    keys.append(r);
                    if (digests.size() < 1000 && i % 97 == 0)
                        digests.append(k.digest);
                }
            }
            if (Status s = BulkLoad::createProfiles(db, chunk, keys); !s) {
                out << s.error().toString() << '\n';
                return;
            }
        }
        const double totalSeconds = load.elapsed() / 1000.0;
        if (db.dialect().isSqlite())
            (void)db.exec(QStringLiteral("ANALYZE"));
        else
            (void)db.exec(QStringLiteral("ANALYZE"));

        ClientStore clientStore(db);
        ProfileStore profileStore(db);
        auto rnd = QRandomGenerator(42);
        out << "\n"
            << backend << ": " << clients << " clients (" << clientSeconds << " s), "
            << clients * perClient << " profiles (" << totalSeconds << " s in all)\n";
        out << "| query | median ms |\n|---|---|\n";
        const auto row = [&](const char* name, double ms) {
            out << "| " << name << " | " << QString::number(ms, 'f', 3) << " |\n";
            out.flush();
        };
        row("first page of 50 clients sorted by name", medianMs(runs, [&](int) {
                return clientStore.list({QString(), 0, 50}).ok();
            }));
        row("page of 50 clients at offset 50,000", medianMs(runs, [&](int) {
                return clientStore.list({QString(), std::min(50'000, clients / 2), 50}).ok();
            }));
        row("name filter (substring), first 50", medianMs(runs, [&](int i) {
                return clientStore
                    .list({QStringLiteral("ent %1").arg(rnd.bounded(clients) + i % 2, 6, 10,
                                                        QLatin1Char('0')),
                           0, 50})
                    .ok();
            }));
        row("one client's profiles", medianMs(runs, [&](int) {
                return profileStore
                    .list({clientIds[rnd.bounded(clientIds.size())], std::nullopt, 0, 100})
                    .ok();
            }));
        row("first 50 profiles that can call a collection", medianMs(runs, [&](int i) {
                return profileStore.list({std::nullopt, collections[i % 10], 0, 50}).ok();
            }));
        row("key lookup by digest (with its profile)", medianMs(runs, [&](int i) {
                return profileStore.lookupDigest(digests[i % digests.size()]).ok();
            }));
        row("key digest to profile id (index only)", medianMs(runs, [&](int i) {
                return db
                    .scalar(QStringLiteral("SELECT profile_id FROM api_keys WHERE digest = ?"),
                            {digests[i % digests.size()]})
                    .ok();
            }));
    }
    if (!pgName.isEmpty())
        adminExec(admin,
                  QStringLiteral("DROP DATABASE ") + pgName + QStringLiteral(" WITH (FORCE)"));
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
          QStringLiteral("50")},
         {QStringLiteral("backend"), QStringLiteral("sqlite, postgres or both."),
          QStringLiteral("B"), QStringLiteral("both")}});
    parser.process(app);
    const int clients = std::max(100, parser.value(QStringLiteral("clients")).toInt());
    const int perClient = std::max(1, parser.value(QStringLiteral("profiles-per-client")).toInt());
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const QString backend = parser.value(QStringLiteral("backend"));
    for (const QString& b : {QStringLiteral("sqlite"), QStringLiteral("postgres")})
        if (backend == QLatin1String("both") || backend == b)
            runBackend(b, clients, perClient, runs);
    return 0;
}
