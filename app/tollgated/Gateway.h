#pragma once

#include "Clock.h"
#include "GatewayState.h"
#include "Http.h"
#include "IpRange.h"
#include "Upstream.h"
#include "UsageRecorder.h"

#include <atomic>
#include <memory>
#include <vector>

namespace tollgate::gateway {

// The state the I/O threads share: the current snapshot (swapped atomically),
// the usage recorder, the clock and the options that apply to every request.
// The database side (DbWorker) installs snapshots and serves quota leases.
class Gateway {
public:
    using LeaseRequester =
        std::function<void(std::shared_ptr<QuotaCounter>, qint64 windowStart, qint64 want)>;

    Gateway(const Clock& clock, QList<IpRange> trustedProxies, bool logRequests);

    net::io_context& io() { return m_io; }
    const Clock& clock() const { return m_clock; }
    const QList<IpRange>& trustedProxies() const { return m_trustedProxies; }
    bool logRequests() const { return m_logRequests; }
    UsageRecorder& recorder() { return m_recorder; }
    UpstreamClient& upstream() { return m_upstream; }

    // The current snapshot. Each thread keeps its own reference and takes the
    // shared one again only when the version moved, so I/O threads do not
    // contend on every request.
    std::shared_ptr<const GatewayState> state() const;
    // Database thread only: swaps in a snapshot built on config.
    void install(std::shared_ptr<const GatewayConfig> config);
    // Database thread only: frees replaced snapshots that no I/O thread holds any
    // more, so that a large snapshot is never freed on the request path.
    void releaseRetired();

    void setLeaseRequester(LeaseRequester requester) { m_leaseRequester = std::move(requester); }
    void requestLease(std::shared_ptr<QuotaCounter> counter, qint64 windowStart, qint64 want);

    void setDatabaseReachable(bool reachable) { m_databaseReachable = reachable; }
    bool databaseReachable() const { return m_databaseReachable; }

private:
    net::io_context m_io;
    const Clock& m_clock;
    const QList<IpRange> m_trustedProxies;
    const bool m_logRequests;
    UsageRecorder m_recorder;
    UpstreamClient m_upstream{m_io};
    std::atomic<std::shared_ptr<const GatewayState>> m_state;
    std::atomic<quint64> m_stateVersion{0};
    std::vector<std::shared_ptr<const GatewayState>> m_retired;
    LeaseRequester m_leaseRequester;
    std::atomic<bool> m_databaseReachable{true};
};

} // namespace tollgate::gateway
