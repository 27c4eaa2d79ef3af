#pragma once

#include "Result.h"

#include <QList>

namespace tollgate {

class Database;

// What one recorded change touched, so that a running gateway can reload just
// that part of its snapshot.
struct ConfigChange {
    enum class Scope { Everything, Settings, Collection, Endpoint, Client, Profile };
    Scope scope = Scope::Everything;
    qint64 id = 0; // of the collection, endpoint, client or profile

    static ConfigChange everything() { return {}; }
    static ConfigChange settings() { return {Scope::Settings, 0}; }
    static ConfigChange collection(qint64 id) { return {Scope::Collection, id}; }
    static ConfigChange endpoint(qint64 id) { return {Scope::Endpoint, id}; }
    static ConfigChange client(qint64 id) { return {Scope::Client, id}; }
    static ConfigChange profile(qint64 id) { return {Scope::Profile, id}; }
    friend bool operator==(const ConfigChange&, const ConfigChange&) = default;
};

// The changes recorded after some version, up to the current one.
struct ConfigChanges {
    qint64 version = 0;       // the current version
    bool complete = true;     // false: older changes are no longer kept, reload everything
    QList<ConfigChange> list; // oldest first
};

// A counter that every recorded change increments in its own transaction, with
// a short log of what each version touched, so that a running gateway notices
// changes by reading one row (and, on PostgreSQL, by a NOTIFY on the channel
// kNotifyChannel sent at commit) and reloads only what changed.
namespace ConfigVersion {

inline constexpr char kNotifyChannel[] = "tollgate_config";
// How many versions' changes are kept; a gateway further behind reloads everything.
inline constexpr qint64 kKeptChanges = 10'000;

Status bump(Database& db, const ConfigChange& change);
Result<qint64> current(Database& db);
Result<ConfigChanges> changesSince(Database& db, qint64 version);

} // namespace ConfigVersion
} // namespace tollgate
