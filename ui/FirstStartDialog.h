#pragma once

#include "Database.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace tollgate::ui {

// First start on an empty workspace: either the path prefix, explained (it is
// part of every URL and can never be changed) and checked as it is typed, or
// the HR operations demo workspace. Accepting sets the workspace up; on a
// failure the dialog stays open with the reason.
class FirstStartDialog : public QDialog {
    Q_OBJECT

public:
    explicit FirstStartDialog(Database& db, QWidget* parent = nullptr);

    void accept() override;

private:
    void updateState();

    Database& m_db;
    QRadioButton* m_own;
    QRadioButton* m_demo;
    QLineEdit* m_prefix;
    QLabel* m_preview;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace tollgate::ui
