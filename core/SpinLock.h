#pragma once

#include <atomic>
#include <thread>

namespace tollgate {

// A lock for critical sections of a few instructions that the gateway's I/O
// threads take on every request of a profile (its rate limiter, its quota
// counter). Unlike a contended std::mutex it never puts a thread to sleep in
// the kernel; after a short spin it yields, so a preempted holder can finish.
class SpinLock {
public:
    void lock() noexcept
    {
        int spins = 0;
        while (m_locked.exchange(true, std::memory_order_acquire)) {
            while (m_locked.load(std::memory_order_relaxed))
                if (++spins > 64)
                    std::this_thread::yield();
        }
    }
    bool try_lock() noexcept
    {
        return !m_locked.load(std::memory_order_relaxed)
               && !m_locked.exchange(true, std::memory_order_acquire);
    }
    void unlock() noexcept { m_locked.store(false, std::memory_order_release); }

private:
    std::atomic<bool> m_locked{false};
};

} // namespace tollgate
