#include "CollectionsPage.h"

#include "CollectionDialog.h"
#include "CollectionStore.h"
#include "EndpointDialog.h"
#include "EndpointStore.h"
#include "PostmanExport.h"
#include "ProfileStore.h"
#include "RowMenu.h"
#include "SettingsStore.h"
#include "Theme.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {
QTableWidget* makeTable(QWidget* parent, const QString& name, const QString& accessible,
                        const QStringList& headers)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(name);
    table->setAccessibleName(accessible);
    table->setHorizontalHeaderLabels(headers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->setWordWrap(false);
    return table;
}

// Both tables have five columns, then the row menu's ellipsis.
constexpr int kMenuColumn = 5;

QPushButton* button(QWidget* parent, const QString& text, const char* name)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    return b;
}
} // namespace

CollectionsPage::CollectionsPage(Database& db, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_exec([](QDialog* d) { return d->exec(); })
    , m_confirm([](QWidget* parent, const QString& title, const QString& text) {
        return QMessageBox::question(parent, title, text) == QMessageBox::Yes;
    })
{
    m_savePath = fileDialogSavePath(tr("Postman collections (*.json)"));
    auto* layout = new QVBoxLayout(this);
    m_errorBanner = new QLabel(this);
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    Theme::markAsBanner(m_errorBanner);
    m_errorBanner->setWordWrap(true);
    m_errorBanner->hide();
    layout->addWidget(m_errorBanner);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    auto* top = new QWidget(splitter);
    auto* topLayout = new QVBoxLayout(top);
    auto* topButtons = new QHBoxLayout;
    auto* create = button(top, tr("+ Create new API Collection"), "createCollectionButton");
    auto* edit = button(top, tr("&Edit"), "editCollectionButton");
    auto* remove = button(top, tr("&Delete"), "deleteCollectionButton");
    topButtons->addWidget(create);
    topButtons->addStretch();
    topButtons->addWidget(edit);
    topButtons->addWidget(remove);
    topLayout->addLayout(topButtons);
    m_collections = makeTable(
        top, QStringLiteral("collectionsTable"), tr("API collections"),
        {tr("Name"), tr("Version"), tr("Path"), tr("Endpoints"), tr("Created"), QString()});
    m_collections->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    topLayout->addWidget(m_collections);

    auto* bottom = new QWidget(splitter);
    auto* bottomLayout = new QVBoxLayout(bottom);
    auto* bottomButtons = new QHBoxLayout;
    bottomButtons->addWidget(new QLabel(tr("<b>Endpoints</b>"), bottom));
    bottomButtons->addStretch();
    auto* createEndpointButton =
        button(bottom, tr("+ Create new Endpoint"), "createEndpointButton");
    auto* editEndpointButton = button(bottom, tr("Edit endpoint"), "editEndpointButton");
    auto* deleteEndpointButton = button(bottom, tr("Delete endpoint"), "deleteEndpointButton");
    auto* copyUrlButton = button(bottom, tr("Copy &URL"), "copyUrlButton");
    copyUrlButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    for (QPushButton* b :
         {createEndpointButton, editEndpointButton, deleteEndpointButton, copyUrlButton})
        bottomButtons->addWidget(b);
    bottomLayout->addLayout(bottomButtons);
    m_endpoints = makeTable(
        bottom, QStringLiteral("endpointsTable"), tr("Endpoints of the collection"),
        {tr("Name"), tr("Method"), tr("Full URL"), tr("Target"), tr("Active"), QString()});
    m_endpoints->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    bottomLayout->addWidget(m_endpoints);
    layout->addWidget(splitter, 1);

    connect(create, &QPushButton::clicked, this, &CollectionsPage::createCollection);
    connect(edit, &QPushButton::clicked, this, &CollectionsPage::editCollection);
    connect(remove, &QPushButton::clicked, this, &CollectionsPage::deleteCollection);
    connect(createEndpointButton, &QPushButton::clicked, this, &CollectionsPage::createEndpoint);
    connect(editEndpointButton, &QPushButton::clicked, this, &CollectionsPage::editEndpoint);
    connect(deleteEndpointButton, &QPushButton::clicked, this, &CollectionsPage::deleteEndpoint);
    connect(copyUrlButton, &QPushButton::clicked, this, &CollectionsPage::copyUrl);
    connect(m_collections, &QTableWidget::itemSelectionChanged, this,
            &CollectionsPage::showEndpoints);
    connect(m_collections, &QTableWidget::itemDoubleClicked, this,
            &CollectionsPage::editCollection);
    new RowMenu(m_collections, kMenuColumn, [this](QMenu& menu) {
        menu.addAction(tr("&Edit"), this, &CollectionsPage::editCollection);
        menu.addAction(tr("Export &Postman collection…"), this, &CollectionsPage::exportPostman);
        menu.addAction(tr("&Delete"), this, &CollectionsPage::deleteCollection);
    });
    new RowMenu(m_endpoints, kMenuColumn, [this](QMenu& menu) {
        menu.addAction(tr("Edit endpoint"), this, &CollectionsPage::editEndpoint);
        menu.addAction(tr("Copy &URL"), this, &CollectionsPage::copyUrl);
        menu.addAction(tr("Copy as c&url"), this, &CollectionsPage::copyCurl);
        menu.addAction(tr("Delete endpoint"), this, &CollectionsPage::deleteEndpoint);
    });
    reload();
}

void CollectionsPage::showError(const QString& text)
{
    m_errorBanner->setText(text);
    m_errorBanner->setVisible(!text.isEmpty());
}

qint64 CollectionsPage::currentId(QTableWidget* table) const
{
    const int row = table->currentRow();
    return row >= 0 && table->item(row, 0) ? table->item(row, 0)->data(Qt::UserRole).toLongLong()
                                           : 0;
}

void CollectionsPage::reload()
{
    const qint64 keep = currentId(m_collections);
    auto collections = CollectionStore(m_db).list();
    if (!collections)
        return showError(collections.error().toString());
    m_collections->setRowCount(int(collections->size()));
    for (int i = 0; i < collections->size(); ++i) {
        const Collection& c = collections->at(i);
        const QStringList cells{
            c.name, c.version, c.path, QLocale().toString(c.endpointCount),
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(c.createdAt).date(),
                               QLocale::ShortFormat)};
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            item->setData(Qt::UserRole, c.id);
            m_collections->setItem(i, col, item);
        }
        m_collections->setItem(i, kMenuColumn, RowMenu::ellipsisItem());
        if (c.id == keep || (keep == 0 && i == 0))
            m_collections->selectRow(i);
    }
    m_collections->resizeColumnsToContents();
    m_collections->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    showEndpoints();
}

