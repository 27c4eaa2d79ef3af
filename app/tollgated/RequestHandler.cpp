#include "RequestHandler.h"

#include "ClientAddress.h"
#include "Upstream.h"

#include <QRandomGenerator>

#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace tollgate::gateway {

namespace {

using Clock = std::chrono::steady_clock;

std::string jsonString(const std::string& text)
{
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    return out + '"';
}

std::string requestId()
{
    // Per thread: no lock shared between I/O threads.
    thread_local QRandomGenerator64 random(QRandomGenerator::system()->generate());
    const quint64 a = random.generate64();
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(a));
    return buf;
}

qint64 seconds(qint64 ms) { return (ms + 999) / 1000; }

// Lowercase hex SHA-256 of the key, into a fixed buffer: the digest the database
// stores. OpenSSL's one-shot SHA256 (hardware-accelerated where the CPU can).
std::array<char, 64> sha256Hex(std::string_view key)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
    static constexpr char digits[] = "0123456789abcdef";
    std::array<char, 64> hex;
    for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
    return hex;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string urlDecode(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += char(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

// Splits the query into the apikey value (if any) and the query without it.
std::pair<std::string, std::string> takeQueryKey(std::string_view query)
{
    std::string key;
    std::string rest;
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos)
            end = query.size();
        const std::string_view part = query.substr(start, end - start);
        if (part.substr(0, 7) == "apikey=") {
            if (key.empty())
                key = urlDecode(part.substr(7));
        } else if (!part.empty()) {
            if (!rest.empty())
                rest += '&';
            rest += part;
        }
        start = end + 1;
    }
    return {key, rest};
}

bool hopByHop(std::string_view name)
{
    for (const char* h :
         {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
          "transfer-encoding", "upgrade", "host", "content-length"})
        if (beast::iequals(name, h))
            return true;
    return false;
}

Outcome upstreamOutcome(unsigned status)
{
    if (status >= 500)
        return Outcome::EndpointServerError;
    if (status >= 400)
        return Outcome::EndpointClientError;
    return Outcome::Allowed;
}

// Everything one request carries through the checks.
struct Exchange {
    Exchange(Gateway& g, Request r, std::string p, Reply reply)
        : gateway(g)
        , request(std::move(r))
        , peer(std::move(p))
        , reply(std::move(reply))
    {
    }

    Gateway& gateway;
    Request request;
    std::string peer;
    Reply reply;
    Clock::time_point started = Clock::now();
    std::string id = requestId();
    qint64 now = 0;
    std::shared_ptr<const GatewayState> state;
    const GatewayConfig::Endpoint* endpoint = nullptr;
    std::string suffix;
    std::string query;
    const GatewayConfig::Key* key = nullptr;
    const GatewayConfig::Profile* profile = nullptr;
    std::string address;
    std::string headerLines; // "Name: value\r\n" each, added to the answer
    bool fromUpstream = false;

    void addHeader(std::string_view name, std::string_view value)
    {
        headerLines += name;
        headerLines += ": ";
        headerLines += value;
        headerLines += "\r\n";
    }
    void addHeader(std::string_view name, qint64 value)
    {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        addHeader(name, std::string_view(digits, std::size_t(end - digits)));
    }

