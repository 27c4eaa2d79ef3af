// The console's set-up surfaces through real widgets on the offscreen
// platform: the first-start dialog, switching databases from Settings (with a
// connection test off the UI thread), and the German translation.
#include "AccessReportDialog.h"
#include "ClientDialog.h"
#include "ClientStore.h"
#include "CollectionDialog.h"
#include "CollectionStore.h"
#include "ConsoleSession.h"
#include "ConsoleSettings.h"
#include "DatabasePanel.h"
#include "DemoWorkspace.h"
#include "EndpointDialog.h"
#include "FirstStartDialog.h"
#include "KeyRevealDialog.h"
#include "LimitText.h"
#include "MainWindow.h"
#include "ProfileDialog.h"
#include "ProfileStore.h"
#include "SecureClipboard.h"
#include "SettingsStore.h"
#include "TestDatabase.h"
#include "Translations.h"
#include "TryItDialog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QIcon>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

// Opens a fresh, empty SQLite database in dir.
std::unique_ptr<Database> emptyDatabase(const QTemporaryDir& dir, const QString& name)
{
    DatabaseUrl url;
    url.filePath = dir.filePath(name);
    auto db = Database::open(url, Database::OpenMode::CreateIfMissing);
    return db ? std::move(*db) : nullptr;
}

// Answers the first-start dialog when it shows: a prefix, or cancel when empty.
void answerFirstStart(const QString& prefix)
{
    QTimer::singleShot(0, [prefix] {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            auto* dialog = qobject_cast<FirstStartDialog*>(w);
            if (!dialog || !dialog->isVisible())
                continue;
            if (prefix.isEmpty()) {
                dialog->reject();
                return;
            }
            dialog->findChild<QLineEdit*>(QStringLiteral("prefixEdit"))->setText(prefix);
            QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("getStartedButton")),
                              Qt::LeftButton);
            return;
        }
        answerFirstStart(prefix); // not shown yet
    });
}

struct TsMessage {
    QString context;
    QString source;
    QStringList translations; // one, or the plural forms
    bool finished = true;
};

QList<TsMessage> readTs(const QString& path)
{
    QList<TsMessage> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name"))
            context = xml.readElementText();
        else if (xml.name() == QLatin1String("message"))
            current = TsMessage{context, {}, {}, true};
        else if (xml.name() == QLatin1String("source"))
            current.source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation")) {
            const auto type = xml.attributes().value(QLatin1String("type"));
            current.finished = type.isEmpty();
            // Plural forms are child elements; a singular translation is the text.
            QString text;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                    current.translations.append(xml.readElementText());
                else if (xml.isEndElement() && xml.name() == QLatin1String("translation"))
                    break;
            }
            if (current.translations.isEmpty())
                current.translations.append(text);
            messages.append(current);
        }
    }
    return messages;
}

QStringList placeholders(const QString& text)
{
    // %Ln is %n in the locale's digits ("100,000").
    static const QRegularExpression pattern(QStringLiteral("%L?(\\d+|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.append(QLatin1Char('%') + it.next().captured(1));
    found.sort();
    found.removeDuplicates();
    return found;
}

} // namespace

class TestConsoleSetup : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installTranslations(*QApplication::instance(), QStringLiteral("en"));
    }
    void firstStartChecksThePrefix_data();
    void firstStartChecksThePrefix();
    void firstStartLoadsTheDemo();
    void switchDatabaseFromSettings();
    void germanTranslationIsComplete();
    void germanWindowReadsGerman();
    void unknownLanguageIsRefused();
    void iconsRender();
    void everyControlHasAnAccessibleName();
};

