// tollgated end to end, on SQLite and PostgreSQL: the real gateway started on
// free loopback ports, real HTTP over real sockets, a real upstream server.
#include "ClientStore.h"
#include "CollectionStore.h"
#include "EndpointStore.h"
#include "GatewayProcess.h"
#include "ProfileStore.h"
#include "QuotaWindow.h"
#include "SettingsStore.h"
#include "TestDatabase.h"
#include "Usage.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace tollgate;

namespace {

// An upstream on a thread of its own: /slow never answers, /fail answers 503,
// anything else answers 200 with the request head it received as the body.
class Upstream : public QTcpServer {
public:
    Upstream()
    {
        moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            this, [this] { listen(QHostAddress::LocalHost, 0); }, Qt::BlockingQueuedConnection);
    }
    ~Upstream() override
    {
        QMetaObject::invokeMethod(
            this, [this] { close(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

protected:
    void incomingConnection(qintptr handle) override
    {
        auto* socket = new QTcpSocket(this);
        socket->setSocketDescriptor(handle);
        auto* data = new QByteArray;
        const int serial = ++m_connections;
        connect(socket, &QTcpSocket::readyRead, socket, [socket, data, serial] {
            *data += socket->readAll();
            const qsizetype end = data->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = data->left(end);
            if (head.startsWith("GET /base/slow") || head.contains(" /base/slow"))
                return; // never answer
            if (head.contains(" /base/keep")) {
                // Keep-alive: answer with the number of this connection and stay open.
                const QByteArray body = "connection " + QByteArray::number(serial);
                data->remove(0, end + 4);
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                return;
            }
            const bool fail = head.contains(" /base/fail");
            const QByteArray body = head;
            socket->write(
                (fail ? "HTTP/1.1 503 Service Unavailable\r\n" : "HTTP/1.1 200 OK\r\n")
                + QByteArray("Content-Type: text/plain\r\nX-Upstream: yes\r\nContent-Length: ")
                + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            socket->disconnectFromHost();
        });
        connect(socket, &QTcpSocket::disconnected, socket, [socket, data] {
            delete data;
            socket->deleteLater();
        });
    }

private:
    QThread m_thread;
    int m_connections = 0; // on the server's thread only
};

// An HTTPS upstream on a thread of its own, with a certificate for 127.0.0.1
// made by the openssl tool for this test; it answers 200 "tls ok".
class TlsUpstream : public QObject {
public:
    bool start(const QString& dir, QString* error)
    {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
                       dir + QStringLiteral("/key.pem"), QStringLiteral("-out"),
                       dir + QStringLiteral("/cert.pem")});
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
            *error = QStringLiteral("openssl failed: ")
                     + QString::fromUtf8(openssl.readAllStandardError());
            return false;
        }
        QFile certFile(dir + QStringLiteral("/cert.pem"));
        QFile keyFile(dir + QStringLiteral("/key.pem"));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return false;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
        config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        moveToThread(&m_thread);
        m_thread.start();
        bool listening = false;
        QMetaObject::invokeMethod(
            this,
            [this, config, &listening] {
                m_server = new QSslServer(this);
                m_server->setSslConfiguration(config);
                connect(m_server, &QSslServer::pendingConnectionAvailable, this, [this] {
                    while (auto* socket =
                               static_cast<QSslSocket*>(m_server->nextPendingConnection())) {
                        auto* data = new QByteArray;
                        connect(socket, &QSslSocket::readyRead, socket, [socket, data] {
                            *data += socket->readAll();
                            if (!data->contains("\r\n\r\n"))
                                return;
                            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\ntls ok");
                            data->clear();
                        });
                        connect(socket, &QSslSocket::disconnected, socket, [socket, data] {
                            delete data;
                            socket->deleteLater();
                        });
                    }
                });
                listening = m_server->listen(QHostAddress::LocalHost, 0);
                m_port = m_server->serverPort();
            },
            Qt::BlockingQueuedConnection);
        return listening;
    }
    ~TlsUpstream() override
    {
        if (m_thread.isRunning()) {
            QMetaObject::invokeMethod(
                this, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
            m_thread.quit();
            m_thread.wait();
        }
    }
    quint16 port() const { return m_port; }

private:
    QThread m_thread;
    QSslServer* m_server = nullptr;
    quint16 m_port = 0;
};

QList<QPair<QByteArray, QByteArray>> key(const QString& k) { return {{"apikey", k.toUtf8()}}; }

} // namespace

class TestGateway : public QObject {
    Q_OBJECT

private slots:
    void initTestCase_data() { TestDatabase::addBackendRows(); }
    void init();
    void cleanup();

    void checkTable();
    void keyCarriers();
    void bodyLimit();
    void upstreamForwarding();
    void upstreamOverTls();
    void exactRateLimitUnderConcurrency();
    void changesReachTheGatewayWithinOneSecond();
    void usageIsRecorded();
    void quotaSurvivesKill9();
    void twoGatewaysShareOneQuota();
    void slowClientIsCutOff();
    void healthAndMetrics();

private:
    QString createProfile(const QString& name, QList<qint64> collections,
                          std::optional<RateLimit> rate = {}, std::optional<Quota> quota = {},
                          const QStringList& whitelist = {});
    bool startGateway(GatewayProcess& gateway, const QStringList& extra = {});

    TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Upstream> m_upstream;
    GatewayProcess m_gateway;
    qint64 m_clientId = 0;
    qint64 m_collectionA = 0;
    qint64 m_collectionB = 0;
    SystemRandom m_random;
};

QString TestGateway::createProfile(const QString& name, QList<qint64> collections,
                                   std::optional<RateLimit> rate, std::optional<Quota> quota,
                                   const QStringList& whitelist)
{
    AccessProfile p;
    p.clientId = m_clientId;
    p.name = name;
    p.collectionIds = collections;
    p.rateLimit = rate;
    p.quota = quota;
    p.ipWhitelist = parseIpWhitelist(whitelist).value();
    auto issued = ProfileStore(*m_db).create(p, m_random);
    if (!issued)
        qWarning("%s", qPrintable(issued.error().toString()));
    return issued ? issued->secret : QString();
}

bool TestGateway::startGateway(GatewayProcess& gateway, const QStringList& extra)
{
    if (gateway.start(QStringLiteral(TOLLGATED_PATH), m_testDb.urlText(), extra))
        return true;
    qWarning("%s", qPrintable(gateway.errorText()));
    return false;
}

void TestGateway::init()
{
    TG_PREPARE_DB(m_testDb);
    m_db = m_testDb.open();
    QVERIFY(m_db);
    m_upstream = std::make_unique<Upstream>();
    TG_VERIFY_OK(SettingsStore(*m_db).initialise(QStringLiteral("t")));
    Collection a;
    a.name = QStringLiteral("A");
    a.path = QStringLiteral("a");
    m_collectionA = CollectionStore(*m_db).create(a)->id;
    Collection b;
    b.name = QStringLiteral("B");
    b.path = QStringLiteral("b");
    m_collectionB = CollectionStore(*m_db).create(b)->id;
    for (const auto& [collection, path] : {std::pair{m_collectionA, QStringLiteral("echo")},
                                           std::pair{m_collectionB, QStringLiteral("echo")}}) {
        Endpoint e;
        e.collectionId = collection;
        e.name = QStringLiteral("Echo");
        e.method = QStringLiteral("GET");
        e.path = path;
        e.mockBody = QStringLiteral("{\"ok\":true}");
        TG_VERIFY_OK(EndpointStore(*m_db).create(e));
    }
    Endpoint up;
    up.collectionId = m_collectionA;
    up.name = QStringLiteral("Upstream");
    up.method = QStringLiteral("POST");
    up.path = QStringLiteral("up");
    up.target = TargetKind::Upstream;
    up.upstreamUrl = QStringLiteral("http://127.0.0.1:%1/base").arg(m_upstream->serverPort());
    up.timeoutSeconds = 1;
    TG_VERIFY_OK(EndpointStore(*m_db).create(up));
    up.name = QStringLiteral("Closed port");
    up.path = QStringLiteral("closed");
    up.upstreamUrl = QStringLiteral("http://127.0.0.1:1/x");
    TG_VERIFY_OK(EndpointStore(*m_db).create(up));
    Client c;
    c.name = QStringLiteral("Team");
    m_clientId = ClientStore(*m_db).create(c)->id;
}

void TestGateway::cleanup()
{
    m_gateway.kill();
    m_upstream.reset();
    m_db.reset();
}

void TestGateway::checkTable()
{
    const QString plain = createProfile(QStringLiteral("plain"), {m_collectionA});
    const QString whitelisted = createProfile(QStringLiteral("office"), {m_collectionA}, {}, {},
                                              {QStringLiteral("10.0.0.0/8")});
    const QString rated =
        createProfile(QStringLiteral("rated"), {m_collectionA}, RateLimit{2, RateInterval::Minute});
    const QString quoted =
        createProfile(QStringLiteral("quoted"), {m_collectionA}, {}, Quota{3, QuotaInterval::Day});
    const QString suspended = createProfile(QStringLiteral("suspended"), {m_collectionA});
    TG_VERIFY_OK(
        ProfileStore(*m_db).setEnabled(ProfileStore(*m_db).identify(suspended)->profile.id, false));
    const QString expired = createProfile(QStringLiteral("expired"), {m_collectionA});
    // Time passes: the profile's expiry lies in the past now.
    TG_VERIFY_OK(
        m_db->exec(QStringLiteral("UPDATE profiles SET expires_at = 1 WHERE name = 'expired'")));
    QVERIFY(startGateway(m_gateway));
    const quint16 port = m_gateway.port();

    struct Row {
        const char* name;
        QByteArray method;
        QByteArray target;
        QString key;
        int status;
        const char* error;
    };
    const QList<Row> rows = {
        {"no endpoint", "GET", "/t/a/v1/nothing", plain, 404, "not_found"},
        {"wrong prefix", "GET", "/x/a/v1/echo", plain, 404, "not_found"},
        {"method differs", "DELETE", "/t/a/v1/echo", plain, 405, "method_not_allowed"},
        {"no key", "GET", "/t/a/v1/echo", QString(), 401, "missing_api_key"},
        {"unknown key", "GET", "/t/a/v1/echo", QStringLiteral("tg_unknown"), 401,
         "invalid_api_key"},
        {"suspended", "GET", "/t/a/v1/echo", suspended, 401, "invalid_api_key"},
        {"expired", "GET", "/t/a/v1/echo", expired, 401, "invalid_api_key"},
        {"other collection", "GET", "/t/b/v1/echo", plain, 403, "collection_not_allowed"},
        {"outside whitelist", "GET", "/t/a/v1/echo", whitelisted, 403, "ip_not_allowed"},
        {"allowed", "GET", "/t/a/v1/echo", plain, 200, nullptr},
    };
    for (const Row& row : rows) {
        const HttpReply r =
            httpRequest(port, row.method, row.target,
                        row.key.isEmpty() ? QList<QPair<QByteArray, QByteArray>>() : key(row.key));
        QVERIFY2(r.status == row.status, qPrintable(QStringLiteral("%1: got %2 %3")
                                                        .arg(QLatin1String(row.name))
                                                        .arg(r.status)
                                                        .arg(QString::fromUtf8(r.body))));
        QVERIFY2(!r.header("x-request-id").isEmpty(), row.name);
        if (row.error) {
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            QCOMPARE(body.value(QStringLiteral("error")).toString(), QLatin1String(row.error));
            QVERIFY(!body.value(QStringLiteral("message")).toString().isEmpty());
        }
    }
    QCOMPARE(httpRequest(port, "DELETE", "/t/a/v1/echo", key(plain)).header("allow"),
             QByteArray("GET"));
    QCOMPARE(httpRequest(port, "GET", "/t/a/v1/echo", key(plain)).body,
             QByteArray("{\"ok\":true}"));

    // Rate limit: 2 per minute, then 429 with Retry-After and the limit named.
    HttpReply r = httpRequest(port, "GET", "/t/a/v1/echo", key(rated));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("ratelimit-limit"), QByteArray("2"));
    QCOMPARE(r.header("ratelimit-remaining"), QByteArray("1"));
    QCOMPARE(r.header("x-ratelimit-remaining"), QByteArray("1"));
    QCOMPARE(httpRequest(port, "GET", "/t/a/v1/echo", key(rated)).status, 200);
    r = httpRequest(port, "GET", "/t/a/v1/echo", key(rated));
    QCOMPARE(r.status, 429);
    QVERIFY(r.header("retry-after").toInt() >= 59);
    QJsonObject body = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("rate_limited"));
    QCOMPARE(body.value(QStringLiteral("limit")).toInt(), 2);
    QCOMPARE(body.value(QStringLiteral("interval")).toString(), QStringLiteral("minute"));

