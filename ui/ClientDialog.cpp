#include "ClientDialog.h"

#include "Theme.h"
#include "Validation.h"
#include "ui_ClientDialog.h"

#include <QPushButton>

namespace tollgate::ui {

ClientDialog::ClientDialog(const Client& client, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ClientDialog>())
    , m_client(client)
{
    m_ui->setupUi(this);
    Theme::markAsError(m_ui->nameErrorLabel);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("submitButton"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)
        ->setText(client.id ? tr("Save") : tr("Create client"));
    if (client.id)
        setWindowTitle(tr("Edit Client"));
    m_ui->clientNameEdit->setText(client.name);
    m_ui->clientDescriptionEdit->setPlainText(client.description);
    connect(m_ui->clientNameEdit, &QLineEdit::textChanged, this, &ClientDialog::validate);
    connect(m_ui->clientDescriptionEdit, &QPlainTextEdit::textChanged, this,
            &ClientDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

ClientDialog::~ClientDialog() = default;

Client ClientDialog::client() const
{
    Client c = m_client;
    c.name = m_ui->clientNameEdit->text();
    c.description = m_ui->clientDescriptionEdit->toPlainText();
    (void)validate::client(c); // normalises; errors are shown while typing
    return c;
}

void ClientDialog::showError(const QString& field, const QString& message)
{
    m_ui->nameErrorLabel->setText(
        field == QLatin1String("description") ? tr("Description: %1").arg(message) : message);
}

void ClientDialog::validate()
{
    Client c = m_client;
    c.name = m_ui->clientNameEdit->text();
    c.description = m_ui->clientDescriptionEdit->toPlainText();
    const Status status = validate::client(c);
    // An empty name before anything was typed is not yet an error worth showing.
    const bool untouched =
        m_ui->clientNameEdit->text().isEmpty() && !m_ui->clientNameEdit->isModified();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(status.ok());
    if (status.ok() || untouched)
        m_ui->nameErrorLabel->clear();
    else
        showError(status.error().field(), status.error().message());
}

} // namespace tollgate::ui
