#include "UsageRecorder.h"

#include <functional>
#include <thread>

namespace tollgate::gateway {

namespace {
bool isRefusal(Outcome o)
{
    return o == Outcome::IpNotAllowed || o == Outcome::RateLimited || o == Outcome::QuotaExceeded
           || o == Outcome::CollectionNotAllowed || o == Outcome::InvalidKey;
}
} // namespace

void UsageRecorder::record(const Event& e)
{
    Shard& shard = m_shards[std::hash<std::thread::id>()(std::this_thread::get_id()) % kShards];
    std::lock_guard lock(shard.mutex);
    ++shard.byOutcome[int(e.outcome)];
    ++shard.latency[latencyBucket(e.latencyUs)];
    shard.latencySumUs += e.latencyUs;
    const qint64 minute = e.nowMs - e.nowMs % 60'000;
    shard.batch.rollups[{e.profileId, e.endpointId, e.outcome, minute}].add(e.latencyUs);
    if (e.keyId != 0 && !isRefusal(e.outcome)) {
        qint64& last = shard.batch.keyLastUse[e.keyId];
        last = std::max(last, e.nowMs);
    }
    if (e.profileId != 0 && !e.address.empty()) {
        UsageBatch::Source& s = shard.sources[{e.profileId, e.address}];
        ++s.requests;
        if (isRefusal(e.outcome))
            ++s.refused;
        s.lastSeen = std::max(s.lastSeen, e.nowMs);
    }
}

UsageBatch UsageRecorder::take()
{
    UsageBatch all;
    for (Shard& shard : m_shards) {
        UsageBatch taken;
        std::map<std::pair<qint64, std::string>, UsageBatch::Source> sources;
        {
            std::lock_guard lock(shard.mutex);
            std::swap(taken, shard.batch);
            std::swap(sources, shard.sources);
        }
        for (const auto& [key, source] : sources)
            taken.sources.insert({key.first, QString::fromStdString(key.second)}, source);
        all.merge(taken);
    }
    return all;
}

void UsageRecorder::putBack(const UsageBatch& batch)
{
    Shard& shard = m_shards[0];
    std::lock_guard lock(shard.mutex);
    shard.batch.merge(batch);
}

QByteArray UsageRecorder::metricsText() const
{
    std::array<qint64, kOutcomeCount> byOutcome{};
    std::array<qint64, kLatencyBuckets> latency{};
    qint64 latencySumUs = 0;
    for (Shard& shard : m_shards) {
        std::lock_guard lock(shard.mutex);
        for (int i = 0; i < kOutcomeCount; ++i)
            byOutcome[i] += shard.byOutcome[i];
        for (int i = 0; i < kLatencyBuckets; ++i)
            latency[i] += shard.latency[i];
        latencySumUs += shard.latencySumUs;
    }
    QByteArray out = "# HELP tollgate_requests_total Requests by outcome.\n"
                     "# TYPE tollgate_requests_total counter\n";
    for (int i = 0; i < kOutcomeCount; ++i)
        out += "tollgate_requests_total{outcome=\"" + outcomeName(Outcome(i)).toLatin1() + "\"} "
               + QByteArray::number(byOutcome[i]) + '\n';
    out += "# HELP tollgate_request_duration_seconds Time from request to response.\n"
           "# TYPE tollgate_request_duration_seconds histogram\n";
    qint64 cumulative = 0;
    for (int i = 0; i < kLatencyBuckets; ++i) {
        cumulative += latency[i];
        const QByteArray le = i < int(kLatencyBoundsUs.size())
                                  ? QByteArray::number(kLatencyBoundsUs[i] / 1e6, 'g', 6)
                                  : QByteArray("+Inf");
        out += "tollgate_request_duration_seconds_bucket{le=\"" + le + "\"} "
               + QByteArray::number(cumulative) + '\n';
    }
    out += "tollgate_request_duration_seconds_sum " + QByteArray::number(latencySumUs / 1e6, 'f', 6)
           + '\n';
    out += "tollgate_request_duration_seconds_count " + QByteArray::number(cumulative) + '\n';
    return out;
}

} // namespace tollgate::gateway