    // Quota: 3 per day, then 429 until the day ends.
    for (int i = 0; i < 3; ++i) {
        r = httpRequest(port, "GET", "/t/a/v1/echo", key(quoted));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-quota-limit"), QByteArray("3"));
    }
    r = httpRequest(port, "GET", "/t/a/v1/echo", key(quoted));
    QCOMPARE(r.status, 429);
    body = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("quota_exceeded"));
    QCOMPARE(body.value(QStringLiteral("interval")).toString(), QStringLiteral("day"));
    const qint64 untilMidnight =
        (QuotaWindow::containing(QuotaInterval::Day, QDateTime::currentMSecsSinceEpoch()).endMs
         - QDateTime::currentMSecsSinceEpoch())
        / 1000;
    QVERIFY(qAbs(r.header("retry-after").toLongLong() - untilMidnight) <= 2);
    QCOMPARE(r.header("x-quota-remaining"), QByteArray("0"));
}

void TestGateway::keyCarriers()
{
    const QString k = createProfile(QStringLiteral("p"), {m_collectionA});
    QVERIFY(startGateway(m_gateway));
    const quint16 port = m_gateway.port();
    QCOMPARE(httpRequest(port, "GET", "/t/a/v1/echo", {{"ApiKey", k.toUtf8()}}).status, 200);
    QCOMPARE(httpRequest(port, "GET", "/t/a/v1/echo", {{"APIKEY", k.toUtf8()}}).status, 200);
    QCOMPARE(httpRequest(port, "GET", "/t/a/v1/echo", {{"Authorization", "Bearer " + k.toUtf8()}})
                 .status,
             200);
    QCOMPARE(httpRequest(port, "GET", "/t/a/v1/echo?x=1&apikey=" + k.toUtf8()).status, 200);
    QCOMPARE(
        httpRequest(port, "GET", "/t/a/v1/echo", {{"Authorization", "Basic " + k.toUtf8()}}).status,
        401);
    // The key never appears in the gateway's own output.
    m_gateway.terminate();
    QVERIFY(!m_gateway.stderrText().contains(k.toUtf8()));
}

