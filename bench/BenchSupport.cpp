#include "BenchSupport.h"

#include "ApiKey.h"
#include "CollectionStore.h"
#include "Database.h"

#include <QCommandLineParser>
#include <QTemporaryDir>
#include <QUuid>

namespace tollgate::bench {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QList<QVariant> column(Database& db, const QString& sql)
{
    QList<QVariant> values;
    auto q = db.exec(sql);
    while (q && q->next())
        values.append(q->value(0));
    return values;
}

Result<qint64> createCollection(Database& db, int i)
{
    Collection c;
    c.name = QStringLiteral("Collection %1").arg(i);
    c.path = QStringLiteral("c%1").arg(i);
    auto created = CollectionStore(db).create(c);
    if (!created)
        return created.error();
    return created->id;
}

ApiKeyRecord newKeyRecord(RandomSource& random)
{
    const GeneratedKey k = ApiKey::generate(random);
    ApiKeyRecord r;
    r.digest = k.digest;
    r.hint = k.hint;
    return r;
}

void addBackendOptions(QCommandLineParser& parser)
{
    parser.addOptions({{QStringLiteral("backend"), QStringLiteral("sqlite, postgres or both."),
                        QStringLiteral("B"), QStringLiteral("both")},
                       {QStringLiteral("database"),
                        QStringLiteral("Use (and keep) this database instead of a throwaway one."),
                        QStringLiteral("URL")}});
}

namespace {
void run(const QString& label, const DatabaseUrl& url, const Steps& steps)
{
    auto opened = Database::open(url, Database::OpenMode::CreateIfMissing);
    if (!opened) {
        out() << label << ": " << opened.error().toString() << '\n';
        return;
    }
    Database& db = **opened;
    out() << '\n' << label << " (" << url.displayName() << ")\n";
    auto loaded = steps.loaded(db);
    if (!loaded) {
        out() << "  " << loaded.error().toString() << '\n';
        return;
    }
    if (!*loaded) {
        if (Status s = steps.load(db); !s) {
            out() << "  load failed: " << s.error().toString() << '\n';
            return;
        }
    }
    out().flush();
    steps.measure(db);
}

bool adminExec(const QString& admin, const QString& sql)
{
    auto db = Database::openRaw(DatabaseUrl::parse(admin).value(), Database::OpenMode::MustExist);
    if (!db) {
        out() << db.error().toString() << '\n';
        return false;
    }
    return (*db)->exec(sql).ok();
}
} // namespace

int forEachBackend(const QCommandLineParser& parser, const Steps& steps)
{
    if (parser.isSet(QStringLiteral("database"))) {
        auto url = DatabaseUrl::parse(parser.value(QStringLiteral("database")));
        if (!url) {
            out() << url.error().toString() << '\n';
            return 1;
        }
        run(url->isSqlite() ? QStringLiteral("sqlite") : QStringLiteral("postgres"), *url, steps);
        return 0;
    }
    const QString backend = parser.value(QStringLiteral("backend"));
    if (backend == QLatin1String("both") || backend == QLatin1String("sqlite")) {
        QTemporaryDir dir;
        DatabaseUrl url;
        url.filePath = dir.filePath(QStringLiteral("bench.db"));
        run(QStringLiteral("sqlite"), url, steps);
    }
    if (backend == QLatin1String("both") || backend == QLatin1String("postgres")) {
        const QString admin = qEnvironmentVariable("TOLLGATE_TEST_PG");
        if (admin.isEmpty()) {
            out() << "\npostgres: skipped (TOLLGATE_TEST_PG is not set)\n";
            return 0;
        }
        const QString name =
            QStringLiteral("tg_bench_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        if (!adminExec(admin, QStringLiteral("CREATE DATABASE ") + name))
            return 1;
        DatabaseUrl url = DatabaseUrl::parse(admin).value();
        url.databaseName = name;
        run(QStringLiteral("postgres"), url, steps);
        adminExec(admin, QStringLiteral("DROP DATABASE ") + name + QStringLiteral(" WITH (FORCE)"));
    }
    return 0;
}

} // namespace tollgate::bench
