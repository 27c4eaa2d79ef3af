#include "GatewayProcess.h"

#include "GatewayAnnouncement.h"

#include <QDeadlineTimer>
#include <QTcpSocket>

#include <csignal>

GatewayProcess::~GatewayProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        kill();
}

bool GatewayProcess::start(const QString& executable, const QString& databaseUrl,
                           const QStringList& extraArguments)
{
    m_stderr.clear();
    m_error.clear();
    m_port = m_adminPort = 0;
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(executable,
                    QStringList{QStringLiteral("--db"), databaseUrl, QStringLiteral("--listen"),
                                QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin-listen"),
                                QStringLiteral("127.0.0.1:0")}
                        + extraArguments);
    QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        if (!m_process.waitForReadyRead(200) && m_process.state() == QProcess::NotRunning)
            break;
        m_stderr += m_process.readAllStandardError();
        if (const auto listening = tollgate::GatewayAnnouncement::findListening(m_stderr)) {
            m_port = listening->port;
            m_adminPort = listening->adminPort;
            return m_port != 0;
        }
    }
    m_stderr += m_process.readAllStandardError();
    m_error = QStringLiteral("tollgated did not start: ") + QString::fromUtf8(m_stderr);
    return false;
}

QByteArray GatewayProcess::stderrText()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

void GatewayProcess::terminate()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
    m_process.waitForFinished(15000);
    m_stderr += m_process.readAllStandardError();
}

void GatewayProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

HttpReply parseHttpReply(const QByteArray& data)
{
    HttpReply reply;
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return reply;
    const QList<QByteArray> lines = data.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    reply.status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            reply.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                 lines[i].mid(colon + 1).trimmed());
    }
    reply.body = data.mid(end + 4);
    const qsizetype length = reply.header("content-length").toLongLong();
    if (reply.headers.contains("content-length"))
        reply.body.truncate(length);
    return reply;
}

HttpReply httpRaw(quint16 port, const QByteArray& raw, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(raw);
    socket.flush();
    QByteArray data;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            data += socket.readAll();
        else
            break;
        // Stop once a complete response (by Content-Length) has arrived.
        const HttpReply partial = parseHttpReply(data);
        const qsizetype end = data.indexOf("\r\n\r\n");
        if (partial.status && end >= 0
            && data.size() - end - 4 >= partial.header("content-length").toLongLong())
            break;
    }
    data += socket.readAll();
    return parseHttpReply(data);
}

HttpReply httpRequest(quint16 port, const QByteArray& method, const QByteArray& target,
                      const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body,
                      int timeoutMs)
{
    QByteArray raw =
        method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers)
        raw += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    raw += "\r\n" + body;
    return httpRaw(port, raw, timeoutMs);
}