void TestGateway::bodyLimit()
{
    const QString k = createProfile(QStringLiteral("p"), {m_collectionA});
    QVERIFY(startGateway(m_gateway));
    const quint16 port = m_gateway.port();
    QFile status(QStringLiteral("/proc/%1/status").arg(m_gateway.pid()));
    const auto rssKb = [&status] {
        status.open(QIODevice::ReadOnly);
        const QByteArray text = status.readAll();
        status.close();
        const qsizetype at = text.indexOf("VmRSS:");
        return text.mid(at + 6, text.indexOf('\n', at) - at - 6)
            .trimmed()
            .split(' ')
            .value(0)
            .toLongLong();
    };
    // Decided from Content-Length: answered before the body is sent.
    HttpReply r = httpRaw(port, "POST /t/a/v1/up HTTP/1.1\r\nHost: x\r\napikey: " + k.toUtf8()
                                    + "\r\nContent-Length: 200000000\r\n\r\n");
    QCOMPARE(r.status, 413);
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toString(),
             QStringLiteral("entity_too_large"));
    // Decided while reading a chunked body: cut off past 1 MiB, never buffered whole.
    const qint64 before = rssKb();
    QByteArray chunk(64 * 1024, 'x');
    for (int round = 0; round < 5; ++round) {
        QByteArray raw =
            "POST /t/a/v1/up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 32; ++i) // 2 MiB
            raw += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
        raw += "0\r\n\r\n";
        r = httpRaw(port, raw);
        QCOMPARE(r.status, 413);
    }
    const qint64 grown = rssKb() - before;
