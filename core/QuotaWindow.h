#pragma once

#include "Limits.h"

namespace tollgate {

// Quota windows are calendar windows in UTC: a day from 00:00, a week from
// Monday 00:00, a month from the 1st, a year from 1 January.
struct QuotaWindow {
    qint64 startMs = 0; // inclusive
    qint64 endMs = 0;   // exclusive

    static QuotaWindow containing(QuotaInterval interval, qint64 nowMs);
    bool contains(qint64 ms) const { return ms >= startMs && ms < endMs; }
};

} // namespace tollgate
