#pragma once

#include <QStringList>

namespace tollgate::ctl {

// Parses "tollgatectl [--db URL] [--json] NOUN VERB [options]", opens the
// database and runs the command. Returns the exit code: 0 done, 1 bad usage,
// 2 invalid input, 3 not found, 4 conflict, 5 database unavailable or failing.
int run(const QStringList& arguments);

} // namespace tollgate::ctl
