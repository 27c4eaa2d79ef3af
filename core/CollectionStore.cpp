#include "CollectionStore.h"

#include "AuditLog.h"
#include "Database.h"
#include "DomainJson.h"
#include "StoreSupport.h"
#include "Validation.h"

#include <QCoreApplication>

namespace tollgate {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(CollectionStore)
};
} // namespace

QString what(const QString& name) { return Text::tr("The API collection \"%1\"").arg(name); }

} // namespace

Result<QList<Collection>> CollectionStore::query(const QString& where,
                                                 const QVariantList& values) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT c.id, c.name, c.path, c.version, c.description, c.created_at, "
                       "c.updated_at, c.revision, "
                       "(SELECT count(*) FROM endpoints e WHERE e.collection_id = c.id) "
                       "FROM collections c ")
            + where + QStringLiteral(" ORDER BY c.name_key"),
        values);
    if (!q)
        return q.error();
    QList<Collection> out;
    while (q->next()) {
        Collection c;
        c.id = q->value(0).toLongLong();
        c.name = q->value(1).toString();
        c.path = q->value(2).toString();
        c.version = q->value(3).toString();
        c.description = q->value(4).toString();
        c.createdAt = q->value(5).toLongLong();
        c.updatedAt = q->value(6).toLongLong();
        c.revision = q->value(7).toLongLong();
        c.endpointCount = q->value(8).toInt();
        out.append(c);
    }
    return out;
}

Result<QList<Collection>> CollectionStore::list() const { return query({}, {}); }

Result<Collection> CollectionStore::byId(qint64 id) const
{
    auto found = query(QStringLiteral("WHERE c.id = ?"), {id});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(Text::tr("no API collection has the id %1").arg(id));
    return found->first();
}

Result<Collection> CollectionStore::byName(const QString& name) const
{
    auto found = query(QStringLiteral("WHERE c.name_key = ?"), {store::nameKey(name.trimmed())});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(Text::tr("no API collection is named \"%1\"").arg(name.trimmed()));
    return found->first();
}

Status CollectionStore::checkUnique(const Collection& c) const
{
    auto sameName =
        m_db.scalar(QStringLiteral("SELECT name FROM collections WHERE name_key = ? AND id <> ?"),
                    {store::nameKey(c.name), c.id});
    if (!sameName)
        return sameName.error();
    if (!sameName->isNull())
        return Error::conflict(
            QStringLiteral("name"),
            Text::tr("an API collection named \"%1\" already exists").arg(sameName->toString()));
    auto samePath = m_db.scalar(QStringLiteral("SELECT name FROM collections "
                                               "WHERE path = ? AND version = ? AND id <> ?"),
                                {c.path, c.version, c.id});
    if (!samePath)
        return samePath.error();
    if (!samePath->isNull())
        return Error::conflict(QStringLiteral("path"),
                               Text::tr("the API collection \"%1\" already uses the path %2/%3")
                                   .arg(samePath->toString(), c.path, c.version));
    return {};
}

Result<qint64> CollectionStore::insert(Collection& c)
{
    TG_TRY(validate::collection(c));
    c.id = 0;
    TG_TRY(checkUnique(c));
    const qint64 now = m_db.nowMs();
    auto id =
        m_db.scalar(QStringLiteral("INSERT INTO collections (name, name_key, path, version, "
                                   "description, created_at, updated_at, revision) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id"),
                    {c.name, store::nameKey(c.name), c.path, c.version, c.description, now, now});
    if (!id)
        return id.error();
    c.id = id->toLongLong();
    return c.id;
}

Result<Collection> CollectionStore::create(Collection c)
{
    std::optional<Collection> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto id = insert(c);
        if (!id)
            return id.error();
        auto created = byId(*id);
        if (!created)
            return created.error();
        TG_TRY(AuditLog(m_db).record(
            QStringLiteral("collection.create"), QStringLiteral("collection"), created->name, {},
            json::toJson(*created), ConfigChange::collection(created->id)));
        result = *created;
        return {};
    }));
    return *result;
}

Result<Collection> CollectionStore::update(Collection c)
{
    TG_TRY(validate::collection(c));
    std::optional<Collection> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto before = byId(c.id);
        if (!before)
            return before.error();
        if (before->revision != c.revision)
            return store::changedMeanwhile(what(before->name));
        TG_TRY(checkUnique(c));
        auto q =
            m_db.exec(QStringLiteral("UPDATE collections SET name = ?, name_key = ?, path = ?, "
                                     "version = ?, description = ?, updated_at = ?, "
                                     "revision = revision + 1 WHERE id = ? AND revision = ?"),
                      {c.name, store::nameKey(c.name), c.path, c.version, c.description,
                       m_db.nowMs(), c.id, c.revision});
        if (!q)
            return q.error();
        TG_TRY(store::checkGuardedWrite(*q, true, what(before->name)));
        auto after = byId(c.id);
        if (!after)
            return after.error();
        TG_TRY(AuditLog(m_db).record(
            QStringLiteral("collection.update"), QStringLiteral("collection"), after->name,
            json::toJson(*before), json::toJson(*after), ConfigChange::collection(after->id)));
        result = *after;
        return {};
    }));
    return *result;
}

Status CollectionStore::remove(qint64 id, std::optional<qint64> expectedRevision)
{
    return m_db.transaction([&]() -> Status {
        auto before = byId(id);
        if (!before)
            return before.error();
        if (expectedRevision && *expectedRevision != before->revision)
            return store::changedMeanwhile(what(before->name));
        // Profiles whose only collection this is would be left unable to call anything.
        auto orphans = m_db.exec(
            QStringLiteral(
                "SELECT cl.name, p.name FROM profile_collections pc "
                "JOIN profiles p ON p.id = pc.profile_id "
                "JOIN clients cl ON cl.id = p.client_id "
                "WHERE pc.collection_id = ? AND NOT EXISTS (SELECT 1 FROM "
                "profile_collections o WHERE o.profile_id = pc.profile_id "
                "AND o.collection_id <> pc.collection_id) ORDER BY cl.name_key, p.name_key"),
            {id});
        if (!orphans)
            return orphans.error();
        QStringList names;
        while (orphans->next())
            names.append(orphans->value(0).toString() + QStringLiteral(" / ")
                         + orphans->value(1).toString());
        if (!names.isEmpty())
            return Error::conflict(
                QStringLiteral("collection"),
                Text::tr("\"%1\" is the only API collection of %n access profile(s): "
                         "%2. Give them another collection or delete them first.",
                         nullptr, static_cast<int>(names.size()))
                    .arg(before->name, names.join(QLatin1String(", "))));
        TG_TRY(m_db.exec(QStringLiteral("DELETE FROM collections WHERE id = ?"), {id}));
        return AuditLog(m_db).record(
            QStringLiteral("collection.delete"), QStringLiteral("collection"), before->name,
            json::toJson(*before), {}, ConfigChange::collection(before->id));
    });
}

} // namespace tollgate
