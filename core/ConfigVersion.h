#pragma once

#include "Result.h"

namespace tollgate {

class Database;

// A counter that every recorded change increments in its own transaction, so
// that a running gateway notices changes by reading one row (and, on
// PostgreSQL, by a NOTIFY on the channel kNotifyChannel sent at commit).
namespace ConfigVersion {

inline constexpr char kNotifyChannel[] = "tollgate_config";

Status bump(Database& db);
Result<qint64> current(Database& db);

} // namespace ConfigVersion
} // namespace tollgate
