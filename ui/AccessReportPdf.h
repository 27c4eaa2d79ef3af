#pragma once

#include "AccessReport.h"

#include <QString>

namespace tollgate {

// The access report as a paginated PDF (QTextDocument on a QPdfWriter, A4
// landscape, page numbers at the foot): first its header (period, workspace,
// who produced it and when, the audit chain's head), then the table. Needs a
// QGuiApplication (fonts); the file is written owner-only, whole or not at all.
Status writeAccessReportPdf(const AccessReport& report, const QString& path);
// The same document as HTML, for a preview.
QString accessReportHtml(const AccessReport& report);

} // namespace tollgate
