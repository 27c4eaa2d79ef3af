#include "Usage.h"

#include "Database.h"
#include "EndpointStore.h"

#include <QStringList>

#include <algorithm>

namespace tollgate {

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Allowed: return QStringLiteral("allowed");
    case Outcome::EndpointClientError: return QStringLiteral("endpoint_4xx");
    case Outcome::EndpointServerError: return QStringLiteral("endpoint_5xx");
    case Outcome::BadGateway: return QStringLiteral("bad_gateway");
    case Outcome::GatewayTimeout: return QStringLiteral("gateway_timeout");
    case Outcome::MissingKey: return QStringLiteral("missing_api_key");
    case Outcome::InvalidKey: return QStringLiteral("invalid_api_key");
    case Outcome::CollectionNotAllowed: return QStringLiteral("collection_not_allowed");
    case Outcome::IpNotAllowed: return QStringLiteral("ip_not_allowed");
    case Outcome::RateLimited: return QStringLiteral("rate_limited");
    case Outcome::QuotaExceeded: return QStringLiteral("quota_exceeded");
    case Outcome::TooLarge: return QStringLiteral("entity_too_large");
    case Outcome::NotFound: return QStringLiteral("not_found");
    case Outcome::MethodNotAllowed: return QStringLiteral("method_not_allowed");
    }
    return {};
}

int latencyBucket(qint64 us)
{
    const auto it = std::lower_bound(kLatencyBoundsUs.begin(), kLatencyBoundsUs.end(), us);
    return static_cast<int>(it - kLatencyBoundsUs.begin());
}

void UsageCounts::add(qint64 latencyUs)
{
    ++requests;
    latencySumUs += latencyUs;
    latencyMaxUs = std::max(latencyMaxUs, latencyUs);
    ++histogram[latencyBucket(latencyUs)];
}

void UsageCounts::merge(const UsageCounts& o)
{
    requests += o.requests;
    latencySumUs += o.latencySumUs;
    latencyMaxUs = std::max(latencyMaxUs, o.latencyMaxUs);
    for (int i = 0; i < kLatencyBuckets; ++i)
        histogram[i] += o.histogram[i];
}

qint64 UsageCounts::quantileUs(double q) const
{
    if (requests == 0)
        return 0;
    const qint64 rank = std::max<qint64>(1, static_cast<qint64>(q * requests + 0.5));
    qint64 seen = 0;
    for (int i = 0; i < kLatencyBuckets; ++i) {
        seen += histogram[i];
        if (seen >= rank)
            return i < int(kLatencyBoundsUs.size()) ? kLatencyBoundsUs[i] : latencyMaxUs;
    }
    return latencyMaxUs;
}

size_t qHash(const UsageBatch::Key& k, size_t seed)
{
    return qHashMulti(seed, k.profileId, k.endpointId, int(k.outcome), k.minuteStart);
}

void UsageBatch::merge(const UsageBatch& o)
{
    for (auto it = o.rollups.cbegin(); it != o.rollups.cend(); ++it)
        rollups[it.key()].merge(it.value());
    for (auto it = o.keyLastUse.cbegin(); it != o.keyLastUse.cend(); ++it)
        keyLastUse[it.key()] = std::max(keyLastUse.value(it.key()), it.value());
    for (auto it = o.sources.cbegin(); it != o.sources.cend(); ++it) {
        Source& s = sources[it.key()];
        s.requests += it->requests;
        s.refused += it->refused;
        s.lastSeen = std::max(s.lastSeen, it->lastSeen);
    }
}

qint64 UsagePoint::total() const
{
    qint64 sum = 0;
    for (qint64 n : outcomes)
        sum += n;
    return sum;
}

