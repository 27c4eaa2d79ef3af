// Console responsiveness on a large workspace: the time from launch to a
// usable Clients tab (database opened, window built, first page of clients
// shown), and the time one search keystroke takes (the query and the model
// reset), typed character by character. Not a test: run it with
//   QT_QPA_PLATFORM=offscreen build/bench/bench_console --db PATH_OR_URL
// on a database loaded by bench_storage --database (100,000 clients).
#include "ClientTableModel.h"
#include "ClientsPage.h"
#include "MainWindow.h"
#include "SecureClipboard.h"

#include <QApplication>
#include <QClipboard>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTextStream>

#include <algorithm>

using namespace tollgate;

int main(int argc, char* argv[])
{
    QElapsedTimer launch;
    launch.start();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("db"), QStringLiteral("Database URL."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("search"),
                      QStringLiteral("Text to type into the search field."), QStringLiteral("TEXT"),
                      QStringLiteral("Client 054321")});
    parser.process(app);
    QTextStream out(stdout);
    auto url = DatabaseUrl::parse(parser.value(QStringLiteral("db")));
    if (!url) {
        out << url.error().toString() << '\n';
        return 1;
    }
    auto db = Database::open(*url, Database::OpenMode::MustExist);
    if (!db) {
        out << db.error().toString() << '\n';
        return 1;
    }
    ui::SecureClipboard clipboard(QApplication::clipboard());
    ui::MainWindow window(**db, clipboard);
    window.show();
    QApplication::processEvents();
    const double launchMs = launch.nsecsElapsed() / 1e6;
    ui::ClientsPage* page = window.clientsPage();
    const qint64 clients = page->model()->totalCount();

    auto* search = page->findChild<QLineEdit*>(QStringLiteral("clientSearchEdit"));
    const QString text = parser.value(QStringLiteral("search"));
    QList<double> keystrokes;
    for (qsizetype i = 1; i <= text.size(); ++i) {
        QElapsedTimer t;
        t.start();
        search->setText(text.left(i)); // what one keystroke does: query and reset
        QApplication::processEvents();
        keystrokes.append(t.nsecsElapsed() / 1e6);
    }
    std::sort(keystrokes.begin(), keystrokes.end());
    out << "clients in the workspace: " << clients << '\n'
        << "launch to usable Clients tab: " << QString::number(launchMs, 'f', 1) << " ms\n"
        << "search keystroke (" << keystrokes.size() << " typed): median "
        << QString::number(keystrokes[keystrokes.size() / 2], 'f', 1) << " ms, max "
        << QString::number(keystrokes.last(), 'f', 1) << " ms\n"
        << "matches for \"" << text << "\": " << page->model()->totalCount() << '\n';
    return 0;
}
