#pragma once

#include "Domain.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ProfileDialog;
}

namespace tollgate::ui {

// Create or edit an access profile: name, the collections it may call
// (checkable, filterable, select all), and the advanced settings. Every field
// is validated by the core as it changes; Submit stays disabled while anything
// is invalid and the first problem is shown beside its field.
class ProfileDialog : public QDialog {
    Q_OBJECT

public:
    ProfileDialog(const AccessProfile& profile, const QList<Collection>& collections,
                  QWidget* parent = nullptr);
    ~ProfileDialog() override;

    // The profile as entered; only meaningful while the dialog is valid.
    AccessProfile profile() const;
    bool isValid() const;
    void showError(const QString& field, const QString& message);

private:
    Result<AccessProfile> collect() const;
    void validate();
    void filterCollections(const QString& text);

    std::unique_ptr<Ui::ProfileDialog> m_ui;
    AccessProfile m_profile;
};

} // namespace tollgate::ui
