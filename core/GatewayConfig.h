#pragma once

#include "ConfigVersion.h"
#include "IpRange.h"
#include "Limits.h"
#include "Result.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tollgate {

class Database;

// An immutable snapshot of everything the gateway enforces, loaded in one
// read and swapped atomically when the configuration version changes. Held in
// std types with UTF-8 strings, so the request path converts nothing.
class GatewayConfig {
public:
    struct Endpoint {
        qint64 id = 0;
        qint64 collectionId = 0;
        std::string method;
        std::string path; // below the collection, no leading '/'
        bool upstream = false;
        std::string upstreamUrl;
        // Parsed from upstreamUrl when the configuration is loaded.
        bool upstreamSupported = false; // http:// or https:// with a host
        bool upstreamTls = false;
        std::string upstreamHost;
        std::string upstreamPort;
        std::string upstreamPath; // no trailing '/', may be empty
        int timeoutSeconds = 90;
        int mockStatus = 200;
        std::string mockContentType;
        std::string mockBody;
        friend bool operator==(const Endpoint&, const Endpoint&) = default;
    };
    struct Profile {
        qint64 id = 0;
        qint64 clientId = 0;
        std::vector<qint64> collectionIds; // sorted
        std::optional<RateLimit> rateLimit;
        std::optional<Quota> quota;
        QList<IpRange> ipWhitelist;
        std::optional<qint64> expiresAt;
        bool enabled = true;
        bool mayCall(qint64 collectionId) const;
        friend bool operator==(const Profile&, const Profile&) = default;
    };
    struct Key {
        qint64 id = 0;
        qint64 profileId = 0;
        bool current = true;
        std::optional<qint64> graceEndsAt;
        friend bool operator==(const Key&, const Key&) = default;
    };
    // What a request path resolves to.
    struct Route {
        const Endpoint* endpoint = nullptr;                // null: no endpoint for this method
        const std::vector<Endpoint>* candidates = nullptr; // every endpoint at this path
        bool suffixed = false;                             // only upstream candidates count
        std::string suffix; // extra path below an upstream endpoint ("" or "/a/b")
        bool found() const { return candidates != nullptr; }
        // "GET, POST": the methods answered at this path, for 405's Allow.
        std::string allowedMethods() const;
    };

    static Result<std::shared_ptr<const GatewayConfig>> load(Database& db);
    // The snapshot after the changes recorded since `current` was loaded: a copy
    // of it in which only the changed collections, endpoints, clients and
    // profiles are read again (a full load when the change log no longer reaches
    // back that far, or for settings and imports); `current` itself when
    // nothing changed.
    static Result<std::shared_ptr<const GatewayConfig>>
    update(Database& db, const std::shared_ptr<const GatewayConfig>& current);

    qint64 version() const { return m_version; }
    const std::string& prefix() const { return m_prefix; }
    // path: the URL path without the query, e.g. "/demo/employee/v1/fetch".
    Route route(std::string_view path, std::string_view method) const;
    const Key* key(std::string_view digestHex) const;
    const Profile* profile(qint64 id) const;
    std::size_t profileCount() const { return m_profiles.size(); }
    template <typename F> void forEachProfile(F&& f) const
    {
        for (const auto& [id, profile] : m_profiles)
            f(profile);
    }

    friend bool operator==(const GatewayConfig&, const GatewayConfig&) = default;

private:
    Status loadAll(Database& db);
    Status loadRoutes(Database& db);
    // Reads the given profiles with their collections and keys; all of them when ids is null.
    Status loadProfiles(Database& db, const std::vector<qint64>* ids);
    Status applyChanges(Database& db, const QList<ConfigChange>& changes);

    qint64 m_version = 0;
    std::string m_prefix;
    // "collection/version/endpoint path" -> the endpoints (one per method)
    std::unordered_map<std::string, std::vector<Endpoint>> m_routes;
    // Looked up by std::string_view, without building a std::string per request.
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const
        {
            return std::hash<std::string_view>()(s);
        }
    };
    std::unordered_map<std::string, Key, StringHash, std::equal_to<>> m_keys;
    std::unordered_map<qint64, Profile> m_profiles;
};

} // namespace tollgate