namespace UsageStore {

namespace {
// On a rollup row that exists already: add the counts, keep the larger maximum.
QString addOnConflict(const Dialect& dialect)
{
    QStringList updates{QStringLiteral("requests = usage_rollups.requests + excluded.requests"),
                        QStringLiteral("latency_sum_us = usage_rollups.latency_sum_us + "
                                       "excluded.latency_sum_us"),
                        QStringLiteral("latency_max_us = ")
                            + dialect.greatest(QStringLiteral("usage_rollups.latency_max_us"),
                                               QStringLiteral("excluded.latency_max_us"))};
    for (int i = 0; i < kLatencyBuckets; ++i)
        updates << QStringLiteral("h%1 = usage_rollups.h%1 + excluded.h%1").arg(i);
    return QStringLiteral("ON CONFLICT (profile_id, granularity, bucket_start, endpoint_id, "
                          "outcome) DO UPDATE SET ")
           + updates.join(QLatin1String(", "));
}

// Narrows a query to the profile or the client the usage query names.
void addScope(const UsageQuery& q, QString& sql, QVariantList& values)
{
    if (q.profileId) {
        sql += QStringLiteral(" AND profile_id = ?");
        values << *q.profileId;
    }
    if (q.clientId) {
        sql += QStringLiteral(" AND profile_id IN (SELECT id FROM profiles WHERE client_id = ?)");
        values << *q.clientId;
    }
}

// "h0, h1, ..." or, with a pattern such as "sum(h%1)", "sum(h0), sum(h1), ...".
QString histogramColumns(const QString& pattern = QStringLiteral("h%1"))
{
    QStringList cols;
    for (int i = 0; i < kLatencyBuckets; ++i)
        cols << pattern.arg(i);
    return cols.join(QLatin1String(", "));
}
} // namespace

Status write(Database& db, const UsageBatch& batch)
{
    if (batch.isEmpty())
        return {};
    const QString upsert =
        QStringLiteral("INSERT INTO usage_rollups (profile_id, endpoint_id, outcome, granularity, "
                       "bucket_start, requests, latency_sum_us, latency_max_us, ")
        + histogramColumns() + QStringLiteral(") VALUES (?, ?, ?, 'minute', ?, ?, ?, ?, ")
        + QStringList(kLatencyBuckets, QStringLiteral("?")).join(QLatin1String(", "))
        + QStringLiteral(") ") + addOnConflict(db.dialect());
    return db.transaction([&]() -> Status {
        for (auto it = batch.rollups.cbegin(); it != batch.rollups.cend(); ++it) {
            QVariantList values{
                it.key().profileId,   it.key().endpointId, outcomeName(it.key().outcome),
                it.key().minuteStart, it->requests,        it->latencySumUs,
                it->latencyMaxUs};
            for (qint64 h : it->histogram)
                values << h;
            TG_TRY(db.exec(upsert, values));
        }
        for (auto it = batch.keyLastUse.cbegin(); it != batch.keyLastUse.cend(); ++it)
            TG_TRY(db.exec(QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND "
                                          "(last_used_at IS NULL OR last_used_at < ?)"),
                           {it.value(), it.key(), it.value()}));
        for (auto it = batch.sources.cbegin(); it != batch.sources.cend(); ++it)
            TG_TRY(db.exec(
                QStringLiteral(
                    "INSERT INTO usage_sources (profile_id, address, requests, refused, "
                    "last_seen) VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile_id, address) "
                    "DO UPDATE SET requests = usage_sources.requests + excluded.requests, "
                    "refused = usage_sources.refused + excluded.refused, last_seen = ")
                    + db.dialect().greatest(QStringLiteral("usage_sources.last_seen"),
                                            QStringLiteral("excluded.last_seen")),
                {it.key().first, it.key().second, it->requests, it->refused, it->lastSeen}));
        return {};
    });
}

Result<QList<UsagePoint>> series(Database& db, const UsageQuery& q, qint64 bucketMs)
{
    if (bucketMs <= 0 || q.toMs <= q.fromMs)
        return Error::invalid(QStringLiteral("period"), QStringLiteral("is empty"));
    QList<UsagePoint> points;
    for (qint64 start = q.fromMs; start < q.toMs; start += bucketMs)
        points.append(UsagePoint{start, {}});
    QString sql = QStringLiteral("SELECT bucket_start, outcome, sum(requests) FROM usage_rollups "
                                 "WHERE bucket_start >= ? AND bucket_start < ?");
    QVariantList values{q.fromMs, q.toMs};
    addScope(q, sql, values);
    sql += QStringLiteral(" GROUP BY bucket_start, outcome");
    auto rows = db.exec(sql, values);
    if (!rows)
        return rows.error();
    while (rows->next()) {
        const qsizetype index = qsizetype((rows->value(0).toLongLong() - q.fromMs) / bucketMs);
        if (index >= 0 && index < points.size())
            points[index].outcomes[rows->value(1).toString()] += rows->value(2).toLongLong();
    }
    return points;
}

