#include "QuotaWindow.h"

#include <QDateTime>
#include <QTimeZone>

namespace tollgate {

namespace {
qint64 utcMidnight(const QDate& date)
{
    return QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}
} // namespace

QuotaWindow QuotaWindow::containing(QuotaInterval interval, qint64 nowMs)
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()).date();
    QDate start;
    QDate end;
    switch (interval) {
    case QuotaInterval::Day:
        start = today;
        end = today.addDays(1);
        break;
    case QuotaInterval::Week:
        start = today.addDays(1 - today.dayOfWeek()); // ISO: Monday is 1
        end = start.addDays(7);
        break;
    case QuotaInterval::Month:
        start = QDate(today.year(), today.month(), 1);
        end = start.addMonths(1);
        break;
    case QuotaInterval::Year:
        start = QDate(today.year(), 1, 1);
        end = start.addYears(1);
        break;
    }
    return {utcMidnight(start), utcMidnight(end)};
}

} // namespace tollgate
