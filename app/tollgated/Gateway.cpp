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
    const auto previous = m_state.load();
    m_state.store(GatewayState::build(std::move(config), previous.get()));
}

void Gateway::requestLease(std::shared_ptr<QuotaCounter> counter, qint64 windowStart, qint64 want)
{
    if (m_leaseRequester)
        m_leaseRequester(std::move(counter), windowStart, want);
}

} // namespace tollgate::gateway
