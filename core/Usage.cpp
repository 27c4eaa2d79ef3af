#include "Usage.h"

#include "Database.h"
#include "EndpointStore.h"

#include <QStringList>

#include <algorithm>
#include <tuple>

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
// On a row of `table` that exists already: add the counts, keep the larger maximum.
QString addOnConflict(const Dialect& dialect, const QString& table, const QString& key)
{
    QStringList updates{QStringLiteral("requests = %1.requests + excluded.requests").arg(table),
                        QStringLiteral("latency_sum_us = %1.latency_sum_us + "
                                       "excluded.latency_sum_us")
                            .arg(table),
                        QStringLiteral("latency_max_us = ")
                            + dialect.greatest(table + QStringLiteral(".latency_max_us"),
                                               QStringLiteral("excluded.latency_max_us"))};
    for (int i = 0; i < kLatencyBuckets; ++i)
        updates << QStringLiteral("h%1 = %2.h%1 + excluded.h%1").arg(i).arg(table);
    return QStringLiteral("ON CONFLICT (%1) DO UPDATE SET ").arg(key)
           + updates.join(QLatin1String(", "));
}

QString addOnConflict(const Dialect& dialect)
{
    return addOnConflict(dialect, QStringLiteral("usage_rollups"),
                         QStringLiteral("profile_id, granularity, bucket_start, endpoint_id, "
                                        "outcome"));
}

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr int kMinutesKeptDays = 2;
constexpr int kHoursKeptDays = 31;

// The usage of all profiles together is kept a second time in usage_totals,
// summed over profiles and at every granularity at once (per minute for two
// days, per hour for 31 days, per day for the retention), so that the overall
// panels read thousands of rows rather than millions. The granularity whose
// rows answer q exactly: the coarsest that both ends of its period fall on and
// that is still kept at its start; none when q names a profile or a client.
std::optional<QString> totalsGranularity(const UsageQuery& q, qint64 nowMs)
{
    if (q.profileId || q.clientId)
        return std::nullopt;
    const auto on = [&](qint64 width) { return q.fromMs % width == 0 && q.toMs % width == 0; };
    if (on(kDayMs))
        return QStringLiteral("day");
    if (on(kHourMs) && q.fromMs >= nowMs - kHoursKeptDays * kDayMs)
        return QStringLiteral("hour");
    if (on(kMinuteMs) && q.fromMs >= nowMs - kMinutesKeptDays * kDayMs)
        return QStringLiteral("minute");
    return std::nullopt;
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

// The rows that hold a query's usage: its period, and its profile or client,
// or the totals of everything (see totalsGranularity). Decided once per query.
struct Rows {
    QString from;           // " FROM ... WHERE ..."
    QVariantList values;    // for the placeholders in `from`
    QString lastCallColumn; // the latest minute (totals) or the latest row's start
};

Rows rowsOf(const Database& db, const UsageQuery& q)
{
    Rows rows;
    rows.values << q.fromMs << q.toMs;
    if (auto granularity = totalsGranularity(q, db.nowMs())) {
        rows.values << *granularity;
        rows.from = QStringLiteral(" FROM usage_totals WHERE bucket_start >= ? AND "
                                   "bucket_start < ? AND granularity = ?");
        rows.lastCallColumn = QStringLiteral("last_call");
        return rows;
    }
    rows.from = QStringLiteral(" FROM usage_rollups WHERE bucket_start >= ? AND bucket_start < ?");
    addScope(q, rows.from, rows.values);
    rows.lastCallColumn = QStringLiteral("bucket_start");
    return rows;
}

// "h0, h1, ..." or, with a pattern such as "sum(h%1)", "sum(h0), sum(h1), ...".
QString histogramColumns(const QString& pattern = QStringLiteral("h%1"))
{
    QStringList cols;
    for (int i = 0; i < kLatencyBuckets; ++i)
        cols << pattern.arg(i);
    return cols.join(QLatin1String(", "));
}

// The counts plus their histogram, as bound after the key columns of an upsert.
void appendCounts(QVariantList& values, const UsageCounts& counts)
{
    values << counts.requests << counts.latencySumUs << counts.latencyMaxUs;
    for (qint64 h : counts.histogram)
        values << h;
}

QString placeholders(int n)
{
    return QStringList(n, QStringLiteral("?")).join(QLatin1String(", "));
}

// Runs "head row, row, ... tail" for the rows, many rows a statement: a flush
// of thousands of rows is a few round trips to the server, not thousands.
// Measured with bench_usage (4,000 rollups): PostgreSQL is fastest at 200 rows
// a statement; SQLite, where there is no round trip to save, binds long
// statements slowly and is fastest at about 20.
Status writeRows(Database& db, const QString& head, const QString& row, const QString& tail,
                 const QList<QVariantList>& rows)
{
    const qsizetype rowsPerStatement = db.dialect().isSqlite() ? 20 : 200;
    for (qsizetype start = 0; start < rows.size(); start += rowsPerStatement) {
        const qsizetype n = std::min(rowsPerStatement, rows.size() - start);
        QVariantList values;
        for (qsizetype i = start; i < start + n; ++i)
            values += rows[i];
        TG_TRY(db.exec(head + QStringList(n, row).join(QLatin1String(", ")) + tail, values));
    }
    return {};
}

// Adds the batch, summed over profiles, to usage_totals at every granularity;
// last_call keeps the start of the latest minute in each row.
Status writeTotals(Database& db, const UsageBatch& batch)
{
    QList<QVariantList> rows;
    const std::pair<const char*, qint64> granularities[] = {
        {"minute", kMinuteMs}, {"hour", kHourMs}, {"day", kDayMs}};
    for (const auto& [granularity, width] : granularities) {
        QHash<UsageBatch::Key, std::pair<UsageCounts, qint64>> sums; // counts, last call
        for (auto it = batch.rollups.cbegin(); it != batch.rollups.cend(); ++it) {
            const qint64 minute = it.key().minuteStart;
            auto& [counts, lastCall] =
                sums[{0, it.key().endpointId, it.key().outcome, minute - minute % width}];
            counts.merge(it.value());
            lastCall = std::max(lastCall, minute);
        }
        for (auto it = sums.cbegin(); it != sums.cend(); ++it) {
            QVariantList values{QLatin1String(granularity), it.key().minuteStart,
                                it.key().endpointId, outcomeName(it.key().outcome), it->second};
            appendCounts(values, it->first);
            rows.append(values);
        }
    }
    return writeRows(
        db,
        QStringLiteral("INSERT INTO usage_totals (granularity, bucket_start, endpoint_id, outcome, "
                       "last_call, requests, latency_sum_us, latency_max_us, ")
            + histogramColumns() + QStringLiteral(") VALUES "),
        QStringLiteral("(") + placeholders(8 + kLatencyBuckets) + QStringLiteral(")"),
        QStringLiteral(" ")
            + addOnConflict(db.dialect(), QStringLiteral("usage_totals"),
                            QStringLiteral("granularity, bucket_start, endpoint_id, outcome"))
            + QStringLiteral(", last_call = ")
            + db.dialect().greatest(QStringLiteral("usage_totals.last_call"),
                                    QStringLiteral("excluded.last_call")),
        rows);
}
} // namespace

