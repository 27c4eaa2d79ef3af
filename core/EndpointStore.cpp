#include "EndpointStore.h"

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
    Q_DECLARE_TR_FUNCTIONS(EndpointStore)
};
} // namespace

QString objectName(const Endpoint& e) { return e.collectionName + QStringLiteral(" / ") + e.name; }

QString what(const Endpoint& e) { return Text::tr("The endpoint \"%1\"").arg(objectName(e)); }

QVariantList rowValues(const Endpoint& e)
{
    return {e.name,           store::nameKey(e.name),   e.method,      e.path,
            e.active ? 1 : 0, targetKindName(e.target), e.upstreamUrl, e.timeoutSeconds,
            e.mockStatus,     e.mockContentType,        e.mockBody};
}

} // namespace

Result<QList<Endpoint>> EndpointStore::query(const QString& where, const QVariantList& values) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT e.id, e.collection_id, c.name, e.name, e.method, e.path, e.active, "
                       "e.target, e.upstream_url, e.timeout_seconds, e.mock_status, "
                       "e.mock_content_type, e.mock_body, e.created_at, e.updated_at, e.revision "
                       "FROM endpoints e JOIN collections c ON c.id = e.collection_id ")
            + where + QStringLiteral(" ORDER BY c.name_key, e.path, e.method"),
        values);
    if (!q)
        return q.error();
    QList<Endpoint> out;
    while (q->next()) {
        Endpoint e;
        e.id = q->value(0).toLongLong();
        e.collectionId = q->value(1).toLongLong();
        e.collectionName = q->value(2).toString();
        e.name = q->value(3).toString();
        e.method = q->value(4).toString();
        e.path = q->value(5).toString();
        e.active = q->value(6).toInt() != 0;
        e.target = q->value(7).toString() == targetKindName(TargetKind::Upstream)
                       ? TargetKind::Upstream
                       : TargetKind::Mock;
        e.upstreamUrl = q->value(8).toString();
        e.timeoutSeconds = q->value(9).toInt();
        e.mockStatus = q->value(10).toInt();
        e.mockContentType = q->value(11).toString();
        e.mockBody = q->value(12).toString();
        e.createdAt = q->value(13).toLongLong();
        e.updatedAt = q->value(14).toLongLong();
        e.revision = q->value(15).toLongLong();
        out.append(e);
    }
    return out;
}

Result<QList<Endpoint>> EndpointStore::list(qint64 collectionId) const
{
    return query(QStringLiteral("WHERE e.collection_id = ?"), {collectionId});
}

Result<QList<Endpoint>> EndpointStore::listAll() const { return query({}, {}); }

Result<Endpoint> EndpointStore::byId(qint64 id) const
{
    auto found = query(QStringLiteral("WHERE e.id = ?"), {id});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(Text::tr("no endpoint has the id %1").arg(id));
    return found->first();
}

Result<Endpoint> EndpointStore::byName(qint64 collectionId, const QString& name) const
{
    auto found = query(QStringLiteral("WHERE e.collection_id = ? AND e.name_key = ?"),
                       {collectionId, store::nameKey(name.trimmed())});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(
            Text::tr("the collection has no endpoint named \"%1\"").arg(name.trimmed()));
    return found->first();
}

Status EndpointStore::checkUnique(const Endpoint& e) const
{
    auto sameName = m_db.scalar(QStringLiteral("SELECT name FROM endpoints WHERE collection_id = ? "
                                               "AND name_key = ? AND id <> ?"),
                                {e.collectionId, store::nameKey(e.name), e.id});
    if (!sameName)
        return sameName.error();
    if (!sameName->isNull())
        return Error::conflict(QStringLiteral("name"),
                               Text::tr("the collection already has an endpoint named \"%1\"")
                                   .arg(sameName->toString()));
    auto sameRoute =
        m_db.scalar(QStringLiteral("SELECT name FROM endpoints WHERE collection_id = ? "
                                   "AND method = ? AND path = ? AND id <> ?"),
                    {e.collectionId, e.method, e.path, e.id});
    if (!sameRoute)
        return sameRoute.error();
    if (!sameRoute->isNull())
        return Error::conflict(QStringLiteral("path"),
                               Text::tr("the endpoint \"%1\" already answers %2 %3")
                                   .arg(sameRoute->toString(), e.method, e.path));
    return {};
}