void TestConsoleSetup::firstStartChecksThePrefix_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<bool>("ready");
    QTest::addColumn<QString>("problem"); // part of the text shown, or empty
    QTest::newRow("empty: not ready, no error yet") << QString() << false << QString();
    QTest::newRow("plain") << QStringLiteral("acme") << true << QString();
    QTest::newRow("dash and underscore") << QStringLiteral("acme-hr_2") << true << QString();
    QTest::newRow("space") << QStringLiteral("a b") << false << QStringLiteral("Path prefix");
    QTest::newRow("unicode") << QStringLiteral("äpfel") << false << QStringLiteral("letters");
    QTest::newRow("slash") << QStringLiteral("acme/hr") << false << QStringLiteral("letters");
    QTest::newRow("hostile") << QStringLiteral("'; DROP TABLE settings; --") << false
                             << QStringLiteral("letters");
    QTest::newRow("too long") << QString(65, QLatin1Char('a')) << false
                              << QStringLiteral("at most 64");
    QTest::newRow("only blanks") << QStringLiteral("   ") << false << QStringLiteral("empty");
}

void TestConsoleSetup::firstStartChecksThePrefix()
{
    QFETCH(QString, prefix);
    QFETCH(bool, ready);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    auto db = emptyDatabase(dir, QStringLiteral("first.db"));
    QVERIFY(db);
    FirstStartDialog dialog(*db);
    auto* edit = dialog.findChild<QLineEdit*>(QStringLiteral("prefixEdit"));
    auto* start = dialog.findChild<QPushButton*>(QStringLiteral("getStartedButton"));
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("prefixProblemLabel"));
    auto* preview = dialog.findChild<QLabel*>(QStringLiteral("prefixPreviewLabel"));
    QVERIFY(!start->isEnabled()); // nothing typed yet
    // Typed where QTest can type it (Latin-1 only), pasted otherwise.
    bool typable = true;
    for (QChar c : prefix)
        typable = typable && c.unicode() < 0x80;
    if (typable)
        QTest::keyClicks(edit, prefix);
    else
        edit->setText(prefix);
    QCOMPARE(start->isEnabled(), ready);
    if (problem.isEmpty())
        QVERIFY2(error->text().isEmpty(), qPrintable(error->text()));
    else
        QVERIFY2(error->text().contains(problem), qPrintable(error->text()));
    if (ready) {
        QVERIFY2(preview->text().contains(QStringLiteral("/%1/employee/v1/fetch").arg(prefix)),
                 qPrintable(preview->text()));
        QTest::mouseClick(start, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(SettingsStore(*db).get()->pathPrefix, prefix);
    } else {
        dialog.accept(); // even forced, nothing is written
        QVERIFY(SettingsStore(*db).get()->pathPrefix.isEmpty());
    }
}

