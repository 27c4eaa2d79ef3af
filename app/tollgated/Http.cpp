#include "Http.h"

namespace tollgate::gateway {

std::string serialize(const Response& response, std::string_view headerLines)
{
    const std::string_view reason = response.reason();
    std::string wire;
    std::size_t size = 32 + reason.size() + headerLines.size() + response.body().size();
    for (const auto& field : response.base())
        size += field.name_string().size() + field.value().size() + 4;
    wire.reserve(size);
    wire += response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    wire += std::to_string(response.result_int());
    wire += ' ';
    wire += reason;
    wire += "\r\n";
    for (const auto& field : response.base()) {
        wire += field.name_string();
        wire += ": ";
        wire += field.value();
        wire += "\r\n";
    }
    wire += headerLines;
    wire += "\r\n";
    wire += response.body();
    return wire;
}

} // namespace tollgate::gateway
