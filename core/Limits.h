#pragma once

#include "Result.h"

#include <QString>

#include <optional>

namespace tollgate {

enum class RateInterval { Second, Minute, Hour };
enum class QuotaInterval { Day, Week, Month, Year };

// "N per second/minute/hour". Written "5/minute" on the command line.
struct RateLimit {
    qint64 requests = 0;
    RateInterval interval = RateInterval::Minute;

    static Result<RateLimit> parse(const QString& text); // "5/minute"
    static Result<RateLimit> make(qint64 requests, const QString& interval);
    QString toString() const; // "5/minute"
    qint64 intervalMs() const;
    friend bool operator==(const RateLimit&, const RateLimit&) = default;
};

// "N per day/week/month/year", counted in UTC calendar windows.
struct Quota {
    qint64 requests = 0;
    QuotaInterval interval = QuotaInterval::Month;

    static Result<Quota> parse(const QString& text); // "50/month"
    static Result<Quota> make(qint64 requests, const QString& interval);
    QString toString() const;
    friend bool operator==(const Quota&, const Quota&) = default;
};

QString intervalName(RateInterval interval);
QString intervalName(QuotaInterval interval);
std::optional<RateInterval> rateIntervalFromName(const QString& name);
std::optional<QuotaInterval> quotaIntervalFromName(const QString& name);

// Largest number of requests a limit may name: generous, and far from overflow.
constexpr qint64 kMaxLimitRequests = 1'000'000'000;

} // namespace tollgate
