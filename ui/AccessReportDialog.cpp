#include "AccessReportDialog.h"

#include "AccessReport.h"
#include "AccessReportPdf.h"
#include "Background.h"
#include "Theme.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimeZone>
#include <QVBoxLayout>

namespace tollgate::ui {

AccessReportDialog::AccessReportDialog(Database& db, QWidget* parent)
    : QDialog(parent)
    , m_db(db)
    , m_savePath(fileDialogSavePath(tr("Reports (*.csv *.pdf)")))
{
    setObjectName(QStringLiteral("accessReportDialog"));
    setWindowTitle(tr("Access report"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Every client and access profile with its collections, limits, "
                                "whitelist, key age, last use, review status and the requests "
                                "in the period, headed by who produced it and when and the "
                                "audit chain's head, so that it can be kept as evidence."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_from = new QDateEdit(today.addDays(-30), this);
    m_from->setObjectName(QStringLiteral("reportFromEdit"));
    m_from->setCalendarPopup(true);
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_from->setAccessibleName(tr("First day of the period (UTC)"));
    form->addRow(tr("&From (UTC)"), m_from);
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(QStringLiteral("reportToEdit"));
    m_to->setCalendarPopup(true);
    m_to->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_to->setAccessibleName(tr("Last day of the period (UTC)"));
    form->addRow(tr("&To (UTC, inclusive)"), m_to);
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("reportFormatCombo"));
    m_format->setAccessibleName(tr("File format"));
    m_format->addItem(tr("PDF (paginated, for the record)"), QStringLiteral("pdf"));
    m_format->addItem(tr("CSV (for spreadsheets)"), QStringLiteral("csv"));
    form->addRow(tr("F&ormat"), m_format);
    layout->addLayout(form);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("reportStatusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_export = buttons->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("exportReportButton"));
    m_export->setDefault(true);
    layout->addWidget(buttons);
    disconnect(buttons, &QDialogButtonBox::accepted, nullptr, nullptr);
    connect(m_export, &QPushButton::clicked, this, &AccessReportDialog::exportReport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(480);
}

void AccessReportDialog::exportReport()
{
    if (m_to->date() < m_from->date()) {
        Theme::markAsError(m_status);
        m_status->setText(tr("To: must not be before From."));
        return;
    }
    const bool pdf = m_format->currentData().toString() == QLatin1String("pdf");
    const QString suggested =
        QStringLiteral("tollgate-access-report-%1-to-%2.%3")
            .arg(m_from->date().toString(Qt::ISODate), m_to->date().toString(Qt::ISODate),
                 pdf ? QStringLiteral("pdf") : QStringLiteral("csv"));
    const QString path = m_savePath(this, suggested);
    if (path.isEmpty())
        return;
    const qint64 from =
        QDateTime(m_from->date(), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    const qint64 to =
        QDateTime(m_to->date().addDays(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    m_export->setEnabled(false);
    m_status->setPalette(palette());
    m_status->setText(tr("Reading the workspace…"));
    // Read off the UI thread; drawn and written here (fonts belong to the UI thread).
    runInBackground<AccessReport>(
        this, m_db.url(), [from, to](Database& db) { return AccessReport::build(db, from, to); },
        [this, path, pdf](Result<AccessReport> report) {
            if (!report)
                return done(false, report.error().toString());
            if (pdf) {
                if (Status written = writeAccessReportPdf(*report, path); !written)
                    return done(false, written.error().message());
                return done(true, tr("Saved the access report (%n profile(s)) to %1.", nullptr,
                                     int(report->rows.size()))
                                      .arg(path));
            }
            auto saved = saveExport(
                this, [path](QWidget*, const QString&) { return path; }, QString(),
                report->toCsv());
            if (!saved)
                return done(false, saved.error().message());
            done(true, tr("Saved the access report (%n profile(s)) to %1.", nullptr,
                          int(report->rows.size()))
                           .arg(path));
        });
}

void AccessReportDialog::done(bool ok, const QString& text)
{
    m_export->setEnabled(true);
    if (!ok)
        Theme::markAsError(m_status);
    m_status->setText(text);
    emit finished(ok, text);
}

} // namespace tollgate::ui
