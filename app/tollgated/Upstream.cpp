#include "Upstream.h"

#include <memory>

namespace tollgate::gateway {

namespace {

constexpr std::size_t kMaxUpstreamBody = 16 * 1024 * 1024;

class Call : public std::enable_shared_from_this<Call> {
public:
    Call(net::io_context& io, Request request, std::chrono::milliseconds timeout,
         std::function<void(UpstreamResult)> done)
        : m_resolver(net::make_strand(io))
        , m_stream(m_resolver.get_executor())
        , m_request(std::move(request))
        , m_timeout(timeout)
        , m_done(std::move(done))
    {
        m_parser.body_limit(kMaxUpstreamBody);
    }

    void start(const std::string& host, const std::string& port)
    {
        m_deadline = std::chrono::steady_clock::now() + m_timeout;
        m_resolver.async_resolve(
            host, port,
            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                self->onResolve(ec, results);
            });
    }

private:
    void onResolve(beast::error_code ec, const tcp::resolver::results_type& results)
    {
        if (ec)
            return finish(ec);
        m_stream.expires_at(m_deadline);
        m_stream.async_connect(results, [self = shared_from_this()](beast::error_code ec,
                                                                    const tcp::endpoint&) {
            if (ec)
                return self->finish(ec);
            self->m_stream.expires_at(self->m_deadline);
            http::async_write(self->m_stream, self->m_request,
                              [self](beast::error_code ec, std::size_t) {
                                  if (ec)
                                      return self->finish(ec);
                                  self->m_stream.expires_at(self->m_deadline);
                                  http::async_read(self->m_stream, self->m_buffer, self->m_parser,
                                                   [self](beast::error_code ec, std::size_t) {
                                                       self->finish(ec);
                                                   });
                              });
        });
    }

    void finish(beast::error_code ec)
    {
        UpstreamResult result;
        if (!ec) {
            result.ok = true;
            result.response = m_parser.release();
        } else {
            result.timedOut =
                ec == beast::error::timeout || std::chrono::steady_clock::now() >= m_deadline;
            result.error = ec.message();
        }
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_done(std::move(result));
    }

    tcp::resolver m_resolver;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    Request m_request;
    http::response_parser<http::string_body> m_parser;
    std::chrono::milliseconds m_timeout;
    std::chrono::steady_clock::time_point m_deadline;
    std::function<void(UpstreamResult)> m_done;
};

} // namespace

void forwardUpstream(net::io_context& io, const std::string& host, const std::string& port,
                     Request request, std::chrono::milliseconds timeout,
                     std::function<void(UpstreamResult)> done)
{
    std::make_shared<Call>(io, std::move(request), timeout, std::move(done))->start(host, port);
}

} // namespace tollgate::gateway
