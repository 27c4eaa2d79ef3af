#pragma once

#include "Database.h"
#include "Domain.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace tollgate::ui {

class LocalGateway;
class SecureClipboard;

// The Settings tab: the path prefix (read-only once set), the gateway base
// URL and review interval (workspace settings, saved through the core with a
// revision check), the clipboard clear time (this console's preference) and
// the database in use.
class SettingsPage : public QWidget {
    Q_OBJECT

public:
    SettingsPage(Database& db, SecureClipboard& clipboard, LocalGateway& gateway,
                 QWidget* parent = nullptr);

public slots:
    void reload();
    void save();
    void startGateway();

private:
    Database& m_db;
    SecureClipboard& m_clipboard;
    LocalGateway& m_gateway;
    WorkspaceSettings m_settings;
    QLabel* m_prefix;
    QLineEdit* m_gatewayUrl;
    QSpinBox* m_reviewInterval;
    QSpinBox* m_clipboardDelay;
    QLabel* m_status;
    QLabel* m_gatewayState;
};

} // namespace tollgate::ui
