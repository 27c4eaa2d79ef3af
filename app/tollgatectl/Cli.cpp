#include "Cli.h"

#include "Command.h"
#include "DatabaseUrl.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace tollgate::ctl {

namespace {

QList<Command> allCommands()
{
    QList<Command> all;
    all += workspaceCommands();
    all += collectionCommands();
    all += clientCommands();
    all += profileCommands();
    all += auditCommands();
    all += usageCommands();
    all += shareCommands();
    all += reportCommands();
    return all;
}

QList<QCommandLineOption> globalOptions()
{
    return {option(QStringLiteral("db"),
                   QStringLiteral("Database URL: a file path, sqlite:///abs/path.db or "
                                  "postgresql://user:pass@host:port/dbname. Default: $TOLLGATE_DB, "
                                  "else a file in the user's data directory."),
                   QStringLiteral("URL")),
            option(QStringLiteral("json"), QStringLiteral("Print results (and errors) as JSON."))};
}

QString overview(const QList<Command>& commands)
{
    QString text = QStringLiteral(
        "Usage: tollgatectl [--db URL] [--json] COMMAND [options]\n\n"
        "Manages a Tollgate workspace: API collections, clients, access profiles and keys.\n\n"
        "Commands:\n");
    for (const Command& c : commands)
        text += QStringLiteral("  %1%2\n").arg(c.name().leftJustified(26), c.summary);
    text += QStringLiteral("\nGlobal options:\n"
                           "  --db URL   database (default: $TOLLGATE_DB, else %1)\n"
                           "  --json     JSON output\n\n"
                           "\"tollgatectl COMMAND --help\" lists a command's options.\n"
                           "Exit codes: 0 done, 1 bad usage, 2 invalid input, 3 not found, "
                           "4 conflict, 5 database error.\n")
                .arg(DatabaseUrl::defaultSqlitePath());
    return text;
}

int exitCode(const Error& e) { return static_cast<int>(e.kind()); }

} // namespace

int run(const QStringList& arguments)
{
    const QList<Command> commands = allCommands();

    // First pass: global options, then everything from the command word on is positional.
    QCommandLineParser first;
    first.addOptions(globalOptions());
    first.addHelpOption();
    first.addVersionOption();
    first.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const bool wantsJson = arguments.contains(QStringLiteral("--json"));
    Output early(wantsJson);
    if (!first.parse(arguments)) {
        early.error(Error(ErrorKind::Usage, {}, first.errorText()));
        return 1;
    }
    if (first.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << "tollgatectl " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    const QStringList words = first.positionalArguments();
    if (words.isEmpty() || first.isSet(QStringLiteral("help"))) {
        QTextStream(words.isEmpty() && !first.isSet(QStringLiteral("help")) ? stderr : stdout)
            << overview(commands);
        return first.isSet(QStringLiteral("help")) ? 0 : 1;
    }

    const Command* command = nullptr;
    for (const Command& c : commands) {
        if (c.noun != words.value(0))
            continue;
        if (c.verb.isEmpty() || c.verb == words.value(1)) {
            command = &c;
            break;
        }
    }
    if (!command) {
        early.error(Error(ErrorKind::Usage, {},
                          QStringLiteral("unknown command \"%1\"; see tollgatectl --help")
                              .arg(words.mid(0, 2).join(QLatin1Char(' ')))));
        return 1;
    }

    // Second pass: the command's own options (global ones may come anywhere).
    QCommandLineParser parser;
    parser.addOptions(globalOptions());
    parser.addOptions(command->options);
    parser.addHelpOption();
    const int words_ = command->verb.isEmpty() ? 1 : 2;
    if (!parser.parse(arguments)) {
        early.error(Error(ErrorKind::Usage, {}, parser.errorText()));
        return 1;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.setApplicationDescription(command->summary);
        QString help = parser.helpText();
        help.replace(QStringLiteral("[options]"), command->name() + QStringLiteral(" [options]"));
        QTextStream(stdout) << help;
        return 0;
    }
    if (parser.positionalArguments().size() != words_) {
        early.error(Error(ErrorKind::Usage, {},
                          QStringLiteral("unexpected argument \"%1\" after \"%2\"")
                              .arg(parser.positionalArguments().value(words_), command->name())));
        return 1;
    }

    Output out(parser.isSet(QStringLiteral("json")));
    auto url = DatabaseUrl::resolve(parser.value(QStringLiteral("db")));
    if (!url) {
        out.error(url.error());
        return exitCode(url.error());
    }
    auto db = Database::open(*url, command->openMode);
    if (!db) {
        out.error(db.error());
        return exitCode(db.error());
    }
    SystemRandom random;
    Context context{parser, out, **db, random};
    const Status status = command->run(context);
    if (!status) {
        out.error(status.error());
        return exitCode(status.error());
    }
    return 0;
}

} // namespace tollgate::ctl
