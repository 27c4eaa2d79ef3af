#pragma once

#include "Database.h"
#include "Domain.h"
#include "Output.h"
#include "RandomSource.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <functional>

namespace tollgate::ctl {

struct Context {
    const QCommandLineParser& args;
    Output& out;
    Database& db;
    RandomSource& random;

    // Option helpers: each turns a missing or malformed value into an Error.
    Result<QString> required(const QString& option) const;
    QString optional(const QString& option, const QString& fallback = {}) const;
    bool has(const QString& option) const { return args.isSet(option); }
    Result<int> integer(const QString& option, const QString& field, int min, int max) const;
    // A time bound: a date (UTC; as an upper bound it includes that day) or an
    // ISO date-time. Empty when the option is not given.
    Result<std::optional<qint64>> timeBound(const QString& option, bool upper) const;
    // The period named by --from and --to, [from, to): by default the 30 days
    // up to defaultToMs. Refused when --from is not before --to.
    Result<std::pair<qint64, qint64>> period(qint64 defaultToMs) const;
    // The --expect-revision value; an Error when it is not a whole number.
    Result<std::optional<qint64>> expectedRevision() const;
    // Replaces revision with the --expect-revision value, when one is given.
    Status applyExpectedRevision(qint64& revision) const;
    // Writes to the file named by --output (owner-only, replaced atomically),
    // or to standard output without it or with "-".
    Status writeOutput(const QByteArray& bytes, const QString& what) const;
};

struct Command {
    QString noun;
    QString verb; // empty for one-word commands (init, demo, export, import)
    QString summary;
    QList<QCommandLineOption> options;
    Database::OpenMode openMode = Database::OpenMode::MustExist;
    std::function<Status(Context&)> run;

    QString name() const { return verb.isEmpty() ? noun : noun + QLatin1Char(' ') + verb; }
};

QCommandLineOption option(const QString& name, const QString& description,
                          const QString& valueName = {});
QCommandLineOption expectRevisionOption();
// The client named by --client.
Result<Client> optionClient(Context& c);
// The access profile named by --client and --name.
Result<AccessProfile> namedProfile(Context& c);

// The command tables, one per noun family.
QList<Command> workspaceCommands();  // init, settings, demo, export, import
QList<Command> collectionCommands(); // collection, endpoint
QList<Command> clientCommands();
QList<Command> profileCommands(); // profile, key
QList<Command> auditCommands();
QList<Command> usageCommands();
QList<Command> shareCommands();  // export-postman
QList<Command> reportCommands(); // report (needs a QGuiApplication for PDF)

} // namespace tollgate::ctl
