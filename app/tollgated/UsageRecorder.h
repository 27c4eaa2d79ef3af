#pragma once

#include "SpinLock.h"
#include "Usage.h"

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace tollgate::gateway {

// Counts requests in memory, in shards picked by thread, so I/O threads never
// wait for each other; the database worker takes everything once a second.
// Also keeps the totals that /-/metrics reports.
class UsageRecorder {
public:
    struct Event {
        qint64 profileId = 0;
        qint64 endpointId = 0;
        qint64 keyId = 0; // 0: no known key
        Outcome outcome = Outcome::Allowed;
        qint64 nowMs = 0;
        qint64 latencyUs = 0;
        std::string address; // empty: not recorded (no profile)
    };

    void record(const Event& event);
    // Everything counted since the last call.
    UsageBatch take();
    // Returns counts that could not be written, to be tried again.
    void putBack(const UsageBatch& batch);
    // Prometheus text format.
    QByteArray metricsText() const;

private:
    // Addresses stay std::string here; they become QString once a second, in take().
    struct Shard {
        SpinLock mutex;
        UsageBatch batch; // without sources
        std::map<std::pair<qint64, std::string>, UsageBatch::Source> sources;
        // Totals for /-/metrics, kept per shard so threads do not share cache lines.
        std::array<qint64, kOutcomeCount> byOutcome{};
        std::array<qint64, kLatencyBuckets> latency{};
        qint64 latencySumUs = 0;
    };
    static constexpr int kShards = 16;
    mutable std::array<Shard, kShards> m_shards;
};

} // namespace tollgate::gateway
