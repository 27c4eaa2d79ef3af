// tollgatectl end to end through the real executable, on SQLite and on
// PostgreSQL: the whole flow, the exit codes, and bad input that must leave
// the database unchanged.
#include "TestDatabase.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace tollgate;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestTollgatectl : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void init();
    void wholeFlow();
    void exitCodes();
    void badInputChangesNothing_data();
    void badInputChangesNothing();
    void exportImportToOtherBackend();

private:
    Run ctl(const QStringList& args, const QByteArray& input = {}, const QString& db = {});
    QString dbArg() const;
    QString snapshot();

    TestDatabase m_testDb;
};

Run TestTollgatectl::ctl(const QStringList& args, const QByteArray& input, const QString& db)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TOLLGATE_DB"), db.isEmpty() ? dbArg() : db);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(TOLLGATECTL_PATH), args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString TestTollgatectl::dbArg() const { return m_testDb.urlText(); }

// The workspace as exported, without the export time: equal snapshots mean nothing changed.
QString TestTollgatectl::snapshot()
{
    const Run r = ctl({QStringLiteral("export")});
    QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    o.remove(QStringLiteral("exported_at"));
    return QString::fromUtf8(QJsonDocument(o).toJson());
}

void TestTollgatectl::init() { TG_PREPARE_DB(m_testDb); }

#define CTL_OK(run)                                                                                \
    do {                                                                                           \
        const Run r_ = (run);                                                                      \
        QVERIFY2(r_.exitCode == 0,                                                                 \
                 qPrintable(QStringLiteral("exit %1: %2").arg(r_.exitCode).arg(r_.err)));          \
    } while (false)

