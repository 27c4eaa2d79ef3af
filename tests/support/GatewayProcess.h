#pragma once

#include <QByteArray>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

// A real tollgated started on free loopback ports (it is told port 0 and
// reports the ports it got), against a database URL.
class GatewayProcess {
public:
    ~GatewayProcess();
    bool start(const QString& executable, const QString& databaseUrl,
               const QStringList& extraArguments = {});
    void terminate(); // SIGTERM, wait for a clean exit
    void kill();      // SIGKILL: a crash
    quint16 port() const { return m_port; }
    quint16 adminPort() const { return m_adminPort; }
    qint64 pid() const { return m_process.processId(); }
    QString errorText() const { return m_error; }
    QByteArray stderrText();

private:
    QProcess m_process;
    quint16 m_port = 0;
    quint16 m_adminPort = 0;
    QString m_error;
    QByteArray m_stderr;
};

// One HTTP exchange over a real socket, written by hand so tests control
// every byte (huge Content-Length, partial headers, ...).
struct HttpReply {
    int status = 0;                       // 0: no answer
    QMap<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QByteArray header(const char* name) const { return headers.value(QByteArray(name).toLower()); }
};

HttpReply httpRequest(quint16 port, const QByteArray& method, const QByteArray& target,
                      const QList<QPair<QByteArray, QByteArray>>& headers = {},
                      const QByteArray& body = {}, int timeoutMs = 10000);
// Sends raw bytes and reads until the server closes (or the timeout).
HttpReply httpRaw(quint16 port, const QByteArray& raw, int timeoutMs = 10000);
HttpReply parseHttpReply(const QByteArray& data);
