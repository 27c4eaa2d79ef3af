#include "ClientStore.h"

#include "AuditLog.h"
#include "Database.h"
#include "DomainJson.h"
#include "StoreSupport.h"
#include "Validation.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>

namespace tollgate {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ClientStore)
};
} // namespace

QString what(const QString& name) { return Text::tr("The client \"%1\"").arg(name); }

} // namespace

namespace {

// The per-client figures the list shows, as expressions on clients c.
const QLatin1String kProfileCount("(SELECT count(*) FROM profiles p WHERE p.client_id = c.id)");
const QLatin1String kCollectionCount(
    "(SELECT count(DISTINCT pc.collection_id) FROM profiles p "
    "JOIN profile_collections pc ON pc.profile_id = p.id WHERE p.client_id = c.id)");
const QLatin1String
    kLastActivity("(SELECT max(k.last_used_at) FROM profiles p "
                  "JOIN api_keys k ON k.profile_id = p.id WHERE p.client_id = c.id)");

QString orderBy(const ClientQuery& cq)
{
    const QString direction = cq.descending ? QStringLiteral(" DESC") : QString();
    QString key;
    switch (cq.sort) {
    case ClientQuery::Sort::Name: return QStringLiteral("c.name_key") + direction;
    case ClientQuery::Sort::Profiles: key = kProfileCount; break;
    case ClientQuery::Sort::Collections: key = kCollectionCount; break;
    case ClientQuery::Sort::Created: key = QStringLiteral("c.created_at"); break;
    // Never used sorts as the oldest.
    case ClientQuery::Sort::LastActivity:
        key = QStringLiteral("COALESCE(%1, 0)").arg(kLastActivity);
        break;
    }
    return key + direction + QStringLiteral(", c.name_key");
}

} // namespace

Result<QList<Client>> ClientStore::query(const QString& where, const QVariantList& values,
                                         const QString& order, const QString& tail) const
{
    // The page is chosen first, so the figures are computed for its rows only (sorting
    // by a figure computes it for every row that matches).
    auto q = m_db.exec(QStringLiteral("SELECT c.id, c.name, c.description, c.created_at, "
                                      "c.updated_at, c.revision, %1, %2, %3 "
                                      "FROM (SELECT * FROM clients c %4 ORDER BY %5 %6) c "
                                      "ORDER BY %5")
                           .arg(kProfileCount, kCollectionCount, kLastActivity, where, order, tail),
                       values);
    if (!q)
        return q.error();
    QList<Client> out;
    while (q->next()) {
        Client c;
        c.id = q->value(0).toLongLong();
        c.name = q->value(1).toString();
        c.description = q->value(2).toString();
        c.createdAt = q->value(3).toLongLong();
        c.updatedAt = q->value(4).toLongLong();
        c.revision = q->value(5).toLongLong();
        c.profileCount = q->value(6).toInt();
        c.collectionCount = q->value(7).toInt();
        c.lastActivityAt = store::optionalInt(q->value(8));
        out.append(c);
    }
    return out;
}

QString ClientStore::searchFilter(const QString& search, QVariantList& values) const
{
    if (search.trimmed().isEmpty())
        return {};
    values << m_db.dialect().containsValue(store::nameKey(search.trimmed()));
    return QStringLiteral("WHERE ")
           + m_db.dialect().containsCondition(QStringLiteral("c.name_key"));
}

Result<QList<Client>> ClientStore::list(const ClientQuery& cq) const
{
    QVariantList values;
    const QString where = searchFilter(cq.search, values);
    values << qMax(0, cq.limit) << qMax(0, cq.offset);
    return query(where, values, orderBy(cq), QStringLiteral("LIMIT ? OFFSET ?"));
}

Result<QList<qint64>> ClientStore::sortedIds(const ClientQuery& cq) const
{
    QVariantList values;
    const QString where = searchFilter(cq.search, values);
    auto q = m_db.exec(
        QStringLiteral("SELECT c.id FROM clients c %1 ORDER BY %2").arg(where, orderBy(cq)),
        values);
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q->next())
        ids.append(q->value(0).toLongLong());
    return ids;
}

Result<QList<Client>> ClientStore::byIds(const QList<qint64>& ids) const
{
    if (ids.isEmpty())
        return QList<Client>();
    QString in;
    QVariantList values;
    for (qint64 id : ids) {
        in += in.isEmpty() ? QStringLiteral("?") : QStringLiteral(", ?");
        values.append(id);
    }
    auto found = query(QStringLiteral("WHERE c.id IN (%1)").arg(in), values,
                       QStringLiteral("c.name_key"), {});
    if (!found)
        return found.error();
    QHash<qint64, Client> byId;
    for (const Client& c : *found)
        byId.insert(c.id, c);
    QList<Client> ordered;
    for (qint64 id : ids)
        if (auto it = byId.constFind(id); it != byId.constEnd())
            ordered.append(*it);
    return ordered;
}

