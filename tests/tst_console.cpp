// The console driven through its real widgets on the offscreen platform:
// the clients model, creating a client, creating a profile with limits and a
// whitelist, copying the key through the secure clipboard, deleting.
#include "AccessReportDialog.h"
#include "ApiKey.h"
#include "AuditPage.h"
#include "BulkLoad.h"
#include "ClientDialog.h"
#include "ClientStore.h"
#include "ClientTableModel.h"
#include "ClientsPage.h"
#include "CollectionStore.h"
#include "CollectionsPage.h"
#include "EndpointStore.h"
#include "FirstStartDialog.h"
#include "GatewayProcess.h"
#include "KeyRevealDialog.h"
#include "LimitText.h"
#include "LocalGateway.h"
#include "MainWindow.h"
#include "ProfileDialog.h"
#include "ProfileStore.h"
#include "ProfileTableModel.h"
#include "ProfilesPage.h"
#include "RowMenu.h"
#include "SecureClipboard.h"
#include "SettingsPage.h"
#include "SettingsStore.h"
#include "TestDatabase.h"
#include "Translations.h"
#include "TryItDialog.h"
#include "Usage.h"
#include "UsageChart.h"
#include "UsagePanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace tollgate;
using namespace tollgate::ui;

namespace {
// "POST fetch" in a collection: the endpoint the usage and sharing tests call.
Endpoint fetchEndpoint(qint64 collectionId, const QString& name = QStringLiteral("Fetch"))
{
    Endpoint e;
    e.collectionId = collectionId;
    e.name = name;
    e.method = QStringLiteral("POST");
    e.path = QStringLiteral("fetch");
    return e;
}
} // namespace

class TestConsole : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installTranslations(*QApplication::instance());
    }
    void pluralsReadNaturally();
    void init();
    void cleanup();
    void clientModelPagesAndSearches();
    void createClientThroughTheDialog();
    void createProfileAndCopyKey();
    void copyFromTheKeyFieldGoesThroughTheSecureClipboard();
    void closingRevealWithoutCopyAsks();
    void clipboardClearedOnlyIfUnchanged();
    void deleteClientAsksFirst();
    void rowMenusActOnTheirRow();
    void profilesTabFiltersForAudits();
    void collectionsAndEndpointsThroughTheDialogs();
    void sharingFromTheConsole();
    void accessReportFromTheConsole();
    void usageChartDrawsKnownData();
    void usagePanelShowsAProfile();
    void tryItAgainstTheGateway();
    void auditTabFiltersVerifiesAndExports();
    void settingsTabSavesAndRefusesConflicts();
    void editProfileRefusesAConcurrentChange();
    void settingsStartAndStopALocalGateway();
    void screenshots_data();
    void screenshots();

private:
    void seedCollections();

    TestDatabase m_testDb;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SecureClipboard> m_clipboard;
};

void TestConsole::init()
{
    QVERIFY(m_testDb.prepare(QStringLiteral("sqlite")));
    m_db = m_testDb.open();
    QVERIFY(m_db);
    TG_VERIFY_OK(SettingsStore(*m_db).initialise(QStringLiteral("demo")));
    m_clipboard = std::make_unique<SecureClipboard>(QApplication::clipboard());
    QApplication::clipboard()->clear();
}

void TestConsole::cleanup()
{
    m_clipboard.reset();
    m_db.reset();
}

void TestConsole::seedCollections()
{
    for (const auto& [name, path] :
         {std::pair{QStringLiteral("Employee Management"), QStringLiteral("employee")},
          std::pair{QStringLiteral("Employee Login"), QStringLiteral("emp-login")}}) {
        Collection c;
        c.name = name;
        c.path = path;
        TG_VERIFY_OK(CollectionStore(*m_db).create(c));
    }
}

void TestConsole::clientModelPagesAndSearches()
{
    QList<Client> clients;
    for (int i = 0; i < 450; ++i) {
        Client c;
        c.name = QStringLiteral("Client %1").arg(i, 3, 10, QLatin1Char('0'));
        clients.append(c);
    }
    TG_VERIFY_OK(BulkLoad::createClients(*m_db, clients));
    ClientTableModel model(*m_db);
    model.reload();
    QCOMPARE(model.totalCount(), 450);
    QCOMPARE(model.rowCount(), ClientTableModel::kPageSize); // the first page only
    auto tester = std::make_unique<QAbstractItemModelTester>(
        &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 450);
    QCOMPARE(model.data(model.index(0, ClientTableModel::Name), Qt::DisplayRole).toString(),
             QStringLiteral("Client 000"));
    QCOMPARE(
        model.data(model.index(0, ClientTableModel::Profiles), ClientTableModel::RawRole).toInt(),
        0);
    model.setSearch(QStringLiteral("client 44"));
    QCOMPARE(model.rowCount(), 10);
    // Sorted in the database, the search kept.
    model.sort(ClientTableModel::Name, Qt::DescendingOrder);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.data(model.index(0, ClientTableModel::Name), Qt::DisplayRole).toString(),
             QStringLiteral("Client 449"));
    // By a computed figure: ordered on a worker thread, then paged by id.
    AccessProfile p;
    p.clientId = ClientStore(*m_db).byName(QStringLiteral("Client 123"))->id;
    p.name = QStringLiteral("Only one");
    seedCollections();
    p.collectionIds = {CollectionStore(*m_db).list()->first().id};
    SystemRandom random;
    TG_VERIFY_OK(ProfileStore(*m_db).create(p, random));
    // (The tester fetches more inside its own reset handler, which it then reports.)
    tester.reset();
    model.setSearch(QString());
    QSignalSpy loading(&model, &ClientTableModel::loadingChanged);
    model.sort(ClientTableModel::Profiles, Qt::DescendingOrder);
    QVERIFY(model.loading());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(loading.wait());
    QVERIFY(!model.loading());
    QCOMPARE(model.totalCount(), 450);
    QCOMPARE(model.data(model.index(0, ClientTableModel::Name), Qt::DisplayRole).toString(),
             QStringLiteral("Client 123"));
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 450);
    QCOMPARE(model.data(model.index(449, ClientTableModel::Name), Qt::DisplayRole).toString(),
             QStringLiteral("Client 449")); // ties in name order, descending
}

void TestConsole::createClientThroughTheDialog()
{
    ClientsPage page(*m_db, *m_clipboard);
    page.show();
    QVERIFY(page.findChild<QLabel*>(QStringLiteral("emptyStateLabel"))->isVisible());
    int round = 0;
    page.setExecDialog([&round](QDialog* d) {
        auto* name = d->findChild<QLineEdit*>(QStringLiteral("clientNameEdit"));
        auto* submit = d->findChild<QPushButton*>(QStringLiteral("submitButton"));
        if (!name || !submit)
            return int(QDialog::Rejected);
        if (++round == 1) {
            // Invalid first: Submit stays disabled and the reason is shown beside the field.
            QTest::keyClicks(name, QStringLiteral("   "));
            name->setModified(true);
            name->setText(QString(101, QLatin1Char('x')));
            if (submit->isEnabled())
                return int(QDialog::Rejected);
            name->clear();
            QTest::keyClicks(name, QStringLiteral("D"));
            name->setText(QString::fromUtf8("Démo Team")); // keyClicks types ASCII only
            QTest::mouseClick(submit, Qt::LeftButton);
            return d->result();
        }
        if (round == 2) { // the duplicate came back with an error: the user gives up
            auto* error = d->findChild<QLabel*>(QStringLiteral("nameErrorLabel"));
            return error && error->text().contains(QLatin1String("already exists"))
                       ? int(QDialog::Rejected)
                       : int(QDialog::Accepted);
        }
        return int(QDialog::Rejected);
    });
    page.createClient();
    QCOMPARE(ClientStore(*m_db).count().value(), 1);
    QCOMPARE(page.model()->rowCount(), 1);
    QVERIFY(!page.findChild<QLabel*>(QStringLiteral("emptyStateLabel"))->isVisible());

    // A duplicate (ignoring case) is refused by the core and shown in the dialog.
    round = 0;
    page.setExecDialog([&round](QDialog* d) {
        auto* name = d->findChild<QLineEdit*>(QStringLiteral("clientNameEdit"));
        if (++round == 1) {
            name->setText(QString::fromUtf8("DÉMO TEAM"));
            return int(QDialog::Accepted);
        }
        auto* error = d->findChild<QLabel*>(QStringLiteral("nameErrorLabel"));
        return error->text().contains(QLatin1String("already exists")) ? int(QDialog::Rejected)
                                                                       : -1;
    });
    page.createClient();
    QCOMPARE(round, 2);
    QCOMPARE(ClientStore(*m_db).count().value(), 1);
}

