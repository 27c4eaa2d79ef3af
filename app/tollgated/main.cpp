// tollgated: the gateway. Wiring only; the pieces live beside this file.
#include "AdminHandler.h"
#include "DatabaseUrl.h"
#include "DbWorker.h"
#include "GatewayAnnouncement.h"
#include "HttpServer.h"
#include "RequestHandler.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>

#include <cstdio>
#include <thread>

using namespace tollgate;
using namespace tollgate::gateway;

namespace {

int fail(int code, const QString& message)
{
    std::fprintf(stderr, "tollgated: %s\n", qPrintable(message));
    return code;
}

// "HOST:PORT", "[v6]:PORT" or ":PORT".
std::optional<tcp::endpoint> parseListen(const QString& text)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        host = QStringLiteral("0.0.0.0");
    if (host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    beast::error_code ec;
    const auto address = net::ip::make_address(host.toStdString(), ec);
    if (!ok || port > 65535 || ec)
        return std::nullopt;
    return tcp::endpoint(address, static_cast<unsigned short>(port));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tollgate"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOLLGATE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tollgate gateway: enforces API keys, "
                                                    "collections, IP whitelists, rate limits and "
                                                    "quotas, and records usage."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("db"),
         QStringLiteral("Database URL (default: $TOLLGATE_DB, else the "
                        "user's data directory)."),
         QStringLiteral("URL")},
        {QStringLiteral("listen"), QStringLiteral("Public address (default 127.0.0.1:8080)."),
         QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8080")},
        {QStringLiteral("admin-listen"),
         QStringLiteral("Address of /-/health and /-/metrics (default 127.0.0.1:8081)."),
         QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8081")},
        {QStringLiteral("threads"), QStringLiteral("I/O threads (default 2)."), QStringLiteral("N"),
         QStringLiteral("2")},
        {QStringLiteral("trusted-proxy"),
         QStringLiteral("A proxy whose X-Forwarded-For is believed (repeat)."),
         QStringLiteral("CIDR")},
        {QStringLiteral("read-timeout"),
         QStringLiteral("Seconds a client may take to send a request, and may stay idle between "
                        "requests (default 15)."),
         QStringLiteral("SECONDS"), QStringLiteral("15")},
        {QStringLiteral("usage-retention-days"),
         QStringLiteral("Days of daily usage rollups to keep (default 400)."),
         QStringLiteral("DAYS"), QStringLiteral("400")},
        {QStringLiteral("upstream-ca"),
         QStringLiteral("Trust this CA file (PEM) for https:// upstreams instead of the system's."),
         QStringLiteral("FILE")},
        {QStringLiteral("log-requests"), QStringLiteral("One JSON line per request on stderr.")},
    });
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(1, parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    const auto listen = parseListen(parser.value(QStringLiteral("listen")));
    const auto adminListen = parseListen(parser.value(QStringLiteral("admin-listen")));
    if (!listen || !adminListen)
        return fail(2,
                    QStringLiteral("listen: addresses are written HOST:PORT, e.g. 127.0.0.1:8080"));
    bool threadsOk = false;
    const int threads = parser.value(QStringLiteral("threads")).toInt(&threadsOk);
    if (!threadsOk || threads < 1 || threads > 256)
        return fail(2, QStringLiteral("threads: must be a whole number from 1 to 256"));
    bool timeoutOk = false;
    const int readTimeout = parser.value(QStringLiteral("read-timeout")).toInt(&timeoutOk);
    if (!timeoutOk || readTimeout < 1 || readTimeout > 3600)
        return fail(
            2, QStringLiteral("read-timeout: must be a whole number of seconds from 1 to 3600"));
    bool retentionOk = false;
    const int retentionDays =
        parser.value(QStringLiteral("usage-retention-days")).toInt(&retentionOk);
    if (!retentionOk || retentionDays < 1 || retentionDays > 36500)
        return fail(2,
                    QStringLiteral("usage-retention-days: must be a whole number from 1 to 36500"));
    auto trusted = parseIpWhitelist(parser.values(QStringLiteral("trusted-proxy")));
    if (!trusted)
        return fail(2, QStringLiteral("trusted-proxy: ") + trusted.error().message());
    auto url = DatabaseUrl::resolve(parser.value(QStringLiteral("db")));
    if (!url)
        return fail(2, url.error().toString());

    SystemClock clock;
    Gateway gateway(clock, *trusted, parser.isSet(QStringLiteral("log-requests")));

    QThread dbThread;
    DbWorker worker(gateway, *url, retentionDays);
    worker.moveToThread(&dbThread);
    dbThread.start();
    Status started;
    QMetaObject::invokeMethod(
        &worker, [&] { started = worker.start(); }, Qt::BlockingQueuedConnection);
    if (!started) {
        dbThread.quit();
        dbThread.wait();
        return fail(5, started.error().toString());
    }
    gateway.setLeaseRequester(
        [&worker](std::shared_ptr<QuotaCounter> counter, qint64 window, qint64 want) {
            worker.requestLease(counter, window, want);
        });

    if (parser.isSet(QStringLiteral("upstream-ca"))) {
        std::string error;
        if (!gateway.upstream().setCaFile(parser.value(QStringLiteral("upstream-ca")).toStdString(),
                                          error))
            return fail(2, QStringLiteral("upstream-ca: cannot load %1: %2")
                               .arg(parser.value(QStringLiteral("upstream-ca")),
                                    QString::fromStdString(error)));
    }
    RequestHandler handler(gateway);
    HttpServer publicServer(
        gateway.io(),
        [&handler](Request r, const std::string& peer, Reply reply) {
            handler.handle(std::move(r), peer, std::move(reply));
        },
        [&handler](unsigned version, const std::string& peer) {
            return handler.tooLarge(version, peer);
        },
        std::chrono::seconds(readTimeout));
    HttpServer adminServer(
        gateway.io(),
        [&gateway](Request r, const std::string&, Reply reply) {
            reply(Answer{adminResponse(gateway, r), {}});
        },
        [&handler](unsigned version, const std::string& peer) {
            return handler.tooLarge(version, peer);
        });
    try {
        publicServer.listen(*listen);
        adminServer.listen(*adminListen);
    } catch (const boost::system::system_error& e) {
        QMetaObject::invokeMethod(
            &worker, [&] { worker.stop(); }, Qt::BlockingQueuedConnection);
        dbThread.quit();
        dbThread.wait();
        return fail(5, QStringLiteral("cannot listen: ") + QString::fromLocal8Bit(e.what()));
    }
    const auto endpointText = [](const tcp::endpoint& e) {
        return e.address().to_string() + ':' + std::to_string(e.port());
    };
    const QByteArray announcement = GatewayAnnouncement::listeningLine(
        QString::fromStdString(endpointText(publicServer.localEndpoint())),
        QString::fromStdString(endpointText(adminServer.localEndpoint())), url->displayName(),
        threads);
    std::fwrite(announcement.constData(), 1, std::size_t(announcement.size()), stderr);
    std::fflush(stderr);

    // SIGTERM/SIGINT: stop accepting, hand back unused quota, write usage, quit.
    net::signal_set stopSignals(gateway.io(), SIGINT, SIGTERM);
    stopSignals.async_wait([&](beast::error_code, int) {
        publicServer.stop();
        adminServer.stop();
        QMetaObject::invokeMethod(&app, &QCoreApplication::quit, Qt::QueuedConnection);
    });

    auto work = net::make_work_guard(gateway.io());
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
        pool.emplace_back([&gateway] { gateway.io().run(); });

    const int code = app.exec();
    gateway.io().stop();
    for (std::thread& t : pool)
        t.join();
    QMetaObject::invokeMethod(
        &worker, [&] { worker.stop(); }, Qt::BlockingQueuedConnection);
    dbThread.quit();
    dbThread.wait();
    std::fprintf(stderr, "{\"level\":\"info\",\"message\":\"stopped; usage written\"}\n");
    return code;
}
