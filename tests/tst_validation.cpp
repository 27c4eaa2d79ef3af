// Validation tables for every rule in core/Validation, Limits and IpRange,
// with hostile input. Each row says what must come out: ok or the field.
#include "Domain.h"
#include "IpRange.h"
#include "Limits.h"
#include "Validation.h"

#include <QTest>

using namespace tollgate;

class TestValidation : public QObject {
    Q_OBJECT

private slots:
    void names_data();
    void names();
    void prefix_data();
    void prefix();
    void collection_data();
    void collection();
    void endpoint_data();
    void endpoint();
    void limits_data();
    void limits();
    void ipRanges_data();
    void ipRanges();
    void ipMatching_data();
    void ipMatching();
    void whitelist();
    void expiry_data();
    void expiry();
    void settings();
    void endpointUrls();
};

void TestValidation::names_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("plain") << "Demo Team" << true << "Demo Team";
    QTest::newRow("trimmed") << "  Demo  " << true << "Demo";
    QTest::newRow("empty") << "" << false << "";
    QTest::newRow("blank") << " \t " << false << "";
    QTest::newRow("10000 chars") << QString(10000, QLatin1Char('a')) << false << "";
    QTest::newRow("100 chars") << QString(100, QLatin1Char('a')) << true
                               << QString(100, QLatin1Char('a'));
    QTest::newRow("101 chars") << QString(101, QLatin1Char('a')) << false << "";
    QTest::newRow("arabic rtl") << QString::fromUtf8("فريق العرض") << true
                                << QString::fromUtf8("فريق العرض");
    QTest::newRow("hebrew rtl") << QString::fromUtf8("צוות הדגמה") << true
                                << QString::fromUtf8("צוות הדגמה");
    QTest::newRow("cjk") << QString::fromUtf8("演示团队") << true << QString::fromUtf8("演示团队");
    QTest::newRow("emoji") << QString::fromUtf8("Team 🚀") << true << QString::fromUtf8("Team 🚀");
    QTest::newRow("sql quote") << "Robert'); DROP TABLE clients;--" << true
                               << "Robert'); DROP TABLE clients;--";
    QTest::newRow("double quotes") << "\"quoted\" %_\\" << true << "\"quoted\" %_\\";
    QTest::newRow("newline") << "a\nb" << false << "";
    QTest::newRow("nul") << QString::fromUtf8("a\0b", 3) << false << "";
    QTest::newRow("bidi override") << QString::fromUtf8("evil\u202Etxt.exe") << false << "";
    QTest::newRow("bidi isolate") << QString::fromUtf8("a\u2066b") << false << "";
}

void TestValidation::names()
{
    QFETCH(QString, input);
    QFETCH(bool, valid);
    QFETCH(QString, normalised);
    const Status s = validate::name(QStringLiteral("name"), input);
    QCOMPARE(s.ok(), valid);
    if (valid)
        QCOMPARE(input, normalised);
    else
        QCOMPARE(s.error().field(), QStringLiteral("name"));
}

void TestValidation::prefix_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("valid");
    QTest::newRow("demo") << "demo" << true;
    QTest::newRow("dash underscore") << "acme-prod_2" << true;
    QTest::newRow("64") << QString(64, QLatin1Char('p')) << true;
    QTest::newRow("65") << QString(65, QLatin1Char('p')) << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("slash") << "a/b" << false;
    QTest::newRow("dot") << "a.b" << false;
    QTest::newRow("space") << "a b" << false;
    QTest::newRow("unicode") << QString::fromUtf8("dé") << false;
    QTest::newRow("sql") << "x';--" << false;
}

void TestValidation::prefix()
{
    QFETCH(QString, input);
    QFETCH(bool, valid);
    const Status s = validate::pathPrefix(input);
    QCOMPARE(s.ok(), valid);
    if (!valid)
        QCOMPARE(s.error().field(), QStringLiteral("path_prefix"));
}

