#include "QuotaCounter.h"

#include "QuotaWindow.h"

#include <algorithm>

namespace tollgate::gateway {

qint64 QuotaCounter::leaseSize() const
{
    // A twentieth of the quota per lease: few database trips, and a crash
    // loses at most two leases' worth of unused units.
    return std::clamp<qint64>(m_quota.requests / 20, 1, 10'000);
}

void QuotaCounter::startWindowIfNew(qint64 nowMs)
{
    if (nowMs >= m_windowStart && nowMs < m_windowEnd)
        return; // still the current window: no calendar arithmetic on the request path
    const QuotaWindow w = QuotaWindow::containing(m_quota.interval, nowMs);
    if (w.startMs == m_windowStart)
        return;
    m_windowStart = w.startMs;
    m_windowEnd = w.endMs;
    m_available = 0;
    m_leased = 0;
    m_exhausted = false;
}

QuotaCounter::Decision QuotaCounter::decision(bool admitted, qint64 nowMs) const
{
    Decision d;
    d.admitted = admitted;
    d.limit = m_quota.requests;
    d.remaining = std::max<qint64>(0, m_quota.requests - m_leased + m_available);
    d.resetMs = std::max<qint64>(0, m_windowEnd - nowMs);
    return d;
}

bool QuotaCounter::acquire(qint64 nowMs, Decision& out, Waiter waiter, const RefillRequest& refill)
{
    std::unique_lock lock(m_mutex);
    startWindowIfNew(nowMs);
    if (m_available > 0) {
        --m_available;
        out = decision(true, nowMs);
        if (!m_refilling && !m_exhausted && m_available <= leaseSize() / 2) {
            m_refilling = true;
            const qint64 window = m_windowStart;
            const qint64 want = leaseSize();
            lock.unlock();
            refill(window, want);
        }
        return true;
    }
    if (m_exhausted) {
        out = decision(false, nowMs);
        return true;
    }
    m_waiters.push_back(std::move(waiter));
    if (!m_refilling) {
        m_refilling = true;
        const qint64 window = m_windowStart;
        const qint64 want = leaseSize();
        lock.unlock();
        refill(window, want);
    }
    return false;
}

void QuotaCounter::refilled(qint64 windowStart, qint64 granted, qint64 nowMs,
                            const RefillRequest& refill)
{
    std::vector<std::pair<Waiter, Decision>> ready;
    bool again = false;
    qint64 againWindow = 0;
    {
        std::lock_guard lock(m_mutex);
        m_refilling = false;
        if (windowStart == m_windowStart) {
            m_leased += granted;
            m_available += granted;
            if (granted == 0)
                m_exhausted = true;
        }
        startWindowIfNew(nowMs);
        std::vector<Waiter> waiting;
        waiting.swap(m_waiters);
        for (Waiter& w : waiting) {
            if (m_available > 0) {
                --m_available;
                ready.emplace_back(std::move(w), decision(true, nowMs));
            } else if (m_exhausted) {
                ready.emplace_back(std::move(w), decision(false, nowMs));
            } else {
                m_waiters.push_back(std::move(w));
            }
        }
        if (!m_waiters.empty() && !m_refilling) {
            m_refilling = true;
            again = true;
            againWindow = m_windowStart;
        }
    }
    for (auto& [waiter, d] : ready)
        waiter(d);
    if (again)
        refill(againWindow, leaseSize());
}

qint64 QuotaCounter::takeUnused(qint64& windowStart)
{
    std::lock_guard lock(m_mutex);
    windowStart = m_windowStart;
    const qint64 unused = m_available;
    m_available = 0;
    m_leased -= unused;
    return unused;
}

} // namespace tollgate::gateway
