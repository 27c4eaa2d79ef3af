#pragma once

#include "Database.h"

#include <QObject>

#include <memory>

namespace tollgate::ui {

class MainWindow;
class SecureClipboard;

// The console's open database and its main window. Opening asks the
// first-start questions on an empty workspace; switching (from the Settings
// tab) opens and sets up the new database first and replaces the window only
// when that worked, so a failed or cancelled switch leaves everything as it was.
class ConsoleSession : public QObject {
    Q_OBJECT

public:
    explicit ConsoleSession(SecureClipboard& clipboard, QObject* parent = nullptr);
    ~ConsoleSession() override;

    // True: the window is shown on the database. False: the administrator
    // cancelled the first start. An error: nothing changed.
    Result<bool> open(const DatabaseUrl& url);

    MainWindow* window() const { return m_window.get(); }
    Database* database() const { return m_db.get(); }

signals:
    // After a switch from the Settings tab, successful or not.
    void switchFinished(bool switched, const QString& problem);

private:
    void switchTo(const DatabaseUrl& url);

    SecureClipboard& m_clipboard;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace tollgate::ui
