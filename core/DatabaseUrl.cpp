#include "DatabaseUrl.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QUrl>

namespace tollgate {

namespace {
namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(DatabaseUrl)
};
} // namespace
} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString& input)
{
    const QString field = QStringLiteral("db");
    const QString text = input.trimmed();
    if (text.isEmpty())
        return Error::invalid(field, Text::tr("the database URL must not be empty"));

    DatabaseUrl db;
    if (text.startsWith(QLatin1String("postgresql://"))
        || text.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return Error::invalid(field, Text::tr("\"%1\" is not a valid PostgreSQL URL "
                                                  "(postgresql://user:password@host:port/dbname)")
                                             .arg(url.toDisplayString(QUrl::RemovePassword)));
        db.backend = Backend::Postgres;
        db.host = url.host();
        db.port = url.port(5432);
        db.user = url.userName(QUrl::FullyDecoded);
        db.password = url.password(QUrl::FullyDecoded);
        db.databaseName = url.path(QUrl::FullyDecoded).mid(1);
        if (db.databaseName.isEmpty() || db.databaseName.contains(QLatin1Char('/')))
            return Error::invalid(field, Text::tr("the PostgreSQL URL must name one database "
                                                  "(postgresql://host/dbname)"));
        return db;
    }
    if (text.startsWith(QLatin1String("sqlite:"))) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || !url.host().isEmpty() || !url.path().startsWith(QLatin1Char('/')))
            return Error::invalid(field,
                                  Text::tr("a SQLite URL must be sqlite:///absolute/path.db"));
        db.filePath = QDir::cleanPath(url.path(QUrl::FullyDecoded));
        return db;
    }
    if (text.contains(QLatin1String("://")))
        return Error::invalid(field, Text::tr("unknown database kind in \"%1\"; use a file path, "
                                              "sqlite:///path or postgresql://...")
                                         .arg(text.section(QLatin1String("://"), 0, 0).left(20)));
    db.filePath = QDir::cleanPath(QDir::current().absoluteFilePath(text));
    return db;
}

QString DatabaseUrl::defaultSqlitePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QStringLiteral("/tollgate.db");
}

Result<DatabaseUrl> DatabaseUrl::resolve(const QString& commandLineValue)
{
    if (!commandLineValue.isEmpty())
        return parse(commandLineValue);
    const QString env = qEnvironmentVariable("TOLLGATE_DB");
    if (!env.isEmpty())
        return parse(env);
    DatabaseUrl db;
    db.filePath = defaultSqlitePath();
    return db;
}

QString DatabaseUrl::displayName() const
{
    if (isSqlite())
        return filePath;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    url.setPath(QLatin1Char('/') + databaseName);
    return url.toString();
}

} // namespace tollgate
