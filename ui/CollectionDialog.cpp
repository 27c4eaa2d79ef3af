#include "CollectionDialog.h"

#include "Theme.h"
#include "Validation.h"
#include "ui_CollectionDialog.h"

#include <QPushButton>

namespace tollgate::ui {

CollectionDialog::CollectionDialog(const Collection& collection, const QString& pathPrefix,
                                   QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::CollectionDialog>())
    , m_collection(collection)
    , m_prefix(pathPrefix)
{
    m_ui->setupUi(this);
    Theme::markAsError(m_ui->errorLabel);
    QPushButton* submit = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    submit->setObjectName(QStringLiteral("submitButton"));
    submit->setText(collection.id ? tr("Save") : tr("Create collection"));
    if (collection.id) {
        setWindowTitle(tr("Edit API Collection"));
        m_ui->collectionNameEdit->setText(collection.name);
        m_ui->collectionPathEdit->setText(collection.path);
        m_ui->collectionVersionEdit->setText(collection.version);
        m_ui->collectionDescriptionEdit->setPlainText(collection.description);
    }
    for (QLineEdit* edit :
         {m_ui->collectionNameEdit, m_ui->collectionPathEdit, m_ui->collectionVersionEdit})
        connect(edit, &QLineEdit::textChanged, this, &CollectionDialog::validate);
    connect(m_ui->collectionDescriptionEdit, &QPlainTextEdit::textChanged, this,
            &CollectionDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

CollectionDialog::~CollectionDialog() = default;

Collection CollectionDialog::collection() const
{
    Collection c = m_collection;
    c.name = m_ui->collectionNameEdit->text();
    c.path = m_ui->collectionPathEdit->text();
    c.version = m_ui->collectionVersionEdit->text();
    c.description = m_ui->collectionDescriptionEdit->toPlainText();
    (void)validate::collection(c);
    return c;
}

void CollectionDialog::showError(const QString& field, const QString& message)
{
    static const QHash<QString, const char*> labels{
        {QStringLiteral("name"), QT_TR_NOOP("Name")},
        {QStringLiteral("path"), QT_TR_NOOP("Path")},
        {QStringLiteral("version"), QT_TR_NOOP("Version")},
        {QStringLiteral("description"), QT_TR_NOOP("Description")}};
    m_ui->errorLabel->setText(
        message.isEmpty() ? QString() : tr("%1: %2").arg(tr(labels.value(field, "Name")), message));
}

void CollectionDialog::validate()
{
    Collection c = m_collection;
    c.name = m_ui->collectionNameEdit->text();
    c.path = m_ui->collectionPathEdit->text();
    c.version = m_ui->collectionVersionEdit->text();
    c.description = m_ui->collectionDescriptionEdit->toPlainText();
    m_ui->previewLabel->setText(
        QStringLiteral("%1/%2/%3").arg(m_prefix, c.path.trimmed(), c.version.trimmed()));
    const Status status = validate::collection(c);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(status.ok());
    const bool untouched =
        !m_ui->collectionNameEdit->isModified() && !m_ui->collectionPathEdit->isModified();
    showError(status.ok() || untouched ? QString() : status.error().field(),
              status.ok() || untouched ? QString() : status.error().message());
}

} // namespace tollgate::ui
