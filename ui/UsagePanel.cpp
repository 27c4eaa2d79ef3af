#include "UsagePanel.h"

#include "LimitText.h"
#include "ProfileStore.h"
#include "QuotaWindow.h"
#include "Theme.h"
#include "Usage.h"
#include "UsageChart.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSplitter>
#include <QTableWidget>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 24 * kHourMs;

struct Period {
    qint64 spanMs;
    qint64 bucketMs;
};
constexpr Period kPeriods[] = {
    {kDayMs, kHourMs}, {7 * kDayMs, 6 * kHourMs}, {30 * kDayMs, kDayMs}, {90 * kDayMs, kDayMs}};

// In the tables the column headers say UTC, to keep the columns narrow.
enum class Zone { Shown, InHeader };

QString when(qint64 ms, Zone zone = Zone::Shown)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
                        .toString(zone == Zone::Shown ? QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")
                                                      : QStringLiteral("yyyy-MM-dd HH:mm"))
                  : QString();
}

QTableWidgetItem* number(qint64 n)
{
    auto* item = new QTableWidgetItem(QLocale().toString(n));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget* table(QWidget* parent, const QString& name, const QString& accessible,
                    const QStringList& headers)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setAccessibleName(accessible);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->verticalHeader()->hide();
    t->setWordWrap(false); // one line a row; long text is elided
    // Sized to the contents once filled (see fitColumns): sizing to contents on
    // every cell set costs a pass over the rows per cell, which is quadratic.
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void fitColumns(QTableWidget* t)
{
    t->resizeColumnsToContents();
    // Sizing the last column by hand ends its stretch; give it the room left again.
    QHeaderView* header = t->horizontalHeader();
    const int last = t->columnCount() - 1;
    if (const int spare = t->viewport()->width() - header->length(); spare > 0 && last >= 0)
        header->resizeSection(last, header->sectionSize(last) + spare);
}

// The source addresses listed at most: the busiest ones (a gateway for mobile
// apps sees many thousands).
constexpr int kSourcesShown = 200;

} // namespace

