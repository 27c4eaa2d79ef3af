#pragma once

#include "Domain.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ClientDialog;
}

namespace tollgate::ui {

// Create or edit a client: the name is validated by the core as it is typed,
// the reason is shown beside the field, and Submit stays disabled until it is valid.
class ClientDialog : public QDialog {
    Q_OBJECT

public:
    explicit ClientDialog(const Client& client, QWidget* parent = nullptr);
    ~ClientDialog() override;

    // The client as entered, normalised by the core's validation.
    Client client() const;
    // Shows an error from saving (a duplicate name, say) beside its field.
    void showError(const QString& field, const QString& message);

private:
    void validate();

    std::unique_ptr<Ui::ClientDialog> m_ui;
    Client m_client;
};

} // namespace tollgate::ui
