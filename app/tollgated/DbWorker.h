#pragma once

#include "Database.h"
#include "Gateway.h"

#include <QObject>
#include <QTimer>

namespace tollgate::gateway {

// The gateway's database side, on its own Qt thread with its own connection:
// reloads what changed in the configuration when its version moves (polling, and on
// PostgreSQL also LISTEN/NOTIFY), writes usage once a second, and serves quota
// leases, and folds old per-minute rollups into hourly and daily ones every
// hour. Nothing here runs on an I/O thread.
class DbWorker : public QObject {
    Q_OBJECT

public:
    DbWorker(Gateway& gateway, DatabaseUrl url, int retentionDays);
    ~DbWorker() override;

    // Runs on the worker's thread: open the database and load the configuration.
    Status start();
    // Runs on the worker's thread: hand back unused quota units and write the last usage.
    void stop();
    // Thread-safe: queues a lease for the counter.
    void requestLease(std::shared_ptr<QuotaCounter> counter, qint64 windowStart, qint64 want);

private:
    void reloadIfChanged();
    void reload();
    void flushUsage();
    void compactUsage();
    void lease(const std::shared_ptr<QuotaCounter>& counter, qint64 windowStart, qint64 want);
    void reportFailure(const Error& error);

    Gateway& m_gateway;
    DatabaseUrl m_url;
    std::unique_ptr<Database> m_db;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_flushTimer = nullptr;
    QTimer* m_compactTimer = nullptr;
    const int m_retentionDays;
    qint64 m_loadedVersion = -1;
    QString m_lastError;
};

} // namespace tollgate::gateway
