#include "DomainJson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

namespace tollgate::json {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(DomainJson)
};
} // namespace

Result<QString> text(const QJsonObject& o, const QString& key, bool required = true)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() && !required)
        return QString();
    if (!v.isString())
        return Error::invalid(key, Text::tr("must be a string"));
    return v.toString();
}

Result<qint64> integer(const QJsonObject& o, const QString& key, qint64 fallback)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isDouble() || v.toDouble() != static_cast<double>(static_cast<qint64>(v.toDouble())))
        return Error::invalid(key, Text::tr("must be a whole number"));
    return static_cast<qint64>(v.toDouble());
}

#define TG_ASSIGN(target, expr)                                                                    \
    do {                                                                                           \
        auto tgValue_ = (expr);                                                                    \
        if (!tgValue_)                                                                             \
            return tgValue_.error();                                                               \
        target = *tgValue_;                                                                        \
    } while (false)

} // namespace

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QJsonValue isoTime(const std::optional<qint64>& ms)
{
    return ms ? QJsonValue(isoTime(*ms)) : QJsonValue(QJsonValue::Null);
}

Result<std::optional<qint64>> parseIsoTime(const QJsonValue& value, const QString& field)
{
    if (value.isNull() || value.isUndefined())
        return std::optional<qint64>();
    const QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!value.isString() || !t.isValid())
        return Error::invalid(field, Text::tr("must be an ISO 8601 date and time"));
    return std::optional<qint64>(t.toMSecsSinceEpoch());
}

QJsonObject toJson(const WorkspaceSettings& s)
{
    return {{QStringLiteral("path_prefix"), s.pathPrefix.isEmpty() ? QJsonValue() : s.pathPrefix},
            {QStringLiteral("gateway_base_url"), s.gatewayBaseUrl},
            {QStringLiteral("review_interval_days"), s.reviewIntervalDays},
            {QStringLiteral("revision"), s.revision}};
}

QJsonObject toJson(const Collection& c)
{
    return {{QStringLiteral("name"), c.name},
            {QStringLiteral("path"), c.path},
            {QStringLiteral("version"), c.version},
            {QStringLiteral("description"), c.description},
            {QStringLiteral("endpoints"), c.endpointCount},
            {QStringLiteral("created_at"), isoTime(c.createdAt)},
            {QStringLiteral("revision"), c.revision}};
}

QJsonObject toJson(const Endpoint& e)
{
    QJsonObject o{{QStringLiteral("collection"), e.collectionName},
                  {QStringLiteral("name"), e.name},
                  {QStringLiteral("method"), e.method},
                  {QStringLiteral("path"), e.path},
                  {QStringLiteral("active"), e.active},
                  {QStringLiteral("target"), targetKindName(e.target)},
                  {QStringLiteral("created_at"), isoTime(e.createdAt)},
                  {QStringLiteral("revision"), e.revision}};
    if (e.target == TargetKind::Upstream) {
        o.insert(QStringLiteral("upstream_url"), e.upstreamUrl);
        o.insert(QStringLiteral("timeout_seconds"), e.timeoutSeconds);
    } else {
        o.insert(QStringLiteral("mock_status"), e.mockStatus);
        o.insert(QStringLiteral("mock_content_type"), e.mockContentType);
        o.insert(QStringLiteral("mock_body"), e.mockBody);
    }
    return o;
}

QJsonObject toJson(const Client& c)
{
    return {{QStringLiteral("name"), c.name},
            {QStringLiteral("description"), c.description},
            {QStringLiteral("profiles"), c.profileCount},
            {QStringLiteral("collections"), c.collectionCount},
            {QStringLiteral("created_at"), isoTime(c.createdAt)},
            {QStringLiteral("last_activity_at"), isoTime(c.lastActivityAt)},
            {QStringLiteral("revision"), c.revision}};
}

QJsonObject toJson(const ApiKeyRecord& k)
{
    return {{QStringLiteral("hint"), k.hint},
            {QStringLiteral("current"), k.current},
            {QStringLiteral("created_at"), isoTime(k.createdAt)},
            {QStringLiteral("grace_ends_at"), isoTime(k.graceEndsAt)},
            {QStringLiteral("last_used_at"), isoTime(k.lastUsedAt)}};
}

QJsonObject toJson(const AccessProfile& p)
{
    QJsonArray keys;
    for (const ApiKeyRecord& k : p.keys)
        keys.append(toJson(k));
    return {{QStringLiteral("client"), p.clientName},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("collections"), QJsonArray::fromStringList(p.collectionNames)},
            {QStringLiteral("rate_limit"),
             p.rateLimit ? QJsonValue(p.rateLimit->toString()) : QJsonValue()},
            {QStringLiteral("quota"), p.quota ? QJsonValue(p.quota->toString()) : QJsonValue()},
            {QStringLiteral("ip_whitelist"),
             QJsonArray::fromStringList(ipWhitelistToStrings(p.ipWhitelist))},
            {QStringLiteral("expires_at"), isoTime(p.expiresAt)},
            {QStringLiteral("enabled"), p.enabled},
            {QStringLiteral("reviewed_at"), isoTime(p.reviewedAt)},
            {QStringLiteral("reviewed_by"), p.reviewedBy.isEmpty() ? QJsonValue() : p.reviewedBy},
            {QStringLiteral("created_at"), isoTime(p.createdAt)},
            {QStringLiteral("keys"), keys},
            {QStringLiteral("revision"), p.revision}};
}

