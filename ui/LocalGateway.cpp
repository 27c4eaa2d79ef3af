#include "LocalGateway.h"

#include "GatewayAnnouncement.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace tollgate::ui {

LocalGateway::LocalGateway(QObject* parent)
    : QObject(parent)
    , m_executable(defaultExecutable())
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardError, this, &LocalGateway::readOutput);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError) {
        if (m_state == State::Starting)
            setState(State::Failed, m_process.errorString());
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        if (m_state == State::Running && code == 0)
            return setState(State::Stopped);
        // The gateway says why on its last line ("tollgated: cannot listen: ...").
        const QList<QByteArray> lines = m_output.trimmed().split('\n');
        setState(code == 0 ? State::Stopped : State::Failed,
                 code == 0 ? QString() : QString::fromUtf8(lines.last()));
    });
}

LocalGateway::~LocalGateway() { stop(); }

QString LocalGateway::defaultExecutable()
{
    const QString fromEnv = qEnvironmentVariable("TOLLGATED");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QDir dir(QCoreApplication::applicationDirPath());
    for (const QString& candidate : {dir.filePath(QStringLiteral("tollgated")),
                                     dir.filePath(QStringLiteral("../tollgated/tollgated"))})
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    return QStringLiteral("tollgated"); // from PATH
}

void LocalGateway::start(const DatabaseUrl& database, quint16 port)
{
    if (m_state == State::Running || m_state == State::Starting)
        return;
    m_output.clear();
    m_port = port;
    QString url = database.isSqlite() ? database.filePath : database.displayName();
    if (!database.isSqlite() && !database.password.isEmpty()) {
        // The password travels in the environment, not on the command line.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), database.password);
        m_process.setProcessEnvironment(env);
    }
    setState(State::Starting);
    m_process.start(m_executable,
                    {QStringLiteral("--db"), url, QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--admin-listen"),
                     QStringLiteral("127.0.0.1:0")});
}

void LocalGateway::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate(); // SIGTERM: the gateway writes its usage and exits
    if (!m_process.waitForFinished(10000))
        m_process.kill();
    setState(State::Stopped);
}

void LocalGateway::readOutput()
{
    m_output += m_process.readAllStandardError();
    if (m_state != State::Starting)
        return;
    if (const auto listening = GatewayAnnouncement::findListening(m_output)) {
        m_port = listening->port;
        setState(State::Running);
    }
}

void LocalGateway::setState(State state, const QString& message)
{
    m_state = state;
    m_message = message;
    emit stateChanged();
}

QString LocalGateway::stateText() const
{
    switch (m_state) {
    case State::Stopped: return tr("Local gateway: stopped");
    case State::Starting: return tr("Local gateway: starting…");
    case State::Running: return tr("Local gateway: running on 127.0.0.1:%1").arg(m_port);
    case State::Failed: return tr("Local gateway: failed (%1)").arg(m_message);
    }
    return {};
}

} // namespace tollgate::ui
