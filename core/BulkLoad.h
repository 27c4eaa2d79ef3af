#pragma once

#include "Domain.h"
#include "Result.h"

namespace tollgate {

class Database;

// The bulk path: many clients or profiles in one transaction per call, with
// the same validation as one-by-one creation and one audit event per batch
// (naming how many objects and the first and last). For migrations from other
// systems and for benchmarks.
namespace BulkLoad {

Status createClients(Database& db, QList<Client>& clients);
// Each profile comes with its key records (digest and hint; never a key).
Status createProfiles(Database& db, QList<AccessProfile>& profiles,
                      const QList<ApiKeyRecord>& keys);

} // namespace BulkLoad
} // namespace tollgate
