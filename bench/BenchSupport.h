#pragma once

#include "DatabaseUrl.h"
#include "Domain.h"

#include <QTextStream>

#include <functional>

class QCommandLineParser;

namespace tollgate {
class Database;
class RandomSource;
} // namespace tollgate

namespace tollgate::bench {

// Where the benchmarks print their tables.
QTextStream& out();

// The first column of every row the statement yields (nothing on an error).
QList<QVariant> column(Database& db, const QString& sql);

// Collection i: "Collection i" at path "ci". Its id.
Result<qint64> createCollection(Database& db, int i);

// The record of a newly generated key: its digest and hint, never the key.
ApiKeyRecord newKeyRecord(RandomSource& random);

// The --backend and --database options every storage benchmark takes.
void addBackendOptions(QCommandLineParser& parser);

// What a storage benchmark does on each database.
struct Steps {
    std::function<Result<bool>(Database&)> loaded; // has its data already (--database)
    std::function<Status(Database&)> load;
    std::function<void(Database&)> measure;
};

// Runs the steps on each backend the options choose: the database given with
// --database (kept, and loaded only when it has no data yet), or a throwaway
// SQLite file and, when TOLLGATE_TEST_PG names a server, a throwaway
// PostgreSQL database (created and dropped). Returns the process exit code.
int forEachBackend(const QCommandLineParser& parser, const Steps& steps);

} // namespace tollgate::bench
