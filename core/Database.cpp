#include "Database.h"

#include "Schema.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlRecord>

#include <pwd.h>
#include <unistd.h>

namespace tollgate {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(Database)
};
} // namespace

QString nextConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("tollgate-%1").arg(counter.fetchAndAddRelaxed(1));
}

QString operatingSystemUser()
{
    if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("uid:%1").arg(geteuid()) : user;
}

} // namespace

Database::Database(const DatabaseUrl& url, const Clock* clock)
    : m_url(url)
    , m_dialect(url.isSqlite() ? Dialect::Kind::Sqlite : Dialect::Kind::Postgres)
    , m_connectionName(nextConnectionName())
{
    if (!clock) {
        m_ownClock = std::make_unique<SystemClock>();
        clock = m_ownClock.get();
    }
    m_clock = clock;
}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<std::unique_ptr<Database>> Database::openRaw(const DatabaseUrl& url, OpenMode mode,
                                                    const Clock* clock)
{
    std::unique_ptr<Database> db(new Database(url, clock));
    TG_TRY(db->connect(mode));
    return db;
}

Result<std::unique_ptr<Database>> Database::open(const DatabaseUrl& url, OpenMode mode,
                                                 const Clock* clock)
{
    auto db = openRaw(url, mode, clock);
    if (!db)
        return db.error();
    TG_TRY(Schema::migrate(**db));
    return db;
}

