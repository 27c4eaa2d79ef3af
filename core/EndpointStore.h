#pragma once

#include "Domain.h"
#include "Result.h"

namespace tollgate {

class Database;

// Endpoints of API collections. Within a collection, names are unique
// ignoring case and (method, path) is unique.
class EndpointStore {
public:
    explicit EndpointStore(Database& db)
        : m_db(db)
    {
    }

    Result<QList<Endpoint>> list(qint64 collectionId) const;
    Result<QList<Endpoint>> listAll() const;
    Result<Endpoint> byId(qint64 id) const;
    Result<Endpoint> byName(qint64 collectionId, const QString& name) const;

    Result<Endpoint> create(Endpoint endpoint);
    Result<Endpoint> update(Endpoint endpoint);
    Status remove(qint64 id, std::optional<qint64> expectedRevision = std::nullopt);

    // Validates and inserts without a transaction or audit event; see CollectionStore::insert.
    Result<qint64> insert(Endpoint& endpoint);

private:
    Status checkUnique(const Endpoint& e) const;
    Result<QList<Endpoint>> query(const QString& where, const QVariantList& values) const;

    Database& m_db;
};

} // namespace tollgate
