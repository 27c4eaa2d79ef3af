#pragma once

#include "Database.h"

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace tollgate::ui {

class ClientsPage;
class LocalGateway;
class SettingsPage;
class SecureClipboard;

// The console's window: Tools > API Management (the start screen), the
// status bar with the database in use and the clipboard countdown.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(Database& db, SecureClipboard& clipboard, QWidget* parent = nullptr);
    ClientsPage* clientsPage() const { return m_clients; }
    LocalGateway* localGateway() const { return m_gateway; }
    // Shows on the Settings tab why switching to another database did not happen.
    void reportSwitchProblem(const QString& problem);

signals:
    // From the Settings tab: whoever owns the database opens this one instead.
    void databaseSwitchRequested(const tollgate::DatabaseUrl& url);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QTabWidget* m_tabs;
    ClientsPage* m_clients;
    QLabel* m_clipboardLabel;
    LocalGateway* m_gateway;
    SettingsPage* m_settings;
};

} // namespace tollgate::ui
