#pragma once

#include "DatabaseUrl.h"

#include <QObject>
#include <QProcess>

namespace tollgate::ui {

// A tollgated on loopback against the console's database, started and
// stopped from Settings; its state shows in the status bar. Stopped with
// SIGTERM (so it writes its usage) when asked and when the console quits.
class LocalGateway : public QObject {
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Failed };

    explicit LocalGateway(QObject* parent = nullptr);
    ~LocalGateway() override;

    // The executable: $TOLLGATED, else tollgated beside the console (or in the build tree).
    static QString defaultExecutable();
    void setExecutable(const QString& path) { m_executable = path; }

    // Listens on 127.0.0.1:port (the gateway base URL's port); admin on any free loopback port.
    void start(const DatabaseUrl& database, quint16 port);
    void stop();
    State state() const { return m_state; }
    quint16 port() const { return m_port; }
    QString stateText() const;

signals:
    void stateChanged();

private:
    void readOutput();
    void setState(State state, const QString& message = {});

    QProcess m_process;
    QString m_executable;
    State m_state = State::Stopped;
    quint16 m_port = 0;
    QString m_message;
    QByteArray m_output;
};

} // namespace tollgate::ui
