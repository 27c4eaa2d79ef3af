// The access report on SQLite and PostgreSQL: its rows and usage from known
// rollups, review status, the CSV (preamble, formula neutralisation), the
// paginated PDF read back with pdftotext, and tollgatectl report.
#include "AccessReport.h"
#include "AccessReportPdf.h"
#include "AuditLog.h"
#include "ClientStore.h"
#include "CollectionStore.h"
#include "ProfileStore.h"
#include "ReviewFlags.h"
#include "SettingsStore.h"
#include "TestDatabase.h"
#include "Usage.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace tollgate;

namespace {
constexpr qint64 kDayMs = 24 * 3'600'000LL;

// Runs a poppler tool on a PDF; empty when it is not installed.
QString poppler(const QString& tool, const QStringList& args)
{
    const QString exe = QStandardPaths::findExecutable(tool);
    if (exe.isEmpty())
        return {};
    QProcess p;
    p.start(exe, args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}
} // namespace

class TestReport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void init();
    void cleanup();

    void rowsUsageAndReview();
    void csvIsNeutralisedAndComplete();
    void pdfIsPaginatedWithItsHeader();
    void tollgatectlReport();
    void reviewFlags();

private:
    qint64 addProfile(qint64 clientId, const QString& name);

    TestDatabase m_testDb;
    ManualClock m_clock{QDateTime(QDate(2026, 12, 1), QTime(12, 0), QTimeZone::utc())};
    std::unique_ptr<Database> m_db;
    SystemRandom m_random;
    Collection m_collection;
    qint64 m_payroll = 0;
    qint64 m_hostile = 0;
};

qint64 TestReport::addProfile(qint64 clientId, const QString& name)
{
    AccessProfile p;
    p.clientId = clientId;
    p.name = name;
    p.collectionIds = {m_collection.id};
    p.rateLimit = RateLimit{5, RateInterval::Minute};
    auto issued = ProfileStore(*m_db).create(p, m_random);
    return issued ? issued->profile.id : 0;
}