#ifndef TOLLGATE_SANITIZED // AddressSanitizer holds freed memory in quarantine on purpose
    QVERIFY2(grown < 8 * 1024,
             qPrintable(QStringLiteral("resident memory grew by %1 KiB").arg(grown)));
#else
    Q_UNUSED(grown);
#endif
}

void TestGateway::upstreamForwarding()
{
    const QString k = createProfile(QStringLiteral("p"), {m_collectionA});
    QVERIFY(startGateway(m_gateway));
    const quint16 port = m_gateway.port();
    HttpReply r = httpRequest(port, "POST", "/t/a/v1/up/more/path?apikey=" + k.toUtf8() + "&q=1",
                              {{"X-Custom", "kept"}, {"Authorization", "Bearer " + k.toUtf8()}},
                              "{\"ID\":\"emp001\"}");
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.header("x-upstream"), QByteArray("yes"));
    const QByteArray head = r.body; // what the upstream received
    QVERIFY2(head.startsWith("POST /base/more/path?q=1 HTTP/1.1"), head.constData());
    QVERIFY(head.contains("X-Custom: kept"));
    QVERIFY(head.contains("X-Forwarded-For: 127.0.0.1"));
    QVERIFY(head.contains("X-Request-Id: " + r.header("x-request-id")));
    QVERIFY2(!head.contains(k.toUtf8()), "the key is removed before forwarding");

    // Connections to the upstream are kept alive and reused.
    const QByteArray first = httpRequest(port, "POST", "/t/a/v1/up/keep", key(k), "x").body;
    QVERIFY2(first.startsWith("connection "), first.constData());
    QCOMPARE(httpRequest(port, "POST", "/t/a/v1/up/keep", key(k), "x").body, first);

    r = httpRequest(port, "POST", "/t/a/v1/up/fail", key(k), "x");
    QCOMPARE(r.status, 503); // the endpoint's own error is passed on
    r = httpRequest(port, "POST", "/t/a/v1/closed", key(k), "x");
    QCOMPARE(r.status, 502);
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toString(),
             QStringLiteral("bad_gateway"));
    QElapsedTimer timer;
    timer.start();
    r = httpRequest(port, "POST", "/t/a/v1/up/slow", key(k), "x");
    QCOMPARE(r.status, 504);
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toString(),
             QStringLiteral("gateway_timeout"));
    QVERIFY(timer.elapsed() < 5000); // the endpoint's 1 s timeout, not the default 90 s
}

