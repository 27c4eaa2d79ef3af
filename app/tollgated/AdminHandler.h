#pragma once

#include "Gateway.h"

namespace tollgate::gateway {

// The admin listener's answers: GET /-/health (JSON) and GET /-/metrics
// (Prometheus text). Bound to loopback by default; never on the public port.
Response adminResponse(Gateway& gateway, const Request& request);

} // namespace tollgate::gateway
