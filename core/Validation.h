#pragma once

#include "Domain.h"
#include "Result.h"

// The one validation module. Every surface (console, tollgatectl, import, the
// gateway's configuration load) calls these, so the rules and messages are the
// same everywhere. Each function normalises in place (trims, canonicalises) and
// returns an Error naming the field and the reason.
namespace tollgate::validate {

inline constexpr int kMaxNameLength = 100;
inline constexpr int kMaxDescriptionLength = 2000;
inline constexpr int kMaxPrefixLength = 64;
inline constexpr int kMaxSegmentLength = 64;
inline constexpr int kMaxEndpointPathLength = 256;
inline constexpr int kMaxUrlLength = 2048;
inline constexpr int kMaxTimeoutSeconds = 3600;
inline constexpr int kMaxMockBodyBytes = 1024 * 1024;
inline constexpr int kMaxReviewIntervalDays = 3650;

Status pathPrefix(QString& prefix);
// A display name: trimmed, 1..kMaxNameLength characters, any script, no control
// or bidirectional-override characters (they can make a name read as another).
Status name(const QString& field, QString& value);
Status description(QString& value);
Status gatewayBaseUrl(QString& url);
Status settings(WorkspaceSettings& settings);

Status collection(Collection& collection);
Status endpoint(Endpoint& endpoint);
Status client(Client& client);
// nowMs: an expiry must lie in the future when it is set or changed.
Status profile(AccessProfile& profile, std::optional<qint64> nowMsForExpiry);

// Parses an expiry as given on a command line or in a form: an ISO date
// (the key works through that day, UTC) or an ISO date-time with offset.
Result<qint64> expiry(const QString& text);

QStringList httpMethods();

} // namespace tollgate::validate