Result<qint64> EndpointStore::insert(Endpoint& e)
{
    TG_TRY(validate::endpoint(e));
    e.id = 0;
    auto exists = m_db.scalar(QStringLiteral("SELECT count(*) FROM collections WHERE id = ?"),
                              {e.collectionId});
    if (!exists)
        return exists.error();
    if (exists->toInt() == 0)
        return Error::notFound(Text::tr("the endpoint's API collection no longer exists"));
    TG_TRY(checkUnique(e));
    const qint64 now = m_db.nowMs();
    auto id = m_db.scalar(
        QStringLiteral("INSERT INTO endpoints (name, name_key, method, path, active, target, "
                       "upstream_url, timeout_seconds, mock_status, mock_content_type, mock_body, "
                       "collection_id, created_at, updated_at, revision) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id"),
        rowValues(e) + QVariantList{e.collectionId, now, now});
    if (!id)
        return id.error();
    e.id = id->toLongLong();
    return e.id;
}

Result<Endpoint> EndpointStore::create(Endpoint e)
{
    std::optional<Endpoint> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto id = insert(e);
        if (!id)
            return id.error();
        auto created = byId(*id);
        if (!created)
            return created.error();
        TG_TRY(AuditLog(m_db).record(QStringLiteral("endpoint.create"), QStringLiteral("endpoint"),
                                     objectName(*created), {}, json::toJson(*created),
                                     ConfigChange::endpoint(created->id)));
        result = *created;
        return {};
    }));
    return *result;
}

Result<Endpoint> EndpointStore::update(Endpoint e)
{
    TG_TRY(validate::endpoint(e));
    std::optional<Endpoint> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto before = byId(e.id);
        if (!before)
            return before.error();
        if (before->revision != e.revision)
            return store::changedMeanwhile(what(*before));
        e.collectionId = before->collectionId; // endpoints do not move between collections
        TG_TRY(checkUnique(e));
        auto q = m_db.exec(
            QStringLiteral("UPDATE endpoints SET name = ?, name_key = ?, method = ?, path = ?, "
                           "active = ?, target = ?, upstream_url = ?, timeout_seconds = ?, "
                           "mock_status = ?, mock_content_type = ?, mock_body = ?, updated_at = ?, "
                           "revision = revision + 1 WHERE id = ? AND revision = ?"),
            rowValues(e) + QVariantList{m_db.nowMs(), e.id, e.revision});
        if (!q)
            return q.error();
        TG_TRY(store::checkGuardedWrite(*q, true, what(*before)));
        auto after = byId(e.id);
        if (!after)
            return after.error();
        TG_TRY(AuditLog(m_db).record(QStringLiteral("endpoint.update"), QStringLiteral("endpoint"),
                                     objectName(*after), json::toJson(*before),
                                     json::toJson(*after), ConfigChange::endpoint(after->id)));
        result = *after;
        return {};
    }));
    return *result;
}

Status EndpointStore::remove(qint64 id, std::optional<qint64> expectedRevision)
{
    return m_db.transaction([&]() -> Status {
        auto before = byId(id);
        if (!before)
            return before.error();
        if (expectedRevision && *expectedRevision != before->revision)
            return store::changedMeanwhile(what(*before));
        TG_TRY(m_db.exec(QStringLiteral("DELETE FROM endpoints WHERE id = ?"), {id}));
        return AuditLog(m_db).record(QStringLiteral("endpoint.delete"), QStringLiteral("endpoint"),
                                     objectName(*before), json::toJson(*before), {},
                                     ConfigChange::endpoint(before->id));
    });
}

} // namespace tollgate