void TestConsole::createProfileAndCopyKey()
{
    seedCollections();
    Client c;
    c.name = QStringLiteral("Demo Team");
    TG_VERIFY_OK(ClientStore(*m_db).create(c));
    ClientsPage page(*m_db, *m_clipboard);
    page.show();
    QString revealedKey;
    bool sawInvalidWhitelist = false;
    page.setExecDialog([&](QDialog* d) {
        if (auto* dialog = qobject_cast<ProfileDialog*>(d)) {
            auto* submit = d->findChild<QPushButton*>(QStringLiteral("submitButton"));
            QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("profileNameEdit")),
                             QStringLiteral("Demo Team Member 1"));
            if (submit->isEnabled()) // no collection yet
                return int(QDialog::Rejected);
            auto* list = d->findChild<QListWidget*>(QStringLiteral("collectionsList"));
            QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("collectionsFilterEdit")),
                             QStringLiteral("login"));
            QTest::mouseClick(d->findChild<QPushButton*>(QStringLiteral("selectAllButton")),
                              Qt::LeftButton);
            int checked = 0;
            for (int i = 0; i < list->count(); ++i)
                checked += list->item(i)->checkState() == Qt::Checked;
            if (checked != 1) // only the filtered one
                return int(QDialog::Rejected);
            d->findChild<QGroupBox*>(QStringLiteral("advancedGroup"))->setChecked(true);
            d->findChild<QCheckBox*>(QStringLiteral("rateLimitCheck"))->setChecked(true);
            d->findChild<QCheckBox*>(QStringLiteral("quotaCheck"))->setChecked(true);
            auto* whitelist = d->findChild<QPlainTextEdit*>(QStringLiteral("whitelistEdit"));
            whitelist->setPlainText(QStringLiteral("10.0.0.0/8\n10.1.2.3/8"));
            sawInvalidWhitelist = !submit->isEnabled()
                                  && d->findChild<QLabel*>(QStringLiteral("whitelistErrorLabel"))
                                         ->text()
                                         .contains(QLatin1String("10.0.0.0/8"));
            whitelist->setPlainText(QStringLiteral("10.0.0.0/8\n2001:db8::/32"));
            if (!submit->isEnabled() || !dialog->isValid())
                return int(QDialog::Rejected);
            QTest::mouseClick(submit, Qt::LeftButton);
            return d->result();
        }
        if (auto* reveal = qobject_cast<KeyRevealDialog*>(d)) {
            revealedKey = d->findChild<QLineEdit*>(QStringLiteral("keyEdit"))->text();
            QTest::mouseClick(d->findChild<QPushButton*>(QStringLiteral("copyButton")),
                              Qt::LeftButton);
            if (!reveal->copied())
                return int(QDialog::Rejected);
            reveal->accept();
            // The key is wiped from the dialog when it closes.
            return d->findChild<QLineEdit*>(QStringLiteral("keyEdit"))->text().isEmpty()
                       ? int(QDialog::Accepted)
                       : -1;
        }
        return int(QDialog::Rejected);
    });
    page.createProfile();
    QVERIFY(sawInvalidWhitelist);
    QVERIFY(ApiKey::hasValidFormat(revealedKey));
    auto identity = ProfileStore(*m_db).identify(revealedKey);
    TG_VERIFY_OK(identity);
    QCOMPARE(identity->profile.name, QStringLiteral("Demo Team Member 1"));
    QCOMPARE(identity->profile.collectionNames, QStringList{QStringLiteral("Employee Login")});
    QVERIFY(identity->profile.rateLimit && identity->profile.quota);
    QCOMPARE(identity->profile.ipWhitelist.size(), 2);

    // On the clipboard, marked secret for clipboard managers.
    const QMimeData* data = QApplication::clipboard()->mimeData();
    QCOMPARE(data->text(), revealedKey);
    QCOMPARE(data->data(SecureClipboard::mimeHintFormat()), QByteArray("secret"));
    // Cleared after the delay (ticks stand for seconds: no waiting).
    for (int i = 0; i < m_clipboard->clearDelay(); ++i)
        m_clipboard->tick();
    QVERIFY(QApplication::clipboard()->text().isEmpty());
    QCOMPARE(page.findChild<QTableWidget*>(QStringLiteral("profilesTable"))->rowCount(), 1);
}

void TestConsole::copyFromTheKeyFieldGoesThroughTheSecureClipboard()
{
    AccessProfile p;
    p.clientName = QStringLiteral("Demo Team");
    p.name = QStringLiteral("Member");
    const QString key = QStringLiteral("tg_") + QString(46, QLatin1Char('K'));
    KeyRevealDialog reveal(
        p, key,
        {{QStringLiteral("GET"), QStringLiteral("http://127.0.0.1:8080/demo/employee/v1/list"), 0}},
        *m_clipboard);
    reveal.setConfirm([](QWidget*, const QString&) { return true; });
    reveal.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reveal));
    auto* field = reveal.findChild<QLineEdit*>(QStringLiteral("keyEdit"));
    auto* example = reveal.findChild<QPlainTextEdit*>(QStringLiteral("curlExample"));
    // Selecting does not stick (no X11 primary selection), and there is no context menu.
    field->selectAll();
    QVERIFY(!field->hasSelectedText());
    QCOMPARE(field->contextMenuPolicy(), Qt::NoContextMenu);
    QCOMPARE(example->contextMenuPolicy(), Qt::NoContextMenu);
    // Ctrl+C in the field: the key, marked secret, cleared after the delay.
    field->setFocus();
    QTest::keySequence(field, QKeySequence::Copy);
    const QMimeData* data = QApplication::clipboard()->mimeData();
    QCOMPARE(data->text(), key);
    QCOMPARE(data->data(SecureClipboard::mimeHintFormat()), QByteArray("secret"));
    QVERIFY(reveal.copied());
    for (int i = 0; i < m_clipboard->clearDelay(); ++i)
        m_clipboard->tick();
    QVERIFY(QApplication::clipboard()->text().isEmpty());
    // Ctrl+C in the example: the command with the key, marked secret too.
    example->setFocus();
    QTest::keySequence(example, QKeySequence::Copy);
    data = QApplication::clipboard()->mimeData();
    QVERIFY(data->text().startsWith(QLatin1String("curl -X GET")));
    QVERIFY(data->text().contains(key));
    QCOMPARE(data->data(SecureClipboard::mimeHintFormat()), QByteArray("secret"));
    m_clipboard->clearNow();
}

