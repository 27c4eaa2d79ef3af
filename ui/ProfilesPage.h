#pragma once

#include "Database.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace tollgate::ui {

class ProfileTableModel;

// The Access Profiles tab: every profile of every client, for audits, with
// filters by client, by collection ("who can call collection X?") and review due.
class ProfilesPage : public QWidget {
    Q_OBJECT

public:
    ProfilesPage(Database& db, int reviewIntervalDays, QWidget* parent = nullptr);
    ProfileTableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }

public slots:
    void reload();

private:
    void applyFilter();

    Database& m_db;
    ProfileTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_client;
    QComboBox* m_collection;
    QCheckBox* m_reviewDue;
    QLabel* m_message;
    QTableView* m_view;
};

} // namespace tollgate::ui
