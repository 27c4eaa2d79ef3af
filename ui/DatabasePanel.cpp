#include "DatabasePanel.h"

#include "Schema.h"
#include "Theme.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QThread>

namespace tollgate::ui {

DatabasePanel::DatabasePanel(const DatabaseUrl& current, QWidget* parent)
    : QGroupBox(tr("Database"), parent)
{
    setObjectName(QStringLiteral("databasePanel"));
    auto* form = new QFormLayout(this);
    auto* inUse = new QLabel(current.displayName(), this);
    inUse->setObjectName(QStringLiteral("databaseInUseLabel"));
    inUse->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("In use"), inUse);

    auto* row = new QHBoxLayout;
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("databaseEdit"));
    m_edit->setAccessibleName(tr("Database to switch to"));
    m_edit->setPlaceholderText(tr("A SQLite file, or postgresql://user@host:5432/dbname"));
    m_edit->setMaxLength(2048);
    row->addWidget(m_edit, 1);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("browseDatabaseButton"));
    row->addWidget(browse);
    auto* label = new QLabel(tr("S&witch to"), this);
    label->setBuddy(m_edit);
    form->addRow(label, row);

    auto* buttons = new QHBoxLayout;
    m_test = new QPushButton(tr("Test co&nnection"), this);
    m_test->setObjectName(QStringLiteral("testConnectionButton"));
    m_switch = new QPushButton(tr("Switch &database"), this);
    m_switch->setObjectName(QStringLiteral("switchDatabaseButton"));
    m_switch->setEnabled(false);
    buttons->addWidget(m_test);
    buttons->addWidget(m_switch);
    buttons->addStretch();
    form->addRow(QString(), buttons);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("connectionResultLabel"));
    m_result->setWordWrap(true);
    m_result->hide(); // until there is something to say
    form->addRow(QString(), m_result);
    auto* note = new QLabel(tr("A PostgreSQL password is used for this session only and never "
                               "saved; the console reads it from ~/.pgpass or PGPASSWORD when it "
                               "starts."),
                            this);
    note->setWordWrap(true);
    form->addRow(QString(), note);

    connect(browse, &QPushButton::clicked, this, &DatabasePanel::browse);
    connect(m_test, &QPushButton::clicked, this, &DatabasePanel::testConnection);
    connect(m_switch, &QPushButton::clicked, this, &DatabasePanel::requestSwitch);
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        // A test applies to the text it tested.
        m_switch->setEnabled(m_testPassed && m_edit->text() == m_testedText);
    });
}

DatabasePanel::~DatabasePanel() = default;

Result<DatabaseUrl> DatabasePanel::enteredUrl() const
{
    const QString text = m_edit->text().trimmed();
    if (text.isEmpty())
        return Error::invalid(QStringLiteral("database"), tr("enter a file path or a URL"));
    return DatabaseUrl::parse(text);
}

void DatabasePanel::browse()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("SQLite database"), m_edit->text(), tr("Tollgate databases (*.db);;All files (*)"),
        nullptr, QFileDialog::DontConfirmOverwrite);
    if (!file.isEmpty())
        m_edit->setText(file);
}

void DatabasePanel::testConnection()
{
    auto url = enteredUrl();
    m_testPassed = false;
    m_switch->setEnabled(false);
    if (!url) {
        showTestResult(false, url.error().toString());
        return;
    }
    m_testedText = m_edit->text();
    m_testRunning = true;
    m_test->setEnabled(false);
    m_result->setText(tr("Testing the connection…"));
    m_result->show();
    // Off the UI thread: a server that does not answer takes its connect timeout.
    QPointer<DatabasePanel> self(this);
    const DatabaseUrl target = *url;
    QThread* worker = QThread::create([self, target] {
        auto probe = Schema::probe(target);
        bool ok = probe.ok();
        QString text;
        if (!probe)
            text = probe.error().toString();
        else if (!probe->exists)
            text = tr("%1 does not exist yet; switching creates it.").arg(target.displayName());
        else if (probe->version == 0)
            text = tr("Connected to %1: an empty database; switching sets it up.")
                       .arg(target.displayName());
        else if (probe->version < Schema::latestVersion())
            text = tr("Connected to %1: schema version %2; switching upgrades it to %3.")
                       .arg(target.displayName())
                       .arg(probe->version)
                       .arg(Schema::latestVersion());
        else
            text = tr("Connected to %1: a Tollgate workspace.").arg(target.displayName());
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, ok, text] {
                if (self)
                    self->showTestResult(ok, text);
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void DatabasePanel::showTestResult(bool ok, const QString& text)
{
    m_testRunning = false;
    m_test->setEnabled(true);
    m_testPassed = ok;
    m_switch->setEnabled(ok && m_edit->text() == m_testedText);
    m_result->setText(text);
    m_result->show();
    if (ok)
        m_result->setPalette(palette());
    else
        Theme::markAsError(m_result);
    emit testFinished(ok, text);
}

void DatabasePanel::showProblem(const QString& text)
{
    m_result->setText(text);
    m_result->show();
    Theme::markAsError(m_result);
}

void DatabasePanel::requestSwitch()
{
    auto url = enteredUrl();
    if (!url || !m_testPassed)
        return;
    emit switchRequested(*url);
}

} // namespace tollgate::ui