Status write(Database& db, const UsageBatch& batch)
{
    if (batch.isEmpty())
        return {};
    QList<QVariantList> rollups;
    for (auto it = batch.rollups.cbegin(); it != batch.rollups.cend(); ++it) {
        QVariantList values{it.key().profileId, it.key().endpointId, outcomeName(it.key().outcome),
                            it.key().minuteStart};
        appendCounts(values, it.value());
        rollups.append(values);
    }
    QList<QVariantList> lastUses;
    for (auto it = batch.keyLastUse.cbegin(); it != batch.keyLastUse.cend(); ++it)
        lastUses.append({it.key(), it.value()});
    QList<QVariantList> sources;
    for (auto it = batch.sources.cbegin(); it != batch.sources.cend(); ++it)
        sources.append({it.key().first, it.key().second, it->requests, it->refused, it->lastSeen});
    const Dialect& dialect = db.dialect();
    return db.transaction([&]() -> Status {
        TG_TRY(writeRows(
            db,
            QStringLiteral("INSERT INTO usage_rollups (profile_id, endpoint_id, outcome, "
                           "granularity, bucket_start, requests, latency_sum_us, latency_max_us, ")
                + histogramColumns() + QStringLiteral(") VALUES "),
            QStringLiteral("(?, ?, ?, 'minute', ?, ") + placeholders(3 + kLatencyBuckets)
                + QStringLiteral(")"),
            QStringLiteral(" ") + addOnConflict(dialect), rollups));
        TG_TRY(writeTotals(db, batch));
        // Typed values: PostgreSQL reads untyped ones in VALUES as text.
        TG_TRY(writeRows(db, QStringLiteral("WITH v (id, at) AS (VALUES "),
                         QStringLiteral("(CAST(? AS BIGINT), CAST(? AS BIGINT))"),
                         QStringLiteral(") UPDATE api_keys SET last_used_at = v.at FROM v WHERE "
                                        "api_keys.id = v.id AND (api_keys.last_used_at IS NULL "
                                        "OR api_keys.last_used_at < v.at)"),
                         lastUses));
        TG_TRY(writeRows(
            db,
            QStringLiteral("INSERT INTO usage_sources (profile_id, address, requests, refused, "
                           "last_seen) VALUES "),
            QStringLiteral("(?, ?, ?, ?, ?)"),
            QStringLiteral(" ON CONFLICT (profile_id, address) DO UPDATE SET requests = "
                           "usage_sources.requests + excluded.requests, refused = "
                           "usage_sources.refused + excluded.refused, last_seen = ")
                + dialect.greatest(QStringLiteral("usage_sources.last_seen"),
                                   QStringLiteral("excluded.last_seen")),
            sources));
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
    const Rows source = rowsOf(db, q);
    auto rows = db.exec(QStringLiteral("SELECT bucket_start, outcome, sum(requests)") + source.from
                            + QStringLiteral(" GROUP BY bucket_start, outcome"),
                        source.values);
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
    // Per-minute rows, of the query's scope or of the totals of everything.
    const bool everything = !q.profileId && !q.clientId;
    QString sql =
        QStringLiteral("SELECT max(n) FROM (SELECT bucket_start, sum(requests) AS n FROM ")
        + (everything ? QStringLiteral("usage_totals") : QStringLiteral("usage_rollups"))
        + QStringLiteral(" WHERE granularity = 'minute' AND bucket_start >= ? AND "
                         "bucket_start < ? AND outcome IN ('allowed', 'rate_limited')");
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
    const Rows source = rowsOf(db, q);
    const QString sql = QStringLiteral("SELECT endpoint_id, outcome, sum(requests), "
                                       "sum(latency_sum_us), max(latency_max_us), max(%1), ")
                            .arg(source.lastCallColumn)
                        + histogramColumns(QStringLiteral("sum(h%1)")) + source.from
                        + QStringLiteral(" GROUP BY endpoint_id, outcome");
    // Read first: on PostgreSQL a forward-only result must be read to its end
    // before another statement runs.
    auto endpoints = EndpointStore(db).listAll();
    if (!endpoints)
        return endpoints.error();
    auto rows = db.exec(sql, source.values);
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
    // Fold only whole buckets: cut-offs are aligned to the bucket they fold into.
    const qint64 minuteCutoff =
        (nowMs - kMinutesKeptDays * kDayMs) - (nowMs - kMinutesKeptDays * kDayMs) % kHourMs;
    const qint64 hourCutoff =
        (nowMs - kHoursKeptDays * kDayMs) - (nowMs - kHoursKeptDays * kDayMs) % kDayMs;
    const qint64 dayCutoff = nowMs - qint64(retentionDays) * kDayMs;
    return db.transaction([&]() -> Status {
        TG_TRY(fold(db, QStringLiteral("minute"), QStringLiteral("hour"), kHourMs, minuteCutoff));
        TG_TRY(fold(db, QStringLiteral("hour"), QStringLiteral("day"), kDayMs, hourCutoff));
        TG_TRY(db.exec(QStringLiteral("DELETE FROM usage_rollups WHERE granularity = 'day' AND "
                                      "bucket_start < ?"),
                       {dayCutoff}));
        // The totals hold every granularity already: the finer rows just go.
        TG_TRY(db.exec(QStringLiteral("DELETE FROM usage_totals WHERE (granularity = 'minute' AND "
                                      "bucket_start < ?) OR (granularity = 'hour' AND "
                                      "bucket_start < ?) OR (granularity = 'day' AND "
                                      "bucket_start < ?)"),
                       {minuteCutoff, hourCutoff, dayCutoff}));
        return {};
    });
}

Status rebuildTotals(Database& db)
{
    const std::tuple<const char*, qint64, const char*> levels[] = {
        {"minute", kMinuteMs, "'minute'"},
        {"hour", kHourMs, "'minute', 'hour'"},
        {"day", kDayMs, "'minute', 'hour', 'day'"}};
    return db.transaction([&]() -> Status {
        TG_TRY(db.exec(QStringLiteral("DELETE FROM usage_totals")));
        for (const auto& [granularity, width, finer] : levels)
            TG_TRY(db.exec(
                QStringLiteral("INSERT INTO usage_totals (granularity, bucket_start, endpoint_id, "
                               "outcome, last_call, requests, latency_sum_us, latency_max_us, ")
                    + histogramColumns()
                    + QStringLiteral(") SELECT ?, folded, endpoint_id, outcome, max(bucket_start), "
                                     "sum(requests), sum(latency_sum_us), max(latency_max_us), ")
                    + histogramColumns(QStringLiteral("sum(h%1)"))
                    + QStringLiteral(" FROM (SELECT r.*, bucket_start - (bucket_start % ?) AS "
                                     "folded FROM usage_rollups r WHERE granularity IN (%1)) m "
                                     "GROUP BY folded, endpoint_id, outcome")
                          .arg(QLatin1String(finer)),
                {QLatin1String(granularity), width}));
        return {};
    });
}

Result<QList<SourceUsage>> sources(Database& db, const UsageQuery& q, int limit)
{
    QString sql = QStringLiteral("SELECT profile_id, address, requests, refused, last_seen "
                                 "FROM usage_sources WHERE 1 = 1");
    QVariantList values;
    addScope(q, sql, values);
    sql += QStringLiteral(" ORDER BY requests DESC, address");
    if (limit > 0) {
        sql += QStringLiteral(" LIMIT ?");
        values << limit;
    }
    auto rows = db.exec(sql, values);
    if (!rows)
        return rows.error();
    QList<SourceUsage> out;
    while (rows->next())
        out.append({rows->value(0).toLongLong(), rows->value(1).toString(),
                    rows->value(2).toLongLong(), rows->value(3).toLongLong(),
                    rows->value(4).toLongLong()});
    return out;
}

Result<qint64> sourceCount(Database& db, const UsageQuery& q)
{
    QString sql = QStringLiteral("SELECT count(*) FROM usage_sources WHERE 1 = 1");
    QVariantList values;
    addScope(q, sql, values);
    auto n = db.scalar(sql, values);
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<QHash<qint64, ProfileUsage>> byProfile(Database& db, qint64 fromMs, qint64 toMs)
{
    QHash<qint64, ProfileUsage> usage;
    auto rows = db.exec(QStringLiteral("SELECT profile_id, outcome, sum(requests) FROM "
                                       "usage_rollups WHERE bucket_start >= ? AND "
                                       "bucket_start < ? GROUP BY profile_id, outcome"),
                        {fromMs, toMs});
    if (!rows)
        return rows.error();
    while (rows->next())
        usage[rows->value(0).toLongLong()].outcomes[rows->value(1).toString()] +=
            rows->value(2).toLongLong();
    auto calls = db.exec(QStringLiteral("SELECT profile_id, endpoint_id FROM usage_rollups "
                                        "WHERE bucket_start >= ? AND bucket_start < ? AND "
                                        "outcome = 'allowed' GROUP BY profile_id, endpoint_id"),
                         {fromMs, toMs});
    if (!calls)
        return calls.error();
    while (calls->next())
        usage[calls->value(0).toLongLong()].endpointsCalled.insert(calls->value(1).toLongLong());
    auto peaks =
        db.exec(QStringLiteral("SELECT profile_id, max(n) FROM (SELECT profile_id, bucket_start, "
                               "sum(requests) AS n FROM usage_rollups WHERE granularity = 'minute' "
                               "AND bucket_start >= ? AND bucket_start < ? "
                               "AND outcome IN ('allowed', 'rate_limited') "
                               "GROUP BY profile_id, bucket_start) per_minute GROUP BY profile_id"),
                {fromMs, toMs});
    if (!peaks)
        return peaks.error();
    while (peaks->next())
        usage[peaks->value(0).toLongLong()].peakPerMinute = peaks->value(1).toLongLong();
    return usage;
}

Result<QHash<qint64, qint64>> callsByEndpoint(Database& db, qint64 profileId)
{
    auto rows = db.exec(QStringLiteral("SELECT endpoint_id, sum(requests) FROM usage_rollups "
                                       "WHERE profile_id = ? GROUP BY endpoint_id"),
                        {profileId});
    if (!rows)
        return rows.error();
    QHash<qint64, qint64> calls;
    while (rows->next())
        calls.insert(rows->value(0).toLongLong(), rows->value(1).toLongLong());
    return calls;
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
