#include "UsageChart.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QTimeZone>

#include <cmath>

namespace tollgate::ui {

namespace {

// A round scale top: 1, 2 or 5 times a power of ten, at or above value.
qint64 roundUp(qint64 value)
{
    if (value <= 0)
        return 0;
    double step = std::pow(10.0, std::floor(std::log10(double(value))));
    for (double factor : {1.0, 2.0, 5.0, 10.0})
        if (factor * step >= double(value))
            return qint64(std::ceil(factor * step));
    return value;
}

constexpr int kLegendHeight = 22;
constexpr int kAxisHeight = 20;

} // namespace

const QList<UsageChart::Category>& UsageChart::categories()
{
    // Mid-tone colours that keep their contrast on light and dark backgrounds.
    static const QList<Category> all{
        {QT_TR_NOOP("Allowed"), QColor(0x3b, 0x8f, 0x4a), {QStringLiteral("allowed")}},
        {QT_TR_NOOP("Endpoint errors"),
         QColor(0xd0, 0x8a, 0x1f),
         {QStringLiteral("endpoint_4xx"), QStringLiteral("endpoint_5xx"),
          QStringLiteral("bad_gateway"), QStringLiteral("gateway_timeout")}},
        {QT_TR_NOOP("Rate limited"), QColor(0xc0, 0x39, 0x2b), {QStringLiteral("rate_limited")}},
        {QT_TR_NOOP("Quota exceeded"),
         QColor(0x8e, 0x44, 0xad),
         {QStringLiteral("quota_exceeded")}},
        {QT_TR_NOOP("IP not allowed"),
         QColor(0x2e, 0x86, 0xc1),
         {QStringLiteral("ip_not_allowed")}},
        {QT_TR_NOOP("Other refusals"),
         QColor(0x7f, 0x8c, 0x8d),
         {QStringLiteral("invalid_api_key"), QStringLiteral("missing_api_key"),
          QStringLiteral("collection_not_allowed"), QStringLiteral("entity_too_large"),
          QStringLiteral("not_found"), QStringLiteral("method_not_allowed")}},
    };
    return all;
}

UsageChart::UsageChart(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("usageChart"));
    setAccessibleName(tr("Requests over time"));
    setFocusPolicy(Qt::TabFocus); // so that a screen reader reaches its description
    describe();
}

void UsageChart::setPoints(const QList<UsagePoint>& points, qint64 bucketMs)
{
    m_points = points;
    m_bucketMs = bucketMs;
    qint64 tallest = 0;
    for (const UsagePoint& p : m_points)
        tallest = std::max(tallest, p.total());
    m_scaleMax = roundUp(tallest);
    describe();
    update();
}

QRectF UsageChart::plotArea() const
{
    const int labelWidth = fontMetrics().horizontalAdvance(QLocale().toString(m_scaleMax)) + 10;
    return QRectF(labelWidth, kLegendHeight + 6, width() - labelWidth - 8,
                  height() - kLegendHeight - kAxisHeight - 10);
}

QRectF UsageChart::barRect(int index) const
{
    if (index < 0 || index >= m_points.size() || m_scaleMax <= 0)
        return {};
    const QRectF plot = plotArea();
    const double slot = plot.width() / double(m_points.size());
    const double h = plot.height() * double(m_points[index].total()) / double(m_scaleMax);
    return QRectF(plot.left() + slot * index + slot * 0.1, plot.bottom() - h, slot * 0.8, h);
}

QString UsageChart::timeLabel(qint64 ms) const
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    return m_bucketMs < 24 * 3'600'000LL ? t.toString(QStringLiteral("MM-dd HH:mm"))
                                         : t.toString(QStringLiteral("yyyy-MM-dd"));
}

void UsageChart::describe()
{
    qint64 total = 0;
    QHash<QString, qint64> byCategory;
    const UsagePoint* busiest = nullptr;
    for (const UsagePoint& p : m_points) {
        total += p.total();
        for (const Category& c : categories())
            for (const QString& o : c.outcomes)
                byCategory[c.label()] += p.outcomes.value(o);
        if (!busiest || p.total() > busiest->total())
            busiest = &p;
    }
    if (total == 0) {
        setAccessibleDescription(tr("No requests in this period."));
        setToolTip(QString());
        return;
    }
    QStringList parts;
    for (const Category& c : categories())
        if (byCategory.value(c.label()) > 0)
            parts << QStringLiteral("%1 %2").arg(QLocale().toString(byCategory.value(c.label())),
                                                 c.label().toLower());
    const QString text =
        tr("%1 requests in the period: %2. Busiest: %3 UTC with %4.")
            .arg(QLocale().toString(total), parts.join(QStringLiteral(", ")),
                 timeLabel(busiest->startMs), QLocale().toString(busiest->total()));
    setAccessibleDescription(text);
    setToolTip(text);
}

void UsageChart::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QColor text = palette().color(QPalette::WindowText);
    QColor grid = text;
    grid.setAlpha(50);

    // Legend.
    int x = 4;
    for (const Category& c : categories()) {
        painter.fillRect(QRect(x, 6, 12, 12), c.color);
        painter.setPen(text);
        painter.drawText(QRect(x + 16, 0, 400, kLegendHeight), Qt::AlignVCenter, c.label());
        x += 16 + fontMetrics().horizontalAdvance(c.label()) + 14;
    }

    const QRectF plot = plotArea();
    if (m_scaleMax <= 0) {
        painter.setPen(text);
        painter.drawText(plot, Qt::AlignCenter, tr("No requests in this period."));
        return;
    }
    // Scale: 0, half and the top, with grid lines.
    for (double fraction : {0.0, 0.5, 1.0}) {
        const double y = plot.bottom() - plot.height() * fraction;
        painter.setPen(grid);
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(text);
        painter.drawText(QRectF(0, y - 8, plot.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
                         QLocale().toString(qint64(std::llround(double(m_scaleMax) * fraction))));
    }
    // Bars, stacked in the legend's order from the bottom.
    for (int i = 0; i < m_points.size(); ++i) {
        const QRectF bar = barRect(i);
        double bottom = plot.bottom();
        for (const Category& c : categories()) {
            qint64 n = 0;
            for (const QString& o : c.outcomes)
                n += m_points[i].outcomes.value(o);
            if (n == 0)
                continue;
            const double h = plot.height() * double(n) / double(m_scaleMax);
            painter.fillRect(QRectF(bar.left(), bottom - h, bar.width(), h), c.color);
            bottom -= h;
        }
    }
    // Time axis: the first, middle and last bar.
    painter.setPen(text);
    const QList<int> ticks{0, int(m_points.size() / 2), int(m_points.size() - 1)};
    const double slot = plot.width() / double(m_points.size());
    for (int i : ticks) {
        const Qt::Alignment align =
            i == 0 ? Qt::AlignLeft : (i == ticks.last() ? Qt::AlignRight : Qt::AlignHCenter);
        const double w = 120;
        const double middle = plot.left() + slot * (i + 0.5);
        const double left =
            i == 0 ? plot.left() : (i == ticks.last() ? plot.right() - w : middle - w / 2);
        painter.drawText(QRectF(left, plot.bottom() + 4, w, kAxisHeight), align | Qt::AlignTop,
                         timeLabel(m_points[i].startMs));
    }
}

} // namespace tollgate::ui
