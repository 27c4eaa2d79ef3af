#include "BenchSupport.h"

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

void addBackendOptions(QCommandLineParser& parser)
{
    parser.addOptions({{QStringLiteral("backend"), QStringLiteral("sqlite, postgres or both."),
                        QStringLiteral("B"), QStringLiteral("both")},
                       {QStringLiteral("database"),
                        QStringLiteral("Use (and keep) this database instead of a throwaway one."),
                        QStringLiteral("URL")}});
}

namespace {
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

int forEachBackend(const QCommandLineParser& parser,
                   const std::function<void(const QString& label, const DatabaseUrl& url)>& run)
{
    if (parser.isSet(QStringLiteral("database"))) {
        auto url = DatabaseUrl::parse(parser.value(QStringLiteral("database")));
        if (!url) {
            out() << url.error().toString() << '\n';
            return 1;
        }
        run(url->isSqlite() ? QStringLiteral("sqlite") : QStringLiteral("postgres"), *url);
        return 0;
    }
    const QString backend = parser.value(QStringLiteral("backend"));
    if (backend == QLatin1String("both") || backend == QLatin1String("sqlite")) {
        QTemporaryDir dir;
        DatabaseUrl url;
        url.filePath = dir.filePath(QStringLiteral("bench.db"));
        run(QStringLiteral("sqlite"), url);
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
        run(QStringLiteral("postgres"), url);
        adminExec(admin, QStringLiteral("DROP DATABASE ") + name + QStringLiteral(" WITH (FORCE)"));
    }
    return 0;
}

} // namespace tollgate::bench
