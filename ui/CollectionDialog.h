#pragma once

#include "Domain.h"

#include <QDialog>

#include <memory>

namespace Ui {
class CollectionDialog;
}

namespace tollgate::ui {

// Create or edit an API collection, with the live <prefix>/<path>/<version>
// preview; validated by the core as typed.
class CollectionDialog : public QDialog {
    Q_OBJECT

public:
    CollectionDialog(const Collection& collection, const QString& pathPrefix,
                     QWidget* parent = nullptr);
    ~CollectionDialog() override;

    Collection collection() const;
    void showError(const QString& field, const QString& message);

private:
    void validate();

    std::unique_ptr<Ui::CollectionDialog> m_ui;
    Collection m_collection;
    QString m_prefix;
};

} // namespace tollgate::ui
