#include "ProfileDialog.h"

#include "Theme.h"
#include "Validation.h"
#include "ui_ProfileDialog.h"

#include <QDateTime>
#include <QPushButton>
#include <QTimeZone>

namespace tollgate::ui {

ProfileDialog::ProfileDialog(const AccessProfile& profile, const QList<Collection>& collections,
                             QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ProfileDialog>())
    , m_profile(profile)
{
    m_ui->setupUi(this);
    for (QLabel* label :
         {m_ui->nameErrorLabel, m_ui->collectionsErrorLabel, m_ui->whitelistErrorLabel})
        Theme::markAsError(label);
    QPushButton* submit = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    submit->setObjectName(QStringLiteral("submitButton"));
    submit->setText(profile.id ? tr("Save") : tr("Create profile and key"));
    if (profile.id)
        setWindowTitle(tr("Edit Access Profile"));

    m_ui->rateIntervalCombo->addItem(tr("Per second"), QStringLiteral("second"));
    m_ui->rateIntervalCombo->addItem(tr("Per minute"), QStringLiteral("minute"));
    m_ui->rateIntervalCombo->addItem(tr("Per hour"), QStringLiteral("hour"));
    m_ui->rateIntervalCombo->setCurrentIndex(1);
    m_ui->quotaIntervalCombo->addItem(tr("Per day"), QStringLiteral("day"));
    m_ui->quotaIntervalCombo->addItem(tr("Per week"), QStringLiteral("week"));
    m_ui->quotaIntervalCombo->addItem(tr("Per month"), QStringLiteral("month"));
    m_ui->quotaIntervalCombo->addItem(tr("Per year"), QStringLiteral("year"));
    m_ui->quotaIntervalCombo->setCurrentIndex(2);
    m_ui->expiryDateEdit->setMinimumDate(QDate::currentDate().addDays(1));
    m_ui->expiryDateEdit->setDate(QDate::currentDate().addYears(1));

    for (const Collection& c : collections) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1  (%2/%3)").arg(c.name, c.path, c.version), m_ui->collectionsList);
        item->setData(Qt::UserRole, c.id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(profile.collectionIds.contains(c.id) ? Qt::Checked : Qt::Unchecked);
    }
    m_ui->profileNameEdit->setText(profile.name);
    if (profile.rateLimit) {
        m_ui->rateLimitCheck->setChecked(true);
        m_ui->rateCountSpin->setValue(int(profile.rateLimit->requests));
        m_ui->rateIntervalCombo->setCurrentIndex(int(profile.rateLimit->interval));
    }
    if (profile.quota) {
        m_ui->quotaCheck->setChecked(true);
        m_ui->quotaCountSpin->setValue(int(profile.quota->requests));
        m_ui->quotaIntervalCombo->setCurrentIndex(int(profile.quota->interval));
    }
    m_ui->whitelistEdit->setPlainText(
        ipWhitelistToStrings(profile.ipWhitelist).join(QLatin1Char('\n')));
    if (profile.expiresAt) {
        m_ui->expiryCheck->setChecked(true);
        m_ui->expiryDateEdit->setDate(
            QDateTime::fromMSecsSinceEpoch(*profile.expiresAt - 1, QTimeZone::utc()).date());
    }
    const bool advanced =
        profile.rateLimit || profile.quota || !profile.ipWhitelist.isEmpty() || profile.expiresAt;
    m_ui->advancedGroup->setChecked(advanced);
    const auto showAdvanced = [this](bool on) {
        for (QWidget* w : m_ui->advancedGroup->findChildren<QWidget*>())
            w->setVisible(on);
        m_ui->advancedGroup->setFlat(!on);
    };
    showAdvanced(advanced);
    connect(m_ui->advancedGroup, &QGroupBox::toggled, this, showAdvanced);

    connect(m_ui->profileNameEdit, &QLineEdit::textChanged, this, &ProfileDialog::validate);
    connect(m_ui->collectionsList, &QListWidget::itemChanged, this, &ProfileDialog::validate);
    connect(m_ui->collectionsFilterEdit, &QLineEdit::textChanged, this,
            &ProfileDialog::filterCollections);
    connect(m_ui->selectAllButton, &QPushButton::clicked, this, [this] {
        for (int i = 0; i < m_ui->collectionsList->count(); ++i)
            if (!m_ui->collectionsList->item(i)->isHidden())
                m_ui->collectionsList->item(i)->setCheckState(Qt::Checked);
    });
    for (QCheckBox* box : {m_ui->rateLimitCheck, m_ui->quotaCheck, m_ui->expiryCheck})
        connect(box, &QCheckBox::toggled, this, &ProfileDialog::validate);
    connect(m_ui->advancedGroup, &QGroupBox::toggled, this, &ProfileDialog::validate);
    connect(m_ui->whitelistEdit, &QPlainTextEdit::textChanged, this, &ProfileDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

ProfileDialog::~ProfileDialog() = default;

void ProfileDialog::filterCollections(const QString& text)
{
    for (int i = 0; i < m_ui->collectionsList->count(); ++i) {
        QListWidgetItem* item = m_ui->collectionsList->item(i);
        item->setHidden(!item->text().contains(text.trimmed(), Qt::CaseInsensitive));
    }
}

Result<AccessProfile> ProfileDialog::collect() const
{
    AccessProfile p = m_profile;
    p.name = m_ui->profileNameEdit->text();
    p.collectionIds.clear();
    for (int i = 0; i < m_ui->collectionsList->count(); ++i)
        if (m_ui->collectionsList->item(i)->checkState() == Qt::Checked)
            p.collectionIds.append(m_ui->collectionsList->item(i)->data(Qt::UserRole).toLongLong());
    const bool advanced = m_ui->advancedGroup->isChecked();
    p.rateLimit.reset();
    p.quota.reset();
    p.ipWhitelist.clear();
    p.expiresAt.reset();
    if (advanced && m_ui->rateLimitCheck->isChecked()) {
        auto rate = RateLimit::make(m_ui->rateCountSpin->value(),
                                    m_ui->rateIntervalCombo->currentData().toString());
        if (!rate)
            return rate.error();
        p.rateLimit = *rate;
    }
    if (advanced && m_ui->quotaCheck->isChecked()) {
        auto quota = Quota::make(m_ui->quotaCountSpin->value(),
                                 m_ui->quotaIntervalCombo->currentData().toString());
        if (!quota)
            return quota.error();
        p.quota = *quota;
    }
    if (advanced) {
        auto ranges = parseIpWhitelist(m_ui->whitelistEdit->toPlainText().split(QLatin1Char('\n')));
        if (!ranges)
            return ranges.error();
        p.ipWhitelist = *ranges;
    }
    if (advanced && m_ui->expiryCheck->isChecked()) {
        auto expiry = validate::expiry(m_ui->expiryDateEdit->date().toString(Qt::ISODate));
        if (!expiry)
            return expiry.error();
        p.expiresAt = *expiry;
    }
    const bool expiryChanged = p.expiresAt != m_profile.expiresAt;
    TG_TRY(validate::profile(p, expiryChanged ? std::optional(QDateTime::currentMSecsSinceEpoch())
                                              : std::nullopt));
    return p;
}

AccessProfile ProfileDialog::profile() const
{
    auto p = collect();
    return p ? *p : m_profile;
}

bool ProfileDialog::isValid() const { return collect().ok(); }

void ProfileDialog::showError(const QString& field, const QString& message)
{
    m_ui->nameErrorLabel->clear();
    m_ui->collectionsErrorLabel->clear();
    m_ui->whitelistErrorLabel->clear();
    if (field == QLatin1String("name"))
        m_ui->nameErrorLabel->setText(message);
    else if (field == QLatin1String("collections"))
        m_ui->collectionsErrorLabel->setText(message);
    else if (field == QLatin1String("revision")) // changed by someone else
        m_ui->nameErrorLabel->setText(message);
    else // limits, whitelist and expiry share this place
        m_ui->whitelistErrorLabel->setText(message);
}

void ProfileDialog::validate()
{
    auto p = collect();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(p.ok());
    if (p.ok()) {
        showError({}, {});
        m_ui->whitelistErrorLabel->clear();
        return;
    }
    // Before anything was typed, an empty name is not worth a red line.
    if (p.error().field() == QLatin1String("name") && m_ui->profileNameEdit->text().isEmpty()
        && !m_ui->profileNameEdit->isModified()) {
        showError({}, {});
        m_ui->whitelistErrorLabel->clear();
        return;
    }
    showError(p.error().field(), p.error().message());
}

} // namespace tollgate::ui
