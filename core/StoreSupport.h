#pragma once

#include "Result.h"

#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <optional>

// Small helpers shared by the stores; not part of the core's public API.
namespace tollgate::store {

// The key that makes names unique "ignoring case, in any script":
// compatibility-normalised (NFKC) and case-folded.
QString nameKey(const QString& name);

std::optional<qint64> optionalInt(const QVariant& v);
QVariant fromOptional(const std::optional<qint64>& v);

// "?, ?, ?" for an IN list of n bound values (the values are still bound).
QString placeholders(qsizetype n);

Error changedMeanwhile(const QString& what);

// After an UPDATE/DELETE guarded by "AND revision = ?": no row touched means
// the object was deleted (not found) or changed by someone else (conflict).
Status checkGuardedWrite(const QSqlQuery& q, bool stillExists, const QString& what);

} // namespace tollgate::store