void TestConsole::pluralsReadNaturally()
{
    AccessProfile p;
    p.rateLimit = RateLimit{1, RateInterval::Minute};
    p.quota = Quota{50, QuotaInterval::Month};
    const QString text = KeyRevealDialog::limitsText(p);
    QVERIFY2(text.contains(QLatin1String("Rate limit: 1 request per minute")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Usage quota: 50 requests per month")), qPrintable(text));
    // Large counts in the locale's digits.
    p.quota = Quota{250'000, QuotaInterval::Month};
    const QString large = KeyRevealDialog::limitsText(p);
    QVERIFY2(large.contains(QLatin1String("Usage quota: 250,000 requests per month")),
             qPrintable(large));
    QCOMPARE(limitText(*p.quota), QStringLiteral("250,000/month"));
    QCOMPARE(limitText(RateLimit{3, RateInterval::Second}), QStringLiteral("3/second"));
}

void TestConsole::closingRevealWithoutCopyAsks()
{
    AccessProfile p;
    p.clientName = QStringLiteral("C");
    p.name = QStringLiteral("P");
    KeyRevealDialog reveal(p, QStringLiteral("tg_example"), {}, *m_clipboard);
    int asked = 0;
    reveal.setConfirm([&asked](QWidget*, const QString&) { return ++asked > 1; });
    reveal.show();
    QVERIFY(
        reveal.findChild<QLabel*>(QStringLiteral("limitsLabel"))
            ->text()
            .contains(QLatin1String("No specific limits have been set for this access profile")));
    reveal.reject(); // "No, keep it open"
    QCOMPARE(asked, 1);
    QVERIFY(reveal.isVisible());
    reveal.reject(); // "Yes, close"
    QCOMPARE(asked, 2);
    QVERIFY(!reveal.isVisible());
}

void TestConsole::clipboardClearedOnlyIfUnchanged()
{
    m_clipboard->setClearDelay(3);
    QSignalSpy spy(m_clipboard.get(), &SecureClipboard::countdown);
    m_clipboard->copySecret(QStringLiteral("tg_secret"));
    QCOMPARE(spy.takeFirst().at(0).toInt(), 3);
    m_clipboard->tick();
    QCOMPARE(spy.takeFirst().at(0).toInt(), 2);
    QApplication::clipboard()->setText(QStringLiteral("something the user copied"));
    m_clipboard->tick();
    QCOMPARE(spy.takeFirst().at(0).toInt(), 0);
    m_clipboard->tick();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("something the user copied"));
    // On quit (destruction) the secret is cleared if still there.
    m_clipboard->copySecret(QStringLiteral("tg_secret2"));
    m_clipboard.reset();
    QVERIFY(QApplication::clipboard()->text().isEmpty());
    m_clipboard = std::make_unique<SecureClipboard>(QApplication::clipboard());
}

void TestConsole::deleteClientAsksFirst()
{
    Client c;
    c.name = QStringLiteral("Leaving");
    TG_VERIFY_OK(ClientStore(*m_db).create(c));
    ClientsPage page(*m_db, *m_clipboard);
    QString question;
    bool answer = false;
    page.setConfirm([&](QWidget*, const QString&, const QString& text) {
        question = text;
        return answer;
    });
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("deleteClientButton")),
                      Qt::LeftButton);
    QVERIFY(question.contains(QLatin1String("Leaving")));
    QCOMPARE(ClientStore(*m_db).count().value(), 1);
    answer = true;
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("deleteClientButton")),
                      Qt::LeftButton);
    QCOMPARE(ClientStore(*m_db).count().value(), 0);
}

void TestConsole::rowMenusActOnTheirRow()
{
    seedCollections();
    Client c;
    c.name = QStringLiteral("Payroll");
    const qint64 clientId = ClientStore(*m_db).create(c)->id;
    SystemRandom random;
    for (const QString& name : {QStringLiteral("First"), QStringLiteral("Second")}) {
        AccessProfile p;
        p.clientId = clientId;
        p.name = name;
        p.collectionIds = {CollectionStore(*m_db).list()->first().id};
        TG_VERIFY_OK(ProfileStore(*m_db).create(p, random));
    }
    ClientsPage page(*m_db, *m_clipboard);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* profiles = page.findChild<QTableWidget*>(QStringLiteral("profilesTable"));
    QCOMPARE(profiles->rowCount(), 2);
    const int menuColumn = profiles->columnCount() - 1;
    QCOMPARE(profiles->item(1, menuColumn)->text(), RowMenu::ellipsis());
    profiles->setCurrentCell(0, 0);
    // A click on the second row's ellipsis opens its menu, with the second row current.
    const QRect cell = profiles->visualItemRect(profiles->item(1, menuColumn));
    QTest::mouseClick(profiles->viewport(), Qt::LeftButton, {}, cell.center());
    auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    QVERIFY(menu);
    QCOMPARE(profiles->currentRow(), 1);
    QStringList texts;
    for (QAction* a : menu->actions())
        if (!a->isSeparator())
            texts << a->text().remove(QLatin1Char('&'));
    QCOMPARE(
        texts,
        (QStringList{QStringLiteral("View key  usage"), QStringLiteral("Edit profile"),
                     QStringLiteral("Regenerate key"), QStringLiteral("Suspend / Resume"),
                     QStringLiteral("Mark reviewed"), QStringLiteral("Export Postman collection…"),
                     QStringLiteral("Try it…"), QStringLiteral("Delete profile")}));
    const QList<QAction*> actions = menu->actions();
    const auto suspend = std::find_if(actions.begin(), actions.end(),
                                      [](QAction* a) { return a->text().contains(u"Suspend"); });
    QVERIFY(suspend != actions.end());
    (*suspend)->trigger();
    menu->close();
    QVERIFY(ProfileStore(*m_db).byName(clientId, QStringLiteral("First"))->enabled);
    QVERIFY(!ProfileStore(*m_db).byName(clientId, QStringLiteral("Second"))->enabled);

    // The clients list has one too, also on the keyboard's menu key.
    auto* clients = page.findChild<QTableView*>(QStringLiteral("clientsView"));
    QCOMPARE(clients->model()->data(clients->model()->index(0, ClientTableModel::Actions)),
             QVariant(RowMenu::ellipsis()));
    clients->setFocus();
    clients->setCurrentIndex(clients->model()->index(0, 0));
    QTest::keyClick(clients, Qt::Key_Menu);
    menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    QVERIFY(menu);
    QVERIFY(menu->actions().first()->text().contains(QLatin1String("Edit client")));
    menu->close();
}

void TestConsole::profilesTabFiltersForAudits()
{
    seedCollections();
    const auto collections = *CollectionStore(*m_db).list(); // sorted: Login, Management
    SystemRandom random;
    for (const QString& clientName : {QStringLiteral("Alpha"), QStringLiteral("Beta")}) {
        Client c;
        c.name = clientName;
        const qint64 id = ClientStore(*m_db).create(c)->id;
        AccessProfile p;
        p.clientId = id;
        p.name = QStringLiteral("P");
        p.collectionIds = {clientName == QLatin1String("Alpha") ? collections[0].id
                                                                : collections[1].id};
        TG_VERIFY_OK(ProfileStore(*m_db).create(p, random));
    }
    // Alpha's profile was reviewed long ago: due again.
    TG_VERIFY_OK(m_db->exec(
        QStringLiteral("UPDATE profiles SET reviewed_at = 1, reviewed_by = 'old' "
                       "WHERE client_id = (SELECT id FROM clients WHERE name = 'Alpha')")));
    ProfilesPage page(*m_db, 90);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(page.model()->rowCount(), 2);
    auto* combo = page.findChild<QComboBox*>(QStringLiteral("profileCollectionFilterCombo"));
    combo->setCurrentIndex(combo->findText(QStringLiteral("Employee Management")));
    QCOMPARE(page.model()->rowCount(), 1);
    QCOMPARE(page.model()->profileAt(0)->clientName, QStringLiteral("Beta"));
    combo->setCurrentIndex(0);
    QCOMPARE(page.model()->rowCount(), 2);
    page.findChild<QCheckBox*>(QStringLiteral("reviewDueCheck"))->setChecked(true);
    QCOMPARE(page.proxy()->rowCount(), 1);
    QCOMPARE(page.proxy()->data(page.proxy()->index(0, ProfileTableModel::Client)).toString(),
             QStringLiteral("Alpha"));
    QCOMPARE(page.proxy()->data(page.proxy()->index(0, ProfileTableModel::ReviewStatus)).toString(),
             QStringLiteral("Overdue"));
    auto* client = page.findChild<QLineEdit*>(QStringLiteral("profileClientFilterEdit"));
    client->setText(QStringLiteral("nobody"));
    emit client->editingFinished();
    QCOMPARE(page.model()->rowCount(), 0);
    QVERIFY(!page.findChild<QLabel*>(QStringLiteral("profilesMessageLabel"))->text().isEmpty());
}