UsagePanel::UsagePanel(Database& db, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("usagePanel"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("usagePeriodCombo"));
    m_period->setAccessibleName(tr("Period"));
    m_period->addItems(
        {tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days"), tr("Last 90 days")});
    m_period->setCurrentIndex(2);
    auto* periodLabel = new QLabel(tr("P&eriod:"), this);
    periodLabel->setBuddy(m_period);
    top->addWidget(periodLabel);
    top->addWidget(m_period);
    m_rateLabel = new QLabel(this);
    m_rateLabel->setObjectName(QStringLiteral("rateLabel"));
    top->addWidget(m_rateLabel, 1);
    layout->addLayout(top);

    auto* quotaRow = new QHBoxLayout;
    m_quotaBar = new QProgressBar(this);
    m_quotaBar->setObjectName(QStringLiteral("quotaBar"));
    m_quotaBar->setAccessibleName(tr("Quota used"));
    // The figures are in the label beside it; in the bar they would be clipped.
    m_quotaBar->setTextVisible(false);
    m_quotaBar->setFixedWidth(160);
    m_quotaLabel = new QLabel(this);
    m_quotaLabel->setObjectName(QStringLiteral("quotaLabel"));
    m_quotaLabel->setWordWrap(true);
    quotaRow->addWidget(m_quotaBar);
    quotaRow->addWidget(m_quotaLabel, 1);
    layout->addLayout(quotaRow);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    m_chart = new UsageChart(splitter);
    // The endpoints and the source addresses side by side, two thirds and one.
    auto* tables = new QSplitter(Qt::Horizontal, splitter);
    tables->setChildrenCollapsible(false);
    m_endpoints =
        table(tables, QStringLiteral("usageEndpointsTable"), tr("Endpoint usage"),
              {tr("Endpoint"), tr("Method"), tr("Requests"), tr("Allowed"), tr("Errors"),
               tr("Refused"), tr("Median ms"), tr("95th pct. ms"), tr("Last call (UTC)")});
    auto* sourcesColumn = new QWidget(tables);
    auto* sourcesLayout = new QVBoxLayout(sourcesColumn);
    sourcesLayout->setContentsMargins(0, 0, 0, 0);
    m_sources =
        table(sourcesColumn, QStringLiteral("usageSourcesTable"), tr("Source addresses seen"),
              {tr("Address"), tr("Requests"), tr("Refused"), tr("Last seen (UTC)")});
    m_sourcesNote = new QLabel(sourcesColumn);
    m_sourcesNote->setObjectName(QStringLiteral("usageSourcesNote"));
    m_sourcesNote->setWordWrap(true);
    m_sourcesNote->hide();
    sourcesLayout->addWidget(m_sources, 1);
    sourcesLayout->addWidget(m_sourcesNote);
    tables->setStretchFactor(0, 2);
    tables->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("usageStatusLabel"));
    m_status->setWordWrap(true);
    Theme::markAsError(m_status);
    layout->addWidget(m_status);

    connect(m_period, &QComboBox::currentIndexChanged, this, &UsagePanel::refresh);
    connect(m_timer, &QTimer::timeout, this, &UsagePanel::refresh);
}

void UsagePanel::setScope(std::optional<qint64> profileId, std::optional<qint64> clientId)
{
    m_profileId = profileId;
    m_clientId = clientId;
    // Read now when shown; otherwise when it is (a hidden tab costs nothing at start).
    if (isVisible())
        refresh();
}

void UsagePanel::setPeriod(int index)
{
    if (index == m_period->currentIndex())
        refresh();
    else
        m_period->setCurrentIndex(index); // refreshes
}

void UsagePanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh(); // shown again: the latest figures
    m_timer->start(30'000);
}

void UsagePanel::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

void UsagePanel::refresh()
{
    const qint64 now = m_db.nowMs();
    const Period period = kPeriods[std::clamp(m_period->currentIndex(), 0, 3)];
    UsageQuery q;
    q.profileId = m_profileId;
    q.clientId = m_clientId;
    // Buckets end at the next whole bucket, so that the last bar is the current one.
    q.toMs = now - now % period.bucketMs + period.bucketMs;
    q.fromMs = q.toMs - period.spanMs;
    m_status->clear();
    auto points = UsageStore::series(m_db, q, period.bucketMs);
    if (!points)
        return m_status->setText(points.error().toString());
    m_chart->setPoints(*points, period.bucketMs);

    auto report = UsageStore::report(m_db, q);
    if (!report)
        return m_status->setText(report.error().toString());
    m_endpoints->setRowCount(int(report->endpoints.size()));
    for (int i = 0; i < report->endpoints.size(); ++i) {
        const EndpointUsage& e = report->endpoints.at(i);
        qint64 allowed = 0, errors = 0;
        for (auto it = e.outcomes.begin(); it != e.outcomes.end(); ++it) {
            if (it.key() == QLatin1String("allowed"))
                allowed += it.value();
            else if (it.key().startsWith(QLatin1String("endpoint_"))
                     || it.key() == QLatin1String("bad_gateway")
                     || it.key() == QLatin1String("gateway_timeout"))
                errors += it.value();
        }
        m_endpoints->setItem(
            i, 0, new QTableWidgetItem(e.collection + QStringLiteral(" / ") + e.endpoint));
        m_endpoints->setItem(i, 1, new QTableWidgetItem(e.method));
        m_endpoints->setItem(i, 2, number(e.counts.requests));
        m_endpoints->setItem(i, 3, number(allowed));
        m_endpoints->setItem(i, 4, number(errors));
        m_endpoints->setItem(i, 5, number(e.counts.requests - allowed - errors));
        m_endpoints->setItem(i, 6, number(e.counts.quantileUs(0.5) / 1000));
        m_endpoints->setItem(i, 7, number(e.counts.quantileUs(0.95) / 1000));
        m_endpoints->setItem(i, 8, new QTableWidgetItem(when(e.lastCallMs, Zone::InHeader)));
    }
    fitColumns(m_endpoints);

    auto sources = UsageStore::sources(m_db, q, kSourcesShown);
    if (!sources)
        return m_status->setText(sources.error().toString());
    m_sources->setRowCount(int(sources->size()));
    for (int i = 0; i < sources->size(); ++i) {
        const SourceUsage& s = sources->at(i);
        auto* address = new QTableWidgetItem(s.address);
        if (s.refused > 0)
            address->setToolTip(
                tr("%n request(s) from this address were refused.", nullptr, int(s.refused)));
        m_sources->setItem(i, 0, address);
        m_sources->setItem(i, 1, number(s.requests));
        m_sources->setItem(i, 2, number(s.refused));
        m_sources->setItem(i, 3, new QTableWidgetItem(when(s.lastSeenMs, Zone::InHeader)));
    }
    fitColumns(m_sources);
    std::optional<qint64> seen;
    if (sources->size() == kSourcesShown)
        if (auto count = UsageStore::sourceCount(m_db, q); count && *count > kSourcesShown)
            seen = *count;
    m_sourcesNote->setVisible(seen.has_value());
    if (seen)
        m_sourcesNote->setText(
            tr("The %1 busiest of %2 addresses.")
                .arg(QLocale().toString(kSourcesShown), QLocale().toString(*seen)));
    showQuota(now);
}

void UsagePanel::showQuota(qint64 now)
{
    std::optional<AccessProfile> profile;
    if (m_profileId)
        if (auto p = ProfileStore(m_db).byId(*m_profileId))
            profile = *p;
    m_quotaBar->setVisible(profile && profile->quota);
    QString rate = profile && profile->rateLimit
                       ? tr("Rate limit: %1.").arg(limitText(*profile->rateLimit))
                       : (profile ? tr("No rate limit.") : QString());
    UsageQuery peakQuery;
    peakQuery.profileId = m_profileId;
    peakQuery.clientId = m_clientId;
    peakQuery.fromMs = now - 2 * kDayMs;
    peakQuery.toMs = now + 60'000;
    if (auto peak = UsageStore::peakPerMinute(m_db, peakQuery))
        rate += QLatin1Char(' ')
                + tr("Peak seen: %n request(s) in a minute (last 48 hours).", nullptr, int(*peak));
    m_rateLabel->setText(rate.trimmed());
    if (!profile || !profile->quota) {
        m_quotaLabel->setText(profile ? tr("No usage quota.") : QString());
        return;
    }
    const QuotaWindow window = QuotaWindow::containing(profile->quota->interval, now);
    auto used = UsageStore::allowedRequests(m_db, profile->id, window.startMs, window.endMs);
    if (!used)
        return m_quotaLabel->setText(used.error().toString());
    const qint64 limit = profile->quota->requests;
    m_quotaBar->setRange(0, 1000);
    m_quotaBar->setValue(int(std::min<qint64>(1000, *used * 1000 / std::max<qint64>(1, limit))));
    m_quotaBar->setFormat(
        QStringLiteral("%1 / %2").arg(QLocale().toString(*used), QLocale().toString(limit)));
    QString text =
        tr("Quota: %1 of %2 used; resets %3.")
            .arg(QLocale().toString(*used), QLocale().toString(limit), when(window.endMs));
    // Forecast at the pace so far in this window.
    const qint64 elapsed = std::max<qint64>(60'000, now - window.startMs);
    if (*used >= limit) {
        text += QLatin1Char(' ') + tr("Used up.");
    } else if (*used > 0) {
        const double perMs = double(*used) / double(elapsed);
        const qint64 runsOut = now + qint64(double(limit - *used) / perMs);
        text += QLatin1Char(' ')
                + (runsOut < window.endMs
                       ? tr("At this pace it runs out on %1.")
                             .arg(QDateTime::fromMSecsSinceEpoch(runsOut, QTimeZone::utc())
                                      .toString(QStringLiteral("yyyy-MM-dd")))
                       : tr("At this pace it lasts until the reset."));
    }
    m_quotaLabel->setText(text);
}

} // namespace tollgate::ui