void TestReport::init()
{
    // Every row starts on 2026-12-01 12:00 UTC again.
    m_clock.advanceMs(
        QDateTime(QDate(2026, 12, 1), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch()
        - m_clock.nowMs());
    TG_PREPARE_DB(m_testDb);
    m_db = m_testDb.open(&m_clock);
    QVERIFY(m_db);
    TG_VERIFY_OK(SettingsStore(*m_db).initialise(QStringLiteral("acme")));
    Collection c;
    c.name = QStringLiteral("Employee Management");
    c.path = QStringLiteral("employee");
    m_collection = CollectionStore(*m_db).create(c).value();
    Client payroll;
    payroll.name = QString::fromUtf8("Lohnbüro Zürich");
    Client hostile;
    hostile.name = QStringLiteral("=HYPERLINK(\"x\")");
    m_payroll = ClientStore(*m_db).create(payroll).value().id;
    m_hostile = ClientStore(*m_db).create(hostile).value().id;
}

void TestReport::cleanup() { m_db.reset(); }

void TestReport::rowsUsageAndReview()
{
    const qint64 batch = addProfile(m_payroll, QStringLiteral("Batch"));
    const qint64 other = addProfile(m_hostile, QStringLiteral("Other"));
    TG_VERIFY_OK(ProfileStore(*m_db).markReviewed(batch));
    // 100 days later: Batch's review (day 0) is overdue, Other was never reviewed.
    m_clock.advanceMs(100 * kDayMs);
    const qint64 now = m_clock.nowMs();
    UsageBatch usage;
    const auto add = [&](qint64 profile, Outcome outcome, qint64 minute, int n) {
        for (int i = 0; i < n; ++i)
            usage.rollups[{profile, 0, outcome, minute - minute % 60'000}].add(1000);
    };
    add(batch, Outcome::Allowed, now - 2 * kDayMs, 7);
    add(batch, Outcome::RateLimited, now - 2 * kDayMs, 2);
    add(batch, Outcome::EndpointServerError, now - kDayMs, 1);
    add(batch, Outcome::Allowed, now - 40 * kDayMs, 50); // before the period
    add(other, Outcome::IpNotAllowed, now - kDayMs, 3);
    TG_VERIFY_OK(UsageStore::write(*m_db, usage));

    auto report = AccessReport::build(*m_db, now - 30 * kDayMs, now);
    TG_VERIFY_OK(report);
    QCOMPARE(report->rows.size(), 2);
    QCOMPARE(report->producedBy, m_db->actor());
    QCOMPARE(report->auditHead, AuditLog(*m_db).head().value());
    // The settings, the collection, 2 clients, 2 profiles and the review.
    QVERIFY(report->auditHead.startsWith(QLatin1String("7:")));
    QVERIFY(report->workspace.startsWith(QLatin1String("acme")));
    AccessReport::Row b, o;
    for (const AccessReport::Row& r : report->rows)
        (r.profile == QLatin1String("Batch") ? b : o) = r;
    QCOMPARE(b.client, QString::fromUtf8("Lohnbüro Zürich"));
    QCOMPARE(b.requests, 10);
    QCOMPARE(b.allowed, 7);
    QCOMPARE(b.refused, 2);
    QCOMPARE(b.keyAgeDays, 100);
    QCOMPARE(b.rateLimit, QStringLiteral("5/minute"));
    QVERIFY(b.reviewDue);
    QVERIFY2(
        AccessReport::reviewText(b).startsWith(QLatin1String("Overdue (last reviewed 2026-12-01")),
        qPrintable(AccessReport::reviewText(b)));
    QCOMPARE(o.requests, 3);
    QCOMPARE(o.refused, 3);
    QCOMPARE(AccessReport::reviewText(o), QStringLiteral("Due (never reviewed)"));
    QVERIFY(!AccessReport::build(*m_db, now, now)); // an empty period is refused
}

void TestReport::csvIsNeutralisedAndComplete()
{
    addProfile(m_hostile, QStringLiteral("+SUM(1)"));
    auto report = AccessReport::build(*m_db, m_clock.nowMs() - kDayMs, m_clock.nowMs());
    TG_VERIFY_OK(report);
    const QString text = QString::fromUtf8(report->toCsv());
    QVERIFY(text.startsWith(QLatin1String("\"report\",\"Tollgate access report\"\r\n")));
    QVERIFY(text.contains(QStringLiteral("\"audit_head\",\"%1\"").arg(report->auditHead)));
    QVERIFY(text.contains(QLatin1String("\r\n\r\n\"client\",\"profile\",\"collections\"")));
    // Formulas come out as text, quotes doubled.
    QVERIFY2(text.contains(QLatin1String("\"'=HYPERLINK(\"\"x\"\")\",\"'+SUM(1)\"")),
             qPrintable(text));
}

void TestReport::pdfIsPaginatedWithItsHeader()
{
    // Enough profiles for several pages.
    for (int i = 0; i < 120; ++i)
        QVERIFY(
            addProfile(m_payroll, QStringLiteral("Profile %1").arg(i, 3, 10, QLatin1Char('0'))));
    auto report = AccessReport::build(*m_db, m_clock.nowMs() - kDayMs, m_clock.nowMs());
    TG_VERIFY_OK(report);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    TG_VERIFY_OK(writeAccessReportPdf(*report, path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    const QString info = poppler(QStringLiteral("pdfinfo"), {path});
    if (info.isEmpty()) {
        if (qEnvironmentVariable("TOLLGATE_REQUIRE_TOOLS") == QLatin1String("1"))
            QFAIL("pdfinfo/pdftotext are not installed (Debian package poppler-utils)");
        QSKIP("pdfinfo/pdftotext are not installed (Debian package poppler-utils)");
    }
    const auto pages =
        QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info).captured(1).toInt();
    QVERIFY2(pages >= 3, qPrintable(info));
    QVERIFY(info.contains(QLatin1String("Tollgate access report")));
    // Words of a cell may wrap onto several lines of the table: compare without blanks.
    QString text = poppler(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
    text.remove(QRegularExpression(QStringLiteral("\\s")));
    // The PDF's font has ligatures (ff, fi, fl, ffi, ffl), also inside hex digests.
    const QStringList ligatures{QStringLiteral("ff"), QStringLiteral("fi"), QStringLiteral("fl"),
                                QStringLiteral("ffi"), QStringLiteral("ffl")};
    for (int i = 0; i < ligatures.size(); ++i)
        text.replace(QChar(0xFB00 + i), ligatures.at(i));
    QVERIFY(text.contains(QLatin1String("Tollgateaccessreport")));
    QVERIFY(text.contains(report->auditHead));
    QVERIFY(text.contains(QString::fromUtf8("Lohnbüro")));
    QVERIFY2(text.contains(QLatin1String("Profile119")),
             qPrintable(text.right(400)));                             // the last row
    QVERIFY(text.contains(QLatin1String("2026-11-30T12:00:00.000Z"))); // the period's start
    // An unwritable target is refused by name, and nothing is left behind.
    auto refused = writeAccessReportPdf(*report, dir.filePath(QStringLiteral("no/such/dir.pdf")));
    QVERIFY(!refused);
    QCOMPARE(refused.error().field(), QStringLiteral("output"));
}

void TestReport::tollgatectlReport()
{
    addProfile(m_payroll, QStringLiteral("Batch"));
    const auto ctl = [&](const QStringList& args) {
        QProcess p;
        // As under cron: no runtime directory, and nothing on stderr about it.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TOLLGATECTL_PATH),
                QStringList{QStringLiteral("--db"), m_testDb.urlText()} + args);
        p.waitForFinished(60000);
        return std::tuple{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                          QString::fromUtf8(p.readAllStandardError())};
    };
    const auto [code, out, err] =
        ctl({QStringLiteral("report"), QStringLiteral("--from"), QStringLiteral("2026-11-01"),
             QStringLiteral("--to"), QStringLiteral("2026-11-30")});
    QCOMPARE(code, 0);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    QVERIFY2(out.contains(QLatin1String("\"period_from_utc\",\"2026-11-01T00:00:00.000Z\"")),
             qPrintable(out));
    QVERIFY(out.contains(QLatin1String("\"period_to_utc\",\"2026-12-01T00:00:00.000Z\"")));
    QVERIFY(out.contains(QLatin1String("\"Batch\"")));
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
    QCOMPARE(std::get<0>(ctl({QStringLiteral("report"), QStringLiteral("--format"),
                              QStringLiteral("pdf"), QStringLiteral("--output"), pdf})),
             0);
    QVERIFY(QFile::exists(pdf));
    const auto [badCode, badOut, badErr] =
        ctl({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("docx")});
    QCOMPARE(badCode, 2);
    QVERIFY2(badErr.contains(QLatin1String("format")), qPrintable(badErr));
    const auto [noOutCode, noOut, noOutErr] =
        ctl({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("pdf")});
    QCOMPARE(noOutCode, 1); // a missing option is a usage error
    QVERIFY2(noOutErr.contains(QLatin1String("output")), qPrintable(noOutErr));
    const auto [backwardsCode, backwardsOut, backwardsErr] =
        ctl({QStringLiteral("report"), QStringLiteral("--from"), QStringLiteral("2026-12-01"),
             QStringLiteral("--to"), QStringLiteral("2026-11-01")});
    QCOMPARE(backwardsCode, 2);
    QVERIFY2(backwardsErr.contains(QLatin1String("from: must be before --to")),
             qPrintable(backwardsErr));
}

void TestReport::reviewFlags()
{
    const qint64 id = addProfile(m_payroll, QStringLiteral("Old"));
    AccessProfile p = ProfileStore(*m_db).byId(id).value();
    const qint64 created = m_clock.nowMs();
    // Fresh: nothing to flag.
    QVERIFY(ReviewFlags::evaluate(p, created).isEmpty());
    // 200 days later, never used: an old key and no use.
    const qint64 later = created + 200 * kDayMs;
    QCOMPARE(ReviewFlags::evaluate(p, later),
             (QStringList{QStringLiteral("key 200 days old"), QStringLiteral("never used")}));
    // Used 40 days ago, only one of its collections, far below its limit (5/minute vs 0).
    Collection second;
    second.name = QStringLiteral("Login");
    second.path = QStringLiteral("login");
    second = CollectionStore(*m_db).create(second).value();
    p.collectionIds = {m_collection.id, second.id};
    p.collectionNames = {m_collection.name, second.name};
    p.keys.first().lastUsedAt = later - 40 * kDayMs;
    p.rateLimit = RateLimit{600, RateInterval::Minute};
    ReviewFlags::Usage usage;
    usage.collectionsCalled = QSet<qint64>{m_collection.id};
    usage.peakPerMinute = 3;
    QCOMPARE(ReviewFlags::evaluate(p, later, usage),
             (QStringList{QStringLiteral("key 200 days old"), QStringLiteral("unused for 40 days"),
                          QStringLiteral("never called: Login"),
                          QStringLiteral("rate limit 600/minute, peak 3 per minute")}));
    // A limit close to the peak is not flagged; 1/second is 60 per minute.
    usage.peakPerMinute = 100;
    QVERIFY(!ReviewFlags::evaluate(p, later, usage).join(u' ').contains(u"rate limit"));
    p.rateLimit = RateLimit{1, RateInterval::Second};
    usage.peakPerMinute = 5;
    QVERIFY(ReviewFlags::evaluate(p, later, usage).join(u' ').contains(u"rate limit 1/second"));
    // In the report too.
    auto report = AccessReport::build(*m_db, created - kDayMs, created + kDayMs);
    TG_VERIFY_OK(report);
    QVERIFY(report->toCsv().contains("\"look_twice\""));
}

QTEST_MAIN(TestReport)
#include "tst_report.moc"
