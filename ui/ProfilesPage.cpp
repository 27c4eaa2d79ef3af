#include "ProfilesPage.h"

#include "AccessReportDialog.h"
#include "ClientStore.h"
#include "CollectionStore.h"
#include "ProfileTableModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace tollgate::ui {

ProfilesPage::ProfilesPage(Database& db, int reviewIntervalDays, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_model(new ProfileTableModel(db, reviewIntervalDays, this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;
    m_client = new QLineEdit(this);
    m_client->setObjectName(QStringLiteral("profileClientFilterEdit"));
    m_client->setPlaceholderText(tr("Client name (exact)"));
    m_client->setAccessibleName(tr("Filter by client"));
    m_client->setClearButtonEnabled(true);
    filters->addWidget(new QLabel(tr("Client:"), this));
    filters->addWidget(m_client, 1);
    m_collection = new QComboBox(this);
    m_collection->setObjectName(QStringLiteral("profileCollectionFilterCombo"));
    m_collection->setAccessibleName(tr("Filter by API collection"));
    filters->addWidget(new QLabel(tr("Can call:"), this));
    filters->addWidget(m_collection, 1);
    m_reviewDue = new QCheckBox(tr("Review &due only"), this);
    m_reviewDue->setObjectName(QStringLiteral("reviewDueCheck"));
    filters->addWidget(m_reviewDue);
    auto* report = new QPushButton(tr("Access &report…"), this);
    report->setObjectName(QStringLiteral("accessReportButton"));
    connect(report, &QPushButton::clicked, this, [this] {
        AccessReportDialog dialog(m_db, this);
        dialog.exec();
    });
    filters->addWidget(report);
    layout->addLayout(filters);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("profilesMessageLabel"));
    layout->addWidget(m_message);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ProfileTableModel::RawRole);
    m_proxy->setFilterRole(ProfileTableModel::ReviewDueRole);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("profilesView"));
    m_view->setAccessibleName(tr("Access profiles"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the database's order: client, then profile
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ProfileTableModel::Collections,
                                                     QHeaderView::Stretch);
    m_view->setWordWrap(false);
    layout->addWidget(m_view, 1);

    connect(m_client, &QLineEdit::editingFinished, this, &ProfilesPage::applyFilter);
    connect(m_collection, &QComboBox::currentIndexChanged, this, &ProfilesPage::applyFilter);
    connect(m_reviewDue, &QCheckBox::toggled, this, [this](bool on) {
        m_proxy->setFilterFixedString(on ? QStringLiteral("true") : QString());
    });
    connect(m_model, &ProfileTableModel::failed, m_message, &QLabel::setText);
    reload();
}

void ProfilesPage::reload()
{
    const QVariant current = m_collection->currentData();
    m_collection->blockSignals(true);
    m_collection->clear();
    m_collection->addItem(tr("Any collection"));
    if (auto collections = CollectionStore(m_db).list())
        for (const Collection& c : *collections)
            m_collection->addItem(c.name, c.id);
    const int at = m_collection->findData(current);
    m_collection->setCurrentIndex(at < 0 ? 0 : at);
    m_collection->blockSignals(false);
    applyFilter();
}

void ProfilesPage::applyFilter()
{
    std::optional<qint64> clientId;
    m_message->clear();
    if (!m_client->text().trimmed().isEmpty()) {
        auto client = ClientStore(m_db).byName(m_client->text());
        if (!client) {
            m_message->setText(client.error().message());
            clientId = -1; // matches nothing
        } else {
            clientId = client->id;
        }
    }
    std::optional<qint64> collectionId;
    if (m_collection->currentData().isValid())
        collectionId = m_collection->currentData().toLongLong();
    m_model->setFilter(clientId, collectionId);
}

} // namespace tollgate::ui
