#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <functional>
#include <string>

// The Beast types the gateway's pieces share.
namespace tollgate::gateway {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
// What a handler answers: the response, and header lines already rendered
// ("Name: value\r\n"...) that go on the wire after the response's own fields.
struct Answer {
    Response response;
    std::string headerLines;
};
using Reply = std::function<void(Answer)>;

// The response as it goes on the wire, in one buffer: status line, every field
// (prepare_payload and keep_alive have set Content-Length and Connection), body.
std::string serialize(const Response& response, std::string_view headerLines = {});

inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

} // namespace tollgate::gateway
