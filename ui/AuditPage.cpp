#include "AuditPage.h"

#include "Background.h"
#include "DomainJson.h"
#include "OwnerOnlyFile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {
QString pretty(const QString& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    return doc.object().isEmpty() ? QString()
                                  : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}
} // namespace

AuditPage::AuditPage(Database& db, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_savePath([](QWidget* parent) {
        return QFileDialog::getSaveFileName(parent, tr("Export audit log"),
                                            QStringLiteral("audit.csv"), tr("CSV files (*.csv)"));
    })
{
    auto* layout = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;
    m_actor = new QLineEdit(this);
    m_actor->setObjectName(QStringLiteral("auditActorEdit"));
    m_actor->setPlaceholderText(tr("Actor"));
    m_actor->setAccessibleName(tr("Filter by actor"));
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("auditActionCombo"));
    m_action->setAccessibleName(tr("Filter by action"));
    m_action->addItem(tr("All actions"), QString());
    for (const auto& [label, prefix] :
         {std::pair{tr("Settings"), "settings."}, std::pair{tr("API collections"), "collection."},
          std::pair{tr("Endpoints"), "endpoint."}, std::pair{tr("Clients"), "client."},
          std::pair{tr("Access profiles"), "profile."}, std::pair{tr("Workspace"), "workspace."}})
        m_action->addItem(label, QLatin1String(prefix));
    m_object = new QLineEdit(this);
    m_object->setObjectName(QStringLiteral("auditObjectEdit"));
    m_object->setPlaceholderText(tr("Object contains"));
    m_object->setAccessibleName(tr("Filter by object"));
    auto* moreFilters = new QHBoxLayout;
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("auditTypeCombo"));
    m_type->setAccessibleName(tr("Filter by object type"));
    m_type->addItem(tr("Any object type"), QString());
    for (const auto& [label, type] :
         {std::pair{tr("Settings"), "settings"}, std::pair{tr("API collections"), "collection"},
          std::pair{tr("Endpoints"), "endpoint"}, std::pair{tr("Clients"), "client"},
          std::pair{tr("Access profiles"), "profile"}, std::pair{tr("Workspace"), "workspace"}})
        m_type->addItem(label, QLatin1String(type));
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("auditTextEdit"));
    m_text->setPlaceholderText(tr("Any text (names and values)"));
    m_text->setAccessibleName(tr("Filter by any text"));
    m_text->setClearButtonEnabled(true);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_fromOn = new QCheckBox(tr("&From"), this);
    m_fromOn->setObjectName(QStringLiteral("auditFromCheck"));
    m_from = new QDateEdit(today.addDays(-30), this);
    m_from->setObjectName(QStringLiteral("auditFromEdit"));
    m_from->setAccessibleName(tr("First day shown (UTC)"));
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_from->setCalendarPopup(true);
    m_toOn = new QCheckBox(tr("T&o"), this);
    m_toOn->setObjectName(QStringLiteral("auditToCheck"));
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(QStringLiteral("auditToEdit"));
    m_to->setAccessibleName(tr("Last day shown (UTC)"));
    m_to->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_to->setCalendarPopup(true);
    moreFilters->addWidget(m_type);
    moreFilters->addWidget(m_text, 1);
    moreFilters->addWidget(m_fromOn);
    moreFilters->addWidget(m_from);
    moreFilters->addWidget(m_toOn);
    moreFilters->addWidget(m_to);
    auto* verifyButton = new QPushButton(tr("&Verify integrity"), this);
    verifyButton->setObjectName(QStringLiteral("verifyButton"));
    auto* exportButton = new QPushButton(tr("E&xport CSV…"), this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    m_verifyButton = verifyButton;
    m_exportButton = exportButton;
    filters->addWidget(m_actor);
    filters->addWidget(m_action);
    filters->addWidget(m_object, 1);
    filters->addWidget(verifyButton);
    filters->addWidget(exportButton);
    layout->addLayout(filters);
    layout->addLayout(moreFilters);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("auditStatusLabel"));
    m_status->setWordWrap(true);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("auditBusyBar"));
    m_busy->setAccessibleName(tr("Working"));
    m_busy->setRange(0, 0); // busy, no known end
    m_busy->setMaximumHeight(8);
    m_busy->setTextVisible(false);
    m_busy->hide();
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_busy);
    layout->addLayout(statusRow);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableWidget(0, 5, splitter);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setAccessibleName(tr("Audit events"));
    m_table->setHorizontalHeaderLabels(
        {tr("#"), tr("Time (UTC)"), tr("Actor"), tr("Action"), tr("Object")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // The details: what changed, field by field, and the whole values as JSON.
    auto* detailTabs = new QTabWidget(splitter);
    m_changes = new QTableWidget(0, 3, detailTabs);
    m_changes->setObjectName(QStringLiteral("auditChangesTable"));
    m_changes->setAccessibleName(tr("What the event changed"));
    m_changes->setHorizontalHeaderLabels({tr("Field"), tr("Before"), tr("After")});
    m_changes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_changes->verticalHeader()->hide();
    m_changes->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    detailTabs->addTab(m_changes, tr("C&hanges"));
    auto* details = new QWidget(detailTabs);
    detailTabs->addTab(details, tr("&JSON"));
    auto* detailsLayout = new QHBoxLayout(details);
    m_before = new QPlainTextEdit(details);
    m_before->setObjectName(QStringLiteral("beforeEdit"));
    m_before->setReadOnly(true);
    m_before->setPlaceholderText(tr("Before"));
    m_before->setAccessibleName(tr("Value before the change"));
    m_after = new QPlainTextEdit(details);
    m_after->setObjectName(QStringLiteral("afterEdit"));
    m_after->setReadOnly(true);
    m_after->setPlaceholderText(tr("After"));
    m_after->setAccessibleName(tr("Value after the change"));
    detailsLayout->addWidget(m_before);
    detailsLayout->addWidget(m_after);
    layout->addWidget(splitter, 1);

    connect(m_actor, &QLineEdit::editingFinished, this, &AuditPage::reload);
    connect(m_object, &QLineEdit::editingFinished, this, &AuditPage::reload);
    connect(m_action, &QComboBox::currentIndexChanged, this, &AuditPage::reload);
    connect(m_type, &QComboBox::currentIndexChanged, this, &AuditPage::reload);
    connect(m_text, &QLineEdit::editingFinished, this, &AuditPage::reload);
    for (QCheckBox* box : {m_fromOn, m_toOn})
        connect(box, &QCheckBox::toggled, this, &AuditPage::reload);
    for (QDateEdit* date : {m_from, m_to})
        connect(date, &QDateEdit::dateChanged, this, &AuditPage::reload);
    connect(verifyButton, &QPushButton::clicked, this, &AuditPage::verify);
    connect(exportButton, &QPushButton::clicked, this, &AuditPage::exportCsv);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &AuditPage::showDetails);
    reload();
}

