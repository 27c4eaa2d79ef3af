#include "Gateway.h"

namespace tollgate::gateway {

Gateway::Gateway(const Clock& clock, QList<IpRange> trustedProxies, bool logRequests)
    : m_clock(clock)
    , m_trustedProxies(std::move(trustedProxies))
    , m_logRequests(logRequests)
{
}

void Gateway::install(std::shared_ptr<const GatewayConfig> config)
{
    auto previous = m_state.load();
    m_state.store(GatewayState::build(std::move(config), previous.get()));
    m_stateVersion.fetch_add(1, std::memory_order_release);
    if (previous)
        m_retired.push_back(std::move(previous));
}

void Gateway::releaseRetired()
{
    // A retired snapshot still cached by an I/O thread (use_count > 1) waits: that
    // thread lets go of it on its next request, and the snapshot is freed here.
    std::erase_if(m_retired, [](const std::shared_ptr<const GatewayState>& state) {
        return state.use_count() == 1;
    });
}

std::shared_ptr<const GatewayState> Gateway::state() const
{
    struct Cached {
        const Gateway* owner = nullptr;
        quint64 version = 0;
        std::shared_ptr<const GatewayState> state;
    };
    thread_local Cached cached;
    const quint64 version = m_stateVersion.load(std::memory_order_acquire);
    if (cached.owner != this || cached.version != version || !cached.state) {
        cached.state = m_state.load();
        cached.version = version;
        cached.owner = this;
    }
    return cached.state;
}

void Gateway::requestLease(std::shared_ptr<QuotaCounter> counter, qint64 windowStart, qint64 want)
{
    if (m_leaseRequester)
        m_leaseRequester(std::move(counter), windowStart, want);
}

} // namespace tollgate::gateway
