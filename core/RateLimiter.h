#pragma once

#include "SpinLock.h"

#include <QtGlobal>

#include <deque>
#include <mutex>

namespace tollgate {

// "At most N requests in any window of length T", exactly, in bounded memory.
//
// Admissions are counted in at most kBuckets buckets of width T/kBuckets. An
// admission stays counted until its bucket's *end* is a full window old, so a
// count never misses an admission that could still be inside the window: no
// window of length T ever holds more than N admissions (the guarantee). The
// price is that a slot frees up to T/kBuckets later than a per-request log
// would free it; after T + T/kBuckets without traffic, N are admitted again.
// Memory: kBuckets (count, start) pairs at most, whatever N is.
class RateLimiter {
public:
    static constexpr int kBuckets = 100;

    RateLimiter(qint64 limit, qint64 windowMs);

    struct Decision {
        bool admitted = false;
        qint64 limit = 0;
        qint64 remaining = 0;    // after this request
        qint64 resetMs = 0;      // until the oldest counted admission stops counting
        qint64 retryAfterMs = 0; // when refused: until one slot frees
    };
    // Thread-safe; the lock is this limiter's own (one per profile).
    Decision tryAcquire(qint64 nowMs);

    qint64 limit() const { return m_limit; }
    qint64 windowMs() const { return m_window; }
    // How many buckets are held now: at most kBuckets + 1.
    std::size_t bucketCount();

private:
    struct Bucket {
        qint64 start;
        qint64 count;
    };
    void expire(qint64 nowMs);

    SpinLock m_mutex;
    const qint64 m_limit;
    const qint64 m_window;
    const qint64 m_width;
    std::deque<Bucket> m_buckets; // oldest first
    qint64 m_counted = 0;
};

} // namespace tollgate
