#include "DbWorker.h"

#include "ConfigVersion.h"
#include "GatewayConfig.h"
#include "Usage.h"

#include <QElapsedTimer>
#include <QSqlDriver>

#include <cstdio>

namespace tollgate::gateway {

DbWorker::DbWorker(Gateway& gateway, DatabaseUrl url, int retentionDays)
    : m_gateway(gateway)
    , m_url(std::move(url))
    , m_retentionDays(retentionDays)
{
}

DbWorker::~DbWorker() = default;

Status DbWorker::start()
{
    auto db = Database::open(m_url, Database::OpenMode::MustExist);
    if (!db)
        return db.error();
    m_db = std::move(*db);
    auto config = GatewayConfig::load(*m_db);
    if (!config)
        return config.error();
    m_gateway.install(*config);
    m_loadedVersion = (*config)->version();

    if (!m_url.isSqlite()) {
        QSqlDriver* driver = m_db->connection().driver();
        if (driver->subscribeToNotification(QLatin1String(ConfigVersion::kNotifyChannel)))
            connect(driver, &QSqlDriver::notification, this, [this] { reloadIfChanged(); });
    }
    // Polling is the fallback on PostgreSQL and the mechanism on SQLite: one
    // small read, four times a second, keeps changes under a second away.
    m_pollTimer = new QTimer(this);
    connect(m_pollTimer, &QTimer::timeout, this, &DbWorker::reloadIfChanged);
    m_pollTimer->start(250);
    m_flushTimer = new QTimer(this);
    connect(m_flushTimer, &QTimer::timeout, this, &DbWorker::flushUsage);
    m_flushTimer->start(1000);
    m_compactTimer = new QTimer(this);
    connect(m_compactTimer, &QTimer::timeout, this, &DbWorker::compactUsage);
    m_compactTimer->start(3'600'000);
    compactUsage();
    return {};
}

void DbWorker::stop()
{
    if (m_pollTimer)
        m_pollTimer->stop();
    if (m_flushTimer)
        m_flushTimer->stop();
    if (m_compactTimer)
        m_compactTimer->stop();
    if (!m_db)
        return;
    if (const auto state = m_gateway.state()) {
        for (const auto& [id, counter] : state->quotas) {
            qint64 window = 0;
            const qint64 unused = counter->takeUnused(window);
            if (unused > 0)
                if (Status s = QuotaLeases::release(*m_db, id, window, unused); !s)
                    reportFailure(s.error());
        }
    }
    flushUsage();
    m_db.reset(); // a connection is closed on the thread that opened it
}

void DbWorker::requestLease(std::shared_ptr<QuotaCounter> counter, qint64 windowStart, qint64 want)
{
    QMetaObject::invokeMethod(
        this, [this, counter, windowStart, want] { lease(counter, windowStart, want); },
        Qt::QueuedConnection);
}

void DbWorker::lease(const std::shared_ptr<QuotaCounter>& counter, qint64 windowStart, qint64 want)
{
    auto granted = QuotaLeases::lease(*m_db, counter->profileId(), windowStart, want,
                                      counter->quota().requests);
    const auto refill = [this, counter](qint64 window, qint64 more) {
        requestLease(counter, window, more);
    };
    if (!granted) {
        // The database is unavailable: refuse rather than admit unaccounted requests.
        reportFailure(granted.error());
        counter->refilled(windowStart, 0, m_gateway.clock().nowMs(), refill);
        return;
    }
    counter->refilled(windowStart, *granted, m_gateway.clock().nowMs(), refill);
}

void DbWorker::reloadIfChanged()
{
    auto version = ConfigVersion::current(*m_db);
    if (!version)
        return reportFailure(version.error());
    m_gateway.setDatabaseReachable(true);
    if (*version != m_loadedVersion)
        reload();
}

void DbWorker::reload()
{
    QElapsedTimer timer;
    timer.start();
    const auto state = m_gateway.state();
    auto config = state ? GatewayConfig::update(*m_db, state->config) : GatewayConfig::load(*m_db);
    if (!config)
        return reportFailure(config.error());
    if (state && *config == state->config)
        return;
    m_gateway.install(*config);
    m_loadedVersion = (*config)->version();
    std::fprintf(stderr,
                 "{\"level\":\"info\",\"message\":\"configuration version %lld in effect "
                 "after %lld ms\"}\n",
                 static_cast<long long>(m_loadedVersion), static_cast<long long>(timer.elapsed()));
}

void DbWorker::flushUsage()
{
    m_gateway.releaseRetired();
    const UsageBatch batch = m_gateway.recorder().take();
    if (batch.isEmpty())
        return;
    if (Status s = UsageStore::write(*m_db, batch); !s) {
        reportFailure(s.error());
        // Keep the counts for the next attempt.
        UsageBatch keep = batch;
        m_gateway.recorder().putBack(keep);
    }
}

void DbWorker::compactUsage()
{
    if (Status s = UsageStore::compact(*m_db, m_gateway.clock().nowMs(), m_retentionDays); !s)
        reportFailure(s.error());
}

void DbWorker::reportFailure(const Error& error)
{
    m_gateway.setDatabaseReachable(false);
    const QString text = error.toString();
    if (text == m_lastError)
        return;
    m_lastError = text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1Char('\''));
    std::fprintf(stderr, "{\"level\":\"error\",\"message\":\"database: %s\"}\n",
                 qPrintable(quoted));
}

} // namespace tollgate::gateway
