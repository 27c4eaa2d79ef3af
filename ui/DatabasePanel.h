#pragma once

#include "DatabaseUrl.h"

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;

namespace tollgate::ui {

// The Settings tab's database section: the database in use, and switching to
// another (a SQLite file or a PostgreSQL URL) after a connection test. The
// test runs on a worker thread, so an unreachable server never freezes the
// window; switching is left to whoever owns the database (switchRequested).
class DatabasePanel : public QGroupBox {
    Q_OBJECT

public:
    DatabasePanel(const DatabaseUrl& current, QWidget* parent = nullptr);
    ~DatabasePanel() override;

    bool testRunning() const { return m_testRunning; }

public slots:
    void testConnection();
    void requestSwitch();
    void showProblem(const QString& text);

signals:
    void switchRequested(const tollgate::DatabaseUrl& url);
    void testFinished(bool ok, const QString& text);

private:
    void browse();
    void showTestResult(bool ok, const QString& text);
    Result<DatabaseUrl> enteredUrl() const;

    QLineEdit* m_edit;
    QPushButton* m_test;
    QPushButton* m_switch;
    QLabel* m_result;
    bool m_testRunning = false;
    bool m_testPassed = false;
    QString m_testedText;
};

} // namespace tollgate::ui
