#include "BulkLoad.h"

#include "AuditLog.h"
#include "ClientStore.h"
#include "Database.h"
#include "ProfileStore.h"

#include <QCoreApplication>

namespace tollgate::BulkLoad {

namespace {

QJsonObject summary(qsizetype count, const QString& first, const QString& last)
{
    return {{QStringLiteral("count"), static_cast<qint64>(count)},
            {QStringLiteral("first"), first},
            {QStringLiteral("last"), last}};
}

} // namespace

Status createClients(Database& db, QList<Client>& clients)
{
    if (clients.isEmpty())
        return {};
    return db.transaction([&]() -> Status {
        ClientStore store(db);
        for (qsizetype i = 0; i < clients.size(); ++i) {
            clients[i].createdAt = 0;
            if (auto id = store.insert(clients[i]); !id)
                return Error(id.error().kind(),
                             QStringLiteral("clients[%1].").arg(i) + id.error().field(),
                             id.error().message(), id.error().detail());
        }
        return AuditLog(db).record(
            QStringLiteral("client.bulk_create"), QStringLiteral("client"), clients.first().name,
            {}, summary(clients.size(), clients.first().name, clients.last().name),
            ConfigChange::everything());
    });
}

Status createProfiles(Database& db, QList<AccessProfile>& profiles, const QList<ApiKeyRecord>& keys)
{
    if (profiles.isEmpty())
        return {};
    if (keys.size() != profiles.size())
        return Error(ErrorKind::Usage, QStringLiteral("keys"),
                     QCoreApplication::translate("BulkLoad", "each profile needs exactly one key"));
    return db.transaction([&]() -> Status {
        ProfileStore store(db);
        for (qsizetype i = 0; i < profiles.size(); ++i) {
            profiles[i].createdAt = 0;
            if (auto id = store.insert(profiles[i], {keys[i]}); !id)
                return Error(id.error().kind(),
                             QStringLiteral("profiles[%1].").arg(i) + id.error().field(),
                             id.error().message(), id.error().detail());
        }
        const QString first =
            profiles.first().clientName + QStringLiteral(" / ") + profiles.first().name;
        const QString last =
            profiles.last().clientName + QStringLiteral(" / ") + profiles.last().name;
        return AuditLog(db).record(QStringLiteral("profile.bulk_create"), QStringLiteral("profile"),
                                   first, {}, summary(profiles.size(), first, last),
                                   ConfigChange::everything());
    });
}

} // namespace tollgate::BulkLoad
