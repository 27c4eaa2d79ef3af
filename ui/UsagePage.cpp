#include "UsagePage.h"

#include "ClientStore.h"
#include "ProfileStore.h"
#include "Theme.h"
#include "UsagePanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace tollgate::ui {

UsagePage::UsagePage(Database& db, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
{
    auto* layout = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;
    m_client = new QLineEdit(this);
    m_client->setObjectName(QStringLiteral("usageClientEdit"));
    m_client->setPlaceholderText(tr("All clients (or a client's exact name)"));
    m_client->setAccessibleName(tr("Client whose usage is shown"));
    m_client->setClearButtonEnabled(true);
    auto* clientLabel = new QLabel(tr("C&lient:"), this);
    clientLabel->setBuddy(m_client);
    filters->addWidget(clientLabel);
    filters->addWidget(m_client, 1);
    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("usageProfileCombo"));
    m_profile->setAccessibleName(tr("Access profile whose usage is shown"));
    m_profile->setMinimumWidth(220);
    auto* profileLabel = new QLabel(tr("Pro&file:"), this);
    profileLabel->setBuddy(m_profile);
    filters->addWidget(profileLabel);
    filters->addWidget(m_profile);
    layout->addLayout(filters);
    m_scope = new QLabel(this);
    m_scope->setObjectName(QStringLiteral("usageScopeLabel"));
    layout->addWidget(m_scope);
    m_panel = new UsagePanel(db, this);
    layout->addWidget(m_panel, 1);

    connect(m_client, &QLineEdit::editingFinished, this, &UsagePage::applyClient);
    connect(m_profile, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant id = m_profile->currentData();
        m_panel->setScope(id.isValid() ? std::optional<qint64>(id.toLongLong()) : std::nullopt,
                          m_clientId ? std::optional<qint64>(m_clientId) : std::nullopt);
    });
    applyClient();
}

void UsagePage::applyClient()
{
    const QString name = m_client->text().trimmed();
    m_clientId = 0;
    QSignalBlocker block(m_profile);
    m_profile->clear();
    if (name.isEmpty()) {
        m_profile->addItem(tr("All access profiles"));
        m_profile->setEnabled(false);
        m_scope->setText(tr("Usage of every client."));
        m_scope->setPalette(palette());
        m_panel->setScope(std::nullopt, std::nullopt);
        return;
    }
    auto client = ClientStore(m_db).byName(name);
    if (!client) {
        m_profile->setEnabled(false);
        Theme::markAsError(m_scope);
        m_scope->setText(client.error().message());
        return;
    }
    m_clientId = client->id;
    m_profile->setEnabled(true);
    m_profile->addItem(tr("All of %1's profiles").arg(client->name));
    if (auto profiles = ProfileStore(m_db).list({client->id, std::nullopt, 0, 10'000}))
        for (const AccessProfile& p : *profiles)
            m_profile->addItem(p.name, p.id);
    m_scope->setPalette(palette());
    m_scope->setText(tr("Usage of %1.").arg(client->name));
    m_panel->setScope(std::nullopt, client->id);
}

} // namespace tollgate::ui