void TestConsole::collectionsAndEndpointsThroughTheDialogs()
{
    CollectionsPage page(*m_db);
    QString preview;
    bool sawBadPath = false;
    page.setExecDialog([&](QDialog* d) {
        auto* submit = d->findChild<QPushButton*>(QStringLiteral("submitButton"));
        if (auto* name = d->findChild<QLineEdit*>(QStringLiteral("collectionNameEdit"))) {
            QTest::keyClicks(name, QStringLiteral("Employee Management"));
            auto* path = d->findChild<QLineEdit*>(QStringLiteral("collectionPathEdit"));
            QTest::keyClicks(path, QStringLiteral("emp/loyee"));
            sawBadPath = !submit->isEnabled()
                         && !d->findChild<QLabel*>(QStringLiteral("errorLabel"))->text().isEmpty();
            path->clear();
            QTest::keyClicks(path, QStringLiteral("employee"));
            preview = d->findChild<QLabel*>(QStringLiteral("previewLabel"))->text();
            QTest::mouseClick(submit, Qt::LeftButton);
            return d->result();
        }
        if (auto* name = d->findChild<QLineEdit*>(QStringLiteral("endpointNameEdit"))) {
            QTest::keyClicks(name, QStringLiteral("Fetch employee"));
            d->findChild<QComboBox*>(QStringLiteral("methodCombo"))
                ->setCurrentText(QStringLiteral("POST"));
            QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("endpointPathEdit")),
                             QStringLiteral("fetch"));
            d->findChild<QRadioButton*>(QStringLiteral("mockRadio"))->setChecked(true);
            d->findChild<QPlainTextEdit*>(QStringLiteral("mockBodyEdit"))
                ->setPlainText(QStringLiteral("{}"));
            if (!submit->isEnabled())
                return int(QDialog::Rejected);
            QTest::mouseClick(submit, Qt::LeftButton);
            return d->result();
        }
        return int(QDialog::Rejected);
    });
    page.createCollection();
    QVERIFY(sawBadPath);
    QCOMPARE(preview, QStringLiteral("demo/employee/v1"));
    auto collection = CollectionStore(*m_db).byName(QStringLiteral("employee management"));
    TG_VERIFY_OK(collection);
    page.createEndpoint();
    auto endpoints = EndpointStore(*m_db).list(collection->id);
    QCOMPARE(endpoints->size(), 1);
    QCOMPARE(endpoints->first().method, QStringLiteral("POST"));
    QCOMPARE(endpoints->first().target, TargetKind::Mock);
    auto* table = page.findChild<QTableWidget*>(QStringLiteral("endpointsTable"));
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 2)->text(),
             QStringLiteral("http://127.0.0.1:8080/demo/employee/v1/fetch"));

    // Deleting asks first and says what is affected.
    QString question;
    page.setConfirm([&](QWidget*, const QString&, const QString& text) {
        question = text;
        return true;
    });
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("deleteCollectionButton")),
                      Qt::LeftButton);
    QVERIFY2(question.contains(QLatin1String("1 endpoint")), qPrintable(question));
    QVERIFY(!CollectionStore(*m_db).byName(QStringLiteral("Employee Management")));
}

