#include "ClientsPage.h"

#include "ClientDialog.h"
#include "ClientStore.h"
#include "ClientTableModel.h"
#include "CollectionStore.h"
#include "EndpointStore.h"
#include "KeyRevealDialog.h"
#include "LimitText.h"
#include "PostmanExport.h"
#include "ProfileDialog.h"
#include "ProfileStore.h"
#include "RowMenu.h"
#include "SecureClipboard.h"
#include "SettingsStore.h"
#include "Theme.h"
#include "TryItDialog.h"
#include "Usage.h"
#include "UsagePanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {
// The client's profiles table: six columns, then the row menu's ellipsis.
constexpr int kProfileMenuColumn = 6;
} // namespace

ClientsPage::ClientsPage(Database& db, SecureClipboard& clipboard, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_clipboard(clipboard)
    , m_model(new ClientTableModel(db, this))
    , m_exec([](QDialog* d) { return d->exec(); })
    , m_confirm([](QWidget* parent, const QString& title, const QString& text) {
        return QMessageBox::question(parent, title, text) == QMessageBox::Yes;
    })
    , m_choose([](QWidget* parent, const QString& title, const QString& label,
                  const QStringList& choices) {
        bool ok = false;
        const QString choice = QInputDialog::getItem(parent, title, label, choices, 0, false, &ok);
        return ok ? int(choices.indexOf(choice)) : -1;
    })
{
    m_savePath = fileDialogSavePath(tr("Postman collections (*.json)"));
    auto* layout = new QVBoxLayout(this);
    m_errorBanner = new QLabel(this);
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setWordWrap(true);
    Theme::markAsBanner(m_errorBanner);
    m_errorBanner->hide();
    layout->addWidget(m_errorBanner);

    auto* top = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("clientSearchEdit"));
    m_search->setPlaceholderText(tr("Search clients"));
    m_search->setAccessibleName(tr("Search clients"));
    m_search->setClearButtonEnabled(true);
    top->addWidget(m_search, 1);
    // Busy while the list is being sorted by a computed figure (see ClientTableModel).
    auto* busy = new QProgressBar(this);
    busy->setObjectName(QStringLiteral("clientsBusyBar"));
    busy->setAccessibleName(tr("Sorting the clients"));
    busy->setRange(0, 0);
    busy->setMaximumWidth(120);
    busy->setTextVisible(false);
    busy->hide();
    connect(m_model, &ClientTableModel::loadingChanged, busy, &QWidget::setVisible);
    top->addWidget(busy);
    auto* create = new QPushButton(tr("+ Create new Client"), this);
    create->setObjectName(QStringLiteral("createClientButton"));
    top->addWidget(create);
    layout->addLayout(top);

    m_stack = new QStackedWidget(this);
    auto* empty = new QLabel(
        QStringLiteral("<a href=\"create\">%1</a>").arg(tr("Get Started by creating a new client")),
        this);
    empty->setObjectName(QStringLiteral("emptyStateLabel"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(empty, &QLabel::linkActivated, this, &ClientsPage::createClient);
    m_stack->addWidget(empty);

    auto* splitter = new QSplitter(this);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("clientsView"));
    m_table->setAccessibleName(tr("Clients"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The name keeps a readable width in every language; the last column takes what is left.
    m_table->horizontalHeader()->setSectionResizeMode(ClientTableModel::Name,
                                                      QHeaderView::Interactive);
    m_table->horizontalHeader()->resizeSection(ClientTableModel::Name, 150);
    m_table->horizontalHeader()->setSectionResizeMode(ClientTableModel::LastActivity,
                                                      QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ClientTableModel::Name, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();

    m_details = new QWidget(splitter);
    auto* details = new QVBoxLayout(m_details);
    m_clientTitle = new QLabel(m_details);
    m_clientTitle->setObjectName(QStringLiteral("clientTitleLabel"));
    QFont titleFont = m_clientTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_clientTitle->setFont(titleFont);
    details->addWidget(m_clientTitle);
    m_clientDescription = new QLabel(m_details);
    m_clientDescription->setWordWrap(true);
    details->addWidget(m_clientDescription);
    auto* clientButtons = new QHBoxLayout;
    auto* edit = new QPushButton(tr("&Edit client"), m_details);
    edit->setObjectName(QStringLiteral("editClientButton"));
    auto* remove = new QPushButton(tr("&Delete client"), m_details);
    remove->setObjectName(QStringLiteral("deleteClientButton"));
    clientButtons->addWidget(edit);
    clientButtons->addWidget(remove);
    clientButtons->addStretch();
    details->addLayout(clientButtons);

    auto* profilesHeader = new QHBoxLayout;
    profilesHeader->addWidget(new QLabel(tr("<b>Access profiles</b>"), m_details));
    profilesHeader->addStretch();
    auto* createProfileButton = new QPushButton(tr("+ Create new Access Profile"), m_details);
    createProfileButton->setObjectName(QStringLiteral("createProfileButton"));
    profilesHeader->addWidget(createProfileButton);
    details->addLayout(profilesHeader);
    m_profiles = new QTableWidget(0, 7, m_details);
    m_profiles->setObjectName(QStringLiteral("profilesTable"));
    m_profiles->setAccessibleName(tr("Access profiles of the client"));
    m_profiles->setHorizontalHeaderLabels({tr("Profile"), tr("Collections"), tr("Rate limit"),
                                           tr("Quota"), tr("Key"), tr("Status"), QString()});
    m_profiles->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_profiles->setSelectionMode(QAbstractItemView::SingleSelection);
    m_profiles->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_profiles->verticalHeader()->hide();
    m_profiles->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    details->addWidget(m_profiles, 1);
    auto* profileButtons = new QHBoxLayout;
    auto* viewButton = new QPushButton(QIcon(QStringLiteral(":/icons/key.svg")),
                                       tr("&View key && usage"), m_details);
    viewButton->setObjectName(QStringLiteral("viewProfileButton"));
    auto* editProfileButton = new QPushButton(tr("Edit pro&file"), m_details);
    editProfileButton->setObjectName(QStringLiteral("editProfileButton"));
    auto* reviewButton = new QPushButton(tr("&Mark reviewed"), m_details);
    reviewButton->setObjectName(QStringLiteral("markReviewedButton"));
    auto* regenerate = new QPushButton(tr("&Regenerate key"), m_details);
    regenerate->setObjectName(QStringLiteral("regenerateKeyButton"));
    auto* suspend = new QPushButton(tr("&Suspend / Resume"), m_details);
    suspend->setObjectName(QStringLiteral("suspendButton"));
    auto* deleteProfileButton = new QPushButton(tr("Delete &profile"), m_details);
    deleteProfileButton->setObjectName(QStringLiteral("deleteProfileButton"));
    // Two rows, so that the details stay narrow enough for the client list beside them.
    for (QPushButton* b : {viewButton, editProfileButton, reviewButton})
        profileButtons->addWidget(b);
    profileButtons->addStretch();
    details->addLayout(profileButtons);
    auto* keyButtons = new QHBoxLayout;
    for (QPushButton* b : {regenerate, suspend, deleteProfileButton})
        keyButtons->addWidget(b);
    keyButtons->addStretch();
    details->addLayout(keyButtons);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({620, 640});
    m_stack->addWidget(splitter);
    layout->addWidget(m_stack, 1);

    connect(m_search, &QLineEdit::textChanged, m_model, &ClientTableModel::setSearch);
    connect(m_model, &ClientTableModel::failed, this, &ClientsPage::showError);
    connect(create, &QPushButton::clicked, this, &ClientsPage::createClient);
    connect(edit, &QPushButton::clicked, this, &ClientsPage::editClient);
    connect(remove, &QPushButton::clicked, this, &ClientsPage::deleteClient);
    connect(createProfileButton, &QPushButton::clicked, this, &ClientsPage::createProfile);
    connect(viewButton, &QPushButton::clicked, this, &ClientsPage::viewProfile);
    connect(editProfileButton, &QPushButton::clicked, this, &ClientsPage::editProfile);
    connect(reviewButton, &QPushButton::clicked, this, &ClientsPage::markReviewed);
    connect(m_profiles, &QTableWidget::itemDoubleClicked, this, &ClientsPage::editProfile);
    connect(regenerate, &QPushButton::clicked, this, &ClientsPage::regenerateKey);
    connect(suspend, &QPushButton::clicked, this, &ClientsPage::toggleSuspended);
    connect(deleteProfileButton, &QPushButton::clicked, this, &ClientsPage::deleteProfile);
    new RowMenu(m_table, ClientTableModel::Actions, [this](QMenu& menu) {
        menu.addAction(tr("&Edit client"), this, &ClientsPage::editClient);
        menu.addAction(tr("+ Create new Access Profile"), this, &ClientsPage::createProfile);
        menu.addAction(tr("&Mark all profiles reviewed"), this, &ClientsPage::markClientReviewed);
        menu.addAction(tr("&Delete client"), this, &ClientsPage::deleteClient);
    });
    new RowMenu(m_profiles, kProfileMenuColumn, [this](QMenu& menu) {
        menu.addAction(QIcon(QStringLiteral(":/icons/key.svg")), tr("&View key && usage"), this,
                       &ClientsPage::viewProfile);
        menu.addAction(tr("Edit pro&file"), this, &ClientsPage::editProfile);
        menu.addAction(tr("&Regenerate key"), this, &ClientsPage::regenerateKey);
        menu.addAction(tr("&Suspend / Resume"), this, &ClientsPage::toggleSuspended);
        menu.addAction(tr("&Mark reviewed"), this, &ClientsPage::markReviewed);
        menu.addAction(tr("Export &Postman collection…"), this,
                       [this] { exportPostman(selectedProfileId(), QString()); });
        menu.addAction(tr("&Try it…"), this, [this] {
            if (auto profile = ProfileStore(m_db).byId(selectedProfileId()))
                tryIt(*profile, QString());
        });
        menu.addSeparator();
        menu.addAction(tr("Delete &profile"), this, &ClientsPage::deleteProfile);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        const bool none = m_model->totalCount() == 0 && m_search->text().isEmpty();
        m_stack->setCurrentIndex(none ? 0 : 1);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (const Client* c = m_model->clientAt(current.row()))
                    showClient(c->id);
            });
    reload();
}

ClientsPage::~ClientsPage() = default;

void ClientsPage::focusSearch() { m_search->setFocus(Qt::ShortcutFocusReason); }

void ClientsPage::showError(const QString& text)
{
    m_errorBanner->setText(text);
    m_errorBanner->setVisible(!text.isEmpty());
}

void ClientsPage::reload()
{
    const qint64 keep = m_clientId;
    m_model->reload();
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->clientAt(row)->id == keep) {
            m_table->selectRow(row);
            return showClient(keep);
        }
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    else
        m_details->setEnabled(false);
}

void ClientsPage::showClient(qint64 clientId)
{
    m_clientId = clientId;
    auto client = ClientStore(m_db).byId(clientId);
    if (!client)
        return showError(client.error().toString());
    m_details->setEnabled(true);
    m_clientTitle->setText(client->name);
    m_clientDescription->setText(client->description);
    auto profiles = ProfileStore(m_db).list({clientId, std::nullopt, 0, 10'000});
    if (!profiles)
        return showError(profiles.error().toString());
    m_profiles->setRowCount(int(profiles->size()));
    for (int i = 0; i < profiles->size(); ++i) {
        const AccessProfile& p = profiles->at(i);
        const QStringList cells{p.name,
                                p.collectionNames.join(QLatin1String(", ")),
                                p.rateLimit ? limitText(*p.rateLimit) : tr("None"),
                                p.quota ? limitText(*p.quota) : tr("None"),
                                p.keys.isEmpty() ? QString() : p.keys.first().hint,
                                p.enabled ? tr("Enabled") : tr("Suspended")};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setData(Qt::UserRole, p.id);
            m_profiles->setItem(i, c, item);
        }
        m_profiles->setItem(i, kProfileMenuColumn, RowMenu::ellipsisItem());
    }
    m_profiles->resizeColumnsToContents();
    m_profiles->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
}

qint64 ClientsPage::selectedProfileId() const
{
    const int row = m_profiles->currentRow();
    return row >= 0 && m_profiles->item(row, 0)
               ? m_profiles->item(row, 0)->data(Qt::UserRole).toLongLong()
               : 0;
}

void ClientsPage::createClient()
{
    ClientDialog dialog(Client{}, this);
    while (m_exec(&dialog) == QDialog::Accepted) {
        auto created = ClientStore(m_db).create(dialog.client());
        if (created) {
            m_search->clear();
            m_clientId = created->id;
            reload();
            showError({});
            emit statusMessage(tr("Created the client \"%1\".").arg(created->name));
            return;
        }
        dialog.showError(created.error().field(), created.error().message());
    }
}

void ClientsPage::editClient()
{
    auto client = ClientStore(m_db).byId(m_clientId);
    if (!client)
        return showError(client.error().toString());
    ClientDialog dialog(*client, this);
    while (m_exec(&dialog) == QDialog::Accepted) {
        auto saved = ClientStore(m_db).update(dialog.client());
        if (saved)
            return reload();
        dialog.showError(saved.error().field(), saved.error().message());
    }
}

void ClientsPage::deleteClient()
{
    auto client = ClientStore(m_db).byId(m_clientId);
    if (!client)
        return showError(client.error().toString());
    const QString text = tr("Delete the client \"%1\"? The keys of its %n access profile(s) stop "
                            "working at once. Its audit history stays.",
                            nullptr, client->profileCount)
                             .arg(client->name);
    if (!m_confirm(this, tr("Delete client"), text))
        return;
    if (Status s = ClientStore(m_db).remove(client->id, client->revision); !s)
        return showError(s.error().toString());
    m_clientId = 0;
    reload();
}

void ClientsPage::createProfile()
{
    if (m_clientId == 0)
        return;
    auto collections = CollectionStore(m_db).list();
    if (!collections)
        return showError(collections.error().toString());
    if (collections->isEmpty())
        return showError(tr("Create an API collection first: a profile needs at least one."));
    AccessProfile draft;
    draft.clientId = m_clientId;
    ProfileDialog dialog(draft, *collections, this);
    SystemRandom random;
    while (m_exec(&dialog) == QDialog::Accepted) {
        auto issued = ProfileStore(m_db).create(dialog.profile(), random);
        if (!issued) {
            dialog.showError(issued.error().field(), issued.error().message());
            continue;
        }
        showClient(m_clientId);
        m_model->reload();
        const QString key = issued->secret;
        issued->secret.clear();
        showReveal(issued->profile, key);
        return;
    }
}

QList<KeyRevealDialog::EndpointLine> ClientsPage::endpointLines(const AccessProfile& profile) const
{
    // Every active endpoint of the profile's collections, with its full URL and calls so far.
    QList<KeyRevealDialog::EndpointLine> lines;
    auto settings = SettingsStore(m_db).get();
    auto collections = CollectionStore(m_db).list();
    auto endpoints = EndpointStore(m_db).listAll();
    if (!settings || !collections || !endpoints)
        return lines;
    auto calls = UsageStore::callsByEndpoint(m_db, profile.id);
    for (const Collection& c : *collections) {
        if (!profile.collectionIds.contains(c.id))
            continue;
        for (const Endpoint& e : *endpoints) {
            if (e.collectionId != c.id || !e.active)
                continue;
            lines.append({e.method, endpointUrl(*settings, c, e), calls ? calls->value(e.id) : 0});
        }
    }
    return lines;
}

void ClientsPage::viewProfile()
{
    auto profile = ProfileStore(m_db).byId(selectedProfileId());
    if (!profile)
        return;
    KeyRevealDialog view(*profile, QString(), endpointLines(*profile), m_clipboard, this);
    auto* usage = new UsagePanel(m_db, &view);
    usage->setScope(profile->id, std::nullopt);
    view.addSection(tr("Usage"), usage);
    m_exec(&view);
}

void ClientsPage::editProfile()
{
    auto profile = ProfileStore(m_db).byId(selectedProfileId());
    if (!profile)
        return;
    auto collections = CollectionStore(m_db).list();
    if (!collections)
        return showError(collections.error().toString());
    ProfileDialog dialog(*profile, *collections, this);
    while (m_exec(&dialog) == QDialog::Accepted) {
        // Saved with the revision it was read at: another administrator's
        // change in between is refused and explained, never overwritten.
        auto saved = ProfileStore(m_db).update(dialog.profile());
        if (saved) {
            showClient(m_clientId);
            return;
        }
        dialog.showError(saved.error().field(), saved.error().message());
    }
}

void ClientsPage::markReviewed()
{
    const qint64 id = selectedProfileId();
    if (!id)
        return;
    if (auto reviewed = ProfileStore(m_db).markReviewed(id); !reviewed)
        return showError(reviewed.error().toString());
    emit statusMessage(tr("Marked reviewed."));
    showClient(m_clientId);
}

void ClientsPage::markClientReviewed()
{
    if (!m_clientId)
        return;
    auto reviewed = ProfileStore(m_db).markClientReviewed(m_clientId);
    if (!reviewed)
        return showError(reviewed.error().toString());
    emit statusMessage(tr("Marked %n access profile(s) reviewed.", nullptr, int(reviewed->size())));
    showClient(m_clientId);
}

void ClientsPage::regenerateKey()
{
    const qint64 id = selectedProfileId();
    if (!id)
        return;
    const QStringList choices{tr("None: the old key stops now"), tr("1 hour"), tr("24 hours"),
                              tr("7 days")};
    const QList<qint64> graces{0, 3'600'000, 86'400'000, 7 * 86'400'000LL};
    const int choice = m_choose(this, tr("Regenerate key"),
                                tr("How long may the old key still be used?"), choices);
    if (choice < 0 || choice >= graces.size())
        return;
    SystemRandom random;
    auto issued = ProfileStore(m_db).regenerateKey(id, graces[choice], random);
    if (!issued)
        return showError(issued.error().toString());
    const QString key = issued->secret;
    showClient(m_clientId);
    showReveal(issued->profile, key);
}

void ClientsPage::showReveal(const AccessProfile& profile, const QString& key)
{
    KeyRevealDialog reveal(profile, key, endpointLines(profile), m_clipboard, this);
    reveal.setPostmanExport(
        [this, id = profile.id](const QString& shown) { exportPostman(id, shown); });
    reveal.setTryIt([this, &profile](const QString& shown) { tryIt(profile, shown); });
    m_exec(&reveal);
}

void ClientsPage::tryIt(const AccessProfile& profile, const QString& key)
{
    QList<TryItDialog::Target> targets;
    for (const KeyRevealDialog::EndpointLine& line : endpointLines(profile))
        targets.append({line.method, line.url});
    TryItDialog dialog(targets, key, this);
    m_exec(&dialog);
}

void ClientsPage::exportPostman(qint64 profileId, const QString& key)
{
    if (!profileId)
        return;
    auto bytes = PostmanExport::forProfile(m_db, profileId, key);
    if (!bytes)
        return showError(bytes.error().toString());
    auto profile = ProfileStore(m_db).byId(profileId);
    const QString name = profile ? QStringLiteral("%1 - %2.postman_collection.json")
                                       .arg(profile->clientName, profile->name)
                                 : QStringLiteral("tollgate.postman_collection.json");
    auto saved = saveExport(this, m_savePath, name, *bytes);
    if (!saved)
        return showError(saved.error().message());
    if (!saved->isEmpty())
        emit statusMessage(*saved);
}

void ClientsPage::toggleSuspended()
{
    const qint64 id = selectedProfileId();
    if (!id)
        return;
    auto profile = ProfileStore(m_db).byId(id);
    if (!profile)
        return showError(profile.error().toString());
    if (auto saved = ProfileStore(m_db).setEnabled(id, !profile->enabled); !saved)
        return showError(saved.error().toString());
    showClient(m_clientId);
}

void ClientsPage::deleteProfile()
{
    const qint64 id = selectedProfileId();
    if (!id)
        return;
    auto profile = ProfileStore(m_db).byId(id);
    if (!profile)
        return showError(profile.error().toString());
    if (!m_confirm(this, tr("Delete access profile"),
                   tr("Delete \"%1\"? Its key stops working at once.").arg(profile->name)))
        return;
    if (Status s = ProfileStore(m_db).remove(id, profile->revision); !s)
        return showError(s.error().toString());
    showClient(m_clientId);
    m_model->reload();
}

} // namespace tollgate::ui
