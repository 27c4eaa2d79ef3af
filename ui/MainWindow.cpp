#include "MainWindow.h"

#include "AuditPage.h"
#include "ClientsPage.h"
#include "CollectionsPage.h"
#include "ConsoleSettings.h"
#include "LocalGateway.h"
#include "ProfilesPage.h"
#include "SecureClipboard.h"
#include "SettingsPage.h"
#include "SettingsStore.h"
#include "UsagePage.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>

namespace tollgate::ui {

MainWindow::MainWindow(Database& db, SecureClipboard& clipboard, QWidget* parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_clients(new ClientsPage(db, clipboard, m_tabs))
    , m_gateway(new LocalGateway(this))
{
    setWindowTitle(tr("Tollgate — API Management"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tollgate.svg")));
    resize(1280, 760); // fits a 1366 x 768 screen; the tables need the width
    m_tabs->setObjectName(QStringLiteral("apiManagementTabs"));
    auto* collections = new CollectionsPage(db, m_tabs);
    m_tabs->addTab(collections, QIcon(QStringLiteral(":/icons/collections.svg")),
                   tr("API C&ollections"));
    m_tabs->addTab(m_clients, QIcon(QStringLiteral(":/icons/clients.svg")), tr("&Clients"));
    auto settings = SettingsStore(db).get();
    auto* profiles = new ProfilesPage(db, settings ? settings->reviewIntervalDays : 90, m_tabs);
    m_tabs->addTab(profiles, QIcon(QStringLiteral(":/icons/profiles.svg")), tr("Access &Profiles"));
    auto* usage = new UsagePage(db, m_tabs);
    m_tabs->addTab(usage, QIcon(QStringLiteral(":/icons/usage.svg")), tr("&Usage"));
    auto* audit = new AuditPage(db, m_tabs);
    m_tabs->addTab(audit, QIcon(QStringLiteral(":/icons/audit.svg")), tr("&Audit Log"));
    auto* settingsPage = new SettingsPage(db, clipboard, *m_gateway, m_tabs);
    m_settings = settingsPage;
    m_tabs->addTab(settingsPage, QIcon(QStringLiteral(":/icons/settings.svg")), tr("&Settings"));
    connect(settingsPage, &SettingsPage::databaseSwitchRequested, this,
            &MainWindow::databaseSwitchRequested);
    clipboard.setClearDelay(ConsoleSettings::clipboardClearSeconds());
    if (const QByteArray geometry = ConsoleSettings::windowGeometry(); !geometry.isEmpty())
        restoreGeometry(geometry);
    // Changes made on the Clients tab show on the Access Profiles tab when it is opened.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, profiles, collections, audit](int) {
        // (The Usage tab reads its figures whenever it is shown.)
        if (m_tabs->currentWidget() == audit)
            audit->reload();
        else if (m_tabs->currentWidget() == profiles)
            profiles->reload();
        else if (m_tabs->currentWidget() == collections)
            collections->reload();
        else if (m_tabs->currentWidget() == m_clients)
            m_clients->reload();
    });
    m_tabs->setCurrentWidget(m_clients);
    setCentralWidget(m_tabs);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    QAction* management = tools->addAction(tr("API &Management"));
    management->setObjectName(QStringLiteral("apiManagementAction"));
    connect(management, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_clients); });
    QAction* newClient =
        tools->addAction(tr("New &Client…"), m_clients, &ClientsPage::createClient);
    newClient->setShortcut(QKeySequence::New);
    QAction* newProfile =
        tools->addAction(tr("New Access &Profile…"), m_clients, &ClientsPage::createProfile);
    newProfile->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    QAction* find = tools->addAction(tr("&Find Client"), m_clients, &ClientsPage::focusSearch);
    find->setShortcut(QKeySequence::Find);

    statusBar()->addPermanentWidget(
        new QLabel(tr("Database: %1").arg(db.url().displayName()), this));
    auto* gatewayLabel = new QLabel(m_gateway->stateText(), this);
    gatewayLabel->setObjectName(QStringLiteral("gatewayStatusLabel"));
    statusBar()->addPermanentWidget(gatewayLabel);
    connect(m_gateway, &LocalGateway::stateChanged, gatewayLabel,
            [this, gatewayLabel] { gatewayLabel->setText(m_gateway->stateText()); });
    m_clipboardLabel = new QLabel(this);
    m_clipboardLabel->setObjectName(QStringLiteral("clipboardCountdownLabel"));
    statusBar()->addPermanentWidget(m_clipboardLabel);
    connect(&clipboard, &SecureClipboard::countdown, this, [this](int left) {
        m_clipboardLabel->setText(
            left > 0 ? tr("Key on the clipboard: cleared in %n s", nullptr, left) : QString());
    });
    connect(m_clients, &ClientsPage::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    connect(collections, &CollectionsPage::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
}

void MainWindow::reportSwitchProblem(const QString& problem)
{
    m_tabs->setCurrentWidget(m_settings);
    m_settings->reportSwitchProblem(problem);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    ConsoleSettings::setWindowGeometry(saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace tollgate::ui
