#include "HttpServer.h"

namespace tollgate::gateway {

namespace {

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<const HttpServer::Handler> handler,
            std::shared_ptr<const HttpServer::TooLarge> tooLarge, std::chrono::seconds timeout)
        : m_stream(std::move(socket))
        , m_handler(std::move(handler))
        , m_tooLarge(std::move(tooLarge))
        , m_timeout(timeout)
    {
        beast::error_code ec;
        const auto remote = m_stream.socket().remote_endpoint(ec);
        if (!ec) {
            auto address = remote.address();
            if (address.is_v6() && address.to_v6().is_v4_mapped())
                address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
            m_peer = address.to_string();
        }
    }

    void start()
    {
        net::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->readHeader(); });
    }

private:
    void readHeader()
    {
        m_parser.emplace();
        m_parser->header_limit(kMaxHeaderBytes);
        m_parser->body_limit(kMaxBodyBytes);
        m_stream.expires_after(m_timeout); // request read and keep-alive idle time
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        if (ec == http::error::body_limit)
            return sendTooLarge();
        if (ec)
            return close(ec == http::error::header_limit
                             ? http::status::request_header_fields_too_large
                             : http::status::bad_request,
                         ec);
        // Decided from Content-Length before any of the body is read.
        if (m_parser->content_length() && *m_parser->content_length() > kMaxBodyBytes)
            return sendTooLarge();
        m_stream.expires_after(m_timeout);
        http::async_read(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onBody(ec); });
    }

    void onBody(beast::error_code ec)
    {
        if (ec == http::error::body_limit)
            return sendTooLarge();
        if (ec)
            return close(http::status::bad_request, ec);
        m_stream.expires_never();
        auto self = shared_from_this();
        (*m_handler)(m_parser->release(), m_peer, [self](Answer answer) {
            // Answered at once (a mock, a refusal) we are still on this session's strand;
            // an upstream's answer arrives elsewhere and is posted back.
            if (self->onOwnStrand())
                return self->write(answer.response, answer.headerLines);
            net::post(self->m_stream.get_executor(),
                      [self, a = std::make_shared<Answer>(std::move(answer))] {
                          self->write(a->response, a->headerLines);
                      });
        });
    }

    bool onOwnStrand()
    {
        using Strand = net::strand<net::io_context::executor_type>;
        const auto executor = m_stream.get_executor(); // a copy: target() points into it
        const auto* strand = executor.target<Strand>();
        return strand && strand->running_in_this_thread();
    }

    void sendTooLarge() { write((*m_tooLarge)(m_parser->get().version(), m_peer)); }

    void write(const Response& response, std::string_view headerLines = {})
    {
        m_stream.expires_after(m_timeout);
        // One flat buffer: Beast's own serializer gathers a buffer per header piece,
        // which costs more than the checks do on a response with rate-limit headers.
        auto wire = std::make_shared<std::string>(serialize(response, headerLines));
        const bool keepAlive = response.keep_alive();
        net::async_write(
            m_stream, net::buffer(*wire),
            [self = shared_from_this(), wire, keepAlive](beast::error_code ec, std::size_t) {
                if (ec || !keepAlive)
                    return self->shutdown();
                self->readHeader();
            });
    }

    // Malformed or slow request: answer if the connection still allows it, then close.
    void close(http::status status, beast::error_code ec)
    {
        if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == net::error::eof
            || ec == net::error::connection_reset || ec == net::error::operation_aborted)
            return shutdown();
        Response r(status, 11);
        r.set(http::field::content_type, "application/json");
        r.body() = std::string("{\"error\":\"bad_request\",\"message\":\"") + ec.message() + "\"}";
        r.keep_alive(false);
        r.prepare_payload();
        write(r);
    }

    void shutdown()
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.close();
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::shared_ptr<const HttpServer::Handler> m_handler;
    std::shared_ptr<const HttpServer::TooLarge> m_tooLarge;
    std::chrono::seconds m_timeout;
    std::string m_peer;
};

} // namespace

HttpServer::HttpServer(net::io_context& io, Handler handler, TooLarge tooLarge,
                       std::chrono::seconds readTimeout)
    : m_io(io)
    , m_acceptor(net::make_strand(io))
    , m_handler(std::make_shared<const Handler>(std::move(handler)))
    , m_tooLarge(std::make_shared<const TooLarge>(std::move(tooLarge)))
    , m_readTimeout(readTimeout)
{
}

void HttpServer::listen(const tcp::endpoint& endpoint)
{
    m_acceptor.open(endpoint.protocol());
    m_acceptor.set_option(net::socket_base::reuse_address(true));
    m_acceptor.bind(endpoint);
    m_acceptor.listen(net::socket_base::max_listen_connections);
    accept();
}

tcp::endpoint HttpServer::localEndpoint() const { return m_acceptor.local_endpoint(); }

void HttpServer::stop()
{
    net::post(m_acceptor.get_executor(), [this] {
        beast::error_code ignored;
        m_acceptor.close(ignored);
    });
}

void HttpServer::accept()
{
    m_acceptor.async_accept(
        net::make_strand(m_io), [this](beast::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted || !m_acceptor.is_open())
                return;
            if (!ec)
                std::make_shared<Session>(std::move(socket), m_handler, m_tooLarge, m_readTimeout)
                    ->start();
            accept();
        });
}

} // namespace tollgate::gateway
