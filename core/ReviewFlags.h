#pragma once

#include "Domain.h"

#include <QSet>
#include <QStringList>

#include <optional>

namespace tollgate {

// What should make a reviewer look twice at an access profile.
namespace ReviewFlags {

inline constexpr int kKeyMaxAgeDays = 180; // a key older than this
inline constexpr int kUnusedDays = 30;     // no use for this long (or never, once this old)
inline constexpr int kLimitHeadroom = 10;  // a rate limit this many times the peak seen

struct Usage {
    // The collections the profile called in the period; unknown when not given.
    std::optional<QSet<qint64>> collectionsCalled;
    // The most requests seen in one minute; unknown when not given.
    std::optional<qint64> peakPerMinute;
};

// Short texts, for people: "key 212 days old", "unused for 45 days", "never used",
// "never called: Employee Login", "rate limit 600/minute, peak 3 per minute".
QStringList evaluate(const AccessProfile& profile, qint64 nowMs, const Usage& usage = {});

} // namespace ReviewFlags
} // namespace tollgate
