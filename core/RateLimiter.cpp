#include "RateLimiter.h"

namespace tollgate {

RateLimiter::RateLimiter(qint64 limit, qint64 windowMs)
    : m_limit(limit)
    , m_window(windowMs)
    , m_width(qMax<qint64>(1, windowMs / kBuckets))
{
}

void RateLimiter::expire(qint64 nowMs)
{
    // A bucket [start, start + width) no longer counts once even its last
    // instant lies outside the window (now - T, now].
    while (!m_buckets.empty() && m_buckets.front().start + m_width <= nowMs - m_window) {
        m_counted -= m_buckets.front().count;
        m_buckets.pop_front();
    }
}

std::size_t RateLimiter::bucketCount()
{
    std::lock_guard lock(m_mutex);
    return m_buckets.size();
}

RateLimiter::Decision RateLimiter::tryAcquire(qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    expire(nowMs);
    Decision d;
    d.limit = m_limit;
    if (m_counted < m_limit) {
        const qint64 start = nowMs - (nowMs % m_width + m_width) % m_width;
        if (m_buckets.empty() || m_buckets.back().start < start)
            m_buckets.push_back({start, 0});
        ++m_buckets.back().count;
        ++m_counted;
        d.admitted = true;
    }
    d.remaining = m_limit - m_counted;
    const qint64 frees = m_buckets.empty() ? nowMs : m_buckets.front().start + m_width + m_window;
    d.resetMs = qMax<qint64>(0, frees - nowMs);
    d.retryAfterMs = d.admitted ? 0 : qMax<qint64>(1, frees - nowMs);
    return d;
}

} // namespace tollgate