void TestConsoleSetup::firstStartLoadsTheDemo()
{
    QTemporaryDir dir;
    auto db = emptyDatabase(dir, QStringLiteral("demo.db"));
    QVERIFY(db);
    FirstStartDialog dialog(*db);
    auto* demo = dialog.findChild<QRadioButton*>(QStringLiteral("demoRadio"));
    auto* start = dialog.findChild<QPushButton*>(QStringLiteral("getStartedButton"));
    QVERIFY(!start->isEnabled());
    QTest::mouseClick(demo, Qt::LeftButton);
    QVERIFY(demo->isChecked());
    QVERIFY(start->isEnabled()); // the demo needs no prefix typed
    QVERIFY(!dialog.findChild<QLineEdit*>(QStringLiteral("prefixEdit"))->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(SettingsStore(*db).get()->pathPrefix, QStringLiteral("demo"));
    QVERIFY(*ClientStore(*db).count() > 0);
}

void TestConsoleSetup::switchDatabaseFromSettings()
{
    QTemporaryDir dir;
    {
        auto first = emptyDatabase(dir, QStringLiteral("first.db"));
        QVERIFY(first);
        TG_VERIFY_OK(SettingsStore(*first).initialise(QStringLiteral("first")));
    }
    DatabaseUrl firstUrl;
    firstUrl.filePath = dir.filePath(QStringLiteral("first.db"));
    SecureClipboard clipboard(QApplication::clipboard());
    ConsoleSession session(clipboard);
    auto opened = session.open(firstUrl);
    TG_VERIFY_OK(opened);
    QVERIFY(*opened);
    QPointer<MainWindow> firstWindow = session.window();
    auto* panel = firstWindow->findChild<DatabasePanel*>();
    QVERIFY(panel);
    auto* edit = panel->findChild<QLineEdit*>(QStringLiteral("databaseEdit"));
    auto* test = panel->findChild<QPushButton*>(QStringLiteral("testConnectionButton"));
    auto* switchButton = panel->findChild<QPushButton*>(QStringLiteral("switchDatabaseButton"));
    auto* result = panel->findChild<QLabel*>(QStringLiteral("connectionResultLabel"));
    QSignalSpy tested(panel, &DatabasePanel::testFinished);
    QVERIFY(!switchButton->isEnabled());

    // Bad input is refused before anything is opened.
    QTest::mouseClick(test, Qt::LeftButton);
    QCOMPARE(tested.size(), 1);
    QVERIFY(!tested.takeFirst().at(0).toBool());
    QVERIFY2(result->text().contains(QLatin1String("database")), qPrintable(result->text()));
    edit->setText(QStringLiteral("mysql://nope"));
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(tested.size() == 1 || tested.wait());
    QVERIFY(!tested.takeFirst().at(0).toBool());
    QVERIFY(!switchButton->isEnabled());

    // A server that is not there: tested off the UI thread, which stays responsive.
    edit->setText(QStringLiteral("postgresql://nobody@127.0.0.1:1/none"));
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(panel->testRunning() || tested.size() == 1);
    QVERIFY(tested.size() == 1 || tested.wait(30000));
    QVERIFY(!tested.takeFirst().at(0).toBool());
    QVERIFY2(result->text().contains(QLatin1String("PostgreSQL")), qPrintable(result->text()));
    QVERIFY(!switchButton->isEnabled());

    // A new SQLite file: the test says it will be created; changing the text needs a new test.
    const QString second = dir.filePath(QStringLiteral("second.db"));
    edit->setText(second);
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(tested.size() == 1 || tested.wait());
    QVERIFY(tested.takeFirst().at(0).toBool());
    QVERIFY2(result->text().contains(QLatin1String("does not exist yet")),
             qPrintable(result->text()));
    QVERIFY(switchButton->isEnabled());
    edit->setText(second + QStringLiteral("x"));
    QVERIFY(!switchButton->isEnabled());
    edit->setText(second);
    QVERIFY(switchButton->isEnabled());

    // Cancelling its first start keeps the console on the first database.
    QSignalSpy switched(&session, &ConsoleSession::switchFinished);
    answerFirstStart(QString());
    QTest::mouseClick(switchButton, Qt::LeftButton);
    QVERIFY(switched.wait());
    QVERIFY(!switched.takeFirst().at(0).toBool());
    QCOMPARE(session.window(), firstWindow.data());
    QCOMPARE(session.database()->url().filePath, firstUrl.filePath);
    QVERIFY2(result->text().contains(QLatin1String("cancelled")), qPrintable(result->text()));

    // Answering it switches: a new window on the new database, remembered for the next start.
    answerFirstStart(QStringLiteral("second"));
    QTest::mouseClick(switchButton, Qt::LeftButton);
    QVERIFY(switched.wait());
    QVERIFY(switched.takeFirst().at(0).toBool());
    QVERIFY(firstWindow.isNull());
    QCOMPARE(session.database()->url().filePath, second);
    QCOMPARE(SettingsStore(*session.database()).get()->pathPrefix, QStringLiteral("second"));
    QCOMPARE(ConsoleSettings::databaseUrl(), second);
    auto* inUse = session.window()->findChild<QLabel*>(QStringLiteral("databaseInUseLabel"));
    QCOMPARE(inUse->text(), second);
}

void TestConsoleSetup::germanTranslationIsComplete()
{
    const QList<TsMessage> messages =
        readTs(QStringLiteral(TOLLGATE_SOURCE_DIR "/translations/tollgate_de.ts"));
    QVERIFY(messages.size() > 300);
    QTranslator german;
    QVERIFY(german.load(QStringLiteral(":/i18n/tollgate_de.qm")));
    for (const TsMessage& m : messages) {
        const QString where = m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(m.finished, qPrintable(where));
        for (const QString& t : m.translations) {
            QVERIFY2(!t.trimmed().isEmpty() || m.source.trimmed().isEmpty(), qPrintable(where));
            // Every placeholder survives, or the text would show "%2" or lose a value.
            QCOMPARE(placeholders(t), placeholders(m.source));
        }
        const bool plural = m.translations.size() > 1;
        const QString compiled =
            german.translate(m.context.toUtf8().constData(), m.source.toUtf8().constData(), nullptr,
                             plural ? 2 : -1);
        QVERIFY2(!compiled.isEmpty(), qPrintable(where));
    }
}

void TestConsoleSetup::germanWindowReadsGerman()
{
    QTranslator german;
    QVERIFY(german.load(QStringLiteral(":/i18n/tollgate_de.qm")));
    QCoreApplication::installTranslator(&german);
    QTemporaryDir dir;
    auto db = emptyDatabase(dir, QStringLiteral("de.db"));
    QVERIFY(db);
    TG_VERIFY_OK(SettingsStore(*db).initialise(QStringLiteral("demo")));
    SecureClipboard clipboard(QApplication::clipboard());
    {
        MainWindow window(*db, clipboard);
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("apiManagementTabs"));
        QStringList titles;
        for (int i = 0; i < tabs->count(); ++i)
            titles.append(tabs->tabText(i));
        QCOMPARE(titles.join(u'|'), QStringLiteral("API-&Sammlungen|&Clients|&Zugriffsprofile|"
                                                   "&Nutzung|&Audit-Protokoll|&Einstellungen"));
        QCOMPARE(window.windowTitle(), QStringLiteral("Tollgate — API-Verwaltung"));
    }
    // The core's messages are translated too.
    QString prefix = QStringLiteral("a b");
    auto set = SettingsStore(*db).initialise(prefix);
    QVERIFY(!set);
    QVERIFY2(set.error().message().contains(QStringLiteral("darf nur Buchstaben")),
             qPrintable(set.error().message()));
    // Limits read as German texts, not as tollgatectl's input format.
    QCOMPARE(limitText(RateLimit{5, RateInterval::Minute}), QStringLiteral("5/Minute"));
    QCOMPARE(limitText(Quota{50, QuotaInterval::Month}), QStringLiteral("50/Monat"));
    QCoreApplication::removeTranslator(&german);
}