void TestConsole::sharingFromTheConsole()
{
    seedCollections();
    const Collection employee =
        *CollectionStore(*m_db).byName(QStringLiteral("Employee Management"));
    TG_VERIFY_OK(EndpointStore(*m_db).create(fetchEndpoint(employee.id)));
    QTemporaryDir dir;
    QString suggested;
    const auto saveTo = [&](const QString& file) {
        return [&suggested, path = dir.filePath(file)](QWidget*, const QString& name) {
            suggested = name;
            return path;
        };
    };

    // An endpoint's curl (with a placeholder for the key) and a collection's Postman file.
    CollectionsPage collections(*m_db);
    auto* table = collections.findChild<QTableWidget*>(QStringLiteral("collectionsTable"));
    const auto rows = table->findItems(QStringLiteral("Employee Management"), Qt::MatchExactly);
    QCOMPARE(rows.size(), 1);
    table->setCurrentCell(rows.first()->row(), 0);
    auto* endpoints = collections.findChild<QTableWidget*>(QStringLiteral("endpointsTable"));
    QCOMPARE(endpoints->rowCount(), 1);
    endpoints->setCurrentCell(0, 0);
    const auto trigger = [](QMenu* menu, const QString& text) {
        QVERIFY(menu);
        for (QAction* a : menu->actions())
            if (a->text().remove(QLatin1Char('&')).startsWith(text)) {
                a->trigger();
                menu->close();
                return;
            }
        QFAIL(qPrintable(QStringLiteral("no action ") + text));
    };
    auto* endpointMenu = endpoints->findChild<RowMenu*>();
    trigger(endpointMenu->open(endpoints->model()->index(0, 0)), QStringLiteral("Copy as curl"));
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("curl -X POST 'http://127.0.0.1:8080/demo/employee/v1/fetch' -H "
                            "'apikey: YOUR_KEY' -H 'Content-Type: application/json' -d '{}'"));
    collections.setSavePath(saveTo(QStringLiteral("employee.json")));
    trigger(table->findChild<RowMenu*>()->open(table->model()->index(rows.first()->row(), 0)),
            QStringLiteral("Export Postman collection"));
    QCOMPARE(suggested, QStringLiteral("Employee Management.postman_collection.json"));
    QFile file(dir.filePath(QStringLiteral("employee.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    QVERIFY(file.readAll().contains("{{baseUrl}}/demo/employee/v1/fetch"));

    // From the key reveal, the file carries the key just shown; from the row menu, not.
    Client c;
    c.name = QStringLiteral("Payroll");
    AccessProfile p;
    p.clientId = ClientStore(*m_db).create(c)->id;
    p.name = QStringLiteral("Batch");
    p.collectionIds = {employee.id};
    SystemRandom random;
    auto issued = ProfileStore(*m_db).create(p, random);
    TG_VERIFY_OK(issued);
    ClientsPage page(*m_db, *m_clipboard);
    page.setSavePath(saveTo(QStringLiteral("batch.json")));
    auto* profiles = page.findChild<QTableWidget*>(QStringLiteral("profilesTable"));
    QCOMPARE(profiles->rowCount(), 1);
    trigger(profiles->findChild<RowMenu*>()->open(profiles->model()->index(0, 0)),
            QStringLiteral("Export Postman collection"));
    QFile withoutKey(dir.filePath(QStringLiteral("batch.json")));
    QVERIFY(withoutKey.open(QIODevice::ReadOnly));
    const QByteArray plain = withoutKey.readAll();
    QVERIFY(plain.contains("\"apikey\""));
    QVERIFY(!plain.contains(issued->secret.toUtf8()));
    QString exportedKey;
    KeyRevealDialog reveal(issued->profile, issued->secret, {}, *m_clipboard);
    reveal.setConfirm([](QWidget*, const QString&) { return true; });
    reveal.setPostmanExport([&](const QString& key) { exportedKey = key; });
    QTest::mouseClick(reveal.findChild<QPushButton*>(QStringLiteral("exportPostmanButton")),
                      Qt::LeftButton);
    QCOMPARE(exportedKey, issued->secret);
}

void TestConsole::accessReportFromTheConsole()
{
    seedCollections();
    Client c;
    c.name = QStringLiteral("Reported");
    AccessProfile p;
    p.clientId = ClientStore(*m_db).create(c)->id;
    p.name = QStringLiteral("Nightly");
    p.collectionIds = {CollectionStore(*m_db).list()->first().id};
    SystemRandom random;
    TG_VERIFY_OK(ProfileStore(*m_db).create(p, random));
    QTemporaryDir dir;
    AccessReportDialog dialog(*m_db);
    QString suggested;
    QString target = dir.filePath(QStringLiteral("report.pdf"));
    dialog.setSavePath([&](QWidget*, const QString& name) {
        suggested = name;
        return target;
    });
    QSignalSpy finished(&dialog, &AccessReportDialog::finished);
    auto* exportButton = dialog.findChild<QPushButton*>(QStringLiteral("exportReportButton"));
    auto* status = dialog.findChild<QLabel*>(QStringLiteral("reportStatusLabel"));
    // A period that ends before it starts is refused by name.
    auto* from = dialog.findChild<QDateEdit*>(QStringLiteral("reportFromEdit"));
    auto* to = dialog.findChild<QDateEdit*>(QStringLiteral("reportToEdit"));
    from->setDate(to->date().addDays(1));
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QVERIFY2(status->text().startsWith(QLatin1String("To:")), qPrintable(status->text()));
    QVERIFY(suggested.isEmpty());
    from->setDate(to->date().addDays(-7));
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QVERIFY(!exportButton->isEnabled()); // reading off the UI thread
    QVERIFY(finished.wait());
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QVERIFY(suggested.endsWith(QLatin1String(".pdf")));
    QFile pdf(target);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
    // CSV too.
    dialog.findChild<QComboBox*>(QStringLiteral("reportFormatCombo"))->setCurrentIndex(1);
    target = dir.filePath(QStringLiteral("report.csv"));
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QVERIFY(finished.wait());
    QFile csv(target);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    QVERIFY(text.startsWith("\"report\",\"Tollgate access report\""));
    QVERIFY(text.contains("\"Reported\",\"Nightly\""));
}

void TestConsole::usageChartDrawsKnownData()
{
    UsageChart chart;
    chart.resize(600, 260);
    // No data: a message, no bars.
    chart.setPoints({}, 3'600'000);
    QCOMPARE(chart.scaleMax(), 0);
    QVERIFY(chart.accessibleDescription().contains(QLatin1String("No requests")));
    // Three hours: 100 allowed; 40 allowed + 10 rate limited; nothing.
    QList<UsagePoint> points(3);
    for (int i = 0; i < 3; ++i)
        points[i].startMs = 1'796'000'000'000 + i * 3'600'000LL;
    points[0].outcomes[QStringLiteral("allowed")] = 100;
    points[1].outcomes[QStringLiteral("allowed")] = 40;
    points[1].outcomes[QStringLiteral("rate_limited")] = 10;
    chart.setPoints(points, 3'600'000);
    QCOMPARE(chart.scaleMax(), 100);
    QCOMPARE(chart.barRect(1).height() * 2, chart.barRect(0).height()); // 50 of 100
    QVERIFY(!chart.barRect(2).isValid());
    QVERIFY2(chart.accessibleDescription().startsWith(QLatin1String("150 requests")),
             qPrintable(chart.accessibleDescription()));
    // The pixels: green at the bottom of bar 1, red at its top, background above it.
    const QImage image = chart.grab().toImage();
    const QRectF bar = chart.barRect(1);
    const QColor allowed = UsageChart::categories().at(0).color;
    const QColor limited = UsageChart::categories().at(2).color;
    QCOMPARE(image.pixelColor(bar.center().toPoint().x(), int(bar.bottom()) - 3), allowed);
    QCOMPARE(image.pixelColor(bar.center().toPoint().x(), int(bar.top()) + 3), limited);
    QVERIFY(image.pixelColor(bar.center().toPoint().x(), int(bar.top()) - 10) != limited);
    // Huge values stay inside the widget.
    points[0].outcomes[QStringLiteral("allowed")] = 4'000'000'000'000LL;
    chart.setPoints(points, 3'600'000);
    QCOMPARE(chart.scaleMax(), 5'000'000'000'000LL);
    QVERIFY(chart.barRect(0).top() >= 0);
    QVERIFY(chart.rect().contains(chart.barRect(0).toRect().adjusted(0, 0, -1, -1)));
}

void TestConsole::usagePanelShowsAProfile()
{
    seedCollections();
    const Collection employee =
        *CollectionStore(*m_db).byName(QStringLiteral("Employee Management"));
    const qint64 endpointId = EndpointStore(*m_db).create(fetchEndpoint(employee.id))->id;
    Client c;
    c.name = QStringLiteral("Metered");
    AccessProfile p;
    p.clientId = ClientStore(*m_db).create(c)->id;
    p.name = QStringLiteral("Monthly");
    p.collectionIds = {employee.id};
    p.quota = Quota{1000, QuotaInterval::Month};
    p.rateLimit = RateLimit{10, RateInterval::Minute};
    SystemRandom random;
    const qint64 profileId = ProfileStore(*m_db).create(p, random)->profile.id;
    const qint64 now = m_db->nowMs();
    UsageBatch batch;
    const qint64 minute = now - now % 60'000 - 60'000;
    for (int i = 0; i < 7; ++i)
        batch.rollups[{profileId, endpointId, Outcome::Allowed, minute}].add(3'000);
    for (int i = 0; i < 2; ++i)
        batch.rollups[{profileId, endpointId, Outcome::RateLimited, minute}].add(100);
    batch.sources[{profileId, QStringLiteral("203.0.113.9")}] = {9, 2, minute};
    TG_VERIFY_OK(UsageStore::write(*m_db, batch));

    UsagePanel panel(*m_db);
    panel.setScope(profileId, std::nullopt);
    panel.setPeriod(0); // 24 hours
    qint64 total = 0;
    for (const UsagePoint& point : panel.chart()->points())
        total += point.total();
    QCOMPARE(total, 9);
    QCOMPARE(panel.chart()->points().size(), 24);
    auto* endpoints = panel.findChild<QTableWidget*>(QStringLiteral("usageEndpointsTable"));
    QCOMPARE(endpoints->rowCount(), 1);
    QCOMPARE(endpoints->item(0, 2)->text(), QStringLiteral("9")); // requests
    QCOMPARE(endpoints->item(0, 3)->text(), QStringLiteral("7")); // allowed
    QCOMPARE(endpoints->item(0, 5)->text(), QStringLiteral("2")); // refused
    auto* sources = panel.findChild<QTableWidget*>(QStringLiteral("usageSourcesTable"));
    QCOMPARE(sources->item(0, 0)->text(), QStringLiteral("203.0.113.9"));
    QCOMPARE(sources->item(0, 2)->text(), QStringLiteral("2"));
    const QString quota = panel.findChild<QLabel*>(QStringLiteral("quotaLabel"))->text();
    QVERIFY2(quota.startsWith(QLatin1String("Quota: 7 of 1,000 used")), qPrintable(quota));
    QCOMPARE(panel.findChild<QProgressBar*>(QStringLiteral("quotaBar"))->value(), 7);
    const QString rate = panel.findChild<QLabel*>(QStringLiteral("rateLabel"))->text();
    QVERIFY2(rate.contains(QLatin1String("10/minute"))
                 && rate.contains(QLatin1String("9 requests")),
             qPrintable(rate));
    // Switching the period reads again.
    panel.setPeriod(3);
    QCOMPARE(panel.chart()->points().size(), 90);
    auto* sourcesNote = panel.findChild<QLabel*>(QStringLiteral("usageSourcesNote"));
    QVERIFY(sourcesNote->isHidden());

    // Seen from many addresses: the busiest ones are listed, and how many there are.
    UsageBatch many;
    for (int i = 0; i < 250; ++i)
        many.sources[{profileId, QStringLiteral("198.51.%1.%2").arg(i / 100).arg(i % 100)}] = {
            1000 + i, 0, minute};
    TG_VERIFY_OK(UsageStore::write(*m_db, many));
    panel.refresh();
    QCOMPARE(sources->rowCount(), 200);
    QCOMPARE(sources->item(0, 0)->text(), QStringLiteral("198.51.2.49"));
    QCOMPARE(sources->item(0, 1)->text(), QStringLiteral("1,249"));
    QVERIFY(!sourcesNote->isHidden());
    QCOMPARE(sourcesNote->text(), QStringLiteral("The 200 busiest of 251 addresses."));
}

void TestConsole::tryItAgainstTheGateway()
{
    seedCollections();
    const Collection employee =
        *CollectionStore(*m_db).byName(QStringLiteral("Employee Management"));
    Endpoint fetch = fetchEndpoint(employee.id);
    fetch.mockBody = QStringLiteral("{\"ID\":\"emp001\",\"Name\":\"Asha\"}");
    TG_VERIFY_OK(EndpointStore(*m_db).create(fetch));
    // An upstream that accepts and never answers: the slow request to cancel.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    Endpoint slow;
    slow.collectionId = employee.id;
    slow.name = QStringLiteral("Slow");
    slow.method = QStringLiteral("GET");
    slow.path = QStringLiteral("slow");
    slow.target = TargetKind::Upstream;
    slow.upstreamUrl = QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort());
    slow.timeoutSeconds = 60;
    TG_VERIFY_OK(EndpointStore(*m_db).create(slow));
    Client c;
    c.name = QStringLiteral("Trying");
    AccessProfile p;
    p.clientId = ClientStore(*m_db).create(c)->id;
    p.name = QStringLiteral("Out");
    p.collectionIds = {employee.id};
    p.rateLimit = RateLimit{100, RateInterval::Minute};
    SystemRandom random;
    auto issued = ProfileStore(*m_db).create(p, random);
    TG_VERIFY_OK(issued);
    GatewayProcess gateway;
    QVERIFY2(gateway.start(QStringLiteral(TOLLGATED_PATH), m_testDb.urlText()),
             qPrintable(gateway.errorText()));
    const QString base =
        QStringLiteral("http://127.0.0.1:%1/demo/employee/v1/").arg(gateway.port());
    TryItDialog dialog({{QStringLiteral("POST"), base + QStringLiteral("fetch")},
                        {QStringLiteral("GET"), base + QStringLiteral("slow")}},
                       issued->secret);
    QSignalSpy finished(&dialog, &TryItDialog::finished);
    auto* key = dialog.findChild<QLineEdit*>(QStringLiteral("tryKeyEdit"));
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("trySendButton")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.last().at(0).toInt(), 200);
    auto* status = dialog.findChild<QLabel*>(QStringLiteral("tryStatusLabel"));
    QVERIFY2(status->text().startsWith(QLatin1String("200 OK")), qPrintable(status->text()));
    // The rate-limit headers are there, in bold; the JSON body pretty-printed.
    auto* headers = dialog.findChild<QTableWidget*>(QStringLiteral("tryResponseHeaders"));
    bool sawLimit = false;
    for (int row = 0; row < headers->rowCount(); ++row)
        if (headers->item(row, 0)->text().compare(QLatin1String("RateLimit-Remaining"),
                                                  Qt::CaseInsensitive)
            == 0) {
            sawLimit = true;
            QCOMPARE(headers->item(row, 1)->text(), QStringLiteral("99"));
            QVERIFY(headers->item(row, 0)->font().bold());
        }
    QVERIFY(sawLimit);
    const QString body =
        dialog.findChild<QPlainTextEdit*>(QStringLiteral("tryResponseBody"))->toPlainText();
    QVERIFY2(body.contains(QLatin1String("\n    \"ID\": \"emp001\"")), qPrintable(body));
    // A wrong key: the gateway's 401 and its JSON error.
    key->setText(QStringLiteral("tg_wrong"));
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("trySendButton")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.last().at(0).toInt(), 401);
    // The slow endpoint: cancelled while it waits.
    key->setText(issued->secret);
    dialog.findChild<QComboBox*>(QStringLiteral("tryTargetCombo"))->setCurrentIndex(1);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("trySendButton")),
                      Qt::LeftButton);
    QVERIFY(dialog.busy());
    QTest::qWait(300);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("tryCancelButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!dialog.busy());
    QCOMPARE(finished.last().at(0).toInt(), 0);
    QVERIFY2(status->text().startsWith(QLatin1String("Cancelled")), qPrintable(status->text()));
    // The key leaves with the dialog.
    dialog.reject();
    QVERIFY(key->text().isEmpty());
}