void TestGateway::upstreamOverTls()
{
    QTemporaryDir dir;
    TlsUpstream tls;
    QString error;
    QVERIFY2(tls.start(dir.path(), &error), qPrintable(error));
    Endpoint e;
    e.collectionId = m_collectionA;
    e.name = QStringLiteral("Secure");
    e.method = QStringLiteral("GET");
    e.path = QStringLiteral("secure");
    e.target = TargetKind::Upstream;
    e.upstreamUrl = QStringLiteral("https://127.0.0.1:%1/base").arg(tls.port());
    e.timeoutSeconds = 5;
    TG_VERIFY_OK(EndpointStore(*m_db).create(e));
    const QString k = createProfile(QStringLiteral("p"), {m_collectionA});
    // Trusting the test CA: the certificate and its IP address are verified.
    QVERIFY(startGateway(
        m_gateway, {QStringLiteral("--upstream-ca"), dir.filePath(QStringLiteral("cert.pem"))}));
    HttpReply r = httpRequest(m_gateway.port(), "GET", "/t/a/v1/secure", key(k));
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.body, QByteArray("tls ok"));
    QCOMPARE(httpRequest(m_gateway.port(), "GET", "/t/a/v1/secure", key(k)).body,
             QByteArray("tls ok"));
    m_gateway.kill();
    // Without it, the self-signed certificate is refused: 502, nothing forwarded.
    QVERIFY(startGateway(m_gateway));
    r = httpRequest(m_gateway.port(), "GET", "/t/a/v1/secure", key(k));
    QCOMPARE(r.status, 502);
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toString(),
             QStringLiteral("bad_gateway"));
}

void TestGateway::exactRateLimitUnderConcurrency()
{
    const QString k =
        createProfile(QStringLiteral("p"), {m_collectionA}, RateLimit{10, RateInterval::Minute});
    QVERIFY(startGateway(m_gateway, {QStringLiteral("--threads"), QStringLiteral("4")}));
    // 50 connections send at once.
    QList<QTcpSocket*> sockets;
    for (int i = 0; i < 50; ++i) {
        auto* s = new QTcpSocket(this);
        s->connectToHost(QStringLiteral("127.0.0.1"), m_gateway.port());
        sockets.append(s);
    }
    for (QTcpSocket* s : sockets)
        QVERIFY(s->waitForConnected(5000));
    for (QTcpSocket* s : sockets)
        s->write("GET /t/a/v1/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\napikey: "
                 + k.toUtf8() + "\r\n\r\n");
    int ok = 0, limited = 0;
    for (QTcpSocket* s : sockets) {
        QByteArray data;
        while (s->waitForReadyRead(5000))
            data += s->readAll();
        const int status = parseHttpReply(data).status;
        ok += status == 200;
        limited += status == 429;
        s->deleteLater();
    }
    QCOMPARE(ok, 10);
    QCOMPARE(limited, 40);
}

