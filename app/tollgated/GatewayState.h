#pragma once

#include "GatewayConfig.h"
#include "QuotaCounter.h"
#include "RateLimiter.h"

#include <memory>
#include <unordered_map>

namespace tollgate::gateway {

// What the request path reads: the configuration snapshot and the limit state
// of each profile. Immutable once built; a new one replaces it atomically when
// the configuration changes, taking over the limiters and quota counters of
// profiles whose limits did not change.
struct GatewayState {
    std::shared_ptr<const GatewayConfig> config;
    std::unordered_map<qint64, std::shared_ptr<RateLimiter>> limiters;
    std::unordered_map<qint64, std::shared_ptr<QuotaCounter>> quotas;

    static std::shared_ptr<const GatewayState> build(std::shared_ptr<const GatewayConfig> config,
                                                     const GatewayState* previous);
    RateLimiter* limiter(qint64 profileId) const;
    QuotaCounter* quota(qint64 profileId) const;
};

} // namespace tollgate::gateway
