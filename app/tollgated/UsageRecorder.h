#pragma once

#include "Usage.h"

#include <array>
#include <atomic>
#include <mutex>

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
        QString address; // empty: not recorded (no profile)
    };

    void record(const Event& event);
    // Everything counted since the last call.
    UsageBatch take();
    // Returns counts that could not be written, to be tried again.
    void putBack(const UsageBatch& batch);
    // Prometheus text format.
    QByteArray metricsText() const;

private:
    struct Shard {
        std::mutex mutex;
        UsageBatch batch;
    };
    static constexpr int kShards = 16;
    std::array<Shard, kShards> m_shards;
    std::array<std::atomic<qint64>, kOutcomeCount> m_byOutcome{};
    std::array<std::atomic<qint64>, kLatencyBuckets> m_latency{};
    std::atomic<qint64> m_latencySumUs{0};
};

} // namespace tollgate::gateway
