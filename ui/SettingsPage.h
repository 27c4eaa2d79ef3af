#pragma once

#include "Database.h"
#include "Domain.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tollgate::ui {

class DatabasePanel;
class LocalGateway;
class SecureClipboard;

// The Settings tab: the path prefix (read-only once set), the gateway base
// URL and review interval (workspace settings, saved through the core with a
// revision check), the clipboard clear time and language (this console's
// preferences), the local gateway, and the database in use with switching to
// another.
class SettingsPage : public QWidget {
    Q_OBJECT

public:
    SettingsPage(Database& db, SecureClipboard& clipboard, LocalGateway& gateway,
                 QWidget* parent = nullptr);

public slots:
    void reload();
    void save();
    void startGateway();
    void reportSwitchProblem(const QString& problem);

signals:
    // The administrator tested another database and asked to switch to it.
    void databaseSwitchRequested(const tollgate::DatabaseUrl& url);

private:
    Database& m_db;
    SecureClipboard& m_clipboard;
    LocalGateway& m_gateway;
    WorkspaceSettings m_settings;
    QLabel* m_prefix;
    QLineEdit* m_gatewayUrl;
    QSpinBox* m_reviewInterval;
    QSpinBox* m_clipboardDelay;
    QComboBox* m_language;
    DatabasePanel* m_database;
    QLabel* m_status;
    QLabel* m_gatewayState;
};

} // namespace tollgate::ui
