#pragma once

#include "IpRange.h"
#include "Limits.h"

#include <QList>
#include <QString>

#include <optional>

// The domain's value types. Times are milliseconds since the epoch, UTC.
// Validation of these lives in Validation.h, in one place for every surface.
namespace tollgate {

struct WorkspaceSettings {
    QString pathPrefix; // empty until set; never changed afterwards
    QString gatewayBaseUrl = QStringLiteral("http://127.0.0.1:8080");
    int reviewIntervalDays = 90;
    qint64 revision = 0;
};

struct Collection {
    qint64 id = 0;
    QString name;
    QString path;
    QString version = QStringLiteral("v1");
    QString description;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 revision = 0;
    int endpointCount = 0; // read only
};

enum class TargetKind { Upstream, Mock };
QString targetKindName(TargetKind kind);

struct Endpoint {
    qint64 id = 0;
    qint64 collectionId = 0;
    QString collectionName; // read only
    QString name;
    QString method = QStringLiteral("GET");
    QString path;
    bool active = true;
    TargetKind target = TargetKind::Mock;
    QString upstreamUrl;
    int timeoutSeconds = 90;
    int mockStatus = 200;
    QString mockContentType = QStringLiteral("application/json");
    QString mockBody;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 revision = 0;
};

struct Client {
    qint64 id = 0;
    QString name;
    QString description;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 revision = 0;
    // Read only, filled by listings.
    int profileCount = 0;
    int collectionCount = 0;
    std::optional<qint64> lastActivityAt;
};

// A key as stored: never the key itself, only its digest and a display hint.
struct ApiKeyRecord {
    qint64 id = 0;
    qint64 profileId = 0;
    QString digest; // SHA-256, lowercase hex
    QString hint;   // "tg_…AbCd"
    bool current = true;
    qint64 createdAt = 0;
    std::optional<qint64> graceEndsAt; // set on the previous key during a rotation
    std::optional<qint64> lastUsedAt;
};

struct AccessProfile {
    qint64 id = 0;
    qint64 clientId = 0;
    QString clientName; // read only
    QString name;
    QList<qint64> collectionIds;
    QStringList collectionNames; // read only, same order as collectionIds
    std::optional<RateLimit> rateLimit;
    std::optional<Quota> quota;
    QList<IpRange> ipWhitelist; // empty: any address
    std::optional<qint64> expiresAt;
    bool enabled = true;
    std::optional<qint64> reviewedAt;
    QString reviewedBy;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 revision = 0;
    QList<ApiKeyRecord> keys; // read only: current first, then one in grace
};

// A profile is due for review when it was last reviewed (or, never reviewed,
// created) more than intervalDays ago.
bool reviewDue(const AccessProfile& profile, int intervalDays, qint64 nowMs);

// "<gateway base URL>/<prefix>/<collection path>/<version>", the part of every
// endpoint URL that the collection decides.
QString collectionBaseUrl(const WorkspaceSettings& settings, const Collection& collection);
// An endpoint's full URL: collectionBaseUrl + "/" + the endpoint's path.
QString endpointUrl(const WorkspaceSettings& settings, const Collection& collection,
                    const Endpoint& endpoint);

} // namespace tollgate