void TestConsoleSetup::unknownLanguageIsRefused()
{
    QProcess console;
    console.setProcessEnvironment([] {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }());
    console.start(QStringLiteral(TOLLGATE_PATH), {QStringLiteral("--lang"), QStringLiteral("xx")});
    QVERIFY(console.waitForFinished(20000));
    QCOMPARE(console.exitCode(), 2);
    const QString err = QString::fromUtf8(console.readAllStandardError());
    QVERIFY2(err.contains(QLatin1String("--lang")) && err.contains(QLatin1String("de")),
             qPrintable(err));
}

void TestConsoleSetup::iconsRender()
{
    // Every icon in resources/icons is compiled in and draws something (this needs
    // Qt's SVG image plugin at run time).
    const QStringList icons = QDir(QStringLiteral(":/icons")).entryList();
    QVERIFY(icons.size() >= 8);
    for (const QString& name : icons) {
        const QImage image = QIcon(QStringLiteral(":/icons/") + name).pixmap(32, 32).toImage();
        QVERIFY2(!image.isNull(), qPrintable(name));
        int painted = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                painted += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        QVERIFY2(painted > 20, qPrintable(name));
    }
}

namespace {

// The controls under root that a screen reader would announce without a name:
// visible, focusable input controls whose accessible name (their own, their
// text, or their buddy label's) is empty.
QStringList unnamedControls(QWidget* root)
{
    QStringList unnamed;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(root) || w->focusPolicy() == Qt::NoFocus)
            continue;
        const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QLineEdit*>(w)
                             || qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w)
                             || qobject_cast<QAbstractItemView*>(w)
                             || qobject_cast<QPlainTextEdit*>(w);
        if (!control || qobject_cast<QLineEdit*>(w->parentWidget())
            || qobject_cast<QAbstractSpinBox*>(w->parentWidget())
            || qobject_cast<QComboBox*>(w->parentWidget()))
            continue; // parts of a composite control
        QAccessibleInterface* a = QAccessible::queryAccessibleInterface(w);
        if (!a || a->text(QAccessible::Name).trimmed().isEmpty())
            unnamed << QStringLiteral("%1 \"%2\"")
                           .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName());
    }
    return unnamed;
}

} // namespace