AuditFilter AuditPage::filter() const
{
    AuditFilter f;
    f.actor = m_actor->text().trimmed();
    f.action = m_action->currentData().toString();
    f.object = m_object->text().trimmed();
    f.objectType = m_type->currentData().toString();
    f.text = m_text->text().trimmed();
    if (m_fromOn->isChecked())
        f.from = QDateTime(m_from->date(), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    if (m_toOn->isChecked())
        f.to =
            QDateTime(m_to->date().addDays(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    f.limit = 1000;
    return f;
}

void AuditPage::reload()
{
    auto events = AuditLog(m_db).list(filter());
    if (!events) {
        m_status->setText(events.error().toString());
        return;
    }
    m_events = *events;
    m_table->setRowCount(int(m_events.size()));
    for (int i = 0; i < m_events.size(); ++i) {
        const AuditEvent& e = m_events[i];
        const QStringList cells{
            QString::number(e.seq),
            json::isoTime(e.at).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')), e.actor,
            e.action, e.objectName};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    m_table->resizeColumnsToContents();
    m_before->clear();
    m_after->clear();
}

void AuditPage::showDetails()
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_events.size())
        return;
    m_before->setPlainText(pretty(m_events[row].beforeJson));
    m_after->setPlainText(pretty(m_events[row].afterJson));
    // Field by field: every field of either value, the changed ones in bold.
    const QJsonObject before = QJsonDocument::fromJson(m_events[row].beforeJson.toUtf8()).object();
    const QJsonObject after = QJsonDocument::fromJson(m_events[row].afterJson.toUtf8()).object();
    QStringList fields = before.keys();
    for (const QString& key : after.keys())
        if (!fields.contains(key))
            fields.append(key);
    const auto text = [](const QJsonValue& v) {
        if (v.isUndefined())
            return QString();
        if (v.isString())
            return v.toString();
        if (v.isDouble())
            return QString::number(v.toDouble(), 'g', 17);
        if (v.isBool())
            return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        if (v.isNull())
            return QStringLiteral("null");
        return QString::fromUtf8(
            (v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                .toJson(QJsonDocument::Compact));
    };
    // Changed fields first.
    std::stable_sort(fields.begin(), fields.end(), [&](const QString& a, const QString& b) {
        return (before.value(a) != after.value(a)) > (before.value(b) != after.value(b));
    });
    m_changes->setRowCount(int(fields.size()));
    for (int i = 0; i < fields.size(); ++i) {
        const bool changed = before.value(fields[i]) != after.value(fields[i]);
        const QStringList cells{fields[i], text(before.value(fields[i])),
                                text(after.value(fields[i]))};
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            QFont font = item->font();
            font.setBold(changed);
            item->setFont(font);
            item->setToolTip(cells[c]);
            m_changes->setItem(i, c, item);
        }
    }
}

void AuditPage::setBusy(const QString& text)
{
    m_busy->setVisible(!text.isEmpty());
    m_verifyButton->setEnabled(text.isEmpty());
    m_exportButton->setEnabled(text.isEmpty());
    m_status->setText(text);
}

void AuditPage::verify()
{
    // Every event is read and hashed: on its own connection, off the UI thread.
    setBusy(tr("Verifying the audit log…"));
    runInBackground<AuditVerification>(
        this, m_db.url(), [](Database& db) { return AuditLog(db).verify(); },
        [this](Result<AuditVerification> v) {
            setBusy({});
            if (!v)
                return m_status->setText(v.error().toString());
            m_status->setText(v->intact
                                  ? tr("The audit log is intact: %n event(s) checked.", nullptr,
                                       int(v->eventsChecked))
                                  : tr("The audit log was tampered with: %1").arg(v->problem));
            emit finished();
        });
}

void AuditPage::exportCsv()
{
    const QString path = m_savePath(this);
    if (path.isEmpty())
        return;
    AuditFilter all = filter();
    all.limit = 1'000'000;
    setBusy(tr("Exporting the audit log…"));
    // Read and written off the UI thread; the file appears whole or not at all.
    runInBackground<qsizetype>(
        this, m_db.url(),
        [all, path](Database& db) -> Result<qsizetype> {
            auto events = AuditLog(db).list(all);
            if (!events)
                return events.error();
            std::reverse(events->begin(), events->end());
            const QByteArray bytes = AuditLog::toCsv(*events).toUtf8();
            TG_TRY(writeOwnerOnly(path, bytes));
            return events->size();
        },
        [this, path](Result<qsizetype> exported) {
            setBusy({});
            m_status->setText(
                exported ? tr("Exported %n event(s) to %1.", nullptr, int(*exported)).arg(path)
                         : exported.error().message());
            emit finished();
        });
}

} // namespace tollgate::ui