void TestValidation::collection_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QString>("badField");
    QTest::newRow("ok") << "Employee Management"
                        << "employee"
                        << "v1"
                        << ""
                        << "";
    QTest::newRow("no name") << ""
                             << "employee"
                             << "v1"
                             << ""
                             << "name";
    QTest::newRow("path slash") << "A"
                                << "emp/x"
                                << "v1"
                                << ""
                                << "path";
    QTest::newRow("path dotdot") << "A"
                                 << ".."
                                 << "v1"
                                 << ""
                                 << "path";
    QTest::newRow("path empty") << "A"
                                << ""
                                << "v1"
                                << ""
                                << "path";
    QTest::newRow("path unicode") << "A" << QString::fromUtf8("empløyee") << "v1"
                                  << ""
                                  << "path";
    QTest::newRow("version space") << "A"
                                   << "emp"
                                   << "v 1"
                                   << ""
                                   << "version";
    QTest::newRow("version empty") << "A"
                                   << "emp"
                                   << ""
                                   << ""
                                   << "version";
    QTest::newRow("huge description") << "A"
                                      << "emp"
                                      << "v1" << QString(10000, QLatin1Char('d')) << "description";
    QTest::newRow("description newline ok") << "A"
                                            << "emp"
                                            << "v1"
                                            << "line1\nline2"
                                            << "";
}

void TestValidation::collection()
{
    QFETCH(QString, name);
    QFETCH(QString, path);
    QFETCH(QString, version);
    QFETCH(QString, description);
    QFETCH(QString, badField);
    Collection c;
    c.name = name;
    c.path = path;
    c.version = version;
    c.description = description;
    const Status s = validate::collection(c);
    QCOMPARE(s.ok(), badField.isEmpty());
    if (!s)
        QCOMPARE(s.error().field(), badField);
}

void TestValidation::endpoint_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("upstream");
    QTest::addColumn<int>("timeout");
    QTest::addColumn<int>("mockStatus");
    QTest::addColumn<QString>("badField");
    QTest::newRow("mock ok") << "post"
                             << "fetch"
                             << "" << 90 << 200 << "";
    QTest::newRow("multi segment") << "GET"
                                   << "/a/b/c"
                                   << "" << 90 << 200 << "";
    QTest::newRow("bad method") << "TRACE"
                                << "a"
                                << "" << 90 << 200 << "method";
    QTest::newRow("empty path") << "GET"
                                << ""
                                << "" << 90 << 200 << "path";
    QTest::newRow("double slash") << "GET"
                                  << "a//b"
                                  << "" << 90 << 200 << "path";
    QTest::newRow("dotdot segment") << "GET"
                                    << "a/../b"
                                    << "" << 90 << 200 << "path";
    QTest::newRow("query in path") << "GET"
                                   << "a?x=1"
                                   << "" << 90 << 200 << "path";
    QTest::newRow("status 99") << "GET"
                               << "a"
                               << "" << 90 << 99 << "mock_status";
    QTest::newRow("status 600") << "GET"
                                << "a"
                                << "" << 90 << 600 << "mock_status";
    QTest::newRow("upstream ok") << "GET"
                                 << "a"
                                 << "https://hr.example.com/api" << 90 << 0 << "";
    QTest::newRow("upstream ftp") << "GET"
                                  << "a"
                                  << "ftp://x.example.com/" << 90 << 0 << "upstream_url";
    QTest::newRow("upstream no host") << "GET"
                                      << "a"
                                      << "http://" << 90 << 0 << "upstream_url";
    QTest::newRow("upstream password") << "GET"
                                       << "a"
                                       << "http://u:p@x.example.com/" << 90 << 0 << "upstream_url";
    QTest::newRow("upstream garbage") << "GET"
                                      << "a"
                                      << "not a url" << 90 << 0 << "upstream_url";
    QTest::newRow("timeout 0") << "GET"
                               << "a"
                               << "http://x.example.com" << 0 << 0 << "timeout";
    QTest::newRow("timeout huge") << "GET"
                                  << "a"
                                  << "http://x.example.com" << 100000 << 0 << "timeout";
}

