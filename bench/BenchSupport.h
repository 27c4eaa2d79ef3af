#pragma once

#include "DatabaseUrl.h"

#include <QTextStream>

#include <functional>

class QCommandLineParser;

namespace tollgate::bench {

// Where the benchmarks print their tables.
QTextStream& out();

// The --backend and --database options every storage benchmark takes.
void addBackendOptions(QCommandLineParser& parser);

// Runs `run` on each backend the options choose: the database given with
// --database (kept), or a throwaway SQLite file and, when TOLLGATE_TEST_PG
// names a server, a throwaway PostgreSQL database (created and dropped).
// Returns the process exit code.
int forEachBackend(const QCommandLineParser& parser,
                   const std::function<void(const QString& label, const DatabaseUrl& url)>& run);

} // namespace tollgate::bench
