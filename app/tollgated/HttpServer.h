#pragma once

#include "Http.h"

#include <memory>

namespace tollgate::gateway {

// Accepts connections on one address and serves HTTP/1.1 on each, with a
// header size limit, a 1 MiB body limit (from Content-Length, or while
// reading), and a timeout for reading a request and for idle keep-alive.
class HttpServer {
public:
    // handle(request, peer address, reply); tooLarge(version, peer) answers 413.
    using Handler = std::function<void(Request, const std::string&, Reply)>;
    using TooLarge = std::function<Response(unsigned, const std::string&)>;

    HttpServer(net::io_context& io, Handler handler, TooLarge tooLarge,
               std::chrono::seconds readTimeout = std::chrono::seconds(15));
    // Binds and listens; throws boost::system::system_error on failure.
    void listen(const tcp::endpoint& endpoint);
    tcp::endpoint localEndpoint() const;
    void stop();

private:
    void accept();

    net::io_context& m_io;
    tcp::acceptor m_acceptor;
    std::shared_ptr<const Handler> m_handler;
    std::shared_ptr<const TooLarge> m_tooLarge;
    std::chrono::seconds m_readTimeout;
};

} // namespace tollgate::gateway
