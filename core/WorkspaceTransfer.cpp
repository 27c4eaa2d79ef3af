#include "WorkspaceTransfer.h"

#include "AuditLog.h"
#include "ClientStore.h"
#include "CollectionStore.h"
#include "Database.h"
#include "DomainJson.h"
#include "EndpointStore.h"
#include "ProfileStore.h"
#include "SettingsStore.h"
#include "Validation.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace tollgate::WorkspaceTransfer {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(WorkspaceTransfer)
};
} // namespace

const QString kFormat = QStringLiteral("tollgate-workspace");

// Puts the place in the document in front of the field an error names.
Error at(const QString& place, const Error& e)
{
    const QString field = e.field().isEmpty() ? place : place + QLatin1Char('.') + e.field();
    return Error(e.kind() == ErrorKind::Database ? e.kind() : ErrorKind::Invalid, field,
                 e.message(), e.detail());
}

QJsonObject toJson(const AuditEvent& e)
{
    return {{QStringLiteral("seq"), e.seq},
            {QStringLiteral("at"), e.at},
            {QStringLiteral("actor"), e.actor},
            {QStringLiteral("action"), e.action},
            {QStringLiteral("object_type"), e.objectType},
            {QStringLiteral("object_name"), e.objectName},
            {QStringLiteral("before"), e.beforeJson},
            {QStringLiteral("after"), e.afterJson},
            {QStringLiteral("prev_hash"), e.prevHash},
            {QStringLiteral("hash"), e.hash}};
}

AuditEvent auditFromJson(const QJsonObject& o)
{
    AuditEvent e;
    e.seq = static_cast<qint64>(o.value(QStringLiteral("seq")).toDouble());
    e.at = static_cast<qint64>(o.value(QStringLiteral("at")).toDouble());
    e.actor = o.value(QStringLiteral("actor")).toString();
    e.action = o.value(QStringLiteral("action")).toString();
    e.objectType = o.value(QStringLiteral("object_type")).toString();
    e.objectName = o.value(QStringLiteral("object_name")).toString();
    e.beforeJson = o.value(QStringLiteral("before")).toString();
    e.afterJson = o.value(QStringLiteral("after")).toString();
    e.prevHash = o.value(QStringLiteral("prev_hash")).toString();
    e.hash = o.value(QStringLiteral("hash")).toString();
    return e;
}

} // namespace

Result<bool> isEmpty(Database& db)
{
    auto settings = SettingsStore(db).get();
    if (!settings)
        return settings.error();
    auto rows = db.scalar(QStringLiteral("SELECT (SELECT count(*) FROM collections) + "
                                         "(SELECT count(*) FROM clients) + "
                                         "(SELECT count(*) FROM audit_log)"));
    if (!rows)
        return rows.error();
    return settings->pathPrefix.isEmpty() && rows->toLongLong() == 0;
}

Result<QJsonObject> exportWorkspace(Database& db)
{
    auto settings = SettingsStore(db).get();
    if (!settings)
        return settings.error();
    auto collections = CollectionStore(db).list();
    if (!collections)
        return collections.error();
    auto endpoints = EndpointStore(db).listAll();
    if (!endpoints)
        return endpoints.error();
    QJsonArray collectionArray;
    for (const Collection& c : *collections) {
        QJsonObject o = json::toJson(c);
        QJsonArray eps;
        for (const Endpoint& e : *endpoints)
            if (e.collectionId == c.id)
                eps.append(json::toJson(e));
        o.insert(QStringLiteral("endpoints"), eps);
        collectionArray.append(o);
    }
    auto clients = ClientStore(db).list({QString(), 0, std::numeric_limits<int>::max()});
    if (!clients)
        return clients.error();
    QJsonArray clientArray;
    ProfileStore profiles(db);
    for (const Client& c : *clients) {
        auto own = profiles.list({c.id, std::nullopt, 0, std::numeric_limits<int>::max()});
        if (!own)
            return own.error();
        QJsonArray profileArray;
        for (const AccessProfile& p : *own) {
            QJsonObject po = json::toJson(p);
            QJsonArray keys;
            for (const ApiKeyRecord& k : p.keys) {
                QJsonObject ko = json::toJson(k);
                ko.insert(QStringLiteral("digest"), k.digest);
                keys.append(ko);
            }
            po.insert(QStringLiteral("keys"), keys);
            profileArray.append(po);
        }
        QJsonObject co = json::toJson(c);
        co.insert(QStringLiteral("profiles"), profileArray);
        clientArray.append(co);
    }
    AuditFilter all;
    all.limit = std::numeric_limits<int>::max();
    auto events = AuditLog(db).list(all);
    if (!events)
        return events.error();
    QJsonArray auditArray;
    for (auto it = events->crbegin(); it != events->crend(); ++it)
        auditArray.append(toJson(*it));
    return QJsonObject{{QStringLiteral("format"), kFormat},
                       {QStringLiteral("format_version"), kFormatVersion},
                       {QStringLiteral("exported_at"), json::isoTime(db.nowMs())},
                       {QStringLiteral("settings"), json::toJson(*settings)},
                       {QStringLiteral("collections"), collectionArray},
                       {QStringLiteral("clients"), clientArray},
                       {QStringLiteral("audit"), auditArray}};
}

