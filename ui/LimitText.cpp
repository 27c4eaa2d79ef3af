#include "LimitText.h"

#include <QCoreApplication>
#include <QLocale>

namespace tollgate::ui {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(LimitText)
};
} // namespace

QString limitText(const RateLimit& limit)
{
    const QString n = QLocale().toString(limit.requests);
    switch (limit.interval) {
    case RateInterval::Second: return Text::tr("%1/second").arg(n);
    case RateInterval::Minute: return Text::tr("%1/minute").arg(n);
    case RateInterval::Hour: return Text::tr("%1/hour").arg(n);
    }
    return n;
}

QString limitText(const Quota& quota)
{
    const QString n = QLocale().toString(quota.requests);
    switch (quota.interval) {
    case QuotaInterval::Day: return Text::tr("%1/day").arg(n);
    case QuotaInterval::Week: return Text::tr("%1/week").arg(n);
    case QuotaInterval::Month: return Text::tr("%1/month").arg(n);
    case QuotaInterval::Year: return Text::tr("%1/year").arg(n);
    }
    return n;
}

} // namespace tollgate::ui
