#pragma once

#include "Gateway.h"

namespace tollgate::gateway {

// Runs the checks of product.md section 3, in order, on one request, and
// answers it: a JSON error, the endpoint's mock response, or the upstream's
// response. reply may be called later (a quota lease or an upstream answer).
class RequestHandler {
public:
    explicit RequestHandler(Gateway& gateway)
        : m_gateway(gateway)
    {
    }

    void handle(Request request, const std::string& peer, Reply reply);
    // The answer to a body over the limit, decided before or while reading it.
    Response tooLarge(unsigned version, const std::string& peer);

private:
    Gateway& m_gateway;
};

// A JSON error response: {"error": code, "message": text, ...extra}.
Response errorResponse(http::status status, unsigned version, const char* code,
                       const std::string& message, const std::string& extraJson = {});

} // namespace tollgate::gateway