void TestValidation::endpoint()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, upstream);
    QFETCH(int, timeout);
    QFETCH(int, mockStatus);
    QFETCH(QString, badField);
    Endpoint e;
    e.name = QStringLiteral("E");
    e.method = method;
    e.path = path;
    e.target = upstream.isEmpty() ? TargetKind::Mock : TargetKind::Upstream;
    e.upstreamUrl = upstream;
    e.timeoutSeconds = timeout;
    e.mockStatus = mockStatus;
    const Status s = validate::endpoint(e);
    QCOMPARE(s.ok(), badField.isEmpty());
    if (!s)
        QCOMPARE(s.error().field(), badField);
    else
        QVERIFY(!e.path.startsWith(QLatin1Char('/')));
}

void TestValidation::limits_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isQuota");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("5/minute") << "5/minute" << false << true << "5/minute";
    QTest::newRow("spaces case") << " 10 / Second " << false << true << "10/second";
    QTest::newRow("hour") << "1000/hour" << false << true << "1000/hour";
    QTest::newRow("zero") << "0/minute" << false << false << "";
    QTest::newRow("negative") << "-5/minute" << false << false << "";
    QTest::newRow("plus sign") << "+5/minute" << false << false << "";
    QTest::newRow("overflow") << "99999999999999999999/minute" << false << false << "";
    QTest::newRow("over max") << "1000000001/minute" << false << false << "";
    QTest::newRow("max") << "1000000000/second" << false << true << "1000000000/second";
    QTest::newRow("fraction") << "1.5/minute" << false << false << "";
    QTest::newRow("unknown interval") << "5/fortnight" << false << false << "";
    QTest::newRow("quota interval on rate") << "5/day" << false << false << "";
    QTest::newRow("no slash") << "5" << false << false << "";
    QTest::newRow("two slashes") << "5/minute/x" << false << false << "";
    QTest::newRow("empty") << "" << false << false << "";
    QTest::newRow("50/month") << "50/month" << true << true << "50/month";
    QTest::newRow("week") << "7/week" << true << true << "7/week";
    QTest::newRow("year") << "1/year" << true << true << "1/year";
    QTest::newRow("rate interval on quota") << "5/minute" << true << false << "";
    QTest::newRow("quota zero") << "0/day" << true << false << "";
}

void TestValidation::limits()
{
    QFETCH(QString, text);
    QFETCH(bool, isQuota);
    QFETCH(bool, valid);
    QFETCH(QString, canonical);
    if (isQuota) {
        auto q = Quota::parse(text);
        QCOMPARE(q.ok(), valid);
        if (valid)
            QCOMPARE(q->toString(), canonical);
        else
            QCOMPARE(q.error().field(), QStringLiteral("quota"));
    } else {
        auto r = RateLimit::parse(text);
        QCOMPARE(r.ok(), valid);
        if (valid)
            QCOMPARE(r->toString(), canonical);
        else
            QCOMPARE(r.error().field(), QStringLiteral("rate_limit"));
    }
}

