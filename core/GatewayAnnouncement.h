#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace tollgate {

// The JSON line tollgated writes on standard error once it listens, and the
// one way to read it back (the console's local gateway, the tests): the
// ports it got matter when it was told port 0.
namespace GatewayAnnouncement {

struct Listening {
    quint16 port = 0;
    quint16 adminPort = 0;
};

QByteArray listeningLine(const QString& listen, const QString& admin, const QString& database,
                         int threads);
// Finds the listening line in what tollgated has written so far.
std::optional<Listening> findListening(const QByteArray& output);

} // namespace GatewayAnnouncement
} // namespace tollgate
