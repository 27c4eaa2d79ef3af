#include "AccessReportPdf.h"

#include "DomainJson.h"
#include "OwnerOnlyFile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTemporaryFile>
#include <QTextDocument>
#include <QTimeZone>

namespace tollgate {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(AccessReportPdf)
};

QString cell(const QString& text)
{
    return QStringLiteral("<td>%1</td>").arg(text.toHtmlEscaped());
}

} // namespace

QString accessReportHtml(const AccessReport& r)
{
    QString html = QStringLiteral("<html><body style=\"font-family: sans-serif; font-size: 7pt;\">"
                                  "<h2>%1</h2><table cellspacing=\"0\" cellpadding=\"2\">")
                       .arg(Text::tr("Tollgate access report").toHtmlEscaped());
    const QList<std::pair<QString, QString>> header{
        {Text::tr("Period (UTC)"),
         QStringLiteral("%1 – %2").arg(json::isoTime(r.fromMs), json::isoTime(r.toMs))},
        {Text::tr("Workspace"), r.workspace},
        {Text::tr("Produced by"), r.producedBy},
        {Text::tr("Produced at (UTC)"), json::isoTime(r.producedAt)},
        {Text::tr("Audit chain head"), r.auditHead.isEmpty() ? Text::tr("(empty)") : r.auditHead},
        {Text::tr("Access profiles"), QString::number(r.rows.size())},
    };
    for (const auto& [name, value] : header)
        html +=
            QStringLiteral("<tr><td><b>%1</b></td>%2</tr>").arg(name.toHtmlEscaped(), cell(value));
    html += QStringLiteral("</table><p></p><table border=\"1\" cellspacing=\"0\" "
                           "cellpadding=\"2\" width=\"100%\"><thead><tr>");
    for (const QString& title :
         {Text::tr("Client"), Text::tr("Profile"), Text::tr("Collections"), Text::tr("Rate limit"),
          Text::tr("Quota"), Text::tr("IP whitelist"), Text::tr("Key"), Text::tr("Key age (days)"),
          Text::tr("Last used (UTC)"), Text::tr("Status"), Text::tr("Review"), Text::tr("Requests"),
          Text::tr("Allowed"), Text::tr("Refused"), Text::tr("Look twice")})
        html += QStringLiteral("<th>%1</th>").arg(title.toHtmlEscaped());
    html += QStringLiteral("</tr></thead>");
    for (const AccessReport::Row& row : r.rows) {
        html += QStringLiteral("<tr>");
        html += cell(row.client) + cell(row.profile)
                + cell(row.collections.join(QStringLiteral(", ")))
                + cell(row.rateLimit.isEmpty() ? Text::tr("none") : row.rateLimit)
                + cell(row.quota.isEmpty() ? Text::tr("none") : row.quota)
                + cell(row.ipWhitelist.isEmpty() ? Text::tr("any address")
                                                 : row.ipWhitelist.join(QStringLiteral(", ")))
                + cell(row.keyHint) + cell(QString::number(row.keyAgeDays))
                + cell(row.lastUsedAt
                           ? QDateTime::fromMSecsSinceEpoch(*row.lastUsedAt, QTimeZone::utc())
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                           : Text::tr("never"))
                + cell(row.enabled ? Text::tr("enabled") : Text::tr("suspended"))
                + cell(AccessReport::reviewText(row)) + cell(QString::number(row.requests))
                + cell(QString::number(row.allowed)) + cell(QString::number(row.refused))
                + cell(row.flags.join(QStringLiteral("; ")));
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table></body></html>");
    return html;
}

Status writeAccessReportPdf(const AccessReport& report, const QString& path)
{
    // Drawn into a temporary file, then written to the target whole.
    QTemporaryFile scratch;
    if (!scratch.open())
        return Error::invalid(
            QStringLiteral("output"),
            Text::tr("cannot write a temporary file: %1").arg(scratch.errorString()));
    {
        QPdfWriter writer(scratch.fileName());
        writer.setTitle(Text::tr("Tollgate access report"));
        writer.setCreator(QStringLiteral("Tollgate"));
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                         QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
        QTextDocument document;
        document.setHtml(accessReportHtml(report));
        document.print(&writer);
    }
    scratch.seek(0);
    const QByteArray bytes = scratch.readAll();
    if (bytes.isEmpty())
        return Error::invalid(
            QStringLiteral("output"),
            Text::tr("cannot write a temporary file: %1").arg(scratch.fileName()));
    return writeOwnerOnly(path, bytes);
}

} // namespace tollgate
