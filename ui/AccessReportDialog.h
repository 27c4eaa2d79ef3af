#pragma once

#include "Database.h"
#include "ExportFile.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;

namespace tollgate::ui {

// Exports the access report for a period as CSV or PDF. The report is read on
// its own connection off the UI thread; the file is written owner-only, whole.
class AccessReportDialog : public QDialog {
    Q_OBJECT

public:
    explicit AccessReportDialog(Database& db, QWidget* parent = nullptr);
    void setSavePath(SavePath savePath) { m_savePath = std::move(savePath); }

public slots:
    void exportReport();

signals:
    // After an export, successful or not; the text is what the dialog shows.
    void finished(bool ok, const QString& text);

private:
    void done(bool ok, const QString& text);

    Database& m_db;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QComboBox* m_format;
    QPushButton* m_export;
    QLabel* m_status;
    SavePath m_savePath;
};

} // namespace tollgate::ui
