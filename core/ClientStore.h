#pragma once

#include "Domain.h"
#include "Result.h"

namespace tollgate {

class Database;

struct ClientQuery {
    enum class Sort { Name, Profiles, Collections, Created, LastActivity };
    QString search; // case-insensitive substring of the name; empty: all
    int offset = 0;
    int limit = 100;
    Sort sort = Sort::Name; // ties in name order
    bool descending = false;
};

// Clients. Names are unique ignoring case, in any script.
class ClientStore {
public:
    explicit ClientStore(Database& db)
        : m_db(db)
    {
    }

    // Sorted by name, with profile and collection counts and last activity.
    Result<QList<Client>> list(const ClientQuery& query = {}) const;
    Result<qint64> count(const QString& search = {}) const;
    // Every matching client's id in the query's order, without paging: a long list
    // sorted by a computed figure is ordered once, then read a page at a time by id.
    Result<QList<qint64>> sortedIds(const ClientQuery& query) const;
    // The clients with these ids, in this order (ids that no longer exist are left out).
    Result<QList<Client>> byIds(const QList<qint64>& ids) const;
    Result<Client> byId(qint64 id) const;
    Result<Client> byName(const QString& name) const;

    Result<Client> create(Client client);
    // Renames and/or changes the description; refused when its revision is stale.
    Result<Client> update(Client client);
    // Deletes the client with its profiles; their keys stop working at once.
    // The audit history stays.
    Status remove(qint64 id, std::optional<qint64> expectedRevision = std::nullopt);

    // Validates and inserts without a transaction or audit event; see CollectionStore::insert.
    Result<qint64> insert(Client& client);

private:
    Status checkUnique(const Client& c) const;
    // "WHERE <name contains search>" for clients c, its value added; "" without a search.
    QString searchFilter(const QString& search, QVariantList& values) const;
    Result<QList<Client>> query(const QString& where, const QVariantList& values,
                                const QString& order, const QString& tail = {}) const;

    Database& m_db;
};

} // namespace tollgate
