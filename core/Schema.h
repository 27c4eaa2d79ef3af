#pragma once

#include "Result.h"

namespace tollgate {

class Database;

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

} // namespace Schema
} // namespace tollgate
