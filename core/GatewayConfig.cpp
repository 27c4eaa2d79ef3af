#include "GatewayConfig.h"

#include "ConfigVersion.h"
#include "Database.h"
#include "SettingsStore.h"

#include <QUrl>

#include <algorithm>

namespace tollgate {

bool GatewayConfig::Profile::mayCall(qint64 collectionId) const
{
    return std::binary_search(collectionIds.begin(), collectionIds.end(), collectionId);
}

Result<std::shared_ptr<const GatewayConfig>> GatewayConfig::load(Database& db)
{
    auto config = std::make_shared<GatewayConfig>();
    // One read transaction, so the snapshot is consistent.
    TG_TRY(db.transaction([&]() -> Status {
        auto version = ConfigVersion::current(db);
        if (!version)
            return version.error();
        config->m_version = *version;
        auto settings = SettingsStore(db).get();
        if (!settings)
            return settings.error();
        config->m_prefix = settings->pathPrefix.toStdString();

        auto endpoints = db.exec(QStringLiteral(
            "SELECT e.id, e.collection_id, c.path, c.version, e.method, e.path, e.target, "
            "e.upstream_url, e.timeout_seconds, e.mock_status, e.mock_content_type, e.mock_body "
            "FROM endpoints e JOIN collections c ON c.id = e.collection_id WHERE e.active = 1"));
        if (!endpoints)
            return endpoints.error();
        while (endpoints->next()) {
            Endpoint e;
            e.id = endpoints->value(0).toLongLong();
            e.collectionId = endpoints->value(1).toLongLong();
            e.method = endpoints->value(4).toString().toStdString();
            e.path = endpoints->value(5).toString().toStdString();
            e.upstream = endpoints->value(6).toString() == QLatin1String("upstream");
            e.upstreamUrl = endpoints->value(7).toString().toStdString();
            if (e.upstream) {
                const QUrl url(endpoints->value(7).toString());
                e.upstreamTls = url.scheme() == QLatin1String("https");
                e.upstreamSupported = (e.upstreamTls || url.scheme() == QLatin1String("http"))
                                      && !url.host().isEmpty();
                e.upstreamHost = url.host().toStdString();
                e.upstreamPort = std::to_string(url.port(e.upstreamTls ? 443 : 80));
                QString path = url.path(QUrl::FullyEncoded);
                while (path.endsWith(QLatin1Char('/')))
                    path.chop(1);
                e.upstreamPath = path.toStdString();
            }
            e.timeoutSeconds = endpoints->value(8).toInt();
            e.mockStatus = endpoints->value(9).toInt();
            e.mockContentType = endpoints->value(10).toString().toStdString();
            e.mockBody = endpoints->value(11).toString().toStdString();
            const std::string key = endpoints->value(2).toString().toStdString() + '/'
                                    + endpoints->value(3).toString().toStdString() + '/' + e.path;
            config->m_routes[key].push_back(std::move(e));
        }

        auto profiles = db.exec(QStringLiteral(
            "SELECT id, rate_requests, rate_interval, quota_requests, quota_interval, "
            "ip_whitelist, expires_at, enabled FROM profiles"));
        if (!profiles)
            return profiles.error();
        while (profiles->next()) {
            Profile p;
            p.id = profiles->value(0).toLongLong();
            if (!profiles->value(1).isNull())
                if (auto r = RateLimit::make(profiles->value(1).toLongLong(),
                                             profiles->value(2).toString()))
                    p.rateLimit = *r;
            if (!profiles->value(3).isNull())
                if (auto q =
                        Quota::make(profiles->value(3).toLongLong(), profiles->value(4).toString()))
                    p.quota = *q;
            const QString whitelist = profiles->value(5).toString();
            if (!whitelist.isEmpty()) {
                auto ranges = parseIpWhitelist(whitelist.split(QLatin1Char('\n')));
                if (!ranges)
                    return ranges.error();
                p.ipWhitelist = *ranges;
            }
            if (!profiles->value(6).isNull())
                p.expiresAt = profiles->value(6).toLongLong();
            p.enabled = profiles->value(7).toInt() != 0;
            config->m_profiles.emplace(p.id, std::move(p));
        }

        auto grants =
            db.exec(QStringLiteral("SELECT profile_id, collection_id FROM profile_collections"));
        if (!grants)
            return grants.error();
        while (grants->next()) {
            auto it = config->m_profiles.find(grants->value(0).toLongLong());
            if (it != config->m_profiles.end())
                it->second.collectionIds.push_back(grants->value(1).toLongLong());
        }
        for (auto& [id, p] : config->m_profiles)
            std::sort(p.collectionIds.begin(), p.collectionIds.end());

        auto keys = db.exec(QStringLiteral(
            "SELECT digest, id, profile_id, is_current, grace_ends_at FROM api_keys"));
        if (!keys)
            return keys.error();
        while (keys->next()) {
            Key k;
            k.id = keys->value(1).toLongLong();
            k.profileId = keys->value(2).toLongLong();
            k.current = keys->value(3).toInt() != 0;
            if (!keys->value(4).isNull())
                k.graceEndsAt = keys->value(4).toLongLong();
            config->m_keys.emplace(keys->value(0).toString().toStdString(), k);
        }
        return {};
    }));
    return std::shared_ptr<const GatewayConfig>(std::move(config));
}

GatewayConfig::Route GatewayConfig::route(std::string_view path, std::string_view method) const
{
    Route result;
    // "/<prefix>/" then "collection/version/endpoint path".
    if (m_prefix.empty() || path.size() < m_prefix.size() + 2 || path[0] != '/'
        || path.substr(1, m_prefix.size()) != m_prefix || path[m_prefix.size() + 1] != '/')
        return result;
    std::string rest(path.substr(m_prefix.size() + 2));
    while (!rest.empty() && rest.back() == '/')
        rest.pop_back();
    // The exact path first; then shorter paths, whose upstream endpoints take the rest as suffix.
    std::string suffix;
    for (;;) {
        auto it = m_routes.find(rest);
        if (it != m_routes.end()) {
            bool any = false;
            for (const Endpoint& e : it->second) {
                if (!suffix.empty() && !e.upstream)
                    continue;
                any = true;
                if (e.method == method)
                    result.endpoint = &e;
            }
            if (any) {
                result.candidates = &it->second;
                result.suffixed = !suffix.empty();
                result.suffix = suffix;
                return result;
            }
        }
        const auto slash = rest.rfind('/');
        if (slash == std::string::npos)
            return result;
        suffix = rest.substr(slash) + suffix;
        rest.resize(slash);
    }
}

std::string GatewayConfig::Route::allowedMethods() const
{
    std::vector<std::string> methods;
    if (candidates)
        for (const Endpoint& e : *candidates)
            if (!suffixed || e.upstream)
                methods.push_back(e.method);
    std::sort(methods.begin(), methods.end());
    std::string allow;
    for (const std::string& m : methods)
        allow += (allow.empty() ? "" : ", ") + m;
    return allow;
}

const GatewayConfig::Key* GatewayConfig::key(std::string_view digestHex) const
{
    auto it = m_keys.find(digestHex);
    return it == m_keys.end() ? nullptr : &it->second;
}

const GatewayConfig::Profile* GatewayConfig::profile(qint64 id) const
{
    auto it = m_profiles.find(id);
    return it == m_profiles.end() ? nullptr : &it->second;
}

} // namespace tollgate
