#include "AuditLog.h"
#include "Command.h"
#include "DomainJson.h"
#include "Validation.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace tollgate::ctl {

namespace {

Result<AuditFilter> filterFrom(Context& c)
{
    AuditFilter f;
    auto from = c.timeBound(QStringLiteral("since"), false);
    if (!from)
        return from.error();
    auto to = c.timeBound(QStringLiteral("until"), true);
    if (!to)
        return to.error();
    f.from = *from;
    f.to = *to;
    f.actor = c.optional(QStringLiteral("actor"));
    f.action = c.optional(QStringLiteral("action"));
    f.object = c.optional(QStringLiteral("object"));
    f.limit = 1'000'000;
    if (c.has(QStringLiteral("limit"))) {
        auto limit = c.integer(QStringLiteral("limit"), QStringLiteral("limit"), 1, 1'000'000);
        if (!limit)
            return limit.error();
        f.limit = *limit;
    }
    return f;
}

QJsonObject toJson(const AuditEvent& e)
{
    return {{QStringLiteral("seq"), e.seq},
            {QStringLiteral("at"), json::isoTime(e.at)},
            {QStringLiteral("actor"), e.actor},
            {QStringLiteral("action"), e.action},
            {QStringLiteral("object_type"), e.objectType},
            {QStringLiteral("object"), e.objectName},
            {QStringLiteral("before"), QJsonDocument::fromJson(e.beforeJson.toUtf8()).object()},
            {QStringLiteral("after"), QJsonDocument::fromJson(e.afterJson.toUtf8()).object()},
            {QStringLiteral("hash"), e.hash}};
}

// The events the filter options select, newest first.
Result<QList<AuditEvent>> selectedEvents(Context& c)
{
    auto f = filterFrom(c);
    if (!f)
        return f.error();
    return AuditLog(c.db).list(*f);
}

Status list(Context& c)
{
    auto events = selectedEvents(c);
    if (!events)
        return events.error();
    QJsonArray array;
    QList<QStringList> rows;
    for (const AuditEvent& e : *events) {
        array.append(toJson(e));
        rows.append({QString::number(e.seq), json::isoTime(e.at), e.actor, e.action, e.objectName});
    }
    c.out.table(array,
                {QStringLiteral("SEQ"), QStringLiteral("TIME (UTC)"), QStringLiteral("ACTOR"),
                 QStringLiteral("ACTION"), QStringLiteral("OBJECT")},
                rows);
    return {};
}

Status verify(Context& c)
{
    auto v = AuditLog(c.db).verify();
    if (!v)
        return v.error();
    if (!v->intact)
        return Error::database(
            QStringLiteral("the audit log was tampered with: %1").arg(v->problem),
            QStringLiteral("first bad event: %1").arg(v->firstBadSeq));
    c.out.result(
        QJsonObject{{QStringLiteral("intact"), true},
                    {QStringLiteral("events_checked"), v->eventsChecked}},
        QStringLiteral("The audit log is intact: %1 events checked.").arg(v->eventsChecked));
    return {};
}

Status exportLog(Context& c)
{
    auto events = selectedEvents(c);
    if (!events)
        return events.error();
    std::reverse(events->begin(), events->end()); // oldest first in files
    const QString format = c.optional(QStringLiteral("format"), QStringLiteral("csv")).toLower();
    QByteArray bytes;
    if (format == QLatin1String("csv")) {
        bytes = AuditLog::toCsv(*events).toUtf8();
    } else if (format == QLatin1String("json")) {
        QJsonArray array;
        for (const AuditEvent& e : *events)
            array.append(toJson(e));
        bytes = QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else {
        return Error::invalid(QStringLiteral("format"), QStringLiteral("must be csv or json"));
    }
    return c.writeOutput(bytes, QStringLiteral("%1 audit events").arg(events->size()));
}

QList<QCommandLineOption> filterOptions()
{
    return {
        option(QStringLiteral("since"), QStringLiteral("From this date or time (UTC)."),
               QStringLiteral("WHEN")),
        option(QStringLiteral("until"), QStringLiteral("Up to this date (inclusive) or time."),
               QStringLiteral("WHEN")),
        option(QStringLiteral("actor"), QStringLiteral("Only this actor."), QStringLiteral("USER")),
        option(QStringLiteral("action"),
               QStringLiteral("Only this action, or a family such as 'profile.'."),
               QStringLiteral("ACTION")),
        option(QStringLiteral("object"), QStringLiteral("Only objects whose name contains TEXT."),
               QStringLiteral("TEXT")),
        option(QStringLiteral("limit"), QStringLiteral("At most N events, newest first."),
               QStringLiteral("N"))};
}

} // namespace

QList<Command> auditCommands()
{
    using Mode = Database::OpenMode;
    const QString noun = QStringLiteral("audit");
    return {
        {noun, QStringLiteral("list"), QStringLiteral("List audit events, newest first"),
         filterOptions(), Mode::ReadOnly, list},
        {noun,
         QStringLiteral("verify"),
         QStringLiteral("Check the audit log's hash chain"),
         {},
         Mode::ReadOnly,
         verify},
        {noun, QStringLiteral("export"), QStringLiteral("Write audit events as CSV or JSON"),
         filterOptions()
             + QList<QCommandLineOption>{option(QStringLiteral("format"),
                                                QStringLiteral("csv (default) or json."),
                                                QStringLiteral("FORMAT")),
                                         option(QStringLiteral("output"),
                                                QStringLiteral("File; default standard output."),
                                                QStringLiteral("FILE"))},
         Mode::ReadOnly, exportLog},
    };
}

} // namespace tollgate::ctl
