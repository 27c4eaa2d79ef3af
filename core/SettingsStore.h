#pragma once

#include "Domain.h"
#include "Result.h"

namespace tollgate {

class Database;

// The workspace settings: one row. The path prefix is set once and never changes.
class SettingsStore {
public:
    explicit SettingsStore(Database& db)
        : m_db(db)
    {
    }

    Result<WorkspaceSettings> get() const;
    // Sets the path prefix; a conflict if one is already set.
    Result<WorkspaceSettings> initialise(QString prefix);
    // Saves gateway URL and review interval; the prefix must be unchanged.
    // Refused as a conflict when the settings changed since they were read.
    Result<WorkspaceSettings> update(WorkspaceSettings changed);

private:
    Database& m_db;
};

} // namespace tollgate