void TestValidation::ipRanges_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical"); // empty: refused
    QTest::newRow("v4 host") << "192.168.1.7"
                             << "192.168.1.7";
    QTest::newRow("v4 /32") << "192.168.1.7/32"
                            << "192.168.1.7";
    QTest::newRow("v4 net") << "10.0.0.0/8"
                            << "10.0.0.0/8";
    QTest::newRow("v4 any") << "0.0.0.0/0"
                            << "0.0.0.0/0";
    QTest::newRow("v4 host bits") << "10.1.2.3/8"
                                  << "";
    QTest::newRow("v4 /33") << "10.0.0.0/33"
                            << "";
    QTest::newRow("v4 300") << "300.1.1.1"
                            << "";
    QTest::newRow("v4 short") << "10.1"
                              << "";
    QTest::newRow("v4 octal-ish") << "010.1.1.1"
                                  << "";
    QTest::newRow("v4 negative prefix") << "10.0.0.0/-1"
                                        << "";
    QTest::newRow("v4 empty prefix") << "10.0.0.0/"
                                     << "";
    QTest::newRow("v6 loopback") << "::1"
                                 << "::1";
    QTest::newRow("v6 /129") << "::1/129"
                             << "";
    QTest::newRow("v6 net") << "2001:DB8::/32"
                            << "2001:db8::/32";
    QTest::newRow("v6 expanded") << "2001:0db8:0000:0000:0000:0000:0000:0001"
                                 << "2001:db8::1";
    QTest::newRow("v6 host bits") << "2001:db8::1/32"
                                  << "";
    QTest::newRow("v6 zone") << "fe80::1%eth0"
                             << "";
    QTest::newRow("v4-mapped host") << "::ffff:10.0.0.1"
                                    << "10.0.0.1";
    QTest::newRow("v4-mapped net") << "::ffff:10.0.0.0/104"
                                   << "10.0.0.0/8";
    QTest::newRow("v4-mapped too wide") << "::ffff:0.0.0.0/90"
                                        << "";
    QTest::newRow("hostname") << "example.com"
                              << "";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("sql") << "1.1.1.1'; DROP TABLE x"
                         << "";
    QTest::newRow("huge") << QString(10000, QLatin1Char('1')) << "";
    QTest::newRow("spaces") << "  10.0.0.0/8 "
                            << "10.0.0.0/8";
}

void TestValidation::ipRanges()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    auto r = IpRange::parse(text);
    QCOMPARE(r.ok(), !canonical.isEmpty());
    if (r)
        QCOMPARE(r->toString(), canonical);
    else
        QVERIFY2(!r.error().message().isEmpty(), "a refusal says why");
}

void TestValidation::ipMatching_data()
{
    QTest::addColumn<QString>("range");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("matches");
    QTest::newRow("v4 in") << "10.0.0.0/8"
                           << "10.255.1.2" << true;
    QTest::newRow("v4 out") << "10.0.0.0/8"
                            << "11.0.0.1" << false;
    QTest::newRow("v4 /31 edge") << "192.168.0.4/31"
                                 << "192.168.0.5" << true;
    QTest::newRow("v4 /31 out") << "192.168.0.4/31"
                                << "192.168.0.6" << false;
    QTest::newRow("v4 /0") << "0.0.0.0/0"
                           << "8.8.8.8" << true;
    QTest::newRow("v4 /0 not v6") << "0.0.0.0/0"
                                  << "2001:db8::1" << false;
    QTest::newRow("v4 range, mapped peer") << "10.0.0.0/8"
                                           << "::ffff:10.9.9.9" << true;
    QTest::newRow("v4 range, mapped out") << "10.0.0.0/8"
                                          << "::ffff:11.9.9.9" << false;
    QTest::newRow("v6 in") << "2001:db8::/32"
                           << "2001:db8:ffff::1" << true;
    QTest::newRow("v6 out") << "2001:db8::/32"
                            << "2001:db9::1" << false;
    QTest::newRow("v6 /127") << "2001:db8::/127"
                             << "2001:db8::1" << true;
    QTest::newRow("v6 /0 all v6") << "::/0"
                                  << "fe80::1" << true;
    QTest::newRow("v6 host") << "::1"
                             << "::1" << true;
    QTest::newRow("v6 host other") << "::1"
                                   << "::2" << false;
    QTest::newRow("not an address") << "10.0.0.0/8"
                                    << "10.0.0.x" << false;
}

void TestValidation::ipMatching()
{
    QFETCH(QString, range);
    QFETCH(QString, address);
    QFETCH(bool, matches);
    auto r = IpRange::parse(range);
    QVERIFY(r.ok());
    QCOMPARE(r->contains(address), matches);
}