void TestGateway::changesReachTheGatewayWithinOneSecond()
{
    const QString k = createProfile(QStringLiteral("p"), {m_collectionA});
    QVERIFY(startGateway(m_gateway));
    QCOMPARE(httpRequest(m_gateway.port(), "GET", "/t/a/v1/echo", key(k)).status, 200);
    const qint64 profileId = ProfileStore(*m_db).identify(k)->profile.id;
    QElapsedTimer timer;
    timer.start();
    TG_VERIFY_OK(ProfileStore(*m_db).setEnabled(profileId, false));
    int status = 200;
    while (status == 200 && timer.elapsed() < 3000) {
        status = httpRequest(m_gateway.port(), "GET", "/t/a/v1/echo", key(k)).status;
        if (status == 200)
            QTest::qWait(20);
    }
    QCOMPARE(status, 401);
    QVERIFY2(timer.elapsed() <= 1000,
             qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));

    // A new endpoint, too.
    Endpoint e;
    e.collectionId = m_collectionA;
    e.name = QStringLiteral("New");
    e.path = QStringLiteral("new");
    timer.restart();
    TG_VERIFY_OK(EndpointStore(*m_db).create(e));
    TG_VERIFY_OK(ProfileStore(*m_db).setEnabled(profileId, true));
    while (httpRequest(m_gateway.port(), "GET", "/t/a/v1/new", key(k)).status != 200
           && timer.elapsed() < 3000)
        QTest::qWait(20);
    QVERIFY(timer.elapsed() <= 1000);
}

