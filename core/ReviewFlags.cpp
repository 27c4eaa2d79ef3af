#include "ReviewFlags.h"

#include <QCoreApplication>

namespace tollgate::ReviewFlags {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(ReviewFlags)
};

constexpr qint64 kDayMs = 24 * 3'600'000LL;

} // namespace

QStringList evaluate(const AccessProfile& p, qint64 nowMs, const Usage& usage)
{
    QStringList flags;
    std::optional<qint64> lastUse;
    for (const ApiKeyRecord& k : p.keys) {
        if (k.current) {
            const qint64 age = (nowMs - k.createdAt) / kDayMs;
            if (age > kKeyMaxAgeDays)
                flags << Text::tr("key %1 days old").arg(age);
        }
        if (k.lastUsedAt && (!lastUse || *k.lastUsedAt > *lastUse))
            lastUse = k.lastUsedAt;
    }
    if (lastUse) {
        const qint64 idle = (nowMs - *lastUse) / kDayMs;
        if (idle >= kUnusedDays)
            flags << Text::tr("unused for %1 days").arg(idle);
    } else if ((nowMs - p.createdAt) / kDayMs >= kUnusedDays) {
        flags << Text::tr("never used");
    }
    if (usage.collectionsCalled && lastUse) {
        QStringList never;
        for (qsizetype i = 0; i < p.collectionIds.size(); ++i)
            if (!usage.collectionsCalled->contains(p.collectionIds.at(i)))
                never << p.collectionNames.value(i);
        if (!never.isEmpty())
            flags << Text::tr("never called: %1").arg(never.join(QStringLiteral(", ")));
    }
    if (usage.peakPerMinute && p.rateLimit) {
        // The limit as requests per minute, against the busiest minute seen.
        const double perMinute =
            double(p.rateLimit->requests) * 60'000.0 / double(p.rateLimit->intervalMs());
        if (perMinute > double(kLimitHeadroom) * double(std::max<qint64>(1, *usage.peakPerMinute)))
            flags << Text::tr("rate limit %1, peak %2 per minute")
                         .arg(p.rateLimit->toString())
                         .arg(*usage.peakPerMinute);
    }
    return flags;
}

} // namespace tollgate::ReviewFlags
