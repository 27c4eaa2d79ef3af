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
    void everythingComesFromTheTotals();
};

namespace {
constexpr qint64 kMinute = 60'000;
constexpr qint64 kDay = 24 * 3'600'000LL;
const qint64 kNow = 1'796'000'000'000; // 2026-11-30, a fixed "now"

UsageBatch batchAt(qint64 minuteStart, Outcome outcome, int requests, qint64 latencyUs,
                   qint64 profileId = 7, qint64 endpointId = 3)
{
    UsageBatch b;
    for (int i = 0; i < requests; ++i)
        b.rollups[{profileId, endpointId, outcome, minuteStart - minuteStart % kMinute}].add(
            latencyUs);
    return b;
}

// Everything a report says, as text, for comparing two reports.
QString describe(const UsageReport& r)
{
    QStringList lines{QStringLiteral("requests %1").arg(r.requests)};
    for (auto it = r.outcomes.cbegin(); it != r.outcomes.cend(); ++it)
        lines << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    for (const EndpointUsage& e : r.endpoints) {
        QString line = QStringLiteral("endpoint %1: %2 sum %3 max %4 last %5 h")
                           .arg(e.endpointId)
                           .arg(e.counts.requests)
                           .arg(e.counts.latencySumUs)
                           .arg(e.counts.latencyMaxUs)
                           .arg(e.lastCallMs);
        for (qint64 h : e.counts.histogram)
            line += QLatin1Char(' ') + QString::number(h);
        lines << line;
    }
    lines.sort();
    return lines.join(QLatin1Char('\n'));
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
    // Calls so far by endpoint (the key page's endpoint list): every outcome.
    TG_VERIFY_OK(UsageStore::write(*db, batchAt(kNow - 40 * kDay, Outcome::Allowed, 4, 800, 7, 5)));
    TG_VERIFY_OK(UsageStore::write(*db, batchAt(kNow, Outcome::Allowed, 1, 800, 9, 5)));
    const auto calls = UsageStore::callsByEndpoint(*db, 7);
    TG_VERIFY_OK(calls);
    QCOMPARE(*calls, (QHash<qint64, qint64>{{3, 10}, {5, 4}}));
    q.profileId = 8;
    QCOMPARE(UsageStore::report(*db, q)->requests, 0);

    // A flush larger than one statement's rows: 450 minutes and addresses, twice.
    UsageBatch large;
    for (int i = 0; i < 450; ++i) {
        large.rollups[{8, 3, Outcome::Allowed, kNow - kNow % kMinute - i * kMinute}].add(1000);
        large.sources[{8, QStringLiteral("192.0.2.%1/%2").arg(i % 250).arg(i)}] = {2, 1, kNow};
    }
    TG_VERIFY_OK(UsageStore::write(*db, large));
    TG_VERIFY_OK(UsageStore::write(*db, large));
    QCOMPARE(UsageStore::report(*db, q)->requests, 900);
    const auto sources = UsageStore::sources(*db, q);
    TG_VERIFY_OK(sources);
    QCOMPARE(sources->size(), 450);
    QCOMPARE(sources->first().requests, 4);
    QCOMPARE(sources->first().refused, 2);
    QCOMPARE(UsageStore::sourceCount(*db, q).value(), 450);
    QCOMPARE(UsageStore::sources(*db, q, 10)->size(), 10);
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
    // A key's last use only moves forward.
    const ApiKeyRecord key = ProfileStore(*db).byId(keys->first().profile.id)->keys.first();
    UsageBatch older;
    older.keyLastUse[key.id] = *key.lastUsedAt - kDay;
    TG_VERIFY_OK(UsageStore::write(*db, older));
    QCOMPARE(ProfileStore(*db).byId(key.profileId)->keys.first().lastUsedAt, key.lastUsedAt);
    UsageBatch newer;
    newer.keyLastUse[key.id] = now + kMinute;
    TG_VERIFY_OK(UsageStore::write(*db, newer));
    QCOMPARE(ProfileStore(*db).byId(key.profileId)->keys.first().lastUsedAt, now + kMinute);
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

void TestUsage::everythingComesFromTheTotals()
{
    TestDatabase testDb;
    TG_PREPARE_DB(testDb);
    ManualClock clock(QDateTime::fromMSecsSinceEpoch(kNow, QTimeZone::utc()));
    auto db = testDb.open(&clock);
    QVERIFY(db);
    // Two profiles, two endpoints, unknown keys (profile 0), from minutes to 80 days ago.
    const qint64 hour = 3'600'000;
    int n = 0;
    for (qint64 age : {2 * kMinute, 50 * kMinute, 5 * hour, 30 * hour, 3 * kDay, 6 * kDay,
                       20 * kDay, 40 * kDay, 80 * kDay}) {
        ++n;
        UsageBatch batch = batchAt(kNow - age, Outcome::Allowed, n, 1500 * n, 7, 3);
        batch.merge(batchAt(kNow - age, Outcome::Allowed, 2, 40'000, 8, 3));
        batch.merge(batchAt(kNow - age - kMinute, Outcome::RateLimited, n % 3, 200, 8, 4));
        batch.merge(batchAt(kNow - age, Outcome::InvalidKey, 1, 300, 0, 0));
        TG_VERIFY_OK(UsageStore::write(*db, batch));
    }
    TG_VERIFY_OK(UsageStore::compact(*db, kNow, 400));
    // Everything, as the sum of every profile's rollups (which a profile's query reads).
    const auto sumOfProfiles = [&](UsageQuery q) {
        UsageReport sum;
        for (qint64 profile : {0, 7, 8}) {
            q.profileId = profile;
            const UsageReport one = UsageStore::report(*db, q).value();
            sum.requests += one.requests;
            for (auto it = one.outcomes.cbegin(); it != one.outcomes.cend(); ++it)
                sum.outcomes[it.key()] += it.value();
            for (const EndpointUsage& e : one.endpoints) {
                auto same = std::find_if(
                    sum.endpoints.begin(), sum.endpoints.end(),
                    [&](const EndpointUsage& s) { return s.endpointId == e.endpointId; });
                if (same == sum.endpoints.end()) {
                    sum.endpoints.append(e);
                } else {
                    same->counts.merge(e.counts);
                    same->lastCallMs = std::max(same->lastCallMs, e.lastCallMs);
                }
            }
        }
        return sum;
    };
    const qint64 today = kNow - kNow % kDay + kDay;
    const qint64 thisHour = kNow - kNow % hour + hour;
    const qint64 thisMinute = kNow - kNow % kMinute + kMinute;
    struct Period {
        qint64 from, to, bucket;
    };
    const QList<Period> periods{{today - 90 * kDay, today, kDay},
                                {today - 30 * kDay, today, kDay},
                                {thisHour - 7 * kDay, thisHour, 6 * hour},
                                {thisHour - kDay, thisHour, hour},
                                {thisMinute - 3 * hour, thisMinute, kMinute},
                                {kNow - 10 * kDay + 1, kNow, kDay}}; // on no boundary
    for (const Period& p : periods) {
        UsageQuery everything;
        everything.fromMs = p.from;
        everything.toMs = p.to;
        const UsageReport expected = sumOfProfiles(everything);
        QVERIFY(expected.requests > 0);
        QCOMPARE(describe(UsageStore::report(*db, everything).value()), describe(expected));
        const auto points = UsageStore::series(*db, everything, p.bucket);
        TG_VERIFY_OK(points);
        qint64 charted = 0;
        for (const UsagePoint& point : *points)
            charted += point.total();
        QCOMPARE(charted, expected.requests);
    }
    UsageQuery lastTwoDays;
    lastTwoDays.fromMs = kNow - 2 * kDay;
    lastTwoDays.toMs = kNow + kMinute;
    lastTwoDays.profileId = 8;
    const qint64 peakOfEight = UsageStore::peakPerMinute(*db, lastTwoDays).value();
    lastTwoDays.profileId.reset();
    // 30 hours ago: profile 7's four requests and profile 8's two in one minute.
    QCOMPARE(UsageStore::peakPerMinute(*db, lastTwoDays).value(), 4 + 2);
    QCOMPARE(peakOfEight, 2);

    // Computed again from the rollups, the totals are the same rows.
    const auto dump = [&] {
        QStringList rows;
        auto q = db->exec(QStringLiteral("SELECT granularity, bucket_start, endpoint_id, outcome, "
                                         "requests, latency_sum_us, latency_max_us, h1, h10 "
                                         "FROM usage_totals"));
        while (q && q->next()) {
            QStringList row;
            for (int i = 0; i < 9; ++i)
                row << q->value(i).toString();
            rows << row.join(QLatin1Char(' '));
        }
        rows.sort();
        return rows;
    };
    const QStringList incremental = dump();
    QVERIFY(incremental.size() > 20);
    TG_VERIFY_OK(UsageStore::rebuildTotals(*db));
    QCOMPARE(dump(), incremental);

    // The overall figures are read from the totals; a period on no boundary
    // from the rollups.
    UsageQuery month;
    month.fromMs = today - 30 * kDay;
    month.toMs = today;
    UsageQuery unaligned;
    unaligned.fromMs = kNow - 10 * kDay + 1;
    unaligned.toMs = kNow;
    const qint64 monthBefore = sumOfProfiles(month).requests;
    TG_VERIFY_OK(db->exec(QStringLiteral("DELETE FROM usage_rollups WHERE profile_id = 8")));
    QVERIFY(sumOfProfiles(month).requests < monthBefore);
    QCOMPARE(UsageStore::report(*db, month)->requests, monthBefore);
    QCOMPARE(UsageStore::report(*db, unaligned)->requests, sumOfProfiles(unaligned).requests);
}

QTEST_GUILESS_MAIN(TestUsage)
#include "tst_usage.moc"
