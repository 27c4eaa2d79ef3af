#pragma once

#include "Limits.h"
#include "SpinLock.h"

#include <functional>
#include <mutex>
#include <vector>

namespace tollgate::gateway {

// One profile's quota as this gateway sees it: units leased from the database
// and not yet used. Requests take units here without touching the database;
// a refill is requested in the background when few are left. When none are
// left the request waits for the refill (asynchronously), and is refused once
// the database says the window is used up.
class QuotaCounter {
public:
    struct Decision {
        bool admitted = false;
        qint64 limit = 0;
        qint64 remaining = 0; // an estimate across gateways: limit - leased + unused here
        qint64 resetMs = 0;   // until the window ends
    };
    using Waiter = std::function<void(const Decision&)>;
    // Asks the owner to lease more units for (profile, window start, want).
    using RefillRequest = std::function<void(qint64 windowStart, qint64 want)>;

    QuotaCounter(qint64 profileId, Quota quota)
        : m_profileId(profileId)
        , m_quota(quota)
    {
    }

    qint64 profileId() const { return m_profileId; }
    const Quota& quota() const { return m_quota; }

    // Decides now (returns true and fills decision) or queues waiter and returns false.
    bool acquire(qint64 nowMs, Decision& decision, Waiter waiter, const RefillRequest& refill);
    // The result of a lease: granted units for windowStart (0: the window is used up).
    void refilled(qint64 windowStart, qint64 granted, qint64 nowMs, const RefillRequest& refill);
    // Units leased but unused, for handing back on shutdown; resets them to zero.
    qint64 takeUnused(qint64& windowStart);

    qint64 leaseSize() const;

private:
    Decision decision(bool admitted, qint64 nowMs) const;
    void startWindowIfNew(qint64 nowMs);

    SpinLock m_mutex;
    const qint64 m_profileId;
    const Quota m_quota;
    qint64 m_windowStart = -1;
    qint64 m_windowEnd = 0;
    qint64 m_available = 0;
    qint64 m_leased = 0;
    bool m_exhausted = false;
    bool m_refilling = false;
    std::vector<Waiter> m_waiters;
};

} // namespace tollgate::gateway
