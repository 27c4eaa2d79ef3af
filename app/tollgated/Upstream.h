#pragma once

#include "Http.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

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

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Forwards requests to upstream endpoints over HTTP or HTTPS (the peer's
// certificate and host name verified against the system's CAs, or a CA file
// given with --upstream-ca), and keeps idle connections per scheme, host and
// port for reuse (HTTP keep-alive). A request on a reused connection that the
// upstream had closed is retried once on a new connection when its method is
// idempotent.
class UpstreamClient {
public:
    explicit UpstreamClient(net::io_context& io);

    // Trust this CA file (PEM) for HTTPS upstreams instead of the system's.
    bool setCaFile(const std::string& path, std::string& error);

    void forward(bool tls, const std::string& host, const std::string& port, Request request,
                 std::chrono::milliseconds timeout, std::function<void(UpstreamResult)> done);

    template <typename Stream> struct Pool {
        struct Idle {
            std::unique_ptr<Stream> stream;
            std::chrono::steady_clock::time_point since;
        };
        std::mutex mutex;
        std::map<std::string, std::vector<Idle>> idle;
        std::unique_ptr<Stream> take(const std::string& key);
        void put(const std::string& key, std::unique_ptr<Stream> stream);
    };

    net::io_context& io() { return m_io; }
    net::ssl::context& tls() { return m_tls; }
    Pool<beast::tcp_stream>& plainPool() { return m_plain; }
    Pool<TlsStream>& tlsPool() { return m_secure; }

    static constexpr std::size_t kMaxIdlePerHost = 32;
    static constexpr std::chrono::seconds kIdleTimeout{15};

private:
    net::io_context& m_io;
    net::ssl::context m_tls{net::ssl::context::tls_client};
    Pool<beast::tcp_stream> m_plain;
    Pool<TlsStream> m_secure;
};

} // namespace tollgate::gateway