Result<qint64> peakPerMinute(Database& db, const UsageQuery& q)
{
    QString sql = QStringLiteral(
        "SELECT max(n) FROM (SELECT bucket_start, sum(requests) AS n FROM usage_rollups "
        "WHERE granularity = 'minute' AND bucket_start >= ? AND bucket_start < ? "
        "AND outcome IN ('allowed', 'rate_limited')");
    QVariantList values{q.fromMs, q.toMs};
    addScope(q, sql, values);
    sql += QStringLiteral(" GROUP BY bucket_start) per_minute");
    auto peak = db.scalar(sql, values);
    if (!peak)
        return peak.error();
    return peak->toLongLong();
}

Result<UsageReport> report(Database& db, const UsageQuery& q)
{
    QString sql =
        QStringLiteral("SELECT endpoint_id, outcome, sum(requests), sum(latency_sum_us), "
                       "max(latency_max_us), max(bucket_start), ")
        + histogramColumns(QStringLiteral("sum(h%1)"))
        + QStringLiteral(" FROM usage_rollups WHERE bucket_start >= ? AND bucket_start < ?");
    QVariantList values{q.fromMs, q.toMs};
    addScope(q, sql, values);
    sql += QStringLiteral(" GROUP BY endpoint_id, outcome");
    // Read first: on PostgreSQL a forward-only result must be read to its end
    // before another statement runs.
    auto endpoints = EndpointStore(db).listAll();
    if (!endpoints)
        return endpoints.error();
    auto rows = db.exec(sql, values);
    if (!rows)
        return rows.error();
    UsageReport report;
    QHash<qint64, qsizetype> index;
    while (rows->next()) {
        const qint64 endpointId = rows->value(0).toLongLong();
        const QString outcome = rows->value(1).toString();
        UsageCounts counts;
        counts.requests = rows->value(2).toLongLong();
        counts.latencySumUs = rows->value(3).toLongLong();
        counts.latencyMaxUs = rows->value(4).toLongLong();
        for (int i = 0; i < kLatencyBuckets; ++i)
            counts.histogram[i] = rows->value(6 + i).toLongLong();
        report.outcomes[outcome] += counts.requests;
        report.requests += counts.requests;
        if (endpointId == 0)
            continue;
        if (!index.contains(endpointId)) {
            EndpointUsage e;
            e.endpointId = endpointId;
            for (const Endpoint& known : *endpoints)
                if (known.id == endpointId) {
                    e.collection = known.collectionName;
                    e.endpoint = known.name;
                    e.method = known.method;
                }
            index.insert(endpointId, report.endpoints.size());
            report.endpoints.append(e);
        }
        EndpointUsage& e = report.endpoints[index.value(endpointId)];
        e.outcomes[outcome] += counts.requests;
        e.counts.merge(counts);
        e.lastCallMs = std::max(e.lastCallMs, rows->value(5).toLongLong());
    }
    return report;
}

namespace {
// Folds rows of one granularity older than `before` into buckets of `width` ms.
Status fold(Database& db, const QString& from, const QString& to, qint64 width, qint64 before)
{
    TG_TRY(db.exec(
        QStringLiteral("INSERT INTO usage_rollups (profile_id, endpoint_id, outcome, granularity, "
                       "bucket_start, requests, latency_sum_us, latency_max_us, ")
            + histogramColumns()
            + QStringLiteral(") SELECT profile_id, endpoint_id, outcome, ?, folded, sum(requests), "
                             "sum(latency_sum_us), max(latency_max_us), ")
            + histogramColumns(QStringLiteral("sum(h%1)"))
            + QStringLiteral(" FROM (SELECT r.*, bucket_start - (bucket_start % ?) AS folded "
                             "FROM usage_rollups r WHERE granularity = ? AND bucket_start < ?) m "
                             "WHERE 1 = 1 GROUP BY profile_id, endpoint_id, outcome, folded ")
            + addOnConflict(db.dialect()),
        {to, width, from, before}));
    TG_TRY(db.exec(QStringLiteral("DELETE FROM usage_rollups WHERE granularity = ? AND "
                                  "bucket_start < ?"),
                   {from, before}));
    return {};
}
} // namespace