Result<Collection> collectionFromJson(const QJsonObject& o)
{
    Collection c;
    TG_ASSIGN(c.name, text(o, QStringLiteral("name")));
    TG_ASSIGN(c.path, text(o, QStringLiteral("path")));
    TG_ASSIGN(c.version, text(o, QStringLiteral("version")));
    TG_ASSIGN(c.description, text(o, QStringLiteral("description"), false));
    return c;
}

Result<Endpoint> endpointFromJson(const QJsonObject& o)
{
    Endpoint e;
    TG_ASSIGN(e.name, text(o, QStringLiteral("name")));
    TG_ASSIGN(e.method, text(o, QStringLiteral("method")));
    TG_ASSIGN(e.path, text(o, QStringLiteral("path")));
    e.active = o.value(QStringLiteral("active")).toBool(true);
    QString target;
    TG_ASSIGN(target, text(o, QStringLiteral("target")));
    if (target == targetKindName(TargetKind::Upstream)) {
        e.target = TargetKind::Upstream;
        TG_ASSIGN(e.upstreamUrl, text(o, QStringLiteral("upstream_url")));
        TG_ASSIGN(e.timeoutSeconds, integer(o, QStringLiteral("timeout_seconds"), 90));
    } else if (target == targetKindName(TargetKind::Mock)) {
        e.target = TargetKind::Mock;
        TG_ASSIGN(e.mockStatus, integer(o, QStringLiteral("mock_status"), 200));
        TG_ASSIGN(e.mockContentType, text(o, QStringLiteral("mock_content_type"), false));
        TG_ASSIGN(e.mockBody, text(o, QStringLiteral("mock_body"), false));
    } else {
        return Error::invalid(QStringLiteral("target"),
                              Text::tr("must be \"upstream\" or \"mock\""));
    }
    return e;
}

Result<Client> clientFromJson(const QJsonObject& o)
{
    Client c;
    TG_ASSIGN(c.name, text(o, QStringLiteral("name")));
    TG_ASSIGN(c.description, text(o, QStringLiteral("description"), false));
    return c;
}

Result<ApiKeyRecord> keyFromJson(const QJsonObject& o)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    ApiKeyRecord k;
    TG_ASSIGN(k.digest, text(o, QStringLiteral("digest")));
    if (!hex.match(k.digest).hasMatch())
        return Error::invalid(QStringLiteral("digest"),
                              Text::tr("must be 64 lowercase hex digits"));
    TG_ASSIGN(k.hint, text(o, QStringLiteral("hint")));
    k.current = o.value(QStringLiteral("current")).toBool(true);
    std::optional<qint64> created;
    TG_ASSIGN(created,
              parseIsoTime(o.value(QStringLiteral("created_at")), QStringLiteral("created_at")));
    k.createdAt = created.value_or(0);
    TG_ASSIGN(k.graceEndsAt, parseIsoTime(o.value(QStringLiteral("grace_ends_at")),
                                          QStringLiteral("grace_ends_at")));
    TG_ASSIGN(k.lastUsedAt, parseIsoTime(o.value(QStringLiteral("last_used_at")),
                                         QStringLiteral("last_used_at")));
    return k;
}

Result<AccessProfile> profileFromJson(const QJsonObject& o)
{
    AccessProfile p;
    TG_ASSIGN(p.name, text(o, QStringLiteral("name")));
    for (const QJsonValue& v : o.value(QStringLiteral("collections")).toArray())
        p.collectionNames.append(v.toString());
    if (const QJsonValue rate = o.value(QStringLiteral("rate_limit")); rate.isString())
        TG_ASSIGN(p.rateLimit, RateLimit::parse(rate.toString()));
    if (const QJsonValue quota = o.value(QStringLiteral("quota")); quota.isString())
        TG_ASSIGN(p.quota, Quota::parse(quota.toString()));
    QStringList whitelist;
    for (const QJsonValue& v : o.value(QStringLiteral("ip_whitelist")).toArray())
        whitelist.append(v.toString());
    TG_ASSIGN(p.ipWhitelist, parseIpWhitelist(whitelist));
    TG_ASSIGN(p.expiresAt,
              parseIsoTime(o.value(QStringLiteral("expires_at")), QStringLiteral("expires_at")));
    p.enabled = o.value(QStringLiteral("enabled")).toBool(true);
    TG_ASSIGN(p.reviewedAt,
              parseIsoTime(o.value(QStringLiteral("reviewed_at")), QStringLiteral("reviewed_at")));
    p.reviewedBy = o.value(QStringLiteral("reviewed_by")).toString();
    std::optional<qint64> created;
    TG_ASSIGN(created,
              parseIsoTime(o.value(QStringLiteral("created_at")), QStringLiteral("created_at")));
    p.createdAt = created.value_or(0);
    return p;
}

} // namespace tollgate::json
