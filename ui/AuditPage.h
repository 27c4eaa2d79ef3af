#pragma once

#include "AuditLog.h"
#include "Database.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace tollgate::ui {

// The Audit Log tab: the newest events (filter by time range, actor, action
// family, object type, object and any text), a details pane with what changed
// field by field and the before and after values, Verify integrity,
// and export to CSV (both on their own connection, off the UI thread).
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

signals:
    // A verification or export (both run off the UI thread) has finished.
    void finished();

private:
    AuditFilter filter() const;
    void showDetails();
    // Shows text with a busy bar and disables verify/export; empty text ends that.
    void setBusy(const QString& text);

    Database& m_db;
    QLineEdit* m_actor;
    QComboBox* m_action;
    QLineEdit* m_object;
    QComboBox* m_type;
    QLineEdit* m_text;
    QCheckBox* m_fromOn;
    QDateEdit* m_from;
    QCheckBox* m_toOn;
    QDateEdit* m_to;
    QTableWidget* m_changes;
    QTableWidget* m_table;
    QPlainTextEdit* m_before;
    QPlainTextEdit* m_after;
    QLabel* m_status;
    QProgressBar* m_busy;
    QPushButton* m_verifyButton;
    QPushButton* m_exportButton;
    QList<AuditEvent> m_events;
    SavePath m_savePath;
};

} // namespace tollgate::ui
