#pragma once

#include "ConfigVersion.h"
#include "Result.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace tollgate {

class Database;

struct AuditEvent {
    qint64 seq = 0;
    qint64 at = 0;
    QString actor;
    QString action;     // "client.create", "profile.regenerate_key", ...
    QString objectType; // "client", "profile", ...
    QString objectName; // "Demo Team / Demo Team Member 1"
    QString beforeJson; // compact JSON object, "{}" when there was nothing
    QString afterJson;
    QString prevHash;
    QString hash;
};

struct AuditFilter {
    std::optional<qint64> from; // inclusive, ms
    std::optional<qint64> to;   // exclusive, ms
    QString actor;              // exact
    QString action;             // exact, or a prefix ending in '.' ("profile.")
    QString object;             // case-insensitive substring of the object name
    QString objectType;         // exact ("client", "profile", ...); empty: any
    QString text;               // case-insensitive substring of the name or the values
    int limit = 1000;
};

struct AuditVerification {
    bool intact = true;
    qint64 eventsChecked = 0;
    qint64 firstBadSeq = 0; // 0 when intact
    QString problem;        // for people
};

// The append-only, hash-chained audit trail. Every change is recorded in the
// same transaction as the change. Each event's hash covers its content and the
// previous event's hash; the head (last seq and hash) is kept in meta as well,
// so removing events at the end is detected too.
class AuditLog {
public:
    explicit AuditLog(Database& db)
        : m_db(db)
    {
    }

    // Must run inside the transaction of the change it records; `change` tells
    // a running gateway what to reload.
    Status record(const QString& action, const QString& objectType, const QString& objectName,
                  const QJsonObject& before, const QJsonObject& after, const ConfigChange& change);
    Result<QList<AuditEvent>> list(const AuditFilter& filter) const;
    Result<AuditVerification> verify() const;
    // The recorded head, "seq:hash" of the last event ("" for an empty log): what a
    // report quotes so that it can be matched to the trail later.
    Result<QString> head() const;
    // Re-inserts events exported from another database, unchanged and in
    // order, into an empty log; used by workspace import.
    Status importEvents(const QList<AuditEvent>& events);

    static QString hashOf(const AuditEvent& event);
    static QString toCsv(const QList<AuditEvent>& events);

private:
    Status append(AuditEvent event, const ConfigChange& change);

    Database& m_db;
};

} // namespace tollgate