Result<qint64> ClientStore::count(const QString& search) const
{
    auto n = search.trimmed().isEmpty()
                 ? m_db.scalar(QStringLiteral("SELECT count(*) FROM clients"))
                 : m_db.scalar(QStringLiteral("SELECT count(*) FROM clients WHERE ")
                                   + m_db.dialect().containsCondition(QStringLiteral("name_key")),
                               {m_db.dialect().containsValue(store::nameKey(search.trimmed()))});
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<Client> ClientStore::byId(qint64 id) const
{
    auto found = query(QStringLiteral("WHERE c.id = ?"), {id}, QStringLiteral("c.name_key"), {});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(Text::tr("no client has the id %1").arg(id));
    return found->first();
}

Result<Client> ClientStore::byName(const QString& name) const
{
    auto found = query(QStringLiteral("WHERE c.name_key = ?"), {store::nameKey(name.trimmed())},
                       QStringLiteral("c.name_key"), {});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(Text::tr("no client is named \"%1\"").arg(name.trimmed()));
    return found->first();
}

Status ClientStore::checkUnique(const Client& c) const
{
    auto same =
        m_db.scalar(QStringLiteral("SELECT name FROM clients WHERE name_key = ? AND id <> ?"),
                    {store::nameKey(c.name), c.id});
    if (!same)
        return same.error();
    if (!same->isNull())
        return Error::conflict(
            QStringLiteral("name"),
            Text::tr("a client named \"%1\" already exists").arg(same->toString()));
    return {};
}

Result<qint64> ClientStore::insert(Client& c)
{
    TG_TRY(validate::client(c));
    c.id = 0;
    TG_TRY(checkUnique(c));
    const qint64 now = c.createdAt > 0 ? c.createdAt : m_db.nowMs();
    auto id = m_db.scalar(QStringLiteral("INSERT INTO clients (name, name_key, description, "
                                         "created_at, updated_at, revision) "
                                         "VALUES (?, ?, ?, ?, ?, 1) RETURNING id"),
                          {c.name, store::nameKey(c.name), c.description, now, now});
    if (!id)
        return id.error();
    c.id = id->toLongLong();
    return c.id;
}

Result<Client> ClientStore::create(Client c)
{
    c.createdAt = 0;
    std::optional<Client> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto id = insert(c);
        if (!id)
            return id.error();
        auto created = byId(*id);
        if (!created)
            return created.error();
        TG_TRY(AuditLog(m_db).record(QStringLiteral("client.create"), QStringLiteral("client"),
                                     created->name, {}, json::toJson(*created),
                                     ConfigChange::client(created->id)));
        result = *created;
        return {};
    }));
    return *result;
}

Result<Client> ClientStore::update(Client c)
{
    TG_TRY(validate::client(c));
    std::optional<Client> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto before = byId(c.id);
        if (!before)
            return before.error();
        if (before->revision != c.revision)
            return store::changedMeanwhile(what(before->name));
        TG_TRY(checkUnique(c));
        auto q = m_db.exec(
            QStringLiteral("UPDATE clients SET name = ?, name_key = ?, "
                           "description = ?, updated_at = ?, "
                           "revision = revision + 1 WHERE id = ? AND revision = ?"),
            {c.name, store::nameKey(c.name), c.description, m_db.nowMs(), c.id, c.revision});
        if (!q)
            return q.error();
        TG_TRY(store::checkGuardedWrite(*q, true, what(before->name)));
        auto after = byId(c.id);
        if (!after)
            return after.error();
        TG_TRY(AuditLog(m_db).record(QStringLiteral("client.update"), QStringLiteral("client"),
                                     after->name, json::toJson(*before), json::toJson(*after),
                                     ConfigChange::client(after->id)));
        result = *after;
        return {};
    }));
    return *result;
}

Status ClientStore::remove(qint64 id, std::optional<qint64> expectedRevision)
{
    return m_db.transaction([&]() -> Status {
        auto before = byId(id);
        if (!before)
            return before.error();
        if (expectedRevision && *expectedRevision != before->revision)
            return store::changedMeanwhile(what(before->name));
        // The audit event names the profiles and key hints that stop working.
        auto profiles = m_db.exec(QStringLiteral("SELECT p.name, k.hint FROM profiles p "
                                                 "LEFT JOIN api_keys k ON k.profile_id = p.id "
                                                 "WHERE p.client_id = ? ORDER BY p.name_key"),
                                  {id});
        if (!profiles)
            return profiles.error();
        QJsonArray revoked;
        while (profiles->next())
            revoked.append(
                QJsonObject{{QStringLiteral("profile"), profiles->value(0).toString()},
                            {QStringLiteral("key_hint"), profiles->value(1).toString()}});
        QJsonObject beforeJson = json::toJson(*before);
        beforeJson.insert(QStringLiteral("revoked_keys"), revoked);
        TG_TRY(m_db.exec(QStringLiteral("DELETE FROM clients WHERE id = ?"), {id}));
        return AuditLog(m_db).record(QStringLiteral("client.delete"), QStringLiteral("client"),
                                     before->name, beforeJson, {},
                                     ConfigChange::client(before->id));
    });
}

} // namespace tollgate
