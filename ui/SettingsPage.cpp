#include "SettingsPage.h"

#include "ConsoleSettings.h"
#include "SecureClipboard.h"
#include "SettingsStore.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tollgate::ui {

SettingsPage::SettingsPage(Database& db, SecureClipboard& clipboard, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_clipboard(clipboard)
{
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_prefix = new QLabel(this);
    m_prefix->setObjectName(QStringLiteral("prefixLabel"));
    m_prefix->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Path prefix"), m_prefix);
    m_gatewayUrl = new QLineEdit(this);
    m_gatewayUrl->setObjectName(QStringLiteral("gatewayUrlEdit"));
    m_gatewayUrl->setAccessibleName(tr("Gateway base URL"));
    form->addRow(tr("&Gateway base URL"), m_gatewayUrl);
    m_reviewInterval = new QSpinBox(this);
    m_reviewInterval->setObjectName(QStringLiteral("reviewIntervalSpin"));
    m_reviewInterval->setAccessibleName(tr("Access review interval in days"));
    m_reviewInterval->setRange(1, 3650);
    m_reviewInterval->setSuffix(tr(" days"));
    form->addRow(tr("Access &review interval"), m_reviewInterval);
    m_clipboardDelay = new QSpinBox(this);
    m_clipboardDelay->setObjectName(QStringLiteral("clipboardDelaySpin"));
    m_clipboardDelay->setAccessibleName(tr("Clipboard clear time in seconds"));
    m_clipboardDelay->setRange(5, 600);
    m_clipboardDelay->setSuffix(tr(" s"));
    form->addRow(tr("Clear copied keys after"), m_clipboardDelay);
    m_gatewayUrl->setMaximumWidth(520);
    m_reviewInterval->setMaximumWidth(160);
    m_clipboardDelay->setMaximumWidth(160);
    auto* database = new QLabel(db.url().displayName(), this);
    database->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Database"), database);
    layout->addLayout(form);
    auto* saveButton = new QPushButton(tr("&Save settings"), this);
    saveButton->setObjectName(QStringLiteral("saveSettingsButton"));
    layout->addWidget(saveButton, 0, Qt::AlignLeft);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("settingsStatusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addStretch();
    connect(saveButton, &QPushButton::clicked, this, &SettingsPage::save);
    reload();
}

void SettingsPage::reload()
{
    auto settings = SettingsStore(m_db).get();
    if (!settings) {
        m_status->setText(settings.error().toString());
        return;
    }
    m_settings = *settings;
    m_prefix->setText(
        tr("%1 (set once: it is part of every issued URL)").arg(settings->pathPrefix));
    m_gatewayUrl->setText(settings->gatewayBaseUrl);
    m_reviewInterval->setValue(settings->reviewIntervalDays);
    m_clipboardDelay->setValue(ConsoleSettings::clipboardClearSeconds());
}

void SettingsPage::save()
{
    ConsoleSettings::setClipboardClearSeconds(m_clipboardDelay->value());
    m_clipboard.setClearDelay(m_clipboardDelay->value());
    WorkspaceSettings changed = m_settings;
    changed.gatewayBaseUrl = m_gatewayUrl->text();
    changed.reviewIntervalDays = m_reviewInterval->value();
    auto saved = SettingsStore(m_db).update(changed);
    if (!saved) {
        m_status->setText(saved.error().kind() == ErrorKind::Conflict
                              ? saved.error().message()
                              : tr("Not saved: %1").arg(saved.error().toString()));
        return;
    }
    m_settings = *saved;
    m_status->setText(tr("Saved."));
}

} // namespace tollgate::ui
