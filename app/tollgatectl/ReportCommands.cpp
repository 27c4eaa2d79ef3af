#include "AccessReport.h"
#include "AccessReportPdf.h"
#include "Command.h"

#include <QCoreApplication>

namespace tollgate::ctl {

namespace {

Status report(Context& c)
{
    const QString format = c.optional(QStringLiteral("format"), QStringLiteral("csv"));
    if (format != QLatin1String("csv") && format != QLatin1String("pdf"))
        return Error::invalid(QStringLiteral("format"), QStringLiteral("must be csv or pdf"));
    auto period = c.period(c.db.nowMs());
    if (!period)
        return period.error();
    auto built = AccessReport::build(c.db, period->first, period->second);
    if (!built)
        return built.error();
    if (format == QLatin1String("csv"))
        return c.writeOutput(built->toCsv(), QStringLiteral("the access report"));
    auto output = c.required(QStringLiteral("output"));
    if (!output)
        return output.error();
    TG_TRY(writeAccessReportPdf(*built, *output));
    c.out.note(QStringLiteral("Wrote the access report (%1 access profiles) to %2.")
                   .arg(built->rows.size())
                   .arg(*output));
    return {};
}

} // namespace

QList<Command> reportCommands()
{
    return {
        {QStringLiteral("report"),
         {},
         QStringLiteral("Write the access report (every client, profile, limit, whitelist, key "
                        "age, last use, review status and usage in the period) as CSV or PDF"),
         {option(QStringLiteral("format"), QStringLiteral("csv (default) or pdf."),
                 QStringLiteral("FORMAT")),
          option(QStringLiteral("from"),
                 QStringLiteral("Start of the period (date or ISO time, UTC); default 30 days "
                                "before --to."),
                 QStringLiteral("DATE")),
          option(QStringLiteral("to"),
                 QStringLiteral("End of the period (a date includes that day); default now."),
                 QStringLiteral("DATE")),
          option(QStringLiteral("output"),
                 QStringLiteral("File to write; CSV goes to standard output without it."),
                 QStringLiteral("FILE"))},
         Database::OpenMode::MustExist,
         report},
    };
}

} // namespace tollgate::ctl