Result<ImportSummary> importWorkspace(Database& db, const QJsonObject& doc)
{
    if (doc.value(QStringLiteral("format")).toString() != kFormat)
        return Error::invalid(QStringLiteral("format"),
                              Text::tr("this is not a Tollgate workspace export"));
    if (doc.value(QStringLiteral("format_version")).toInt() != kFormatVersion)
        return Error::invalid(QStringLiteral("format_version"),
                              Text::tr("export format version %1 is not supported (expected %2)")
                                  .arg(doc.value(QStringLiteral("format_version")).toInt())
                                  .arg(kFormatVersion));
    ImportSummary summary;
    TG_TRY(db.transaction([&]() -> Status {
        auto empty = isEmpty(db);
        if (!empty)
            return empty.error();
        if (!*empty)
            return Error::conflict(QString(),
                                   Text::tr("the target workspace is not empty; import into a "
                                            "new database"));

        // Audit history first, so the import event continues the imported chain.
        QList<AuditEvent> events;
        for (const QJsonValue& v : doc.value(QStringLiteral("audit")).toArray())
            events.append(auditFromJson(v.toObject()));
        TG_TRY(AuditLog(db).importEvents(events));
        summary.auditEvents = static_cast<int>(events.size());

        const QJsonObject so = doc.value(QStringLiteral("settings")).toObject();
        WorkspaceSettings settings;
        settings.pathPrefix = so.value(QStringLiteral("path_prefix")).toString();
        settings.gatewayBaseUrl = so.value(QStringLiteral("gateway_base_url")).toString();
        settings.reviewIntervalDays = so.value(QStringLiteral("review_interval_days")).toInt();
        if (Status ok = validate::settings(settings); !ok)
            return at(QStringLiteral("settings"), ok.error());
        TG_TRY(db.exec(QStringLiteral("UPDATE workspace SET path_prefix = ?, gateway_base_url = ?, "
                                      "review_interval_days = ?, updated_at = ?, "
                                      "revision = revision + 1 WHERE id = 1"),
                       {settings.pathPrefix.isEmpty() ? QVariant() : QVariant(settings.pathPrefix),
                        settings.gatewayBaseUrl, settings.reviewIntervalDays, db.nowMs()}));

        QHash<QString, qint64> collectionIds;
        const QJsonArray collections = doc.value(QStringLiteral("collections")).toArray();
        for (qsizetype i = 0; i < collections.size(); ++i) {
            const QString place = QStringLiteral("collections[%1]").arg(i);
            const QJsonObject co = collections[i].toObject();
            auto c = json::collectionFromJson(co);
            if (!c)
                return at(place, c.error());
            auto id = CollectionStore(db).insert(*c);
            if (!id)
                return at(place, id.error());
            collectionIds.insert(c->name, *id);
            ++summary.collections;
            const QJsonArray endpoints = co.value(QStringLiteral("endpoints")).toArray();
            for (qsizetype j = 0; j < endpoints.size(); ++j) {
                const QString epPlace = place + QStringLiteral(".endpoints[%1]").arg(j);
                auto e = json::endpointFromJson(endpoints[j].toObject());
                if (!e)
                    return at(epPlace, e.error());
                e->collectionId = *id;
                if (auto eid = EndpointStore(db).insert(*e); !eid)
                    return at(epPlace, eid.error());
                ++summary.endpoints;
            }
        }

        const QJsonArray clients = doc.value(QStringLiteral("clients")).toArray();
        for (qsizetype i = 0; i < clients.size(); ++i) {
            const QString place = QStringLiteral("clients[%1]").arg(i);
            const QJsonObject co = clients[i].toObject();
            auto c = json::clientFromJson(co);
            if (!c)
                return at(place, c.error());
            auto created = json::parseIsoTime(co.value(QStringLiteral("created_at")),
                                              QStringLiteral("created_at"));
            if (!created)
                return at(place, created.error());
            c->createdAt = created->value_or(0);
            auto id = ClientStore(db).insert(*c);
            if (!id)
                return at(place, id.error());
            ++summary.clients;
            const QJsonArray profiles = co.value(QStringLiteral("profiles")).toArray();
            for (qsizetype j = 0; j < profiles.size(); ++j) {
                const QString pPlace = place + QStringLiteral(".profiles[%1]").arg(j);
                const QJsonObject po = profiles[j].toObject();
                auto p = json::profileFromJson(po);
                if (!p)
                    return at(pPlace, p.error());
                p->clientId = *id;
                for (const QString& name : p->collectionNames) {
                    if (!collectionIds.contains(name))
                        return at(pPlace,
                                  Error::invalid(QStringLiteral("collections"),
                                                 Text::tr("names the unknown API collection "
                                                          "\"%1\"")
                                                     .arg(name)));
                    p->collectionIds.append(collectionIds.value(name));
                }
                QList<ApiKeyRecord> keys;
                const QJsonArray keyArray = po.value(QStringLiteral("keys")).toArray();
                for (qsizetype k = 0; k < keyArray.size(); ++k) {
                    auto key = json::keyFromJson(keyArray[k].toObject());
                    if (!key)
                        return at(pPlace + QStringLiteral(".keys[%1]").arg(k), key.error());
                    keys.append(*key);
                }
                if (auto pid = ProfileStore(db).insert(*p, keys); !pid)
                    return at(pPlace, pid.error());
                ++summary.profiles;
            }
        }
        return AuditLog(db).record(QStringLiteral("workspace.import"), QStringLiteral("workspace"),
                                   QStringLiteral("workspace"), {},
                                   {{QStringLiteral("collections"), summary.collections},
                                    {QStringLiteral("endpoints"), summary.endpoints},
                                    {QStringLiteral("clients"), summary.clients},
                                    {QStringLiteral("profiles"), summary.profiles},
                                    {QStringLiteral("audit_events"), summary.auditEvents}},
                                   ConfigChange::everything());
    }));
    return summary;
}

} // namespace tollgate::WorkspaceTransfer
