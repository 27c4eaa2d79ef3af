#pragma once

#include "Domain.h"
#include "Result.h"

#include <QJsonObject>

// JSON forms of the domain types: for tollgatectl --json, the audit log's
// before/after values and workspace export/import. None of them can hold a key.
namespace tollgate::json {

QString isoTime(qint64 ms);
QJsonValue isoTime(const std::optional<qint64>& ms);
Result<std::optional<qint64>> parseIsoTime(const QJsonValue& value, const QString& field);

QJsonObject toJson(const WorkspaceSettings& settings);
QJsonObject toJson(const Collection& collection);
QJsonObject toJson(const Endpoint& endpoint);
QJsonObject toJson(const Client& client);
QJsonObject toJson(const AccessProfile& profile);
QJsonObject toJson(const ApiKeyRecord& key);

// Reads what toJson wrote; the result still goes through validation.
Result<Collection> collectionFromJson(const QJsonObject& object);
Result<Endpoint> endpointFromJson(const QJsonObject& object);
Result<Client> clientFromJson(const QJsonObject& object);
// Collections are returned by name in collectionNames; ids are left empty.
Result<AccessProfile> profileFromJson(const QJsonObject& object);
Result<ApiKeyRecord> keyFromJson(const QJsonObject& object);

} // namespace tollgate::json