void TestConsoleSetup::everyControlHasAnAccessibleName()
{
    QTemporaryDir dir;
    auto db = emptyDatabase(dir, QStringLiteral("a11y.db"));
    QVERIFY(db);
    SystemRandom random;
    TG_VERIFY_OK(DemoWorkspace::load(*db, random));
    SecureClipboard clipboard(QApplication::clipboard());
    MainWindow window(*db, clipboard);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("apiManagementTabs"));
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QApplication::processEvents();
        const QStringList unnamed = unnamedControls(tabs->currentWidget());
        QVERIFY2(unnamed.isEmpty(),
                 qPrintable(tabs->tabText(i) + QStringLiteral(": ") + unnamed.join(u", ")));
    }
    const auto collections = *CollectionStore(*db).list();
    const auto profiles = *ProfileStore(*db).list();
    QVERIFY(!collections.isEmpty() && !profiles.isEmpty());
    std::vector<std::unique_ptr<QDialog>> dialogs;
    dialogs.push_back(std::make_unique<ClientDialog>(Client{}));
    dialogs.push_back(
        std::make_unique<CollectionDialog>(Collection{}, QStringLiteral("http://x/demo")));
    Endpoint endpoint;
    endpoint.collectionId = collections.first().id;
    dialogs.push_back(
        std::make_unique<EndpointDialog>(endpoint, QStringLiteral("http://x/demo/a/v1")));
    dialogs.push_back(std::make_unique<ProfileDialog>(profiles.first(), collections));
    dialogs.push_back(std::make_unique<KeyRevealDialog>(
        profiles.first(), QString(),
        QList<KeyRevealDialog::EndpointLine>{
            {QStringLiteral("GET"), QStringLiteral("http://x/demo/a/v1/b"), 1}},
        clipboard));
    dialogs.push_back(std::make_unique<FirstStartDialog>(*db));
    dialogs.push_back(std::make_unique<AccessReportDialog>(*db));
    dialogs.push_back(std::make_unique<TryItDialog>(
        QList<TryItDialog::Target>{
            {QStringLiteral("POST"), QStringLiteral("http://x/demo/a/v1/b")}},
        QString()));
    for (const auto& dialog : dialogs) {
        dialog->show();
        // Advanced settings open, so that their controls are checked too.
        for (QGroupBox* box : dialog->findChildren<QGroupBox*>())
            if (box->isCheckable())
                box->setChecked(true);
        QApplication::processEvents();
        const QStringList unnamed = unnamedControls(dialog.get());
        QVERIFY2(unnamed.isEmpty(),
                 qPrintable(QString::fromLatin1(dialog->metaObject()->className())
                            + QStringLiteral(": ") + unnamed.join(u", ")));
        dialog->hide();
    }
}

QTEST_MAIN(TestConsoleSetup)
#include "tst_console_setup.moc"