void TestConsole::auditTabFiltersVerifiesAndExports()
{
    Client c;
    c.name = QStringLiteral("Audited");
    auto created = ClientStore(*m_db).create(c);
    TG_VERIFY_OK(created);
    Client renamed = *created;
    renamed.name = QStringLiteral("Audited Renamed");
    TG_VERIFY_OK(ClientStore(*m_db).update(renamed));
    AuditPage page(*m_db);
    auto* table = page.findChild<QTableWidget*>(QStringLiteral("auditTable"));
    QCOMPARE(table->rowCount(), 3); // prefix set, client created, client renamed
    auto* action = page.findChild<QComboBox*>(QStringLiteral("auditActionCombo"));
    action->setCurrentIndex(action->findData(QStringLiteral("client.")));
    QCOMPARE(table->rowCount(), 2);
    table->selectRow(0); // newest first: the rename
    QVERIFY(page.findChild<QPlainTextEdit*>(QStringLiteral("beforeEdit"))
                ->toPlainText()
                .contains(QLatin1String("\"Audited\"")));
    QVERIFY(page.findChild<QPlainTextEdit*>(QStringLiteral("afterEdit"))
                ->toPlainText()
                .contains(QLatin1String("Audited Renamed")));

    // What changed, field by field: the name first, in bold.
    auto* changes = page.findChild<QTableWidget*>(QStringLiteral("auditChangesTable"));
    QCOMPARE(changes->item(0, 0)->text(), QStringLiteral("name"));
    QCOMPARE(changes->item(0, 1)->text(), QStringLiteral("Audited"));
    QCOMPARE(changes->item(0, 2)->text(), QStringLiteral("Audited Renamed"));
    QVERIFY(changes->item(0, 0)->font().bold());
    QVERIFY(!changes->item(changes->rowCount() - 1, 0)->font().bold());
    // Object type, any text, and the time range.
    action->setCurrentIndex(0);
    auto* type = page.findChild<QComboBox*>(QStringLiteral("auditTypeCombo"));
    type->setCurrentIndex(type->findData(QStringLiteral("settings")));
    QCOMPARE(table->rowCount(), 1);
    type->setCurrentIndex(0);
    auto* anyText = page.findChild<QLineEdit*>(QStringLiteral("auditTextEdit"));
    anyText->setText(QStringLiteral("renamed"));
    emit anyText->editingFinished();
    QCOMPARE(table->rowCount(), 1);
    anyText->clear();
    emit anyText->editingFinished();
    QCOMPARE(table->rowCount(), 3);
    auto* from = page.findChild<QDateEdit*>(QStringLiteral("auditFromEdit"));
    from->setDate(QDateTime::currentDateTimeUtc().date().addDays(1));
    page.findChild<QCheckBox*>(QStringLiteral("auditFromCheck"))->setChecked(true);
    QCOMPARE(table->rowCount(), 0); // nothing from tomorrow on
    page.findChild<QCheckBox*>(QStringLiteral("auditFromCheck"))->setChecked(false);
    QCOMPARE(table->rowCount(), 3);
    action->setCurrentIndex(action->findData(QStringLiteral("client.")));

    // Verify and export run off the UI thread, with the buttons disabled meanwhile.
    auto* status = page.findChild<QLabel*>(QStringLiteral("auditStatusLabel"));
    auto* verifyButton = page.findChild<QPushButton*>(QStringLiteral("verifyButton"));
    QSignalSpy finished(&page, &AuditPage::finished);
    QTest::mouseClick(verifyButton, Qt::LeftButton);
    QVERIFY(!verifyButton->isEnabled());
    QVERIFY(finished.wait());
    QVERIFY(verifyButton->isEnabled());
    QVERIFY2(status->text().contains(QLatin1String("intact: 3 events")),
             qPrintable(status->text()));
    TG_VERIFY_OK(
        m_db->exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")));
    QTest::mouseClick(verifyButton, Qt::LeftButton);
    QVERIFY(finished.wait());
    QVERIFY2(status->text().contains(QLatin1String("event 2 was altered")),
             qPrintable(status->text()));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("audit.csv"));
    page.setSavePath([&path](QWidget*) { return path; });
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("exportButton")), Qt::LeftButton);
    QVERIFY(finished.wait());
    QFile csv(path);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    QVERIFY(text.startsWith("seq,time_utc,actor,action"));
    QCOMPARE(text.count("client."), 2);
}