Status compact(Database& db, qint64 nowMs, int retentionDays)
{
    constexpr qint64 hour = 3'600'000;
    constexpr qint64 day = 24 * hour;
    // Fold only whole buckets: cut-offs are aligned to the bucket they fold into.
    const qint64 minuteCutoff = (nowMs - 2 * day) - (nowMs - 2 * day) % hour;
    const qint64 hourCutoff = (nowMs - 31 * day) - (nowMs - 31 * day) % day;
    return db.transaction([&]() -> Status {
        TG_TRY(fold(db, QStringLiteral("minute"), QStringLiteral("hour"), hour, minuteCutoff));
        TG_TRY(fold(db, QStringLiteral("hour"), QStringLiteral("day"), day, hourCutoff));
        TG_TRY(db.exec(QStringLiteral("DELETE FROM usage_rollups WHERE granularity = 'day' AND "
                                      "bucket_start < ?"),
                       {nowMs - qint64(retentionDays) * day}));
        return {};
    });
}

Result<QList<SourceUsage>> sources(Database& db, const UsageQuery& q)
{
    QString sql = QStringLiteral("SELECT profile_id, address, requests, refused, last_seen "
                                 "FROM usage_sources WHERE 1 = 1");
    QVariantList values;
    addScope(q, sql, values);
    auto rows = db.exec(sql + QStringLiteral(" ORDER BY requests DESC, address"), values);
    if (!rows)
        return rows.error();
    QList<SourceUsage> out;
    while (rows->next())
        out.append({rows->value(0).toLongLong(), rows->value(1).toString(),
                    rows->value(2).toLongLong(), rows->value(3).toLongLong(),
                    rows->value(4).toLongLong()});
    return out;
}

Result<qint64> allowedRequests(Database& db, qint64 profileId, qint64 fromMs, qint64 toMs)
{
    auto n = db.scalar(QStringLiteral("SELECT coalesce(sum(requests), 0) FROM usage_rollups WHERE "
                                      "profile_id = ? AND outcome IN ('allowed', 'endpoint_4xx', "
                                      "'endpoint_5xx', 'bad_gateway', 'gateway_timeout') AND "
                                      "bucket_start >= ? AND bucket_start < ?"),
                       {profileId, fromMs, toMs});
    if (!n)
        return n.error();
    return n->toLongLong();
}

} // namespace UsageStore

namespace QuotaLeases {

Result<qint64> lease(Database& db, qint64 profileId, qint64 windowStart, qint64 want, qint64 limit)
{
    qint64 granted = 0;
    TG_TRY(db.transaction([&]() -> Status {
        TG_TRY(db.exec(QStringLiteral("INSERT INTO quota_leases (profile_id, window_start, leased) "
                                      "VALUES (?, ?, 0) ON CONFLICT (profile_id, window_start) "
                                      "DO NOTHING"),
                       {profileId, windowStart}));
        auto leased = db.scalar(QStringLiteral("SELECT leased FROM quota_leases WHERE "
                                               "profile_id = ? AND window_start = ?")
                                    + db.dialect().forUpdate(),
                                {profileId, windowStart});
        if (!leased)
            return leased.error();
        granted = std::clamp<qint64>(limit - leased->toLongLong(), 0, want);
        if (granted > 0)
            TG_TRY(db.exec(QStringLiteral("UPDATE quota_leases SET leased = leased + ? WHERE "
                                          "profile_id = ? AND window_start = ?"),
                           {granted, profileId, windowStart}));
        return {};
    }));
    return granted;
}

Status release(Database& db, qint64 profileId, qint64 windowStart, qint64 units)
{
    if (units <= 0)
        return {};
    return db.transaction([&]() -> Status {
        TG_TRY(db.exec(QStringLiteral("UPDATE quota_leases SET leased = leased - ? WHERE "
                                      "profile_id = ? AND window_start = ? AND leased >= ?"),
                       {units, profileId, windowStart, units}));
        return {};
    });
}

Result<qint64> leased(Database& db, qint64 profileId, qint64 windowStart)
{
    auto n = db.scalar(QStringLiteral("SELECT leased FROM quota_leases WHERE profile_id = ? AND "
                                      "window_start = ?"),
                       {profileId, windowStart});
    if (!n)
        return n.error();
    return n->toLongLong();
}

} // namespace QuotaLeases
} // namespace tollgate
