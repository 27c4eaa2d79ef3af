#pragma once

#include "Result.h"

#include <QList>
#include <QString>

#include <array>
#include <optional>
#include <string_view>

namespace tollgate {

// An IPv4 or IPv6 address range (a single address is a range of one).
// IPv4 is held as an IPv4-mapped IPv6 address (::ffff:a.b.c.d) with the prefix
// length plus 96, so that IPv4 ranges also match IPv4-mapped IPv6 peers.
//
// Parsing is strict: "10.1.2.3/8" has bits set past the prefix and is refused
// with a message that names the network it probably meant ("10.0.0.0/8"),
// because silently widening a whitelist entry is a security change the
// administrator did not ask for.
class IpRange {
public:
    using Bytes = std::array<quint8, 16>;

    static Result<IpRange> parse(const QString& text);
    // An address alone (no prefix), as the gateway sees a peer. Empty on failure.
    static std::optional<Bytes> parseAddress(const QString& text);
    static std::optional<Bytes> parseAddress(std::string_view text);

    bool contains(const Bytes& address) const;
    bool contains(const QString& address) const;

    bool isV4() const;
    int prefixLength() const; // in the family's own bits (0-32 for IPv4, 0-128 for IPv6)
    // Canonical text: "10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "::1".
    QString toString() const;

    friend bool operator==(const IpRange&, const IpRange&) = default;

private:
    Bytes m_network{};
    int m_bits = 0; // 0-128, in IPv6 terms
};

// Parses a whole whitelist. Entries are trimmed, empty lines are skipped,
// duplicates (after normalisation) are folded into one. Errors name the entry.
Result<QList<IpRange>> parseIpWhitelist(const QStringList& entries);
QStringList ipWhitelistToStrings(const QList<IpRange>& ranges);

} // namespace tollgate
