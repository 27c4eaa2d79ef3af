#pragma once

#include "IpRange.h"

namespace tollgate {

// The address a request comes from: the TCP peer, unless the peer is a
// trusted proxy; then the right-most X-Forwarded-For entry that is not a
// trusted proxy (never the left-most, which the caller can forge). When that
// entry is not an IP address, the address of the proxy that added it is used.
QString clientAddress(const QString& peer, const QString& forwardedFor,
                      const QList<IpRange>& trustedProxies);

} // namespace tollgate
