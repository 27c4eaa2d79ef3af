#include "EndpointDialog.h"

#include "Theme.h"
#include "Validation.h"
#include "ui_EndpointDialog.h"

#include <QPushButton>

namespace tollgate::ui {

EndpointDialog::EndpointDialog(const Endpoint& endpoint, const QString& urlBase, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::EndpointDialog>())
    , m_endpoint(endpoint)
    , m_urlBase(urlBase)
{
    m_ui->setupUi(this);
    Theme::markAsError(m_ui->errorLabel);
    QPushButton* submit = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    submit->setObjectName(QStringLiteral("submitButton"));
    submit->setText(endpoint.id ? tr("Save") : tr("Create endpoint"));
    m_ui->methodCombo->addItems(validate::httpMethods());
    if (endpoint.id) {
        setWindowTitle(tr("Edit Endpoint"));
        m_ui->endpointNameEdit->setText(endpoint.name);
        m_ui->methodCombo->setCurrentText(endpoint.method);
        m_ui->endpointPathEdit->setText(endpoint.path);
        m_ui->upstreamRadio->setChecked(endpoint.target == TargetKind::Upstream);
        m_ui->mockRadio->setChecked(endpoint.target == TargetKind::Mock);
        m_ui->upstreamUrlEdit->setText(endpoint.upstreamUrl);
        m_ui->timeoutSpin->setValue(endpoint.timeoutSeconds);
        m_ui->mockStatusSpin->setValue(endpoint.mockStatus);
        m_ui->mockContentTypeEdit->setText(endpoint.mockContentType);
        m_ui->mockBodyEdit->setPlainText(endpoint.mockBody);
        m_ui->activeCheck->setChecked(endpoint.active);
    }
    for (QLineEdit* edit : {m_ui->endpointNameEdit, m_ui->endpointPathEdit, m_ui->upstreamUrlEdit,
                            m_ui->mockContentTypeEdit})
        connect(edit, &QLineEdit::textChanged, this, &EndpointDialog::validate);
    connect(m_ui->mockBodyEdit, &QPlainTextEdit::textChanged, this, &EndpointDialog::validate);
    connect(m_ui->upstreamRadio, &QRadioButton::toggled, this, &EndpointDialog::validate);
    connect(m_ui->methodCombo, &QComboBox::currentIndexChanged, this, &EndpointDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

EndpointDialog::~EndpointDialog() = default;

Endpoint EndpointDialog::collect() const
{
    Endpoint e = m_endpoint;
    e.name = m_ui->endpointNameEdit->text();
    e.method = m_ui->methodCombo->currentText();
    e.path = m_ui->endpointPathEdit->text();
    e.target = m_ui->upstreamRadio->isChecked() ? TargetKind::Upstream : TargetKind::Mock;
    e.upstreamUrl = m_ui->upstreamUrlEdit->text();
    e.timeoutSeconds = m_ui->timeoutSpin->value();
    e.mockStatus = m_ui->mockStatusSpin->value();
    e.mockContentType = m_ui->mockContentTypeEdit->text();
    e.mockBody = m_ui->mockBodyEdit->toPlainText();
    e.active = m_ui->activeCheck->isChecked();
    return e;
}

Endpoint EndpointDialog::endpoint() const
{
    Endpoint e = collect();
    (void)validate::endpoint(e);
    return e;
}

void EndpointDialog::showError(const QString& field, const QString& message)
{
    m_ui->errorLabel->setText(message.isEmpty() ? QString() : tr("%1: %2").arg(field, message));
}

void EndpointDialog::validate()
{
    const bool upstream = m_ui->upstreamRadio->isChecked();
    m_ui->upstreamUrlEdit->setEnabled(upstream);
    m_ui->timeoutSpin->setEnabled(upstream);
    for (QWidget* w : {static_cast<QWidget*>(m_ui->mockStatusSpin),
                       static_cast<QWidget*>(m_ui->mockContentTypeEdit),
                       static_cast<QWidget*>(m_ui->mockBodyEdit)})
        w->setEnabled(!upstream);
    Endpoint e = collect();
    const Status status = validate::endpoint(e);
    m_ui->urlPreviewLabel->setText(m_urlBase + QLatin1Char('/') + e.path);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(status.ok());
    const bool untouched =
        !m_ui->endpointNameEdit->isModified() && !m_ui->endpointPathEdit->isModified();
    showError(status.ok() || untouched ? QString() : status.error().field(),
              status.ok() || untouched ? QString() : status.error().message());
}

} // namespace tollgate::ui