void TestTollgatectl::wholeFlow()
{
    CTL_OK(ctl({QStringLiteral("init"), QStringLiteral("--prefix"), QStringLiteral("acme")}));
    CTL_OK(ctl({QStringLiteral("collection"), QStringLiteral("create"), QStringLiteral("--name"),
                QStringLiteral("Employee Management"), QStringLiteral("--path"),
                QStringLiteral("employee")}));
    CTL_OK(ctl({QStringLiteral("endpoint"), QStringLiteral("create"),
                QStringLiteral("--collection"), QStringLiteral("Employee Management"),
                QStringLiteral("--name"), QStringLiteral("Fetch employee"),
                QStringLiteral("--method"), QStringLiteral("POST"), QStringLiteral("--path"),
                QStringLiteral("fetch"), QStringLiteral("--mock-status"), QStringLiteral("200"),
                QStringLiteral("--mock-body"), QStringLiteral("{\"Name\":\"Asha\"}")}));
    CTL_OK(ctl({QStringLiteral("endpoint"), QStringLiteral("create"),
                QStringLiteral("--collection"), QStringLiteral("Employee Management"),
                QStringLiteral("--name"), QStringLiteral("Upstream"), QStringLiteral("--method"),
                QStringLiteral("GET"), QStringLiteral("--path"), QStringLiteral("list/all"),
                QStringLiteral("--upstream"), QStringLiteral("http://127.0.0.1:9/hr"),
                QStringLiteral("--timeout"), QStringLiteral("5")}));
    const Run endpoints =
        ctl({QStringLiteral("--json"), QStringLiteral("endpoint"), QStringLiteral("list")});
    QCOMPARE(endpoints.exitCode, 0);
    const QJsonArray eps = QJsonDocument::fromJson(endpoints.out.toUtf8()).array();
    QCOMPARE(eps.size(), 2);
    QCOMPARE(eps[0].toObject().value(QStringLiteral("url")).toString(),
             QStringLiteral("http://127.0.0.1:8080/acme/employee/v1/fetch"));

    CTL_OK(ctl({QStringLiteral("client"), QStringLiteral("create"), QStringLiteral("--name"),
                QString::fromUtf8("Démo Team")}));
    const Run created =
        ctl({QStringLiteral("profile"), QStringLiteral("create"), QStringLiteral("--json"),
             QStringLiteral("--client"), QString::fromUtf8("démo team"), QStringLiteral("--name"),
             QStringLiteral("Member 1"), QStringLiteral("--collection"),
             QStringLiteral("Employee Management"), QStringLiteral("--rate"),
             QStringLiteral("5/minute"), QStringLiteral("--quota"), QStringLiteral("50/month"),
             QStringLiteral("--allow-ip"), QStringLiteral("10.0.0.0/8"),
             QStringLiteral("--allow-ip"), QStringLiteral("::1")});
    QVERIFY2(created.exitCode == 0, qPrintable(created.err));
    const QJsonObject createdJson = QJsonDocument::fromJson(created.out.toUtf8()).object();
    const QString key = createdJson.value(QStringLiteral("key")).toString();
    QVERIFY(key.startsWith(QLatin1String("tg_")));
    const QJsonObject profile = createdJson.value(QStringLiteral("profile")).toObject();
    QCOMPARE(profile.value(QStringLiteral("rate_limit")).toString(), QStringLiteral("5/minute"));
    QCOMPARE(profile.value(QStringLiteral("quota")).toString(), QStringLiteral("50/month"));
    QCOMPARE(profile.value(QStringLiteral("ip_whitelist")).toArray().size(), 2);

    // key identify reads standard input.
    Run id = ctl({QStringLiteral("--json"), QStringLiteral("key"), QStringLiteral("identify")},
                 key.toUtf8() + "\n");
    QCOMPARE(id.exitCode, 0);
    QJsonObject idJson = QJsonDocument::fromJson(id.out.toUtf8()).object();
    QCOMPARE(idJson.value(QStringLiteral("profile")).toString(), QStringLiteral("Member 1"));
    QCOMPARE(idJson.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QVERIFY2(!id.out.contains(key) && !id.err.contains(key), "identify never echoes the key");

    const QStringList one = {QStringLiteral("--client"), QString::fromUtf8("Démo Team"),
                             QStringLiteral("--name"), QStringLiteral("Member 1")};
    CTL_OK(ctl(QStringList{QStringLiteral("profile"), QStringLiteral("suspend")} + one));
    id = ctl({QStringLiteral("--json"), QStringLiteral("key"), QStringLiteral("identify")},
             key.toUtf8());
    QCOMPARE(
        QJsonDocument::fromJson(id.out.toUtf8()).object().value(QStringLiteral("state")).toString(),
        QStringLiteral("profile_suspended"));
    CTL_OK(ctl(QStringList{QStringLiteral("profile"), QStringLiteral("resume")} + one));
    CTL_OK(ctl(QStringList{QStringLiteral("profile"), QStringLiteral("review")} + one));
    CTL_OK(ctl(QStringList{QStringLiteral("profile"), QStringLiteral("edit")} + one
               + QStringList{QStringLiteral("--rate"), QStringLiteral("none"),
                             QStringLiteral("--clear-allow-ip")}));

    const Run rotated = ctl(QStringList{QStringLiteral("--json"), QStringLiteral("profile"),
                                        QStringLiteral("regenerate-key"), QStringLiteral("--grace"),
                                        QStringLiteral("1h")}
                            + one);
    QCOMPARE(rotated.exitCode, 0);
    const QString newKey = QJsonDocument::fromJson(rotated.out.toUtf8())
                               .object()
                               .value(QStringLiteral("key"))
                               .toString();
    QVERIFY(newKey != key);
    id = ctl({QStringLiteral("--json"), QStringLiteral("key"), QStringLiteral("identify")},
             key.toUtf8());
    QCOMPARE(
        QJsonDocument::fromJson(id.out.toUtf8()).object().value(QStringLiteral("state")).toString(),
        QStringLiteral("in_grace_period"));

    const Run show =
        ctl(QStringList{QStringLiteral("--json"), QStringLiteral("profile"), QStringLiteral("show")}
            + one);
    const QJsonObject shown = QJsonDocument::fromJson(show.out.toUtf8()).object();
    QVERIFY(shown.value(QStringLiteral("rate_limit")).isNull());
    QVERIFY(shown.value(QStringLiteral("ip_whitelist")).toArray().isEmpty());
    QVERIFY(!shown.value(QStringLiteral("reviewed_at")).isNull());
    QCOMPARE(shown.value(QStringLiteral("keys")).toArray().size(), 2);

    const Run verify = ctl({QStringLiteral("audit"), QStringLiteral("verify")});
    QCOMPARE(verify.exitCode, 0);
    QVERIFY(verify.out.contains(QLatin1String("intact")));
    const Run csv = ctl({QStringLiteral("audit"), QStringLiteral("export")});
    QCOMPARE(csv.exitCode, 0);
    QVERIFY(csv.out.contains(QLatin1String("profile.regenerate_key")));
    const Run exported = ctl({QStringLiteral("export")});
    for (const Run& r : {csv, exported, verify, show})
        QVERIFY2(!r.out.contains(key) && !r.out.contains(newKey),
                 "no key in audit or export output");

    CTL_OK(ctl({QStringLiteral("client"), QStringLiteral("delete"), QStringLiteral("--name"),
                QString::fromUtf8("Démo Team")}));
    id = ctl({QStringLiteral("key"), QStringLiteral("identify")}, newKey.toUtf8());
    QCOMPARE(id.exitCode, 3);
}

void TestTollgatectl::exitCodes()
{
    CTL_OK(ctl({QStringLiteral("demo")}));
    QCOMPARE(ctl({}).exitCode, 1);
    QCOMPARE(ctl({QStringLiteral("frobnicate")}).exitCode, 1);
    QCOMPARE(ctl({QStringLiteral("client"), QStringLiteral("create")}).exitCode,
             1); // --name missing
    QCOMPARE(
        ctl({QStringLiteral("client"), QStringLiteral("list"), QStringLiteral("--bogus")}).exitCode,
        1);
    QCOMPARE(ctl({QStringLiteral("client"), QStringLiteral("show"), QStringLiteral("--name"),
                  QStringLiteral("Nobody")})
                 .exitCode,
             3);
    QCOMPARE(ctl({QStringLiteral("client"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("DEMO TEAM")})
                 .exitCode,
             4);
    QCOMPARE(
        ctl({QStringLiteral("init"), QStringLiteral("--prefix"), QStringLiteral("again")}).exitCode,
        4);
    QCOMPARE(ctl({QStringLiteral("demo")}).exitCode, 4);
    QCOMPARE(ctl({QStringLiteral("client"), QStringLiteral("rename"), QStringLiteral("--name"),
                  QStringLiteral("Demo Team"), QStringLiteral("--new-name"), QStringLiteral("X"),
                  QStringLiteral("--expect-revision"), QStringLiteral("99")})
                 .exitCode,
             4);
    QCOMPARE(ctl({QStringLiteral("client"), QStringLiteral("list")}, {},
                 QStringLiteral("/nonexistent/dir/x.db"))
                 .exitCode,
             5);
    QCOMPARE(
        ctl({QStringLiteral("client"), QStringLiteral("list")}, {}, QStringLiteral("mysql://x/y"))
            .exitCode,
        2);

    const Run json = ctl({QStringLiteral("--json"), QStringLiteral("client"),
                          QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("")});
    QCOMPARE(json.exitCode, 2);
    const QJsonObject error = QJsonDocument::fromJson(json.err.toUtf8())
                                  .object()
                                  .value(QStringLiteral("error"))
                                  .toObject();
    QCOMPARE(error.value(QStringLiteral("field")).toString(), QStringLiteral("name"));
    QCOMPARE(error.value(QStringLiteral("kind")).toString(), QStringLiteral("invalid_input"));

    const Run unknownKey =
        ctl({QStringLiteral("key"), QStringLiteral("identify")}, "tg_not-a-key\n");
    QCOMPARE(unknownKey.exitCode, 2);
    QVERIFY(unknownKey.err.contains(QLatin1String("not a Tollgate key")));
}

void TestTollgatectl::badInputChangesNothing_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    const QString p = QStringLiteral("profile");
    const QStringList prof = {p,
                              QStringLiteral("create"),
                              QStringLiteral("--client"),
                              QStringLiteral("Demo Team"),
                              QStringLiteral("--name"),
                              QStringLiteral("New"),
                              QStringLiteral("--collection"),
                              QStringLiteral("Employee Login")};
    QTest::newRow("empty client name")
        << QStringList{QStringLiteral("client"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral(" ")}
        << "name";
    QTest::newRow("10000 char name")
        << QStringList{QStringLiteral("client"), QStringLiteral("create"), QStringLiteral("--name"),
                       QString(10000, QLatin1Char('x'))}
        << "name";
    QTest::newRow("bidi override")
        << QStringList{QStringLiteral("client"), QStringLiteral("create"), QStringLiteral("--name"),
                       QString::fromUtf8("a\u202Eb")}
        << "name";
    QTest::newRow("cidr /33") << prof
                                     + QStringList{QStringLiteral("--allow-ip"),
                                                   QStringLiteral("10.0.0.0/33")}
                              << "ip_whitelist";
    QTest::newRow("v6 /129") << prof
                                    + QStringList{QStringLiteral("--allow-ip"),
                                                  QStringLiteral("::1/129")}
                             << "ip_whitelist";
    QTest::newRow("300.1.1.1") << prof
                                      + QStringList{QStringLiteral("--allow-ip"),
                                                    QStringLiteral("300.1.1.1")}
                               << "ip_whitelist";
    QTest::newRow("host bits") << prof
                                      + QStringList{QStringLiteral("--allow-ip"),
                                                    QStringLiteral("10.1.2.3/8")}
                               << "ip_whitelist";
    QTest::newRow("zero rate") << prof
                                      + QStringList{QStringLiteral("--rate"),
                                                    QStringLiteral("0/minute")}
                               << "rate_limit";
    QTest::newRow("negative rate")
        << prof + QStringList{QStringLiteral("--rate"), QStringLiteral("-1/minute")}
        << "rate_limit";
    QTest::newRow("overflow quota")
        << prof
               + QStringList{QStringLiteral("--quota"),
                             QStringLiteral("99999999999999999999/month")}
        << "quota";
    QTest::newRow("unknown interval")
        << prof + QStringList{QStringLiteral("--quota"), QStringLiteral("5/fortnight")} << "quota";
    QTest::newRow("past expiry") << prof
                                        + QStringList{QStringLiteral("--expires"),
                                                      QStringLiteral("2001-01-01")}
                                 << "expires";
    QTest::newRow("sql in path") << QStringList{QStringLiteral("collection"),
                                                QStringLiteral("create"),
                                                QStringLiteral("--name"),
                                                QStringLiteral("X"),
                                                QStringLiteral("--path"),
                                                QStringLiteral("x';DROP TABLE clients;--")}
                                 << "path";
    QTest::newRow("bad method")
        << QStringList{QStringLiteral("endpoint"),      QStringLiteral("create"),
                       QStringLiteral("--collection"),  QStringLiteral("Employee Login"),
                       QStringLiteral("--name"),        QStringLiteral("E"),
                       QStringLiteral("--method"),      QStringLiteral("BREW"),
                       QStringLiteral("--path"),        QStringLiteral("x"),
                       QStringLiteral("--mock-status"), QStringLiteral("200")}
        << "method";
    QTest::newRow("bad upstream")
        << QStringList{QStringLiteral("endpoint"),     QStringLiteral("create"),
                       QStringLiteral("--collection"), QStringLiteral("Employee Login"),
                       QStringLiteral("--name"),       QStringLiteral("E"),
                       QStringLiteral("--method"),     QStringLiteral("GET"),
                       QStringLiteral("--path"),       QStringLiteral("x"),
                       QStringLiteral("--upstream"),   QStringLiteral("file:///etc/passwd")}
        << "upstream_url";
    QTest::newRow("bad grace") << QStringList{p,
                                              QStringLiteral("regenerate-key"),
                                              QStringLiteral("--client"),
                                              QStringLiteral("Demo Team"),
                                              QStringLiteral("--name"),
                                              QStringLiteral("Demo Team Member 1"),
                                              QStringLiteral("--grace"),
                                              QStringLiteral("forever")}
                               << "grace";
    QTest::newRow("bad expected revision") << QStringList{QStringLiteral("client"),
                                                          QStringLiteral("rename"),
                                                          QStringLiteral("--name"),
                                                          QStringLiteral("Demo Team"),
                                                          QStringLiteral("--new-name"),
                                                          QStringLiteral("X"),
                                                          QStringLiteral("--expect-revision"),
                                                          QStringLiteral("abc")}
                                           << "revision";
    QTest::newRow("bad review interval")
        << QStringList{QStringLiteral("settings"), QStringLiteral("set"),
                       QStringLiteral("--review-interval"), QStringLiteral("0")}
        << "review_interval_days";
}

void TestTollgatectl::badInputChangesNothing()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    CTL_OK(ctl({QStringLiteral("demo")}));
    const QString before = snapshot();
    QVERIFY(before.contains(QLatin1String("Demo Team")));
    const Run r = ctl(args);
    QVERIFY2(r.exitCode == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.contains(field + QLatin1Char(':')), qPrintable(r.err));
    QCOMPARE(snapshot(), before);
}

void TestTollgatectl::exportImportToOtherBackend()
{
    const Run demo = ctl({QStringLiteral("--json"), QStringLiteral("demo")});
    QCOMPARE(demo.exitCode, 0);
    const QString key = QJsonDocument::fromJson(demo.out.toUtf8())
                            .object()
                            .value(QStringLiteral("keys"))
                            .toArray()[0]
                            .toObject()
                            .value(QStringLiteral("key"))
                            .toString();
    const QString file =
        m_testDb.url().isSqlite()
            ? m_testDb.sqlitePath() + QStringLiteral(".json")
            : QDir::temp().filePath(
                QStringLiteral("tg-export-%1.json").arg(QCoreApplication::applicationPid()));
    CTL_OK(ctl({QStringLiteral("export"), QStringLiteral("--output"), file}));
    QVERIFY((QFile::permissions(file) & QFileDevice::ReadOther) == 0);

    TestDatabase other;
    const QString otherBackend =
        m_testDb.url().isSqlite() ? QStringLiteral("postgres") : QStringLiteral("sqlite");
    if (!other.prepare(otherBackend)) {
        QFile::remove(file);
        if (other.failed())
            QFAIL(qPrintable(other.skipReason()));
        QSKIP(qPrintable(other.skipReason()));
    }
    const QString otherDb = other.urlText();
    CTL_OK(ctl({QStringLiteral("import"), QStringLiteral("--input"), file}, {}, otherDb));
    QFile::remove(file);
    const Run id =
        ctl({QStringLiteral("--json"), QStringLiteral("key"), QStringLiteral("identify")},
            key.toUtf8(), otherDb);
    QCOMPARE(id.exitCode, 0);
    QCOMPARE(
        QJsonDocument::fromJson(id.out.toUtf8()).object().value(QStringLiteral("state")).toString(),
        QStringLiteral("active"));
    QCOMPARE(ctl({QStringLiteral("audit"), QStringLiteral("verify")}, {}, otherDb).exitCode, 0);
}

QTEST_GUILESS_MAIN(TestTollgatectl)
#include "tst_tollgatectl.moc"
