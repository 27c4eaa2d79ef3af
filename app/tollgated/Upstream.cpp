#include "Upstream.h"

namespace tollgate::gateway {

namespace {

constexpr std::size_t kMaxUpstreamBody = 16 * 1024 * 1024;

bool idempotent(http::verb method)
{
    return method == http::verb::get || method == http::verb::head || method == http::verb::put
           || method == http::verb::delete_ || method == http::verb::options;
}

class Call : public std::enable_shared_from_this<Call> {
public:
    Call(UpstreamClient& client, std::string host, std::string port, Request request,
         std::chrono::milliseconds timeout, std::function<void(UpstreamResult)> done)
        : m_client(client)
        , m_host(std::move(host))
        , m_port(std::move(port))
        , m_key(m_host + ':' + m_port)
        , m_resolver(net::make_strand(client.io()))
        , m_request(std::move(request))
        , m_deadline(std::chrono::steady_clock::now() + timeout)
        , m_done(std::move(done))
    {
    }

    void start()
    {
        m_stream = m_client.takeIdle(m_key);
        if (m_stream) {
            m_reused = true;
            return send();
        }
        connect();
    }

private:
    void connect()
    {
        m_reused = false;
        m_stream = std::make_unique<beast::tcp_stream>(m_resolver.get_executor());
        m_resolver.async_resolve(
            m_host, m_port,
            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                if (ec)
                    return self->finish(ec);
                self->m_stream->expires_at(self->m_deadline);
                self->m_stream->async_connect(results,
                                              [self](beast::error_code ec, const tcp::endpoint&) {
                                                  if (ec)
                                                      return self->finish(ec);
                                                  self->send();
                                              });
            });
    }

    void send()
    {
        m_stream->expires_at(m_deadline);
        http::async_write(*m_stream, m_request,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec)
                                  return self->failedOrRetry(ec);
                              self->m_parser.emplace();
                              self->m_parser->body_limit(kMaxUpstreamBody);
                              self->m_stream->expires_at(self->m_deadline);
                              http::async_read(*self->m_stream, self->m_buffer, *self->m_parser,
                                               [self](beast::error_code ec, std::size_t bytes) {
                                                   if (ec && bytes == 0)
                                                       return self->failedOrRetry(ec);
                                                   self->finish(ec);
                                               });
                          });
    }

    // A pooled connection the upstream closed meanwhile fails before any answer.
    void failedOrRetry(beast::error_code ec)
    {
        const bool timedOut = std::chrono::steady_clock::now() >= m_deadline;
        if (m_reused && !timedOut && idempotent(m_request.method())) {
            m_buffer.clear();
            return connect();
        }
        finish(ec);
    }

    void finish(beast::error_code ec)
    {
        UpstreamResult result;
        if (!ec) {
            result.ok = true;
            result.response = m_parser->release();
            if (result.response.keep_alive() && m_buffer.size() == 0) {
                m_stream->expires_never();
                m_client.putIdle(m_key, std::move(m_stream));
            }
        } else {
            result.timedOut =
                ec == beast::error::timeout || std::chrono::steady_clock::now() >= m_deadline;
            result.error = ec.message();
        }
        if (m_stream) {
            beast::error_code ignored;
            m_stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
        }
        m_done(std::move(result));
    }

    UpstreamClient& m_client;
    std::string m_host;
    std::string m_port;
    std::string m_key;
    tcp::resolver m_resolver;
    std::unique_ptr<beast::tcp_stream> m_stream;
    bool m_reused = false;
    beast::flat_buffer m_buffer;
    Request m_request;
    std::optional<http::response_parser<http::string_body>> m_parser;
    std::chrono::steady_clock::time_point m_deadline;
    std::function<void(UpstreamResult)> m_done;
};

} // namespace

void UpstreamClient::forward(const std::string& host, const std::string& port, Request request,
                             std::chrono::milliseconds timeout,
                             std::function<void(UpstreamResult)> done)
{
    request.keep_alive(true);
    std::make_shared<Call>(*this, host, port, std::move(request), timeout, std::move(done))
        ->start();
}

std::unique_ptr<beast::tcp_stream> UpstreamClient::takeIdle(const std::string& key)
{
    std::lock_guard lock(m_mutex);
    auto it = m_idle.find(key);
    const auto now = std::chrono::steady_clock::now();
    while (it != m_idle.end() && !it->second.empty()) {
        Idle idle = std::move(it->second.back());
        it->second.pop_back();
        if (now - idle.since < kIdleTimeout && idle.stream->socket().is_open())
            return std::move(idle.stream);
    }
    return nullptr;
}

void UpstreamClient::putIdle(const std::string& key, std::unique_ptr<beast::tcp_stream> stream)
{
    std::lock_guard lock(m_mutex);
    std::vector<Idle>& idle = m_idle[key];
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(idle, [&](const Idle& i) { return now - i.since >= kIdleTimeout; });
    if (idle.size() < kMaxIdlePerHost)
        idle.push_back({std::move(stream), now});
}

} // namespace tollgate::gateway
