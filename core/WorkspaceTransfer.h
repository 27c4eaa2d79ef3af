#pragma once

#include "Result.h"

#include <QJsonObject>

namespace tollgate {

class Database;

// A whole workspace as one JSON document: settings, collections with their
// endpoints, clients with their profiles and key digests (never keys), and the
// audit log with its hash chain. Moving a workspace from SQLite to PostgreSQL
// this way keeps every key working and the audit history verifiable.
namespace WorkspaceTransfer {

inline constexpr int kFormatVersion = 1;

Result<QJsonObject> exportWorkspace(Database& db);

struct ImportSummary {
    int collections = 0;
    int endpoints = 0;
    int clients = 0;
    int profiles = 0;
    int auditEvents = 0;
};
// Imports into an empty workspace, in one transaction: on any error nothing is
// written. Errors name the place in the document ("clients[2].profiles[0].name").
Result<ImportSummary> importWorkspace(Database& db, const QJsonObject& document);

// True when no prefix is set and there are no collections, clients or audit events.
Result<bool> isEmpty(Database& db);

} // namespace WorkspaceTransfer
} // namespace tollgate
