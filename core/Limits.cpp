#include "Limits.h"

#include <QCoreApplication>

namespace tollgate {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(Limits)
};
} // namespace

Result<qint64> parseCount(const QString& field, const QString& text)
{
    bool ok = false;
    const QString trimmed = text.trimmed();
    const qint64 n = trimmed.toLongLong(&ok);
    const bool digitsOnly =
        !trimmed.isEmpty() && std::all_of(trimmed.begin(), trimmed.end(), [](QChar c) {
            return c >= QLatin1Char('0') && c <= QLatin1Char('9');
        });
    if (!digitsOnly || !ok || n < 1 || n > kMaxLimitRequests)
        return Error::invalid(field,
                              Text::tr("number of requests must be a whole number from 1 to %1")
                                  .arg(kMaxLimitRequests));
    return n;
}

Result<qint64> checkCount(const QString& field, qint64 n)
{
    if (n < 1 || n > kMaxLimitRequests)
        return Error::invalid(field,
                              Text::tr("number of requests must be a whole number from 1 to %1")
                                  .arg(kMaxLimitRequests));
    return n;
}

// Splits "N/interval"; the caller turns the pieces into its own type.
Result<std::pair<qint64, QString>> splitLimit(const QString& field, const QString& text,
                                              const char* example)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() != 2)
        return Error::invalid(field, Text::tr("must be written as NUMBER/INTERVAL, for example %1")
                                         .arg(QLatin1String(example)));
    auto count = parseCount(field, parts[0]);
    if (!count)
        return count.error();
    return std::pair{*count, parts[1].trimmed().toLower()};
}

} // namespace

QString intervalName(RateInterval interval)
{
    switch (interval) {
    case RateInterval::Second: return QStringLiteral("second");
    case RateInterval::Minute: return QStringLiteral("minute");
    case RateInterval::Hour: return QStringLiteral("hour");
    }
    return {};
}

QString intervalName(QuotaInterval interval)
{
    switch (interval) {
    case QuotaInterval::Day: return QStringLiteral("day");
    case QuotaInterval::Week: return QStringLiteral("week");
    case QuotaInterval::Month: return QStringLiteral("month");
    case QuotaInterval::Year: return QStringLiteral("year");
    }
    return {};
}

std::optional<RateInterval> rateIntervalFromName(const QString& name)
{
    for (auto i : {RateInterval::Second, RateInterval::Minute, RateInterval::Hour})
        if (intervalName(i) == name)
            return i;
    return std::nullopt;
}

std::optional<QuotaInterval> quotaIntervalFromName(const QString& name)
{
    for (auto i :
         {QuotaInterval::Day, QuotaInterval::Week, QuotaInterval::Month, QuotaInterval::Year})
        if (intervalName(i) == name)
            return i;
    return std::nullopt;
}

Result<RateLimit> RateLimit::make(qint64 requests, const QString& interval)
{
    const QString field = QStringLiteral("rate_limit");
    TG_TRY(checkCount(field, requests));
    const auto i = rateIntervalFromName(interval);
    if (!i)
        return Error::invalid(
            field,
            Text::tr("interval \"%1\" is not one of second, minute, hour").arg(interval.left(40)));
    return RateLimit{requests, *i};
}

Result<RateLimit> RateLimit::parse(const QString& text)
{
    auto parts = splitLimit(QStringLiteral("rate_limit"), text, "5/minute");
    if (!parts)
        return parts.error();
    return make(parts->first, parts->second);
}

QString RateLimit::toString() const
{
    return QString::number(requests) + QLatin1Char('/') + intervalName(interval);
}

qint64 RateLimit::intervalMs() const
{
    switch (interval) {
    case RateInterval::Second: return 1000;
    case RateInterval::Minute: return 60'000;
    case RateInterval::Hour: return 3'600'000;
    }
    return 0;
}

Result<Quota> Quota::make(qint64 requests, const QString& interval)
{
    const QString field = QStringLiteral("quota");
    TG_TRY(checkCount(field, requests));
    const auto i = quotaIntervalFromName(interval);
    if (!i)
        return Error::invalid(field,
                              Text::tr("interval \"%1\" is not one of day, week, month, year")
                                  .arg(interval.left(40)));
    return Quota{requests, *i};
}

Result<Quota> Quota::parse(const QString& text)
{
    auto parts = splitLimit(QStringLiteral("quota"), text, "50/month");
    if (!parts)
        return parts.error();
    auto quota = make(parts->first, parts->second);
    return quota;
}

QString Quota::toString() const
{
    return QString::number(requests) + QLatin1Char('/') + intervalName(interval);
}

} // namespace tollgate
