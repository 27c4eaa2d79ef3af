#include "IpRange.h"

#include <QCoreApplication>

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace tollgate {

namespace {

constexpr int kMaxWhitelistEntries = 1000;
constexpr int kMaxEntryLength = 64;

bool isV4Mapped(const IpRange::Bytes& b)
{
    for (int i = 0; i < 10; ++i)
        if (b[i] != 0)
            return false;
    return b[10] == 0xff && b[11] == 0xff;
}

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(IpRange)
};
} // namespace

} // namespace

std::optional<IpRange::Bytes> IpRange::parseAddress(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.size() > kMaxEntryLength)
        return std::nullopt;
    const QByteArray latin = trimmed.toLatin1();
    return parseAddress(std::string_view(latin.constData(), std::size_t(latin.size())));
}

std::optional<IpRange::Bytes> IpRange::parseAddress(std::string_view text)
{
    // A NUL-terminated copy on the stack for inet_pton; no allocation.
    char buffer[kMaxEntryLength + 1];
    if (text.empty() || text.size() > std::size_t(kMaxEntryLength)
        || text.find('%') != std::string_view::npos)
        return std::nullopt;
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    Bytes out{};
    if (text.find(':') != std::string_view::npos) {
        in6_addr a6;
        if (inet_pton(AF_INET6, buffer, &a6) != 1)
            return std::nullopt;
        std::memcpy(out.data(), &a6, 16);
        return out;
    }
    in_addr a4;
    // inet_pton(AF_INET) accepts only dotted quads of decimal numbers 0-255.
    if (inet_pton(AF_INET, buffer, &a4) != 1)
        return std::nullopt;
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, &a4, 4);
    return out;
}

Result<IpRange> IpRange::parse(const QString& input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return Error::invalid(QString(), Text::tr("an address or range is required"));
    if (text.size() > kMaxEntryLength)
        return Error::invalid(QString(), Text::tr("is too long to be an IP address or range"));

    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    const QString addressPart = slash < 0 ? text : text.left(slash);
    const auto address = parseAddress(addressPart);
    if (!address)
        return Error::invalid(QString(),
                              Text::tr("\"%1\" is not an IPv4 or IPv6 address").arg(addressPart));

    IpRange range;
    range.m_network = *address;
    const bool v4 = isV4Mapped(*address) && !addressPart.contains(QLatin1Char(':'));
    const int familyBits = v4 ? 32 : 128;
    int bits = familyBits;
    if (slash >= 0) {
        const QString prefix = text.mid(slash + 1);
        bool ok = false;
        bits = prefix.toInt(&ok);
        const bool digitsOnly =
            !prefix.isEmpty() && prefix.size() <= 3
            && std::all_of(prefix.begin(), prefix.end(), [](QChar c) { return c.isDigit(); });
        if (!ok || !digitsOnly || bits < 0 || bits > familyBits)
            return Error::invalid(QString(),
                                  Text::tr("prefix length \"%1\" must be a number from 0 to %2")
                                      .arg(prefix)
                                      .arg(familyBits));
    }
    range.m_bits = v4 ? bits + 96 : bits;

    // IPv4-mapped IPv6 ranges are the IPv4 ranges they mean.
    if (!v4 && isV4Mapped(range.m_network) && range.m_bits < 96)
        return Error::invalid(QString(),
                              Text::tr("an IPv4-mapped range must have a prefix of at least 96"));

    IpRange masked = range;
    for (int i = 0; i < 16; ++i) {
        const int keep = std::clamp(range.m_bits - i * 8, 0, 8);
        masked.m_network[i] &= static_cast<quint8>(keep == 0 ? 0 : 0xff << (8 - keep));
    }
    if (masked.m_network != range.m_network)
        return Error::invalid(
            QString(),
            Text::tr("\"%1\" has host bits set; the network is %2").arg(text, masked.toString()));
    return range;
}

bool IpRange::contains(const Bytes& address) const
{
    const int full = m_bits / 8;
    if (std::memcmp(address.data(), m_network.data(), full) != 0)
        return false;
    const int rest = m_bits % 8;
    if (rest == 0)
        return true;
    const quint8 mask = static_cast<quint8>(0xff << (8 - rest));
    return (address[full] & mask) == m_network[full];
}

bool IpRange::contains(const QString& address) const
{
    const auto bytes = parseAddress(address);
    return bytes && contains(*bytes);
}

bool IpRange::isV4() const { return isV4Mapped(m_network) && m_bits >= 96; }

int IpRange::prefixLength() const { return isV4() ? m_bits - 96 : m_bits; }

QString IpRange::toString() const
{
    char buffer[INET6_ADDRSTRLEN] = {};
    const bool v4 = isV4();
    if (v4)
        inet_ntop(AF_INET, m_network.data() + 12, buffer, sizeof buffer);
    else
        inet_ntop(AF_INET6, m_network.data(), buffer, sizeof buffer);
    QString text = QString::fromLatin1(buffer);
    if (prefixLength() != (v4 ? 32 : 128))
        text += QLatin1Char('/') + QString::number(prefixLength());
    return text;
}

Result<QList<IpRange>> parseIpWhitelist(const QStringList& entries)
{
    QList<IpRange> ranges;
    for (const QString& entry : entries) {
        if (entry.trimmed().isEmpty())
            continue;
        auto range = IpRange::parse(entry);
        if (!range)
            return Error::invalid(
                QStringLiteral("ip_whitelist"),
                QCoreApplication::translate("IpRange", "entry \"%1\": %2")
                    .arg(entry.trimmed().left(kMaxEntryLength), range.error().message()));
        if (!ranges.contains(*range))
            ranges.append(*range);
    }
    if (ranges.size() > kMaxWhitelistEntries)
        return Error::invalid(
            QStringLiteral("ip_whitelist"),
            QCoreApplication::translate("IpRange", "has %1 entries; at most %2 are allowed")
                .arg(ranges.size())
                .arg(kMaxWhitelistEntries));
    return ranges;
}

QStringList ipWhitelistToStrings(const QList<IpRange>& ranges)
{
    QStringList out;
    out.reserve(ranges.size());
    for (const IpRange& r : ranges)
        out.append(r.toString());
    return out;
}

} // namespace tollgate
