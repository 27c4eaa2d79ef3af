#pragma once

#include "Result.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <array>

namespace tollgate {

class Database;

// What happened to a request, as counted in the usage rollups.
enum class Outcome {
    Allowed,
    EndpointClientError, // the endpoint answered 4xx
    EndpointServerError, // the endpoint answered 5xx
    BadGateway,
    GatewayTimeout,
    MissingKey,
    InvalidKey,
    CollectionNotAllowed,
    IpNotAllowed,
    RateLimited,
    QuotaExceeded,
    TooLarge,
    NotFound,
    MethodNotAllowed,
};
inline constexpr int kOutcomeCount = 14;
QString outcomeName(Outcome outcome);

// Latency histogram bucket upper bounds in microseconds; the last bucket is open.
inline constexpr std::array<qint64, 11> kLatencyBoundsUs = {
    1'000, 2'000, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000};
inline constexpr int kLatencyBuckets = 12;
int latencyBucket(qint64 microseconds);

struct UsageCounts {
    qint64 requests = 0;
    qint64 latencySumUs = 0;
    qint64 latencyMaxUs = 0;
    std::array<qint64, kLatencyBuckets> histogram{};
    void add(qint64 latencyUs);
    void merge(const UsageCounts& other);
    // The q-quantile (0..1) from the histogram: the upper bound of its bucket.
    qint64 quantileUs(double q) const;
};

// One flush of the gateway's in-memory counters.
struct UsageBatch {
    struct Key {
        qint64 profileId = 0; // 0: no profile (unknown key, no endpoint, ...)
        qint64 endpointId = 0;
        Outcome outcome = Outcome::Allowed;
        qint64 minuteStart = 0;
        friend bool operator==(const Key&, const Key&) = default;
    };
    struct Source {
        qint64 requests = 0;
        qint64 refused = 0;
        qint64 lastSeen = 0;
    };
    QHash<Key, UsageCounts> rollups;
    QHash<qint64, qint64> keyLastUse;              // key id -> ms
    QHash<QPair<qint64, QString>, Source> sources; // (profile, address)
    bool isEmpty() const { return rollups.isEmpty() && keyLastUse.isEmpty() && sources.isEmpty(); }
    void merge(const UsageBatch& other);
};
size_t qHash(const UsageBatch::Key& key, size_t seed = 0);

struct UsageQuery {
    std::optional<qint64> profileId;
    std::optional<qint64> clientId;
    qint64 fromMs = 0;
    qint64 toMs = 0; // exclusive
};

struct EndpointUsage {
    qint64 endpointId = 0;
    QString collection;
    QString endpoint;
    QString method;
    QHash<QString, qint64> outcomes;
    UsageCounts counts;
    qint64 lastCallMs = 0;
};

struct SourceUsage {
    qint64 profileId = 0;
    QString address;
    qint64 requests = 0;
    qint64 refused = 0;
    qint64 lastSeenMs = 0;
};

// Requests in one bar of a usage chart: [startMs, startMs + bucket), by outcome name.
struct UsagePoint {
    qint64 startMs = 0;
    QHash<QString, qint64> outcomes;
    qint64 total() const;
};

struct UsageReport {
    QHash<QString, qint64> outcomes; // outcome name -> requests
    QList<EndpointUsage> endpoints;
    qint64 requests = 0;
};

// One profile's usage in a period, for the access report and its review flags.
struct ProfileUsage {
    QHash<QString, qint64> outcomes;     // outcome name -> requests
    QSet<qint64> endpointsCalled;        // allowed at least once
    std::optional<qint64> peakPerMinute; // from the per-minute rollups (two days)
};

// Writes and reads the usage the gateway records: per-minute rollups per
// profile, endpoint and outcome, keys' last use and the source addresses seen.
// The usage of all profiles together is also kept summed over profiles, per
// minute, hour and day at once; queries for everything over whole days (or
// hours within 31 days, minutes within two) read those totals.
namespace UsageStore {

// One transaction; adds to existing rows (and to the totals).
Status write(Database& db, const UsageBatch& batch);
Result<UsageReport> report(Database& db, const UsageQuery& query);
// The source addresses seen for the query's profile or client (all time),
// busiest first; the first `limit` of them (0: all).
Result<QList<SourceUsage>> sources(Database& db, const UsageQuery& query, int limit = 0);
// How many source addresses the query's profile or client was seen from.
Result<qint64> sourceCount(Database& db, const UsageQuery& query);
// Folds per-minute rollups older than two days into hourly ones, hourly ones
// older than 31 days into daily ones, and deletes daily ones older than
// retentionDays (and drops the totals' minutes, hours and days as old). One
// transaction; the usage of any period is unchanged by folding.
Status compact(Database& db, qint64 nowMs, int retentionDays);
// Computes the totals of everything again from the rollups (after rollups were
// written other than through write(): generated for a benchmark, say).
Status rebuildTotals(Database& db);
// The query's requests in consecutive buckets of bucketMs from fromMs to toMs
// (every bucket present, empty ones too), for a chart. Rollups coarser than the
// bucket (daily ones in an hourly chart) fall into the bucket of their start.
Result<QList<UsagePoint>> series(Database& db, const UsageQuery& query, qint64 bucketMs);
// The busiest minute in [fromMs, toMs) (allowed and rate-limited requests), from
// the per-minute rollups (kept for two days): the peak rate seen.
Result<qint64> peakPerMinute(Database& db, const UsageQuery& query);
// Every profile's usage in [fromMs, toMs), by profile id (profiles without
// usage are absent).
Result<QHash<qint64, ProfileUsage>> byProfile(Database& db, qint64 fromMs, qint64 toMs);
// Every request a profile made, kept so far, by endpoint id.
Result<QHash<qint64, qint64>> callsByEndpoint(Database& db, qint64 profileId);
// Requests admitted for a profile in [fromMs, toMs).
Result<qint64> allowedRequests(Database& db, qint64 profileId, qint64 fromMs, qint64 toMs);

} // namespace UsageStore

// Quota units are reserved from the database in leases, so that several
// gateways never admit more than the limit together, and a crash loses at
// most the units it had leased but not used.
namespace QuotaLeases {

// Reserves up to `want` units of profileId's window; returns how many were granted (0: none left).
Result<qint64> lease(Database& db, qint64 profileId, qint64 windowStart, qint64 want, qint64 limit);
// Gives back units leased but not used (on clean shutdown).
Status release(Database& db, qint64 profileId, qint64 windowStart, qint64 units);
Result<qint64> leased(Database& db, qint64 profileId, qint64 windowStart);

} // namespace QuotaLeases
} // namespace tollgate
