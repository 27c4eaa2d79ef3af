#include "SettingsPage.h"

#include "ConsoleSettings.h"
#include "DatabasePanel.h"
#include "LocalGateway.h"
#include "SecureClipboard.h"
#include "SettingsStore.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace tollgate::ui {

SettingsPage::SettingsPage(Database& db, SecureClipboard& clipboard, LocalGateway& gateway,
                           QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_clipboard(clipboard)
    , m_gateway(gateway)
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
    form->addRow(tr("Access review &interval"), m_reviewInterval);
    m_clipboardDelay = new QSpinBox(this);
    m_clipboardDelay->setObjectName(QStringLiteral("clipboardDelaySpin"));
    m_clipboardDelay->setAccessibleName(tr("Clipboard clear time in seconds"));
    m_clipboardDelay->setRange(5, 600);
    m_clipboardDelay->setSuffix(tr(" s"));
    form->addRow(tr("Clear copied keys after"), m_clipboardDelay);
    m_gatewayUrl->setMaximumWidth(520);
    m_reviewInterval->setMaximumWidth(160);
    m_clipboardDelay->setMaximumWidth(160);
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->setAccessibleName(tr("Language"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setMaximumWidth(240);
    auto* languageRow = new QHBoxLayout;
    languageRow->addWidget(m_language);
    languageRow->addWidget(new QLabel(tr("(takes effect when the console starts again)"), this), 1);
    auto* languageLabel = new QLabel(tr("&Language"), this);
    languageLabel->setBuddy(m_language);
    form->addRow(languageLabel, languageRow);
    layout->addLayout(form);
    auto* saveButton = new QPushButton(tr("Sa&ve settings"), this);
    saveButton->setObjectName(QStringLiteral("saveSettingsButton"));
    layout->addWidget(saveButton, 0, Qt::AlignLeft);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("settingsStatusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* gatewayBox = new QGroupBox(tr("Local gateway"), this);
    auto* gatewayLayout = new QHBoxLayout(gatewayBox);
    m_gatewayState = new QLabel(m_gateway.stateText(), gatewayBox);
    m_gatewayState->setObjectName(QStringLiteral("gatewayStateLabel"));
    auto* start = new QPushButton(tr("Sta&rt"), gatewayBox);
    start->setObjectName(QStringLiteral("startGatewayButton"));
    auto* stop = new QPushButton(tr("St&op"), gatewayBox);
    stop->setObjectName(QStringLiteral("stopGatewayButton"));
    gatewayLayout->addWidget(m_gatewayState, 1);
    gatewayLayout->addWidget(start);
    gatewayLayout->addWidget(stop);
    layout->addWidget(gatewayBox);
    m_database = new DatabasePanel(db.url(), this);
    connect(m_database, &DatabasePanel::switchRequested, this,
            &SettingsPage::databaseSwitchRequested);
    layout->addWidget(m_database);
    layout->addStretch();
    connect(saveButton, &QPushButton::clicked, this, &SettingsPage::save);
    connect(start, &QPushButton::clicked, this, &SettingsPage::startGateway);
    connect(stop, &QPushButton::clicked, &m_gateway, &LocalGateway::stop);
    connect(&m_gateway, &LocalGateway::stateChanged, this, [this, start, stop] {
        m_gatewayState->setText(m_gateway.stateText());
        const bool running = m_gateway.state() == LocalGateway::State::Running
                             || m_gateway.state() == LocalGateway::State::Starting;
        start->setEnabled(!running);
        stop->setEnabled(running);
    });
    stop->setEnabled(false);
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
    m_language->setCurrentIndex(std::max(0, m_language->findData(ConsoleSettings::language())));
}

void SettingsPage::startGateway()
{
    // On the port of the gateway base URL, so that the URLs the console shows work.
    const QUrl base(m_settings.gatewayBaseUrl);
    m_gateway.start(m_db.url(), quint16(base.port(8080)));
}

void SettingsPage::reportSwitchProblem(const QString& problem) { m_database->showProblem(problem); }

void SettingsPage::save()
{
    ConsoleSettings::setClipboardClearSeconds(m_clipboardDelay->value());
    ConsoleSettings::setLanguage(m_language->currentData().toString());
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
