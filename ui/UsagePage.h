#pragma once

#include "Database.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace tollgate::ui {

class UsagePanel;

// The Usage tab: the usage of everything, of one client (by its exact name), or
// of one of its profiles, in a UsagePanel.
class UsagePage : public QWidget {
    Q_OBJECT

public:
    explicit UsagePage(Database& db, QWidget* parent = nullptr);
    UsagePanel* panel() const { return m_panel; }

private:
    void applyClient();

    Database& m_db;
    QLineEdit* m_client;
    QComboBox* m_profile;
    QLabel* m_scope;
    UsagePanel* m_panel;
    qint64 m_clientId = 0;
};

} // namespace tollgate::ui
