#pragma once

#include "Http.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tollgate::gateway {

// The result of one forwarded request: the upstream's response, or an error:
// timedOut (answered 504) or anything else (answered 502).
struct UpstreamResult {
    bool ok = false;
    bool timedOut = false;
    std::string error;
    Response response;
};

// Forwards requests to upstream endpoints and keeps idle connections per
// host and port for reuse (HTTP keep-alive), like a reverse proxy's upstream
// pool. A request on a reused connection that the upstream had closed is
// retried once on a new connection when its method is idempotent.
class UpstreamClient {
public:
    explicit UpstreamClient(net::io_context& io)
        : m_io(io)
    {
    }

    void forward(const std::string& host, const std::string& port, Request request,
                 std::chrono::milliseconds timeout, std::function<void(UpstreamResult)> done);

    // For the call objects: the pool of idle connections.
    std::unique_ptr<beast::tcp_stream> takeIdle(const std::string& key);
    void putIdle(const std::string& key, std::unique_ptr<beast::tcp_stream> stream);
    net::io_context& io() { return m_io; }

    static constexpr std::size_t kMaxIdlePerHost = 32;
    static constexpr std::chrono::seconds kIdleTimeout{15};

private:
    struct Idle {
        std::unique_ptr<beast::tcp_stream> stream;
        std::chrono::steady_clock::time_point since;
    };
    net::io_context& m_io;
    std::mutex m_mutex;
    std::map<std::string, std::vector<Idle>> m_idle;
};

} // namespace tollgate::gateway