void TestConsole::settingsTabSavesAndRefusesConflicts()
{
    LocalGateway gateway;
    SettingsPage page(*m_db, *m_clipboard, gateway);
    auto* url = page.findChild<QLineEdit*>(QStringLiteral("gatewayUrlEdit"));
    auto* status = page.findChild<QLabel*>(QStringLiteral("settingsStatusLabel"));
    auto* save = page.findChild<QPushButton*>(QStringLiteral("saveSettingsButton"));
    QVERIFY(page.findChild<QLabel*>(QStringLiteral("prefixLabel"))
                ->text()
                .startsWith(QLatin1String("demo")));
    url->setText(QStringLiteral("ftp://nope"));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(status->text().contains(QLatin1String("gateway_base_url")),
             qPrintable(status->text()));
    url->setText(QStringLiteral("https://api.example.com/"));
    page.findChild<QSpinBox*>(QStringLiteral("clipboardDelaySpin"))->setValue(12);
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(SettingsStore(*m_db).get()->gatewayBaseUrl, QStringLiteral("https://api.example.com"));
    QCOMPARE(m_clipboard->clearDelay(), 12);
    // Another administrator changes the settings meanwhile: this save is refused.
    auto other = m_testDb.open();
    WorkspaceSettings theirs = *SettingsStore(*other).get();
    theirs.reviewIntervalDays = 30;
    TG_VERIFY_OK(SettingsStore(*other).update(theirs));
    page.findChild<QSpinBox*>(QStringLiteral("reviewIntervalSpin"))->setValue(60);
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(status->text().contains(QLatin1String("someone else")), qPrintable(status->text()));
    QCOMPARE(SettingsStore(*m_db).get()->reviewIntervalDays, 30);
}

void TestConsole::editProfileRefusesAConcurrentChange()
{
    seedCollections();
    Client c;
    c.name = QStringLiteral("Team");
    const qint64 clientId = ClientStore(*m_db).create(c)->id;
    AccessProfile p;
    p.clientId = clientId;
    p.name = QStringLiteral("P");
    p.collectionIds = {CollectionStore(*m_db).list()->first().id};
    SystemRandom random;
    auto issued = ProfileStore(*m_db).create(p, random);
    TG_VERIFY_OK(issued);
    ClientsPage page(*m_db, *m_clipboard);
    auto* profiles = page.findChild<QTableWidget*>(QStringLiteral("profilesTable"));
    profiles->selectRow(0);
    QString shownError;
    int round = 0;
    page.setExecDialog([&](QDialog* d) {
        if (++round == 1) {
            // Meanwhile, another administrator renames the profile.
            AccessProfile theirs = *ProfileStore(*m_db).byId(issued->profile.id);
            theirs.name = QStringLiteral("Theirs");
            if (!ProfileStore(*m_db).update(theirs))
                return int(QDialog::Rejected);
            auto* name = d->findChild<QLineEdit*>(QStringLiteral("profileNameEdit"));
            name->setText(QStringLiteral("Mine"));
            return int(QDialog::Accepted);
        }
        shownError = d->findChild<QLabel*>(QStringLiteral("nameErrorLabel"))->text();
        return int(QDialog::Rejected);
    });
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("editProfileButton")),
                      Qt::LeftButton);
    QCOMPARE(round, 2);
    QVERIFY2(shownError.contains(QLatin1String("someone else")), qPrintable(shownError));
    QCOMPARE(ProfileStore(*m_db).byId(issued->profile.id)->name, QStringLiteral("Theirs"));

    // Regenerate with a 24-hour grace: the new key is revealed, the old one still works.
    QString newKey;
    page.setChoose([](QWidget*, const QString&, const QString&, const QStringList& choices) {
        return int(choices.indexOf(QStringLiteral("24 hours")));
    });
    page.setExecDialog([&newKey](QDialog* d) {
        newKey = d->findChild<QLineEdit*>(QStringLiteral("keyEdit"))->text();
        QTest::mouseClick(d->findChild<QPushButton*>(QStringLiteral("copyButton")), Qt::LeftButton);
        return int(QDialog::Accepted);
    });
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("regenerateKeyButton")),
                      Qt::LeftButton);
    QVERIFY(ApiKey::hasValidFormat(newKey));
    QCOMPARE(ProfileStore(*m_db).identify(newKey)->state, KeyState::Active);
    QCOMPARE(ProfileStore(*m_db).identify(issued->secret)->state, KeyState::InGracePeriod);

    // "View key & usage": the hints and last use, never a key, no Copy, no question on close.
    QString viewed;
    bool copyVisible = true;
    bool usageShown = false;
    page.setExecDialog([&](QDialog* d) {
        viewed = d->findChild<QLineEdit*>(QStringLiteral("keyEdit"))->text();
        copyVisible = d->findChild<QPushButton*>(QStringLiteral("copyButton"))->isVisibleTo(d);
        // The profile's usage panel is part of the page.
        usageShown = d->findChild<UsagePanel*>() && d->findChild<UsageChart*>();
        d->reject();
        return d->result();
    });
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("viewProfileButton")),
                      Qt::LeftButton);
    QVERIFY2(viewed.contains(newKey.right(4)) && viewed.contains(QLatin1String("never used")),
             qPrintable(viewed));
    QVERIFY(!viewed.contains(newKey));
    QVERIFY(!copyVisible);
    QVERIFY(usageShown);

    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("markReviewedButton")),
                      Qt::LeftButton);
    QVERIFY(ProfileStore(*m_db).byId(issued->profile.id)->reviewedAt.has_value());
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("suspendButton")),
                      Qt::LeftButton);
    QVERIFY(!ProfileStore(*m_db).byId(issued->profile.id)->enabled);
    QCOMPARE(profiles->item(0, 5)->text(), QStringLiteral("Suspended"));
}

