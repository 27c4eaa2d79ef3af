#pragma once

#include "AuditLog.h"
#include "Database.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

namespace tollgate::ui {

// The Audit Log tab: the newest events (filter by actor, action family and
// object), a details pane with the before and after values, Verify integrity,
// and export to CSV.
class AuditPage : public QWidget {
    Q_OBJECT

public:
    // Asks where to save; a seam so tests never block on a file dialog.
    using SavePath = std::function<QString(QWidget*)>;

    explicit AuditPage(Database& db, QWidget* parent = nullptr);
    void setSavePath(SavePath savePath) { m_savePath = std::move(savePath); }

public slots:
    void reload();
    void verify();
    void exportCsv();

private:
    AuditFilter filter() const;
    void showDetails();

    Database& m_db;
    QLineEdit* m_actor;
    QComboBox* m_action;
    QLineEdit* m_object;
    QTableWidget* m_table;
    QPlainTextEdit* m_before;
    QPlainTextEdit* m_after;
    QLabel* m_status;
    QList<AuditEvent> m_events;
    SavePath m_savePath;
};

} // namespace tollgate::ui
