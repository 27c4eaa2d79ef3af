// The gateway's limit logic with controlled time: the sliding-window rate
// limiter, UTC calendar quota windows, and client-address selection.
#include "ClientAddress.h"
#include "QuotaWindow.h"
#include "RateLimiter.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

#include <deque>

using namespace tollgate;

namespace {
qint64 utc(const QString& iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toMSecsSinceEpoch();
}
QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODate);
}
} // namespace

class TestLimits : public QObject {
    Q_OBJECT

private slots:
    void freshWindowAdmitsN();
    void neverMoreThanNInAnyWindow_data();
    void neverMoreThanNInAnyWindow();
    void retryAfterFreesASlot();
    void memoryIsBoundedWhateverN();
    void quotaWindows_data();
    void quotaWindows();
    void clientAddress_data();
    void clientAddress();
};

void TestLimits::freshWindowAdmitsN()
{
    RateLimiter limiter(5, 60'000);
    const qint64 t0 = utc(QStringLiteral("2026-12-04T12:00:00Z"));
    for (int i = 0; i < 5; ++i) {
        const auto d = limiter.tryAcquire(t0 + i);
        QVERIFY(d.admitted);
        QCOMPARE(d.remaining, 4 - i);
    }
    const auto refused = limiter.tryAcquire(t0 + 10);
    QVERIFY(!refused.admitted);
    QVERIFY(refused.retryAfterMs > 59'000 && refused.retryAfterMs <= 60'600);
    // After a quiet window (plus one bucket) the full N are admitted again.
    const qint64 later = t0 + 60'000 + 600;
    for (int i = 0; i < 5; ++i)
        QVERIFY(limiter.tryAcquire(later + i).admitted);
    QVERIFY(!limiter.tryAcquire(later + 5).admitted);
}

void TestLimits::neverMoreThanNInAnyWindow_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("window");
    QTest::newRow("5 per second") << qint64(5) << qint64(1000);
    QTest::newRow("100 per minute") << qint64(100) << qint64(60'000);
    QTest::newRow("1 per hour") << qint64(1) << qint64(3'600'000);
    QTest::newRow("1000 per second") << qint64(1000) << qint64(1000);
}

void TestLimits::neverMoreThanNInAnyWindow()
{
    QFETCH(qint64, limit);
    QFETCH(qint64, window);
    RateLimiter limiter(limit, window);
    QRandomGenerator rnd(7);
    std::deque<qint64> admitted; // every admission, to check every window by brute force
    qint64 now = 1'700'000'000'000;
    qint64 admittedTotal = 0;
    for (int i = 0; i < 20000; ++i) {
        // Bursts and gaps: most requests close together, some long pauses.
        now += rnd.bounded(10) == 0 ? rnd.bounded(static_cast<quint32>(window)) : rnd.bounded(3);
        if (limiter.tryAcquire(now).admitted) {
            admitted.push_back(now);
            ++admittedTotal;
        }
        while (!admitted.empty() && admitted.front() <= now - window)
            admitted.pop_front();
        if (static_cast<qint64>(admitted.size()) > limit)
            QFAIL(qPrintable(QStringLiteral("%1 admissions in the window ending %2")
                                 .arg(admitted.size())
                                 .arg(now)));
    }
    QVERIFY(admittedTotal > limit); // the test did exercise several windows
}

void TestLimits::retryAfterFreesASlot()
{
    RateLimiter limiter(3, 1000);
    qint64 now = 5'000'000;
    for (int i = 0; i < 3; ++i)
        QVERIFY(limiter.tryAcquire(now).admitted);
    const auto refused = limiter.tryAcquire(now + 100);
    QVERIFY(!refused.admitted);
    QVERIFY(!limiter.tryAcquire(now + 100 + refused.retryAfterMs - 1).admitted);
    QVERIFY(limiter.tryAcquire(now + 100 + refused.retryAfterMs).admitted);
}

void TestLimits::memoryIsBoundedWhateverN()
{
    // A huge limit and steady traffic: bucket count stays at most kBuckets + 1.
    RateLimiter limiter(1'000'000'000, 3'600'000);
    qint64 now = 0;
    std::size_t most = 0;
    for (int i = 0; i < 300000; ++i) {
        now += 37;
        QVERIFY(limiter.tryAcquire(now).admitted);
        most = std::max(most, limiter.bucketCount());
    }
    QVERIFY2(most <= RateLimiter::kBuckets + 1, qPrintable(QString::number(most)));
    QVERIFY(most >= RateLimiter::kBuckets); // the window was full of traffic
    QVERIFY(limiter.tryAcquire(now).resetMs <= 3'600'000 + 36'000);
}

void TestLimits::quotaWindows_data()
{
    QTest::addColumn<int>("interval");
    QTest::addColumn<QString>("now");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    const int day = int(QuotaInterval::Day), week = int(QuotaInterval::Week),
              month = int(QuotaInterval::Month), year = int(QuotaInterval::Year);
    QTest::newRow("day") << day << "2026-12-04T23:59:59Z"
                         << "2026-12-04T00:00:00Z"
                         << "2026-12-05T00:00:00Z";
    QTest::newRow("day at midnight") << day << "2026-12-05T00:00:00Z"
                                     << "2026-12-05T00:00:00Z"
                                     << "2026-12-06T00:00:00Z";
    QTest::newRow("week from Monday (Friday)") << week << "2026-12-04T10:00:00Z"
                                               << "2026-11-30T00:00:00Z"
                                               << "2026-12-07T00:00:00Z";
    QTest::newRow("week on Sunday") << week << "2026-12-06T23:00:00Z"
                                    << "2026-11-30T00:00:00Z"
                                    << "2026-12-07T00:00:00Z";
    QTest::newRow("week on Monday") << week << "2026-12-07T00:00:00Z"
                                    << "2026-12-07T00:00:00Z"
                                    << "2026-12-14T00:00:00Z";
    QTest::newRow("week across a year") << week << "2027-01-01T12:00:00Z"
                                        << "2026-12-28T00:00:00Z"
                                        << "2027-01-04T00:00:00Z";
    QTest::newRow("month end 31") << month << "2026-12-31T23:59:59Z"
                                  << "2026-12-01T00:00:00Z"
                                  << "2027-01-01T00:00:00Z";
    QTest::newRow("February leap") << month << "2028-02-29T12:00:00Z"
                                   << "2028-02-01T00:00:00Z"
                                   << "2028-03-01T00:00:00Z";
    QTest::newRow("February common") << month << "2027-02-28T12:00:00Z"
                                     << "2027-02-01T00:00:00Z"
                                     << "2027-03-01T00:00:00Z";
    QTest::newRow("year") << year << "2028-12-31T23:59:59Z"
                          << "2028-01-01T00:00:00Z"
                          << "2029-01-01T00:00:00Z";
    QTest::newRow("offset input is UTC") << day << "2026-12-05T01:00:00+02:00"
                                         << "2026-12-04T00:00:00Z"
                                         << "2026-12-05T00:00:00Z";
}

void TestLimits::quotaWindows()
{
    QFETCH(int, interval);
    QFETCH(QString, now);
    QFETCH(QString, start);
    QFETCH(QString, end);
    const QuotaWindow w = QuotaWindow::containing(QuotaInterval(interval), utc(now));
    QCOMPARE(iso(w.startMs), iso(utc(start)));
    QCOMPARE(iso(w.endMs), iso(utc(end)));
    QVERIFY(w.contains(utc(now)));
}

void TestLimits::clientAddress_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QString>("xff");
    QTest::addColumn<QString>("trusted");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no proxies: peer, header ignored") << "203.0.113.9"
                                                      << "1.2.3.4"
                                                      << ""
                                                      << "203.0.113.9";
    QTest::newRow("untrusted peer: header ignored") << "203.0.113.9"
                                                    << "1.2.3.4"
                                                    << "10.0.0.0/8"
                                                    << "203.0.113.9";
    QTest::newRow("trusted peer: right-most entry") << "10.0.0.2"
                                                    << "1.2.3.4, 198.51.100.7"
                                                    << "10.0.0.0/8"
                                                    << "198.51.100.7";
    QTest::newRow("skips trusted hops") << "10.0.0.2"
                                        << "198.51.100.7, 10.0.0.5"
                                        << "10.0.0.0/8"
                                        << "198.51.100.7";
    QTest::newRow("forged left-most ignored") << "10.0.0.2"
                                              << "127.0.0.1, 198.51.100.7"
                                              << "10.0.0.0/8"
                                              << "198.51.100.7";
    QTest::newRow("all trusted: left-most") << "10.0.0.2"
                                            << "10.0.0.9, 10.0.0.5"
                                            << "10.0.0.0/8"
                                            << "10.0.0.9";
    QTest::newRow("garbage entry: the proxy that added it") << "10.0.0.2"
                                                            << "evil, 10.0.0.5"
                                                            << "10.0.0.0/8"
                                                            << "10.0.0.5";
    QTest::newRow("no header: the proxy") << "10.0.0.2"
                                          << ""
                                          << "10.0.0.0/8"
                                          << "10.0.0.2";
    QTest::newRow("v6") << "::1"
                        << "2001:db8::7"
                        << "::1"
                        << "2001:db8::7";
}

void TestLimits::clientAddress()
{
    QFETCH(QString, peer);
    QFETCH(QString, xff);
    QFETCH(QString, trusted);
    QFETCH(QString, expected);
    const auto ranges = parseIpWhitelist(trusted.isEmpty() ? QStringList() : QStringList{trusted});
    QVERIFY(ranges.ok());
    QCOMPARE(tollgate::clientAddress(peer, xff, *ranges), expected);
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
