#include "GatewayState.h"

namespace tollgate::gateway {

std::shared_ptr<const GatewayState> GatewayState::build(std::shared_ptr<const GatewayConfig> config,
                                                        const GatewayState* previous)
{
    auto state = std::make_shared<GatewayState>();
    state->config = std::move(config);
    state->config->forEachProfile([&](const GatewayConfig::Profile& p) {
        if (p.rateLimit) {
            std::shared_ptr<RateLimiter> kept;
            if (previous) {
                auto it = previous->limiters.find(p.id);
                if (it != previous->limiters.end() && it->second->limit() == p.rateLimit->requests
                    && it->second->windowMs() == p.rateLimit->intervalMs())
                    kept = it->second;
            }
            state->limiters.emplace(
                p.id, kept ? kept
                           : std::make_shared<RateLimiter>(p.rateLimit->requests,
                                                           p.rateLimit->intervalMs()));
        }
        if (p.quota) {
            std::shared_ptr<QuotaCounter> kept;
            if (previous) {
                auto it = previous->quotas.find(p.id);
                if (it != previous->quotas.end() && it->second->quota() == *p.quota)
                    kept = it->second;
            }
            state->quotas.emplace(p.id,
                                  kept ? kept : std::make_shared<QuotaCounter>(p.id, *p.quota));
        }
    });
    return state;
}

RateLimiter* GatewayState::limiter(qint64 profileId) const
{
    auto it = limiters.find(profileId);
    return it == limiters.end() ? nullptr : it->second.get();
}

QuotaCounter* GatewayState::quota(qint64 profileId) const
{
    auto it = quotas.find(profileId);
    return it == quotas.end() ? nullptr : it->second.get();
}

} // namespace tollgate::gateway
