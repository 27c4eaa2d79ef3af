#pragma once

#include "Database.h"

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace tollgate::ui {

class ClientsPage;
class LocalGateway;
class SecureClipboard;

// The console's window: Tools > API Management (the start screen), the
// status bar with the database in use and the clipboard countdown.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(Database& db, SecureClipboard& clipboard, QWidget* parent = nullptr);
    ClientsPage* clientsPage() const { return m_clients; }
    LocalGateway* localGateway() const { return m_gateway; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QTabWidget* m_tabs;
    ClientsPage* m_clients;
    QLabel* m_clipboardLabel;
    LocalGateway* m_gateway;
};

} // namespace tollgate::ui
