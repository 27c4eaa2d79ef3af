#pragma once

#include "Domain.h"
#include "Result.h"

namespace tollgate {

class Database;

// API collections. Names are unique ignoring case; (path, version) is unique.
class CollectionStore {
public:
    explicit CollectionStore(Database& db)
        : m_db(db)
    {
    }

    Result<QList<Collection>> list() const;
    Result<Collection> byId(qint64 id) const;
    Result<Collection> byName(const QString& name) const;

    Result<Collection> create(Collection collection);
    // Saves every field of the collection; refused when its revision is stale.
    Result<Collection> update(Collection collection);
    // Deletes the collection and its endpoints, and takes it out of every
    // profile; refused when a profile would be left without any collection.
    Status remove(qint64 id, std::optional<qint64> expectedRevision = std::nullopt);

    // Validates and inserts without a transaction or audit event of its own:
    // for bulk loads and imports that record one event for the whole batch.
    Result<qint64> insert(Collection& collection);

private:
    Status checkUnique(const Collection& c) const;
    Result<QList<Collection>> query(const QString& where, const QVariantList& values) const;

    Database& m_db;
};

} // namespace tollgate
