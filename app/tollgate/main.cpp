// tollgate: the console. Wiring only: the language, the database to open, the
// secure clipboard and the session that shows the main window.
#include "ConsoleSession.h"
#include "ConsoleSettings.h"
#include "DatabaseUrl.h"
#include "SecureClipboard.h"
#include "Translations.h"

#include <QApplication>
#include <QClipboard>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

#include <cstdio>

using namespace tollgate;

namespace {

// --lang comes before the parser (whose help is then translated too).
QString languageArgument(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg.startsWith(QLatin1String("--lang=")))
            return arg.mid(7);
        if (arg == QLatin1String("--lang") && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
    }
    return {};
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tollgate"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tollgate"));
    QApplication::setApplicationVersion(QStringLiteral(TOLLGATE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tollgate.svg")));
    const QString language = languageArgument(argc, argv);
    ui::installTranslations(app, language.isEmpty() ? ui::ConsoleSettings::language() : language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "The Tollgate console."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("db"),
                      QApplication::translate("main", "Database: a SQLite file or a PostgreSQL "
                                                      "URL (default: TOLLGATE_DB, then the one "
                                                      "chosen in Settings)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("lang"),
                      QApplication::translate("main", "Language of the console: en or de."),
                      QStringLiteral("CODE")});
    parser.process(app);
    if (!language.isEmpty() && !ui::availableLanguages().contains(language)) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate("main", "--lang: unknown language \"%1\"; "
                                                                "available: %2")
                                    .arg(language, ui::availableLanguages().join(u", "))));
        return 2;
    }

    // --db, then TOLLGATE_DB, then the database chosen in Settings, then the default file.
    QString wanted = parser.value(QStringLiteral("db"));
    if (wanted.isEmpty() && qEnvironmentVariableIsEmpty("TOLLGATE_DB"))
        wanted = ui::ConsoleSettings::databaseUrl();
    auto url = DatabaseUrl::resolve(wanted);

    ui::SecureClipboard clipboard(QApplication::clipboard());
    QObject::connect(&app, &QApplication::aboutToQuit, &clipboard, &ui::SecureClipboard::clearNow);
    ui::ConsoleSession session(clipboard);
    auto opened = url ? session.open(*url) : Result<bool>(url.error());
    if (!opened) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Tollgate"),
                              QApplication::translate("main", "The database cannot be opened:\n%1")
                                  .arg(opened.error().toString()));
        return 5;
    }
    if (!*opened)
        return 0; // the first start was cancelled
    return app.exec();
}