    void finish(Response response, Outcome outcome)
    {
        if (fromUpstream) // ours replace the upstream's own of these names
            for (const char* name :
                 {"X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
                  "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                  "X-Quota-Limit", "X-Quota-Remaining", "X-Quota-Reset"})
                response.erase(name);
        addHeader("X-Request-Id", id);
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        const qint64 latencyUs =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
        gateway.recorder().record({profile ? profile->id : 0, endpoint ? endpoint->id : 0,
                                   key ? key->id : 0, outcome, now, latencyUs,
                                   profile ? address : std::string()});
        if (gateway.logRequests())
            std::fprintf(
                stderr,
                "{\"request_id\":\"%s\",\"method\":%s,\"path\":%s,\"status\":%u,"
                "\"outcome\":\"%s\",\"profile\":%lld,\"client\":%s,\"latency_us\":%lld}\n",
                id.c_str(), jsonString(std::string(request.method_string())).c_str(),
                jsonString(std::string(request.target().substr(0, request.target().find('?'))))
                    .c_str(),
                response.result_int(), outcomeName(outcome).toLatin1().constData(),
                static_cast<long long>(profile ? profile->id : 0), jsonString(address).c_str(),
                static_cast<long long>(latencyUs));
        reply(Answer{std::move(response), std::move(headerLines)});
    }

    void fail(http::status status, const char* code, const std::string& message, Outcome outcome,
              const std::string& extra = {})
    {
        finish(errorResponse(status, request.version(), code, message, extra), outcome);
    }
};

void respondFromTarget(std::shared_ptr<Exchange> x);

void checkQuota(std::shared_ptr<Exchange> x)
{
    QuotaCounter* counter = x->state->quota(x->profile->id);
    if (!counter)
        return respondFromTarget(x);
    const auto onDecision = [x](const QuotaCounter::Decision& d) {
        x->addHeader("X-Quota-Limit", d.limit);
        x->addHeader("X-Quota-Remaining", d.remaining);
        x->addHeader("X-Quota-Reset", seconds(d.resetMs));
        if (d.admitted)
            return respondFromTarget(x);
        x->addHeader("Retry-After", seconds(d.resetMs));
        const std::string interval = intervalName(x->profile->quota->interval).toStdString();
        x->fail(http::status::too_many_requests, "quota_exceeded",
                "The usage quota of " + std::to_string(d.limit) + " requests per " + interval
                    + " is used up.",
                Outcome::QuotaExceeded,
                ",\"limit\":" + std::to_string(d.limit) + ",\"interval\":\"" + interval + "\"");
    };
    // The counter may call back later, from the database thread, after a lease. The
    // lambdas hold only x, so that std::function keeps them without an allocation.
    const QuotaCounter::RefillRequest refill = [x](qint64 window, qint64 want) {
        x->gateway.requestLease(x->state->quotas.at(x->profile->id), window, want);
    };
    QuotaCounter::Decision decision;
    if (counter->acquire(x->now, decision, onDecision, refill))
        onDecision(decision);
}

void respondFromTarget(std::shared_ptr<Exchange> x)
{
    const GatewayConfig::Endpoint& e = *x->endpoint;
    if (!e.upstream) {
        Response r{http::status(e.mockStatus), x->request.version()};
        r.set(http::field::content_type, e.mockContentType);
        r.body() = e.mockBody;
        return x->finish(std::move(r), upstreamOutcome(e.mockStatus));
    }
    if (!e.upstreamSupported)
        return x->fail(http::status::bad_gateway, "bad_gateway",
                       "The endpoint's upstream URL is not an http:// or https:// URL.",
                       Outcome::BadGateway);
    Request out;
    out.method(x->request.method());
    out.version(11);
    std::string target = e.upstreamPath + x->suffix;
    if (target.empty() || target[0] != '/')
        target.insert(target.begin(), '/');
    if (!x->query.empty())
        target += '?' + x->query;
    out.target(target);
    for (const auto& field : x->request.base())
        if (!hopByHop(field.name_string()) && !beast::iequals(field.name_string(), "apikey")
            && !(beast::iequals(field.name_string(), "authorization")
                 && field.value().substr(0, 7) == "Bearer "))
            out.set(field.name_string(), field.value());
    out.set(http::field::host, e.upstreamHost);
    const std::string forwarded(x->request["X-Forwarded-For"]);
    out.set("X-Forwarded-For", forwarded.empty() ? x->peer : forwarded + ", " + x->peer);
    out.set("X-Request-Id", x->id);
    out.body() = std::move(x->request.body());
    out.prepare_payload();
    x->gateway.upstream().forward(
        e.upstreamTls, e.upstreamHost, e.upstreamPort, std::move(out),
        std::chrono::seconds(e.timeoutSeconds), [x](UpstreamResult result) {
            if (result.timedOut)
                return x->fail(http::status::gateway_timeout, "gateway_timeout",
                               "The endpoint did not answer in time.", Outcome::GatewayTimeout);
            if (!result.ok)
                return x->fail(http::status::bad_gateway, "bad_gateway",
                               "The endpoint could not be reached or gave an invalid "
                               "answer.",
                               Outcome::BadGateway);
            x->fromUpstream = true;
            Response r{result.response.result(), x->request.version()};
            for (const auto& field : result.response.base())
                if (!hopByHop(field.name_string()))
                    r.set(field.name_string(), field.value());
            r.body() = std::move(result.response.body());
            const unsigned status = r.result_int();
            x->finish(std::move(r), upstreamOutcome(status));
        });
}

} // namespace

Response errorResponse(http::status status, unsigned version, const char* code,
                       const std::string& message, const std::string& extraJson)
{
    Response r{status, version};
    r.set(http::field::content_type, "application/json");
    r.body() = "{\"error\":\"" + std::string(code) + "\",\"message\":" + jsonString(message)
               + extraJson + "}";
    return r;
}

Response RequestHandler::tooLarge(unsigned version, const std::string& peer)
{
    Response r = errorResponse(http::status::payload_too_large, version, "entity_too_large",
                               "The request body is larger than 1 MiB.");
    r.set("X-Request-Id", requestId());
    r.keep_alive(false);
    r.prepare_payload();
    m_gateway.recorder().record({0, 0, 0, Outcome::TooLarge, m_gateway.clock().nowMs(), 0, {}});
    (void)peer;
    return r;
}

void RequestHandler::handle(Request request, const std::string& peer, Reply reply)
{
    // A liveness answer for load balancers, before (and without) any check.
    if (request.target() == "/-/ping") {
        Response r{http::status::ok, request.version()};
        r.set(http::field::content_type, "text/plain");
        r.body() = "pong";
        r.keep_alive(request.keep_alive());
        r.prepare_payload();
        return reply(Answer{std::move(r), {}});
    }
    auto x = std::make_shared<Exchange>(m_gateway, std::move(request), peer, std::move(reply));
    x->headerLines.reserve(384);
    x->now = m_gateway.clock().nowMs();
    x->state = m_gateway.state();
    if (!x->state)
        return x->fail(http::status::service_unavailable, "unavailable",
                       "The gateway has not loaded its configuration yet.", Outcome::NotFound);
    const GatewayConfig& config = *x->state->config;

    // Route.
    const std::string_view target = x->request.target();
    const std::size_t q = target.find('?');
    const std::string_view path = target.substr(0, q);
    const std::string_view rawQuery =
        q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    const GatewayConfig::Route route = config.route(path, x->request.method_string());
    if (!route.found())
        return x->fail(http::status::not_found, "not_found", "No endpoint answers at this path.",
                       Outcome::NotFound);
    if (!route.endpoint) {
        const std::string allow = route.allowedMethods();
        x->addHeader("Allow", allow);
        return x->fail(http::status::method_not_allowed, "method_not_allowed",
                       "This endpoint does not answer " + std::string(x->request.method_string())
                           + "; it answers " + allow + ".",
                       Outcome::MethodNotAllowed);
    }
    x->endpoint = route.endpoint;
    x->suffix = route.suffix;

    // Key: apikey header (any capitalisation), Authorization: Bearer, or ?apikey=.
    auto [queryKey, queryRest] = takeQueryKey(rawQuery);
    x->query = std::move(queryRest);
    std::string key(x->request["apikey"]);
    if (key.empty()) {
        const std::string_view auth = x->request[http::field::authorization];
        if (auth.size() > 7 && beast::iequals(auth.substr(0, 7), "Bearer "))
            key = std::string(auth.substr(7));
    }
    if (key.empty())
        key = std::move(queryKey);
    if (key.empty())
        return x->fail(http::status::unauthorized, "missing_api_key",
                       "Send the API key in the apikey header.", Outcome::MissingKey);

    // Known, current (or in grace), profile enabled and not expired.
    const std::array<char, 64> digest = sha256Hex(key);
    x->key = config.key(std::string_view(digest.data(), digest.size()));
    const GatewayConfig::Profile* profile = x->key ? config.profile(x->key->profileId) : nullptr;
    const bool valid = profile && profile->enabled
                       && (!profile->expiresAt || *profile->expiresAt > x->now)
                       && (x->key->current || x->key->graceEndsAt.value_or(0) > x->now);
    if (!valid) {
        x->key = nullptr;
        return x->fail(http::status::unauthorized, "invalid_api_key",
                       "The API key is unknown, revoked, expired or suspended.",
                       Outcome::InvalidKey);
    }
    x->profile = profile;
    x->address = m_gateway.trustedProxies().isEmpty()
                     ? peer
                     : clientAddress(QString::fromStdString(peer),
                                     QString::fromUtf8(std::string(x->request["X-Forwarded-For"])),
                                     m_gateway.trustedProxies())
                           .toStdString();

    if (!profile->mayCall(x->endpoint->collectionId))
        return x->fail(http::status::forbidden, "collection_not_allowed",
                       "This API key may not call this API collection.",
                       Outcome::CollectionNotAllowed);

    if (!profile->ipWhitelist.isEmpty()) {
        const auto bytes = IpRange::parseAddress(std::string_view(x->address));
        const bool allowed =
            bytes
            && std::any_of(profile->ipWhitelist.begin(), profile->ipWhitelist.end(),
                           [&](const IpRange& r) { return r.contains(*bytes); });
        if (!allowed)
            return x->fail(http::status::forbidden, "ip_not_allowed",
                           "Requests from " + x->address + " are not allowed for this API key.",
                           Outcome::IpNotAllowed);
    }

    if (RateLimiter* limiter = x->state->limiter(profile->id)) {
        const RateLimiter::Decision d = limiter->tryAcquire(x->now);
        x->addHeader("RateLimit-Limit", d.limit);
        x->addHeader("RateLimit-Remaining", d.remaining);
        x->addHeader("RateLimit-Reset", seconds(d.resetMs));
        x->addHeader("X-RateLimit-Limit", d.limit);
        x->addHeader("X-RateLimit-Remaining", d.remaining);
        x->addHeader("X-RateLimit-Reset", seconds(d.resetMs));
        if (!d.admitted) {
            x->addHeader("Retry-After", seconds(d.retryAfterMs));
            const std::string interval = intervalName(profile->rateLimit->interval).toStdString();
            return x->fail(http::status::too_many_requests, "rate_limited",
                           "The rate limit of " + std::to_string(d.limit) + " requests per "
                               + interval + " was reached.",
                           Outcome::RateLimited,
                           ",\"limit\":" + std::to_string(d.limit) + ",\"interval\":\"" + interval
                               + "\"");
        }
    }
    checkQuota(x);
}

} // namespace tollgate::gateway
