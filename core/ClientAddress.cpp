#include "ClientAddress.h"

#include <algorithm>

namespace tollgate {

namespace {
bool trusted(const QString& address, const QList<IpRange>& proxies)
{
    const auto bytes = IpRange::parseAddress(address);
    if (!bytes)
        return false;
    return std::any_of(proxies.begin(), proxies.end(),
                       [&](const IpRange& r) { return r.contains(*bytes); });
}
} // namespace

QString clientAddress(const QString& peer, const QString& forwardedFor,
                      const QList<IpRange>& trustedProxies)
{
    if (trustedProxies.isEmpty() || !trusted(peer, trustedProxies))
        return peer;
    QString hop = peer; // the nearest trusted proxy so far
    const QStringList entries = forwardedFor.split(QLatin1Char(','));
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        const QString entry = it->trimmed();
        if (entry.isEmpty())
            continue;
        if (!IpRange::parseAddress(entry))
            return hop;
        if (!trusted(entry, trustedProxies))
            return entry;
        hop = entry;
    }
    return hop;
}

} // namespace tollgate
