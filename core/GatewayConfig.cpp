#include "GatewayConfig.h"

#include "ConfigVersion.h"
#include "Database.h"
#include "SettingsStore.h"

#include <QUrl>

#include <algorithm>
#include <unordered_set>

namespace tollgate {

bool GatewayConfig::Profile::mayCall(qint64 collectionId) const
{
    return std::binary_search(collectionIds.begin(), collectionIds.end(), collectionId);
}

namespace {

// Statements with id lists are run in chunks of this many bound values.
constexpr std::size_t kIdsPerStatement = 500;
// More changes than this at once (a script, a bulk edit): reading everything is as quick.
constexpr qsizetype kMaxIncrementalChanges = 2'000;

// Calls f(placeholders, values) for each chunk of ids: "(?, ?, ?)" and the ids.
template <typename F> Status forEachChunk(const std::vector<qint64>& ids, F&& f)
{
    for (std::size_t first = 0; first < ids.size(); first += kIdsPerStatement) {
        const std::size_t count = std::min(kIdsPerStatement, ids.size() - first);
        QString placeholders = QStringLiteral("(");
        QVariantList values;
        values.reserve(static_cast<qsizetype>(count));
        for (std::size_t i = 0; i < count; ++i) {
            placeholders += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
            values.append(ids[first + i]);
        }
        placeholders += QLatin1Char(')');
        TG_TRY(f(placeholders, values));
    }
    return {};
}

template <typename Set> std::vector<qint64> sorted(const Set& set)
{
    std::vector<qint64> ids(set.begin(), set.end());
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

Result<std::shared_ptr<const GatewayConfig>> GatewayConfig::load(Database& db)
{
    auto config = std::make_shared<GatewayConfig>();
    // One read transaction, so the snapshot is consistent.
    TG_TRY(db.transaction([&] { return config->loadAll(db); }));
    return std::shared_ptr<const GatewayConfig>(std::move(config));
}

Result<std::shared_ptr<const GatewayConfig>>
GatewayConfig::update(Database& db, const std::shared_ptr<const GatewayConfig>& current)
{
    std::shared_ptr<const GatewayConfig> result = current;
    TG_TRY(db.transaction([&]() -> Status {
        auto changes = ConfigVersion::changesSince(db, current->m_version);
        if (!changes)
            return changes.error();
        if (changes->version == current->m_version)
            return {};
        const bool everything =
            !changes->complete || changes->list.size() > kMaxIncrementalChanges
            || std::any_of(changes->list.begin(), changes->list.end(), [](const ConfigChange& c) {
                   return c.scope == ConfigChange::Scope::Everything
                          || c.scope == ConfigChange::Scope::Settings;
               });
        auto next = std::make_shared<GatewayConfig>();
        if (everything) {
            TG_TRY(next->loadAll(db));
        } else {
            *next = *current;
            TG_TRY(next->applyChanges(db, changes->list));
        }
        // Rows read after the version may be newer still; the next update reads them again.
        next->m_version = changes->version;
        result = std::move(next);
        return {};
    }));
    return result;
}

Status GatewayConfig::loadAll(Database& db)
{
    auto version = ConfigVersion::current(db);
    if (!version)
        return version.error();
    m_version = *version;
    auto settings = SettingsStore(db).get();
    if (!settings)
        return settings.error();
    m_prefix = settings->pathPrefix.toStdString();
    TG_TRY(loadRoutes(db));
    return loadProfiles(db, nullptr);
}

Status GatewayConfig::applyChanges(Database& db, const QList<ConfigChange>& changes)
{
    bool routes = false;
    std::unordered_set<qint64> collections, clients, profiles;
    for (const ConfigChange& change : changes) {
        switch (change.scope) {
        case ConfigChange::Scope::Collection:
            collections.insert(change.id);
            routes = true;
            break;
        case ConfigChange::Scope::Endpoint: routes = true; break;
        case ConfigChange::Scope::Client: clients.insert(change.id); break;
        case ConfigChange::Scope::Profile: profiles.insert(change.id); break;
        case ConfigChange::Scope::Everything:
        case ConfigChange::Scope::Settings:
            Q_ASSERT(false); // handled by a full load
            break;
        }
    }
    if (routes) {
        // Endpoints are few: read them all again.
        m_routes.clear();
        TG_TRY(loadRoutes(db));
    }
    if (!collections.empty()) {
        // Collection ids are never reused, so only deleted ones matter to grants.
        std::unordered_set<qint64> deleted = collections;
        TG_TRY(forEachChunk(sorted(collections), [&](const QString& in, const QVariantList& ids) {
            auto rows =
                db.exec(QStringLiteral("SELECT id FROM collections WHERE id IN ") + in, ids);
            if (!rows)
                return Status(rows.error());
            while (rows->next())
                deleted.erase(rows->value(0).toLongLong());
            return Status();
        }));
        if (!deleted.empty())
            for (auto& [id, p] : m_profiles)
                std::erase_if(p.collectionIds, [&](qint64 c) { return deleted.contains(c); });
    }
    if (!clients.empty()) {
        // The client's profiles as they were (a deleted client's are gone) and as they are now.
        for (const auto& [id, p] : m_profiles)
            if (clients.contains(p.clientId))
                profiles.insert(id);
        TG_TRY(forEachChunk(sorted(clients), [&](const QString& in, const QVariantList& ids) {
            auto rows =
                db.exec(QStringLiteral("SELECT id FROM profiles WHERE client_id IN ") + in, ids);
            if (!rows)
                return Status(rows.error());
            while (rows->next())
                profiles.insert(rows->value(0).toLongLong());
            return Status();
        }));
    }
    if (!profiles.empty()) {
        for (qint64 id : profiles)
            m_profiles.erase(id);
        std::erase_if(m_keys,
                      [&](const auto& entry) { return profiles.contains(entry.second.profileId); });
        const std::vector<qint64> ids = sorted(profiles);
        TG_TRY(loadProfiles(db, &ids));
    }
    return {};
}

Status GatewayConfig::loadRoutes(Database& db)
{
    auto endpoints = db.exec(QStringLiteral(
        "SELECT e.id, e.collection_id, c.path, c.version, e.method, e.path, e.target, "
        "e.upstream_url, e.timeout_seconds, e.mock_status, e.mock_content_type, e.mock_body "
        "FROM endpoints e JOIN collections c ON c.id = e.collection_id WHERE e.active = 1 "
        "ORDER BY e.id"));
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
            e.upstreamSupported =
                (e.upstreamTls || url.scheme() == QLatin1String("http")) && !url.host().isEmpty();
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
        m_routes[key].push_back(std::move(e));
    }
    return {};
}

Status GatewayConfig::loadProfiles(Database& db, const std::vector<qint64>* ids)
{
    std::vector<qint64> loaded;
    const auto read = [&](const QString& profileFilter, const QString& ownerFilter,
                          const QVariantList& values) -> Status {
        auto profiles = db.exec(QStringLiteral("SELECT id, client_id, rate_requests, "
                                               "rate_interval, quota_requests, quota_interval, "
                                               "ip_whitelist, expires_at, enabled FROM profiles")
                                    + profileFilter,
                                values);
        if (!profiles)
            return profiles.error();
        while (profiles->next()) {
            Profile p;
            p.id = profiles->value(0).toLongLong();
            p.clientId = profiles->value(1).toLongLong();
            if (!profiles->value(2).isNull())
                if (auto r = RateLimit::make(profiles->value(2).toLongLong(),
                                             profiles->value(3).toString()))
                    p.rateLimit = *r;
            if (!profiles->value(4).isNull())
                if (auto q =
                        Quota::make(profiles->value(4).toLongLong(), profiles->value(5).toString()))
                    p.quota = *q;
            const QString whitelist = profiles->value(6).toString();
            if (!whitelist.isEmpty()) {
                auto ranges = parseIpWhitelist(whitelist.split(QLatin1Char('\n')));
                if (!ranges)
                    return ranges.error();
                p.ipWhitelist = *ranges;
            }
            if (!profiles->value(7).isNull())
                p.expiresAt = profiles->value(7).toLongLong();
            p.enabled = profiles->value(8).toInt() != 0;
            loaded.push_back(p.id);
            m_profiles.insert_or_assign(p.id, std::move(p));
        }

        auto grants =
            db.exec(QStringLiteral("SELECT profile_id, collection_id FROM profile_collections")
                        + ownerFilter,
                    values);
        if (!grants)
            return grants.error();
        while (grants->next()) {
            auto it = m_profiles.find(grants->value(0).toLongLong());
            if (it != m_profiles.end())
                it->second.collectionIds.push_back(grants->value(1).toLongLong());
        }

        auto keys = db.exec(QStringLiteral("SELECT digest, id, profile_id, is_current, "
                                           "grace_ends_at FROM api_keys")
                                + ownerFilter,
                            values);
        if (!keys)
            return keys.error();
        while (keys->next()) {
            Key k;
            k.id = keys->value(1).toLongLong();
            k.profileId = keys->value(2).toLongLong();
            k.current = keys->value(3).toInt() != 0;
            if (!keys->value(4).isNull())
                k.graceEndsAt = keys->value(4).toLongLong();
            m_keys.insert_or_assign(keys->value(0).toString().toStdString(), k);
        }
        return {};
    };
    if (!ids)
        TG_TRY(read({}, {}, {}));
    else
        TG_TRY(forEachChunk(*ids, [&](const QString& in, const QVariantList& values) {
            return read(QStringLiteral(" WHERE id IN ") + in,
                        QStringLiteral(" WHERE profile_id IN ") + in, values);
        }));
    for (qint64 id : loaded) {
        auto& collections = m_profiles[id].collectionIds;
        std::sort(collections.begin(), collections.end());
    }
    return {};
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
