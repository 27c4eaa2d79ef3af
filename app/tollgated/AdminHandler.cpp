#include "AdminHandler.h"

#include "RequestHandler.h"

namespace tollgate::gateway {

Response adminResponse(Gateway& gateway, const Request& request)
{
    const std::string_view path = request.target().substr(0, request.target().find('?'));
    Response r{http::status::ok, request.version()};
    if (request.method() != http::verb::get) {
        r = errorResponse(http::status::method_not_allowed, request.version(), "method_not_allowed",
                          "The admin endpoints answer GET.");
        r.set(http::field::allow, "GET");
    } else if (path == "/-/health") {
        const auto state = gateway.state();
        const bool reachable = gateway.databaseReachable();
        r.set(http::field::content_type, "application/json");
        r.body() = std::string("{\"status\":\"") + (reachable && state ? "ok" : "degraded")
                   + "\",\"config_version\":" + std::to_string(state ? state->config->version() : 0)
                   + ",\"profiles\":" + std::to_string(state ? state->config->profileCount() : 0)
                   + ",\"database\":\"" + (reachable ? "reachable" : "unreachable") + "\"}";
        if (!reachable)
            r.result(http::status::service_unavailable);
    } else if (path == "/-/metrics") {
        r.set(http::field::content_type, "text/plain; version=0.0.4");
        r.body() = gateway.recorder().metricsText().toStdString();
    } else {
        r = errorResponse(http::status::not_found, request.version(), "not_found",
                          "The admin listener answers /-/health and /-/metrics.");
    }
    r.keep_alive(request.keep_alive());
    r.prepare_payload();
    return r;
}

} // namespace tollgate::gateway
