#pragma once

#include "Http.h"

#include <chrono>
#include <string>

namespace tollgate::gateway {

// One forwarded request to an upstream endpoint: resolve, connect, write,
// read, all under one deadline. The callback gets the upstream's response, or
// an error: timedOut (504) or anything else (502).
struct UpstreamResult {
    bool ok = false;
    bool timedOut = false;
    std::string error;
    Response response;
};

void forwardUpstream(net::io_context& io, const std::string& host, const std::string& port,
                     Request request, std::chrono::milliseconds timeout,
                     std::function<void(UpstreamResult)> done);

} // namespace tollgate::gateway
