#pragma once

#include "Result.h"

namespace tollgate {

class Database;
struct DatabaseUrl;

// The versioned schema. Each step moves the schema from version N-1 to N in
// one transaction; SQLite files are copied aside before the first step runs;
// a database from a newer program is refused.
namespace Schema {

int latestVersion();
// 0 for an empty database.
Result<int> currentVersion(Database& db);
Status migrate(Database& db);
// Migrates up to and including targetVersion, without backup; for tests that
// need an older schema.
Status migrateTo(Database& db, int targetVersion);

// What a database holds, found without changing it (a connection test).
struct Probe {
    bool exists = true; // false: a SQLite file that opening would create
    int version = 0;    // 0: empty, opening sets it up
};
Result<Probe> probe(const DatabaseUrl& url);

} // namespace Schema
} // namespace tollgate
