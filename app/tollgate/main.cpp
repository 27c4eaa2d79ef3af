// tollgate: the console. Wiring only: open the database, first-start setup,
// the main window and the secure clipboard.
#include "DatabaseUrl.h"
#include "DemoWorkspace.h"
#include "MainWindow.h"
#include "SecureClipboard.h"
#include "SettingsStore.h"
#include "Translations.h"
#include "WorkspaceTransfer.h"

#include <QApplication>
#include <QClipboard>
#include <QCommandLineParser>
#include <QInputDialog>
#include <QMessageBox>

using namespace tollgate;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tollgate"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tollgate"));
    QApplication::setApplicationVersion(QStringLiteral(TOLLGATE_VERSION));
    ui::installTranslations(app);

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(
        {QStringLiteral("db"), QStringLiteral("Database URL."), QStringLiteral("URL")});
    parser.process(app);

    auto url = DatabaseUrl::resolve(parser.value(QStringLiteral("db")));
    auto db = url ? Database::open(*url, Database::OpenMode::CreateIfMissing)
                  : Result<std::unique_ptr<Database>>(url.error());
    if (!db) {
        QMessageBox::critical(
            nullptr, QObject::tr("Tollgate"),
            QObject::tr("The database cannot be opened:\n%1").arg(db.error().toString()));
        return 5;
    }

    // First start: the path prefix, or the demo workspace.
    auto empty = WorkspaceTransfer::isEmpty(**db);
    if (empty && *empty) {
        const auto choice = QMessageBox::question(
            nullptr, QObject::tr("Set up your path prefix"),
            QObject::tr("This workspace is empty. Load the HR operations demo workspace "
                        "(path prefix \"demo\")?\n\nChoose No to set your own path prefix."),
            QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel);
        if (choice == QMessageBox::Cancel)
            return 0;
        if (choice == QMessageBox::Yes) {
            SystemRandom random;
            if (auto loaded = DemoWorkspace::load(**db, random); !loaded)
                QMessageBox::warning(nullptr, QObject::tr("Demo workspace"),
                                     loaded.error().toString());
        } else {
            for (;;) {
                bool ok = false;
                const QString prefix = QInputDialog::getText(
                    nullptr, QObject::tr("Set up your path prefix"),
                    QObject::tr("The path prefix appears in every URL of this workspace and can "
                                "never be changed.\nLetters, digits, '-' and '_':"),
                    QLineEdit::Normal, QString(), &ok);
                if (!ok)
                    return 0;
                auto set = SettingsStore(**db).initialise(prefix);
                if (set)
                    break;
                QMessageBox::warning(nullptr, QObject::tr("Path prefix"), set.error().message());
            }
        }
    }

    ui::SecureClipboard clipboard(QApplication::clipboard());
    QObject::connect(&app, &QApplication::aboutToQuit, &clipboard, &ui::SecureClipboard::clearNow);
    ui::MainWindow window(**db, clipboard);
    window.show();
    return app.exec();
}
