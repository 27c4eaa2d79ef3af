#pragma once

#include "ProfileStore.h"
#include "RandomSource.h"
#include "Result.h"

namespace tollgate {

class Database;

// The HR operations demo workspace (product description, section 5): prefix
// "demo", the Employee Management and Employee Login collections, and the
// Demo Team and Analytics Team clients with their profiles. One transaction,
// into an empty workspace only. Returns the issued keys, to be shown once.
namespace DemoWorkspace {

Result<QList<IssuedKey>> load(Database& db, RandomSource& random);

} // namespace DemoWorkspace
} // namespace tollgate