Status Database::connect(OpenMode mode)
{
    if (m_url.isSqlite()) {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
            return Error::database(Text::tr("the SQLite driver for Qt is not installed "
                                            "(Debian package libqt6sql6-sqlite)"));
        const QFileInfo file(m_url.filePath);
        if (file.isDir())
            return Error::database(
                Text::tr("%1 is a directory, not a database file").arg(file.filePath()));
        if (!file.exists()) {
            if (mode != OpenMode::CreateIfMissing)
                return Error::database(
                    Text::tr("the database %1 does not exist; create it with "
                             "\"tollgatectl init --prefix NAME\" or \"tollgatectl demo\"")
                        .arg(file.filePath()));
            if (!QDir().mkpath(file.absolutePath()))
                return Error::database(
                    Text::tr("cannot create the directory %1").arg(file.absolutePath()));
            QFile create(file.filePath());
            // Created owner-only before SQLite writes anything; the -wal and -shm
            // files SQLite creates later take the same permissions.
            if (!create.open(QIODevice::WriteOnly | QIODevice::NewOnly)
                || !create.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
                return Error::database(
                    Text::tr("cannot create the database file %1").arg(file.filePath()),
                    create.errorString());
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(m_url.filePath);
        m_readOnly = mode == OpenMode::ReadOnly;
        db.setConnectOptions(m_readOnly
                                 ? QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY")
                                 : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            return toError(db.lastError(),
                           Text::tr("cannot open the database %1").arg(m_url.filePath));
        TG_TRY(configureSqlite(m_readOnly));
    } else {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            return Error::database(Text::tr("the PostgreSQL driver for Qt is not installed "
                                            "(Debian package libqt6sql6-psql)"));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.databaseName);
        m_readOnly = mode == OpenMode::ReadOnly;
        db.setConnectOptions(QStringLiteral("connect_timeout=5;application_name=tollgate"));
        if (!db.open())
            return Error::database(
                Text::tr("cannot connect to PostgreSQL at %1").arg(m_url.displayName()),
                db.lastError().text().trimmed());
        TG_TRY(configurePostgres());
    }
    return resolveActor();
}

Status Database::configurePostgres()
{
    TG_TRY(execPlain(QStringLiteral("SET client_min_messages TO WARNING")));
    if (m_readOnly)
        TG_TRY(execPlain(QStringLiteral("SET default_transaction_read_only = on")));
    return {};
}

Status Database::reconnect()
{
    m_reconnecting = true;
    QSqlDatabase db = connection();
    db.close();
    Status status;
    if (!db.open())
        status =
            Error::database(Text::tr("cannot connect to PostgreSQL at %1").arg(m_url.displayName()),
                            db.lastError().text().trimmed());
    else
        status = configurePostgres();
    m_reconnecting = false;
    return status;
}

Status Database::configureSqlite(bool readOnly)
{
    // The first read tells a corrupt file or a file that is not a database.
    auto check = scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"));
    if (!check)
        return check.error();
    TG_TRY(execPlain(QStringLiteral("PRAGMA foreign_keys=ON")));
    if (readOnly)
        return {};
    auto mode = scalar(QStringLiteral("PRAGMA journal_mode=WAL"));
    if (!mode)
        return mode.error();
    if (mode->toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return Error::database(
            Text::tr("cannot switch the database %1 to WAL mode").arg(m_url.filePath),
            mode->toString());
    TG_TRY(execPlain(QStringLiteral("PRAGMA synchronous=NORMAL")));
    return {};
}

Status Database::resolveActor()
{
    if (m_url.isSqlite()) {
        m_actor = operatingSystemUser();
        return {};
    }
    auto user = scalar(QStringLiteral("SELECT current_user"));
    if (!user)
        return user.error();
    m_actor = user->toString();
    return {};
}

Status Database::execPlain(const QString& sql)
{
    auto q = exec(sql);
    if (!q)
        return q.error();
    return {};
}

Result<QSqlQuery> Database::exec(const QString& sql, const QVariantList& values)
{
    auto result = execOnce(sql, values);
    if (result || m_reconnecting || m_transactionDepth > 0 || !connectionLost(m_lastSqlError))
        return result;
    // The server dropped the session (a restart, a failover) while no transaction was
    // open. A statement that cannot have changed anything (a read, or the BEGIN of a
    // transaction) runs again on a new session; a failed write is reported as it is.
    const QString verb = sql.trimmed().section(QLatin1Char(' '), 0, 0).toUpper();
    if (verb != QLatin1String("SELECT") && verb != QLatin1String("BEGIN")
        && verb != QLatin1String("START"))
        return result;
    if (Status reconnected = reconnect(); !reconnected)
        return result.error();
    return execOnce(sql, values);
}

Result<QSqlQuery> Database::execOnce(const QString& sql, const QVariantList& values)
{
    QSqlDatabase db = connection();
    m_lastSqlError = QSqlError();
    if (!db.isOpen()) {
        // The driver closed it after the server went away.
        m_lastSqlError = QSqlError(QString(), QString(), QSqlError::ConnectionError);
        return Error::database(Text::tr("the database connection is closed"));
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (values.isEmpty()) {
        // Statements without values run directly: PostgreSQL cannot PREPARE
        // utility statements (SET, BEGIN, CREATE, LOCK, ...).
        if (!query.exec(sql)) {
            m_lastSqlError = query.lastError();
            return toError(m_lastSqlError, Text::tr("a database statement failed"));
        }
        return query;
    }
    if (!query.prepare(sql)) {
        m_lastSqlError = query.lastError();
        return toError(m_lastSqlError, Text::tr("cannot prepare a statement"));
    }
    for (const QVariant& value : values) {
        // A null QString means "empty text" in the domain; SQL NULL is bound
        // explicitly as an invalid QVariant.
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QStringLiteral(""));
        else
            query.addBindValue(value);
    }
    if (!query.exec()) {
        m_lastSqlError = query.lastError();
        return toError(m_lastSqlError, Text::tr("a database statement failed"));
    }
    return query;
}

Result<QVariant> Database::scalar(const QString& sql, const QVariantList& values)
{
    auto q = exec(sql, values);
    if (!q)
        return q.error();
    if (!q->next())
        return QVariant();
    return q->value(0);
}

Status Database::transaction(const std::function<Status()>& body)
{
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Status status = body();
        --m_transactionDepth;
        return status;
    }
    TG_TRY(execPlain(m_dialect.beginStatement()));
    m_transactionDepth = 1;
    Status status = body();
    m_transactionDepth = 0;
    if (status) {
        if (Status committed = execPlain(QStringLiteral("COMMIT")); !committed) {
            (void)execPlain(QStringLiteral("ROLLBACK"));
            return committed;
        }
        return {};
    }
    (void)execPlain(QStringLiteral("ROLLBACK"));
    return status;
}

bool Database::connectionLost(const QSqlError& error) const
{
    return !m_url.isSqlite() && error.isValid()
           && (error.type() == QSqlError::ConnectionError || !connection().isOpen()
               || error.nativeErrorCode().startsWith(QLatin1String("08"))
               || error.nativeErrorCode().startsWith(QLatin1String("57P")));
}

Error Database::toError(const QSqlError& error, const QString& what) const
{
    const QString detail = error.text().trimmed();
    const QString where = m_url.displayName();
    if (m_dialect.isBusy(error))
        return Error::database(
            Text::tr("the database %1 is locked by another program; try again").arg(where), detail);
    if (m_dialect.isReadOnly(error))
        return Error::database(
            Text::tr("the database %1 is read-only; nothing was changed").arg(where), detail);
    if (m_dialect.isCorrupt(error))
        return Error::database(Text::tr("%1 is damaged or is not a Tollgate database").arg(where),
                               detail);
    if (m_dialect.isUniqueViolation(error))
        return Error::conflict(QString(), Text::tr("an object with the same name already exists"));
    if (m_dialect.isForeignKeyViolation(error))
        return Error::conflict(QString(),
                               Text::tr("a related object was changed or deleted meanwhile"));
    if (connectionLost(error))
        return Error::database(Text::tr("lost the connection to PostgreSQL at %1").arg(where),
                               detail);
    return Error::database(what, detail);
}

} // namespace tollgate
