// Usage storage on SQLite and PostgreSQL: rollups add up, compaction keeps the
// totals, retention drops what is too old, quota leases never exceed the limit.
#include "DemoWorkspace.h"
#include "ProfileStore.h"
#include "QuotaWindow.h"
#include "TestDatabase.h"
#include "Usage.h"

#include <QTest>
#include <QTimeZone>

using namespace tollgate;

class TestUsage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void rollupsAddUp();
    void compactionKeepsTotals();
    void leasesNeverExceedTheLimit();
    void histogramQuantiles();
    void demoWorkspaceHasThirtyDaysOfUsage();
    void seriesAndPeak();
};

namespace {
constexpr qint64 kMinute = 60'000;
constexpr qint64 kDay = 24 * 3'600'000LL;
const qint64 kNow = 1'796'000'000'000; // 2026-11-30, a fixed "now"

UsageBatch batchAt(qint64 minuteStart, Outcome outcome, int requests, qint64 latencyUs)
{
    UsageBatch b;
    for (int i = 0; i < requests; ++i)
        b.rollups[{7, 3, outcome, minuteStart - minuteStart % kMinute}].add(latencyUs);
    return b;
}
} // namespace

void TestUsage::rollupsAddUp()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    auto db = testDb.open();
    QVERIFY(db);
    TG_VERIFY_OK(UsageStore::write(*db, batchAt(kNow, Outcome::Allowed, 5, 800)));
    TG_VERIFY_OK(UsageStore::write(*db, batchAt(kNow, Outcome::Allowed, 3, 30'000)));
    TG_VERIFY_OK(UsageStore::write(*db, batchAt(kNow, Outcome::RateLimited, 2, 100)));
    UsageQuery q;
    q.profileId = 7;
    q.fromMs = kNow - kDay;
    q.toMs = kNow + kDay;
    auto report = UsageStore::report(*db, q);
    TG_VERIFY_OK(report);
    QCOMPARE(report->requests, 10);
    QCOMPARE(report->outcomes.value(QStringLiteral("allowed")), 8);
    QCOMPARE(report->outcomes.value(QStringLiteral("rate_limited")), 2);
    QCOMPARE(report->endpoints.size(), 1);
    QCOMPARE(report->endpoints.first().counts.latencyMaxUs, 30'000);
    QCOMPARE(UsageStore::allowedRequests(*db, 7, q.fromMs, q.toMs).value(), 8);
    q.profileId = 8;
    QCOMPARE(UsageStore::report(*db, q)->requests, 0);
}

void TestUsage::compactionKeepsTotals()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    auto db = testDb.open();
    QVERIFY(db);
    // Recent minutes, three-day-old minutes, 40-day-old minutes, and 500-day-old ones.
    for (qint64 age : {qint64(5) * kMinute, 3 * kDay, 3 * kDay + 7 * kMinute, 40 * kDay,
                       40 * kDay + 20 * kMinute, 500 * kDay})
        TG_VERIFY_OK(UsageStore::write(*db, batchAt(kNow - age, Outcome::Allowed, 2, 1000)));
    UsageQuery all;
    all.profileId = 7;
    all.fromMs = kNow - 450 * kDay;
    all.toMs = kNow + kDay;
    const qint64 before = UsageStore::report(*db, all)->requests;
    QCOMPARE(before, 10); // the 500-day-old rows are outside the period
    TG_VERIFY_OK(UsageStore::compact(*db, kNow, 400));
    QCOMPARE(UsageStore::report(*db, all)->requests, before);
    const auto count = [&](const char* granularity) {
        return db
            ->scalar(QStringLiteral("SELECT count(*) FROM usage_rollups WHERE granularity = ?"),
                     {QLatin1String(granularity)})
            ->toInt();
    };
    QCOMPARE(count("minute"), 1); // only the recent one stays per minute
    QCOMPARE(count("hour"), 1);   // the two three-day-old minutes share an hour
    QCOMPARE(count("day"), 1);    // the two 40-day-old ones share a day; 500 days: dropped
    all.fromMs = 0;
    QCOMPARE(UsageStore::report(*db, all)->requests, 10);
    // Compacting again changes nothing.
    TG_VERIFY_OK(UsageStore::compact(*db, kNow, 400));
    QCOMPARE(UsageStore::report(*db, all)->requests, 10);
}

void TestUsage::leasesNeverExceedTheLimit()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    auto a = testDb.open();
    auto b = testDb.open();
    QVERIFY(a && b);
    qint64 granted = 0;
    for (int i = 0; i < 30; ++i)
        granted += QuotaLeases::lease(i % 2 ? *a : *b, 7, kNow, 3, 50).value();
    QCOMPARE(granted, 50);
    QCOMPARE(QuotaLeases::lease(*a, 7, kNow, 3, 50).value(), 0);
    TG_VERIFY_OK(QuotaLeases::release(*a, 7, kNow, 4));
    QCOMPARE(QuotaLeases::leased(*b, 7, kNow).value(), 46);
    QCOMPARE(QuotaLeases::lease(*b, 7, kNow, 10, 50).value(), 4);
    // Another window starts from zero.
    QCOMPARE(QuotaLeases::lease(*b, 7, kNow + kDay, 10, 50).value(), 10);
}

void TestUsage::histogramQuantiles()
{
    UsageCounts c;
    for (int i = 0; i < 90; ++i)
        c.add(800); // under 1 ms
    for (int i = 0; i < 10; ++i)
        c.add(40'000); // 25-50 ms
    QCOMPARE(c.quantileUs(0.5), 1'000);
    QCOMPARE(c.quantileUs(0.95), 50'000);
    QCOMPARE(c.latencyMaxUs, 40'000);
    QCOMPARE(UsageCounts().quantileUs(0.5), 0);
    c.add(10'000'000); // beyond the last bound: the maximum is reported
    QCOMPARE(c.quantileUs(1.0), 10'000'000);
}

void TestUsage::demoWorkspaceHasThirtyDaysOfUsage()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    ManualClock clock(QDateTime(QDate(2026, 12, 4), QTime(15, 30), QTimeZone::utc()));
    auto db = testDb.open(&clock);
    QVERIFY(db);
    SystemRandom random;
    auto keys = DemoWorkspace::load(*db, random);
    TG_VERIFY_OK(keys);
    const qint64 now = clock.nowMs();
    auto oldest = db->scalar(QStringLiteral("SELECT MIN(bucket_start) FROM usage_rollups"));
    TG_VERIFY_OK(oldest);
    QVERIFY(oldest->toLongLong() <= now - 29 * kDay);
    QVERIFY(oldest->toLongLong() >= now - 31 * kDay);
    for (const IssuedKey& k : *keys) {
        UsageQuery q;
        q.profileId = k.profile.id;
        q.fromMs = now - 31 * kDay;
        q.toMs = now;
        auto report = UsageStore::report(*db, q);
        TG_VERIFY_OK(report);
        QVERIFY2(report->outcomes.value(QStringLiteral("allowed")) > 0, qPrintable(k.profile.name));
        QVERIFY(!report->endpoints.isEmpty());
        QVERIFY(ProfileStore(*db).byId(k.profile.id)->keys.first().lastUsedAt.has_value());
    }
    // The demo team's quota: never more than 50 allowed in a calendar month, and what
    // this month used is leased, so a gateway admits only the rest.
    const IssuedKey& member = keys->first();
    QCOMPARE(member.profile.quota->requests, 50);
    const QuotaWindow month = QuotaWindow::containing(QuotaInterval::Month, now);
    auto allowedNow = UsageStore::allowedRequests(*db, member.profile.id, month.startMs, now);
    TG_VERIFY_OK(allowedNow);
    QVERIFY(*allowedNow > 0 && *allowedNow <= 50);
    QCOMPARE(QuotaLeases::leased(*db, member.profile.id, month.startMs).value(), *allowedNow);
    const QuotaWindow previous = QuotaWindow::containing(QuotaInterval::Month, month.startMs - 1);
    auto allowedBefore =
        UsageStore::allowedRequests(*db, member.profile.id, previous.startMs, previous.endMs);
    TG_VERIFY_OK(allowedBefore);
    QVERIFY(*allowedBefore <= 50);
    UsageQuery q;
    q.profileId = member.profile.id;
    q.fromMs = previous.startMs;
    q.toMs = now;
    QVERIFY(UsageStore::report(*db, q)->outcomes.value(QStringLiteral("quota_exceeded")) > 0);
}

void TestUsage::seriesAndPeak()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    auto db = testDb.open();
    QVERIFY(db);
    const qint64 hour = 3'600'000;
    const qint64 start = kNow - kNow % hour - 24 * hour;
    UsageBatch batch = batchAt(start + 5 * kMinute, Outcome::Allowed, 4, 1000);
    batch.merge(batchAt(start + 6 * kMinute, Outcome::RateLimited, 3, 100));
    batch.merge(batchAt(start + 6 * kMinute, Outcome::Allowed, 2, 1000));
    batch.merge(batchAt(start + 23 * hour + 59 * kMinute, Outcome::QuotaExceeded, 5, 100));
    batch.merge(batchAt(start - kMinute, Outcome::Allowed, 100, 1000)); // before the range
    TG_VERIFY_OK(UsageStore::write(*db, batch));
    UsageQuery q;
    q.profileId = 7;
    q.fromMs = start;
    q.toMs = start + 24 * hour;
    auto points = UsageStore::series(*db, q, hour);
    TG_VERIFY_OK(points);
    QCOMPARE(points->size(), 24);
    QCOMPARE(points->at(0).startMs, start);
    QCOMPARE(points->at(0).total(), 9);
    QCOMPARE(points->at(0).outcomes.value(QStringLiteral("rate_limited")), 3);
    QCOMPARE(points->at(23).outcomes.value(QStringLiteral("quota_exceeded")), 5);
    qint64 all = 0;
    for (const UsagePoint& p : *points)
        all += p.total();
    QCOMPARE(all, 14);
    // The busiest minute counts allowed and rate-limited requests: 2 + 3.
    auto peak = UsageStore::peakPerMinute(*db, q);
    TG_VERIFY_OK(peak);
    QCOMPARE(*peak, 5);
    QVERIFY(!UsageStore::series(*db, q, 0));
    q.toMs = q.fromMs;
    QVERIFY(!UsageStore::series(*db, q, hour));
}

QTEST_GUILESS_MAIN(TestUsage)
#include "tst_usage.moc"
