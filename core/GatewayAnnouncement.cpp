#include "GatewayAnnouncement.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tollgate::GatewayAnnouncement {

namespace {
const QString kMessage = QStringLiteral("listening");

quint16 portOf(const QJsonValue& address)
{
    return address.toString().section(QLatin1Char(':'), -1).toUShort();
}
} // namespace

QByteArray listeningLine(const QString& listen, const QString& admin, const QString& database,
                         int threads)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("level"), QStringLiteral("info")},
                                     {QStringLiteral("message"), kMessage},
                                     {QStringLiteral("listen"), listen},
                                     {QStringLiteral("admin"), admin},
                                     {QStringLiteral("database"), database},
                                     {QStringLiteral("threads"), threads}})
               .toJson(QJsonDocument::Compact)
           + '\n';
}

std::optional<Listening> findListening(const QByteArray& output)
{
    for (const QByteArray& line : output.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("message")).toString() == kMessage)
            return Listening{portOf(o.value(QStringLiteral("listen"))),
                             portOf(o.value(QStringLiteral("admin")))};
    }
    return std::nullopt;
}

} // namespace tollgate::GatewayAnnouncement