QString CollectionsPage::urlBase(qint64 collectionId) const
{
    auto settings = SettingsStore(m_db).get();
    auto collection = CollectionStore(m_db).byId(collectionId);
    if (!settings || !collection)
        return {};
    return collectionBaseUrl(*settings, *collection);
}

void CollectionsPage::showEndpoints()
{
    const qint64 id = currentId(m_collections);
    m_endpoints->setRowCount(0);
    if (!id)
        return;
    auto endpoints = EndpointStore(m_db).list(id);
    if (!endpoints)
        return showError(endpoints.error().toString());
    const QString base = urlBase(id);
    m_endpoints->setRowCount(int(endpoints->size()));
    for (int i = 0; i < endpoints->size(); ++i) {
        const Endpoint& e = endpoints->at(i);
        const QStringList cells{e.name, e.method, base + QLatin1Char('/') + e.path,
                                e.target == TargetKind::Upstream ? e.upstreamUrl
                                                                 : tr("Mock %1").arg(e.mockStatus),
                                e.active ? tr("Yes") : tr("No")};
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            item->setData(Qt::UserRole, e.id);
            m_endpoints->setItem(i, col, item);
        }
        m_endpoints->setItem(i, kMenuColumn, RowMenu::ellipsisItem());
    }
    m_endpoints->resizeColumnsToContents();
    m_endpoints->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
}

void CollectionsPage::createCollection()
{
    auto settings = SettingsStore(m_db).get();
    CollectionDialog dialog(Collection{}, settings ? settings->pathPrefix : QString(), this);
    while (m_exec(&dialog) == QDialog::Accepted) {
        auto created = CollectionStore(m_db).create(dialog.collection());
        if (created) {
            showError({});
            return reload();
        }
        dialog.showError(created.error().field(), created.error().message());
    }
}