void TestValidation::whitelist()
{
    auto list = parseIpWhitelist({QStringLiteral("10.0.0.0/8"), QStringLiteral(""),
                                  QStringLiteral("10.0.0.0/8 "), QStringLiteral("::1"),
                                  QStringLiteral("::1/128")});
    QVERIFY(list.ok());
    QCOMPARE(ipWhitelistToStrings(*list),
             (QStringList{QStringLiteral("10.0.0.0/8"), QStringLiteral("::1")}));

    auto bad = parseIpWhitelist({QStringLiteral("10.0.0.0/8"), QStringLiteral("300.1.1.1")});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().field(), QStringLiteral("ip_whitelist"));
    QVERIFY2(bad.error().message().contains(QLatin1String("300.1.1.1")), "names the entry");

    QStringList many;
    for (int i = 0; i < 1001; ++i)
        many.append(QStringLiteral("10.%1.%2.0/24").arg(i / 256).arg(i % 256));
    QVERIFY(!parseIpWhitelist(many).ok());
}

void TestValidation::expiry_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // ISO UTC, empty: refused
    QTest::newRow("date means through that day") << "2027-01-31"
                                                 << "2027-02-01T00:00:00Z";
    QTest::newRow("leap day") << "2028-02-29"
                              << "2028-03-01T00:00:00Z";
    QTest::newRow("utc time") << "2027-01-31T18:00:00Z"
                              << "2027-01-31T18:00:00Z";
    QTest::newRow("offset") << "2027-01-31T18:00:00+02:00"
                            << "2027-01-31T16:00:00Z";
    QTest::newRow("no zone") << "2027-01-31T18:00:00"
                             << "";
    QTest::newRow("bad day") << "2027-02-30"
                             << "";
    QTest::newRow("garbage") << "tomorrow"
                             << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestValidation::expiry()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    auto e = validate::expiry(text);
    QCOMPARE(e.ok(), !expected.isEmpty());
    if (e)
        QCOMPARE(*e, QDateTime::fromString(expected, Qt::ISODate).toMSecsSinceEpoch());
    else
        QCOMPARE(e.error().field(), QStringLiteral("expires"));
}

void TestValidation::settings()
{
    WorkspaceSettings s;
    s.gatewayBaseUrl = QStringLiteral("https://api.example.com/");
    QVERIFY(validate::settings(s).ok());
    QCOMPARE(s.gatewayBaseUrl, QStringLiteral("https://api.example.com"));
    s.reviewIntervalDays = 0;
    QCOMPARE(validate::settings(s).error().field(), QStringLiteral("review_interval_days"));
    s.reviewIntervalDays = 90;
    s.gatewayBaseUrl = QStringLiteral("javascript:alert(1)");
    QCOMPARE(validate::settings(s).error().field(), QStringLiteral("gateway_base_url"));

    AccessProfile p;
    p.name = QStringLiteral("P");
    QCOMPARE(validate::profile(p, std::nullopt).error().field(), QStringLiteral("collections"));
    p.collectionIds = {3, 3, 4};
    QVERIFY(validate::profile(p, std::nullopt).ok());
    QCOMPARE(p.collectionIds, (QList<qint64>{3, 4}));
    p.expiresAt = 1000;
    QCOMPARE(validate::profile(p, 2000).error().field(), QStringLiteral("expires"));
}

void TestValidation::endpointUrls()
{
    WorkspaceSettings settings;
    Collection c;
    c.path = QStringLiteral("employee");
    Endpoint e;
    e.path = QStringLiteral("fetch");
    // No path prefix yet: the URL says so rather than showing "//".
    QCOMPARE(endpointUrl(settings, c, e),
             QStringLiteral("http://127.0.0.1:8080/<prefix>/employee/v1/fetch"));
    settings.pathPrefix = QStringLiteral("demo");
    QCOMPARE(endpointUrl(settings, c, e),
             QStringLiteral("http://127.0.0.1:8080/demo/employee/v1/fetch"));
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