void TestConsole::settingsStartAndStopALocalGateway()
{
    // A free loopback port for the gateway base URL.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    WorkspaceSettings settings = *SettingsStore(*m_db).get();
    settings.gatewayBaseUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);
    TG_VERIFY_OK(SettingsStore(*m_db).update(settings));
    LocalGateway gateway;
    gateway.setExecutable(QStringLiteral(TOLLGATED_PATH));
    SettingsPage page(*m_db, *m_clipboard, gateway);
    auto* state = page.findChild<QLabel*>(QStringLiteral("gatewayStateLabel"));
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("startGatewayButton")),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(gateway.state() == LocalGateway::State::Running, 15000);
    QCOMPARE(gateway.port(), port);
    QVERIFY2(state->text().contains(QString::number(port)), qPrintable(state->text()));
    QCOMPARE(httpRequest(port, "GET", "/-/ping").status, 200);
    // A second one on the same port fails, and says why.
    LocalGateway second;
    second.setExecutable(QStringLiteral(TOLLGATED_PATH));
    second.start(m_db->url(), port);
    QTRY_VERIFY_WITH_TIMEOUT(second.state() == LocalGateway::State::Failed, 15000);
    QVERIFY2(second.stateText().contains(QLatin1String("cannot listen")),
             qPrintable(second.stateText()));
    QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("stopGatewayButton")),
                      Qt::LeftButton);
    QCOMPARE(gateway.state(), LocalGateway::State::Stopped);
    QCOMPARE(httpRequest(port, "GET", "/-/ping", {}, {}, 2000).status, 0);
}

void TestConsole::screenshots_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("dark");
    QTest::newRow("en") << QStringLiteral("en") << false;
    QTest::newRow("de") << QStringLiteral("de") << false;
    QTest::newRow("en-dark") << QStringLiteral("en") << true;
}

void TestConsole::screenshots()
{
    // Renders the main screens to PNG when TOLLGATE_SCREENSHOTS names a directory:
    // in English and German, on a light and a dark palette.
    QFETCH(QString, language);
    QFETCH(bool, dark);
    const QString base = qEnvironmentVariable("TOLLGATE_SCREENSHOTS");
    if (base.isEmpty())
        QSKIP("set TOLLGATE_SCREENSHOTS=DIR to render the screens");
    const QString dir = base + QLatin1Char('/') + QString::fromLatin1(QTest::currentDataTag());
    QDir().mkpath(dir);
    QTranslator german;
    QTranslator qtGerman; // Qt's own texts ("Close"), as the console loads them
    if (language == QLatin1String("de")) {
        QVERIFY(german.load(QStringLiteral(":/i18n/tollgate_de.qm")));
        QCoreApplication::installTranslator(&german);
        if (qtGerman.load(QLocale(QLocale::German), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(&qtGerman);
    }
    const QPalette lightPalette = QApplication::palette();
    if (dark) {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        p.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
        p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
        p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
        p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
        QApplication::setPalette(p);
    }
    const auto restore = qScopeGuard([&] {
        QCoreApplication::removeTranslator(&german);
        QCoreApplication::removeTranslator(&qtGerman);
        QApplication::setPalette(lightPalette);
    });
    {
        // The empty state of the Clients tab, before anything exists.
        MainWindow empty(*m_db, *m_clipboard);
        empty.show();
        QVERIFY(QTest::qWaitForWindowExposed(&empty));
        QVERIFY(empty.grab().save(dir + QStringLiteral("/empty-clients.png")));
    }
    {
        QTemporaryDir fresh;
        DatabaseUrl url;
        url.filePath = fresh.filePath(QStringLiteral("fresh.db"));
        auto freshDb = Database::open(url, Database::OpenMode::CreateIfMissing);
        TG_VERIFY_OK(freshDb);
        FirstStartDialog first(**freshDb);
        first.show();
        first.findChild<QLineEdit*>(QStringLiteral("prefixEdit"))->setText(QStringLiteral("a b"));
        QApplication::processEvents();
        QVERIFY(first.grab().save(dir + QStringLiteral("/first-start.png")));
    }
    seedCollections();
    Client c;
    c.name = QStringLiteral("Demo Team");
    c.description = QStringLiteral("People trying out the HR operations APIs.");
    const qint64 clientId = ClientStore(*m_db).create(c)->id;
    AccessProfile p;
    p.clientId = clientId;
    p.name = QStringLiteral("Demo Team Member 1");
    p.collectionIds = {CollectionStore(*m_db).list()->at(0).id,
                       CollectionStore(*m_db).list()->at(1).id};
    p.rateLimit = RateLimit{5, RateInterval::Minute};
    p.quota = Quota{50, QuotaInterval::Month};
    SystemRandom random;
    auto issued = ProfileStore(*m_db).create(p, random);
    TG_VERIFY_OK(issued);
    const qint64 fetchId =
        EndpointStore(*m_db)
            .create(fetchEndpoint(p.collectionIds.first(), QStringLiteral("Fetch employee")))
            ->id;
    {
        // A month of traffic for the usage screens.
        UsageBatch batch;
        const qint64 now = m_db->nowMs();
        const qint64 hour = 3'600'000;
        for (qint64 h = now - now % hour - 30 * 24 * hour; h < now; h += hour) {
            const int load = int((h / hour) % 24 >= 8 && (h / hour) % 24 <= 17 ? 20 : 2);
            UsageCounts& allowed =
                batch.rollups[{issued->profile.id, fetchId, Outcome::Allowed, h}];
            for (int i = 0; i < load; ++i)
                allowed.add(4'000 + i * 900);
            if ((h / hour) % 24 == 9)
                for (int i = 0; i < 6; ++i)
                    batch.rollups[{issued->profile.id, fetchId, Outcome::RateLimited, h}].add(200);
        }
        batch.sources[{issued->profile.id, QStringLiteral("10.20.0.15")}] = {4000, 180, now};
        TG_VERIFY_OK(UsageStore::write(*m_db, batch));
    }
    MainWindow window(*m_db, *m_clipboard);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.grab().save(dir + QStringLiteral("/main-clients.png")));
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("apiManagementTabs"));
    tabs->setCurrentIndex(2);
    QApplication::processEvents();
    QVERIFY(window.grab().save(dir + QStringLiteral("/main-profiles.png")));
    tabs->setCurrentIndex(0);
    QApplication::processEvents();
    QVERIFY(window.grab().save(dir + QStringLiteral("/main-collections.png")));
    tabs->setCurrentIndex(3);
    QApplication::processEvents();
    QVERIFY(window.grab().save(dir + QStringLiteral("/main-usage.png")));
    tabs->setCurrentIndex(4);
    QApplication::processEvents();
    QVERIFY(window.grab().save(dir + QStringLiteral("/main-audit.png")));
    tabs->setCurrentIndex(5);
    QApplication::processEvents();
    QVERIFY(window.grab().save(dir + QStringLiteral("/main-settings.png")));
    ProfileDialog dialog(p, *CollectionStore(*m_db).list(), &window);
    dialog.show();
    dialog.findChild<QPlainTextEdit*>(QStringLiteral("whitelistEdit"))
        ->setPlainText(QStringLiteral("10.1.2.3/8"));
    QApplication::processEvents(); // let the layout make room for the error shown
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/profile-dialog.png")));
    KeyRevealDialog reveal(issued->profile, QStringLiteral("tg_") + QString(46, QLatin1Char('X')),
                           {{QStringLiteral("POST"),
                             QStringLiteral("http://127.0.0.1:8080/demo/employee/v1/fetch"), 12}},
                           *m_clipboard, &window);
    reveal.show();
    QVERIFY(reveal.grab().save(dir + QStringLiteral("/key-reveal.png")));
    AccessReportDialog report(*m_db, &window);
    report.show();
    QVERIFY(report.grab().save(dir + QStringLiteral("/access-report.png")));
    TryItDialog tryIt(
        {{QStringLiteral("POST"), QStringLiteral("http://127.0.0.1:8080/demo/employee/v1/fetch")}},
        QStringLiteral("tg_") + QString(46, QLatin1Char('X')), &window);
    tryIt.show();
    QVERIFY(tryIt.grab().save(dir + QStringLiteral("/try-it.png")));
    reveal.setConfirm([](QWidget*, const QString&) { return true; });
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