void CollectionsPage::editCollection()
{
    auto collection = CollectionStore(m_db).byId(currentId(m_collections));
    if (!collection)
        return;
    auto settings = SettingsStore(m_db).get();
    CollectionDialog dialog(*collection, settings ? settings->pathPrefix : QString(), this);
    while (m_exec(&dialog) == QDialog::Accepted) {
        auto saved = CollectionStore(m_db).update(dialog.collection());
        if (saved)
            return reload();
        dialog.showError(saved.error().field(), saved.error().message());
    }
}

void CollectionsPage::deleteCollection()
{
    auto collection = CollectionStore(m_db).byId(currentId(m_collections));
    if (!collection)
        return;
    auto profiles = ProfileStore(m_db).list({std::nullopt, collection->id, 0, 1'000'000});
    const int affected = profiles ? int(profiles->size()) : 0;
    const QString text =
        tr("Delete the API collection \"%1\" and its %n endpoint(s)?", nullptr,
           collection->endpointCount)
            .arg(collection->name)
        + QLatin1Char('\n')
        + tr("%n access profile(s) can call it now and will lose access to it.", nullptr, affected);
    if (!m_confirm(this, tr("Delete API collection"), text))
        return;
    if (Status s = CollectionStore(m_db).remove(collection->id, collection->revision); !s)
        return showError(s.error().message());
    showError({});
    reload();
}

void CollectionsPage::createEndpoint()
{
    const qint64 collectionId = currentId(m_collections);
    if (!collectionId)
        return showError(tr("Select or create an API collection first."));
    Endpoint draft;
    draft.collectionId = collectionId;
    draft.target = TargetKind::Upstream;
    EndpointDialog dialog(draft, urlBase(collectionId), this);
    while (m_exec(&dialog) == QDialog::Accepted) {
        auto created = EndpointStore(m_db).create(dialog.endpoint());
        if (created)
            return reload();
        dialog.showError(created.error().field(), created.error().message());
    }
}

void CollectionsPage::editEndpoint()
{
    auto endpoint = EndpointStore(m_db).byId(currentId(m_endpoints));
    if (!endpoint)
        return;
    EndpointDialog dialog(*endpoint, urlBase(endpoint->collectionId), this);
    while (m_exec(&dialog) == QDialog::Accepted) {
        auto saved = EndpointStore(m_db).update(dialog.endpoint());
        if (saved)
            return reload();
        dialog.showError(saved.error().field(), saved.error().message());
    }
}

void CollectionsPage::deleteEndpoint()
{
    auto endpoint = EndpointStore(m_db).byId(currentId(m_endpoints));
    if (!endpoint)
        return;
    if (!m_confirm(this, tr("Delete endpoint"),
                   tr("Delete the endpoint \"%1\" (%2 %3)? Calls to it will be answered 404.")
                       .arg(endpoint->name, endpoint->method, endpoint->path)))
        return;
    if (Status s = EndpointStore(m_db).remove(endpoint->id, endpoint->revision); !s)
        return showError(s.error().message());
    reload();
}

void CollectionsPage::copyUrl()
{
    const int row = m_endpoints->currentRow();
    if (row >= 0 && m_endpoints->item(row, 2))
        QApplication::clipboard()->setText(m_endpoints->item(row, 2)->text()); // not a secret
}

void CollectionsPage::copyCurl()
{
    const int row = m_endpoints->currentRow();
    if (row < 0 || !m_endpoints->item(row, 2))
        return;
    // A placeholder for the key: a key is copied only from its reveal panel.
    QApplication::clipboard()->setText(PostmanExport::curlCommand(m_endpoints->item(row, 1)->text(),
                                                                  m_endpoints->item(row, 2)->text(),
                                                                  QStringLiteral("YOUR_KEY")));
}

void CollectionsPage::exportPostman()
{
    const qint64 id = currentId(m_collections);
    if (!id)
        return;
    auto bytes = PostmanExport::forCollection(m_db, id);
    if (!bytes)
        return showError(bytes.error().toString());
    const QString name = m_collections->item(m_collections->currentRow(), 0)->text()
                         + QStringLiteral(".postman_collection.json");
    auto saved = saveExport(this, m_savePath, name, *bytes);
    if (!saved)
        return showError(saved.error().message());
    if (!saved->isEmpty())
        emit statusMessage(*saved);
}

} // namespace tollgate::ui
