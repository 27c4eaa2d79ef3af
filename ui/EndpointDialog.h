#pragma once

#include "Domain.h"

#include <QDialog>

#include <memory>

namespace Ui {
class EndpointDialog;
}

namespace tollgate::ui {

// Create or edit an endpoint: name, method, path (with the full URL shown as
// typed) and its target, an upstream URL with a timeout or a mock response.
class EndpointDialog : public QDialog {
    Q_OBJECT

public:
    // urlBase: "<gateway base URL>/<prefix>/<collection path>/<version>".
    EndpointDialog(const Endpoint& endpoint, const QString& urlBase, QWidget* parent = nullptr);
    ~EndpointDialog() override;

    Endpoint endpoint() const;
    void showError(const QString& field, const QString& message);

private:
    Endpoint collect() const;
    void validate();

    std::unique_ptr<Ui::EndpointDialog> m_ui;
    Endpoint m_endpoint;
    QString m_urlBase;
};

} // namespace tollgate::ui
