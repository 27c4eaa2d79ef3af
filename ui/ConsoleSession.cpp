#include "ConsoleSession.h"

#include "ConsoleSettings.h"
#include "FirstStartDialog.h"
#include "MainWindow.h"
#include "WorkspaceTransfer.h"

#include <QTimer>

namespace tollgate::ui {

ConsoleSession::ConsoleSession(SecureClipboard& clipboard, QObject* parent)
    : QObject(parent)
    , m_clipboard(clipboard)
{
}

// The window refers to the database: it goes first.
ConsoleSession::~ConsoleSession() { m_window.reset(); }

Result<bool> ConsoleSession::open(const DatabaseUrl& url)
{
    auto db = Database::open(url, Database::OpenMode::CreateIfMissing);
    if (!db)
        return db.error();
    auto empty = WorkspaceTransfer::isEmpty(**db);
    if (!empty)
        return empty.error();
    if (*empty) {
        FirstStartDialog setup(**db, m_window.get());
        if (setup.exec() != QDialog::Accepted)
            return false;
    }
    auto window = std::make_unique<MainWindow>(**db, m_clipboard);
    connect(window.get(), &MainWindow::databaseSwitchRequested, this,
            [this](const DatabaseUrl& next) {
                // Not inside the Settings tab's click: that tab is about to go.
                QTimer::singleShot(0, this, [this, next] { switchTo(next); });
            });
    // The old window goes before the database it shows.
    m_window = std::move(window);
    m_db = std::move(*db);
    m_window->show();
    return true;
}

void ConsoleSession::switchTo(const DatabaseUrl& url)
{
    const QByteArray geometry = m_window ? m_window->saveGeometry() : QByteArray();
    auto opened = open(url);
    if (!opened || !*opened) {
        // Nothing changed; the Settings tab says why.
        const QString problem =
            opened ? tr("Setting up %1 was cancelled.").arg(url.displayName())
                   : tr("Tollgate stays on %1: %2")
                         .arg(m_db->url().displayName(), opened.error().toString());
        if (m_window)
            m_window->reportSwitchProblem(problem);
        emit switchFinished(false, problem);
        return;
    }
    if (!geometry.isEmpty())
        m_window->restoreGeometry(geometry);
    ConsoleSettings::setDatabaseUrl(url.displayName());
    emit switchFinished(true, QString());
}

} // namespace tollgate::ui
