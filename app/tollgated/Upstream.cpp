#include "Upstream.h"

namespace tollgate::gateway {

namespace {

constexpr std::size_t kMaxUpstreamBody = 16 * 1024 * 1024;

bool idempotent(http::verb method)
{
    return method == http::verb::get || method == http::verb::head || method == http::verb::put
           || method == http::verb::delete_ || method == http::verb::options;
}

beast::tcp_stream& lowest(beast::tcp_stream& s) { return s; }
beast::tcp_stream& lowest(TlsStream& s) { return beast::get_lowest_layer(s); }

template <typename Stream> class Call : public std::enable_shared_from_this<Call<Stream>> {
public:
    Call(UpstreamClient& client, UpstreamClient::Pool<Stream>& pool, std::string host,
         std::string port, Request request, std::chrono::milliseconds timeout,
         std::function<void(UpstreamResult)> done)
        : m_client(client)
        , m_pool(pool)
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
        m_stream = m_pool.take(m_key);
        if (m_stream) {
            m_reused = true;
            return send();
        }
        connect();
    }

private:
    std::unique_ptr<Stream> makeStream()
    {
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            auto stream = std::make_unique<TlsStream>(m_resolver.get_executor(), m_client.tls());
            // SNI, and the certificate must name the host we called.
            SSL_set_tlsext_host_name(stream->native_handle(), m_host.c_str());
            stream->set_verify_mode(net::ssl::verify_peer);
            stream->set_verify_callback(net::ssl::host_name_verification(m_host));
            return stream;
        } else {
            return std::make_unique<beast::tcp_stream>(m_resolver.get_executor());
        }
    }

    void connect()
    {
        m_reused = false;
        m_stream = makeStream();
        auto self = this->shared_from_this();
        m_resolver.async_resolve(
            m_host, m_port, [self](beast::error_code ec, tcp::resolver::results_type results) {
                if (ec)
                    return self->finish(ec);
                lowest(*self->m_stream).expires_at(self->m_deadline);
                lowest(*self->m_stream)
                    .async_connect(results, [self](beast::error_code ec, const tcp::endpoint&) {
                        if (ec)
                            return self->finish(ec);
                        if constexpr (std::is_same_v<Stream, TlsStream>) {
                            lowest(*self->m_stream).expires_at(self->m_deadline);
                            self->m_stream->async_handshake(net::ssl::stream_base::client,
                                                            [self](beast::error_code ec) {
                                                                if (ec)
                                                                    return self->finish(ec);
                                                                self->send();
                                                            });
                        } else {
                            self->send();
                        }
                    });
            });
    }

    void send()
    {
        lowest(*m_stream).expires_at(m_deadline);
        auto self = this->shared_from_this();
        http::async_write(*m_stream, m_request, [self](beast::error_code ec, std::size_t) {
            if (ec)
                return self->failedOrRetry(ec);
            self->m_parser.emplace();
            self->m_parser->body_limit(kMaxUpstreamBody);
            lowest(*self->m_stream).expires_at(self->m_deadline);
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
                lowest(*m_stream).expires_never();
                m_pool.put(m_key, std::move(m_stream));
            }
        } else {
            result.timedOut =
                ec == beast::error::timeout || std::chrono::steady_clock::now() >= m_deadline;
            result.error = ec.message();
        }
        if (m_stream) {
            beast::error_code ignored;
            lowest(*m_stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
        }
        m_done(std::move(result));
    }

    UpstreamClient& m_client;
    UpstreamClient::Pool<Stream>& m_pool;
    std::string m_host;
    std::string m_port;
    std::string m_key;
    tcp::resolver m_resolver;
    std::unique_ptr<Stream> m_stream;
    bool m_reused = false;
    beast::flat_buffer m_buffer;
    Request m_request;
    std::optional<http::response_parser<http::string_body>> m_parser;
    std::chrono::steady_clock::time_point m_deadline;
    std::function<void(UpstreamResult)> m_done;
};

} // namespace

UpstreamClient::UpstreamClient(net::io_context& io)
    : m_io(io)
{
    m_tls.set_default_verify_paths();
    m_tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2
                      | net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1
                      | net::ssl::context::no_tlsv1_1);
}

bool UpstreamClient::setCaFile(const std::string& path, std::string& error)
{
    beast::error_code ec;
    m_tls.load_verify_file(path, ec);
    error = ec ? ec.message() : std::string();
    return !ec;
}

void UpstreamClient::forward(bool tls, const std::string& host, const std::string& port,
                             Request request, std::chrono::milliseconds timeout,
                             std::function<void(UpstreamResult)> done)
{
    request.keep_alive(true);
    if (tls)
        std::make_shared<Call<TlsStream>>(*this, m_secure, host, port, std::move(request), timeout,
                                          std::move(done))
            ->start();
    else
        std::make_shared<Call<beast::tcp_stream>>(*this, m_plain, host, port, std::move(request),
                                                  timeout, std::move(done))
            ->start();
}

template <typename Stream>
std::unique_ptr<Stream> UpstreamClient::Pool<Stream>::take(const std::string& key)
{
    std::lock_guard lock(mutex);
    auto it = idle.find(key);
    const auto now = std::chrono::steady_clock::now();
    while (it != idle.end() && !it->second.empty()) {
        Idle entry = std::move(it->second.back());
        it->second.pop_back();
        if (now - entry.since < kIdleTimeout && lowest(*entry.stream).socket().is_open())
            return std::move(entry.stream);
    }
    return nullptr;
}

template <typename Stream>
void UpstreamClient::Pool<Stream>::put(const std::string& key, std::unique_ptr<Stream> stream)
{
    std::lock_guard lock(mutex);
    std::vector<Idle>& list = idle[key];
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(list, [&](const Idle& i) { return now - i.since >= kIdleTimeout; });
    if (list.size() < kMaxIdlePerHost)
        list.push_back({std::move(stream), now});
}

template struct UpstreamClient::Pool<beast::tcp_stream>;
template struct UpstreamClient::Pool<TlsStream>;

} // namespace tollgate::gateway