void TestGateway::usageIsRecorded()
{
    const QString k =
        createProfile(QStringLiteral("p"), {m_collectionA}, RateLimit{3, RateInterval::Minute});
    QVERIFY(startGateway(m_gateway));
    for (int i = 0; i < 5; ++i)
        httpRequest(m_gateway.port(), "GET", "/t/a/v1/echo", key(k));
    httpRequest(m_gateway.port(), "GET", "/t/b/v1/echo", key(k));
    m_gateway.terminate(); // a clean shutdown writes what is still in memory
    UsageQuery q;
    q.profileId = ProfileStore(*m_db).identify(k)->profile.id;
    q.fromMs = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
    q.toMs = QDateTime::currentMSecsSinceEpoch() + 60'000;
    auto report = UsageStore::report(*m_db, q);
    TG_VERIFY_OK(report);
    QCOMPARE(report->outcomes.value(QStringLiteral("allowed")), 3);
    QCOMPARE(report->outcomes.value(QStringLiteral("rate_limited")), 2);
    QCOMPARE(report->outcomes.value(QStringLiteral("collection_not_allowed")), 1);
    QCOMPARE(report->endpoints.size(), 2);
    const auto identity = ProfileStore(*m_db).identify(k);
    QVERIFY(identity->key.lastUsedAt.has_value());
    auto sources = m_db->scalar(
        QStringLiteral("SELECT requests FROM usage_sources WHERE address = '127.0.0.1'"));
    QCOMPARE(sources->toInt(), 6);

    // The same figures through tollgatectl usage --json.
    QProcess ctl;
    ctl.start(QStringLiteral(TOLLGATECTL_PATH),
              {QStringLiteral("--db"), m_testDb.urlText(), QStringLiteral("--json"),
               QStringLiteral("usage"), QStringLiteral("--client"), QStringLiteral("Team"),
               QStringLiteral("--name"), QStringLiteral("p")});
    QVERIFY(ctl.waitForFinished(30000));
    QCOMPARE(ctl.exitCode(), 0);
    const QJsonObject usage = QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
    const QJsonObject outcomes = usage.value(QStringLiteral("outcomes")).toObject();
    QCOMPARE(outcomes.value(QStringLiteral("allowed")).toInt(), 3);
    QCOMPARE(outcomes.value(QStringLiteral("rate_limited")).toInt(), 2);
    QCOMPARE(outcomes.value(QStringLiteral("collection_not_allowed")).toInt(), 1);
    QCOMPARE(usage.value(QStringLiteral("endpoints")).toArray().size(), 2);
    QCOMPARE(usage.value(QStringLiteral("sources"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("address"))
                 .toString(),
             QStringLiteral("127.0.0.1"));
}

void TestGateway::quotaSurvivesKill9()
{
    const QString k =
        createProfile(QStringLiteral("p"), {m_collectionA}, {}, Quota{10, QuotaInterval::Day});
    int admitted = 0;
    QVERIFY(startGateway(m_gateway));
    for (int i = 0; i < 4; ++i)
        admitted += httpRequest(m_gateway.port(), "GET", "/t/a/v1/echo", key(k)).status == 200;
    m_gateway.kill(); // no chance to hand back leased units
    GatewayProcess second;
    QVERIFY(startGateway(second));
    for (int i = 0; i < 12; ++i)
        admitted += httpRequest(second.port(), "GET", "/t/a/v1/echo", key(k)).status == 200;
    second.kill();
    QVERIFY2(admitted <= 10, qPrintable(QString::number(admitted)));
    QVERIFY2(admitted >= 8, qPrintable(QString::number(admitted))); // at most two leases lost
}

void TestGateway::twoGatewaysShareOneQuota()
{
    const QString k =
        createProfile(QStringLiteral("p"), {m_collectionA}, {}, Quota{20, QuotaInterval::Month});
    GatewayProcess second;
    QVERIFY(startGateway(m_gateway));
    QVERIFY(startGateway(second));
    int admitted = 0;
    for (int i = 0; i < 30; ++i)
        admitted +=
            httpRequest(i % 2 ? second.port() : m_gateway.port(), "GET", "/t/a/v1/echo", key(k))
                .status
            == 200;
    m_gateway.terminate();
    second.terminate();
    QVERIFY2(admitted <= 20, qPrintable(QString::number(admitted)));
    QVERIFY2(admitted >= 18, qPrintable(QString::number(admitted)));
}

void TestGateway::slowClientIsCutOff()
{
    QVERIFY(startGateway(m_gateway, {QStringLiteral("--read-timeout"), QStringLiteral("1")}));
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_gateway.port());
    QVERIFY(socket.waitForConnected(2000));
    socket.write("GET /t/a/v1/echo HTTP/1.1\r\nHost: x\r\n"); // and never finishes
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000)
        socket.waitForDisconnected(100);
    QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(timer.elapsed() < 3000);
    // Headers beyond the limit are refused.
    const HttpReply r = httpRaw(m_gateway.port(), "GET /t/a/v1/echo HTTP/1.1\r\nHost: x\r\nX-Big: "
                                                      + QByteArray(64 * 1024, 'a') + "\r\n\r\n");
    QVERIFY(r.status == 431 || r.status == 0);
}

void TestGateway::healthAndMetrics()
{
    const QString k = createProfile(QStringLiteral("p"), {m_collectionA});
    QVERIFY(startGateway(m_gateway));
    httpRequest(m_gateway.port(), "GET", "/t/a/v1/echo", key(k));
    HttpReply health = httpRequest(m_gateway.adminPort(), "GET", "/-/health");
    QCOMPARE(health.status, 200);
    const QJsonObject h = QJsonDocument::fromJson(health.body).object();
    QCOMPARE(h.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(h.value(QStringLiteral("database")).toString(), QStringLiteral("reachable"));
    QVERIFY(h.value(QStringLiteral("config_version")).toInt() > 0);
    const HttpReply metrics = httpRequest(m_gateway.adminPort(), "GET", "/-/metrics");
    QVERIFY(metrics.body.contains("tollgate_requests_total{outcome=\"allowed\"} 1"));
    QVERIFY(metrics.body.contains("tollgate_request_duration_seconds_bucket{le=\"+Inf\"} 1"));
    // Admin paths are not on the public listener; only the liveness answer is.
    QCOMPARE(httpRequest(m_gateway.port(), "GET", "/-/health").status, 404);
    const HttpReply ping = httpRequest(m_gateway.port(), "GET", "/-/ping");
    QCOMPARE(ping.status, 200);
    QCOMPARE(ping.body, QByteArray("pong"));
}

QTEST_MAIN(TestGateway)
#include "tst_gateway.moc"
