#include "Command.h"
#include "DemoWorkspace.h"
#include "DomainJson.h"
#include "SettingsStore.h"
#include "WorkspaceTransfer.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace tollgate::ctl {

namespace {

QString settingsText(const WorkspaceSettings& s)
{
    return QStringLiteral(
               "Path prefix:       %1\nGateway base URL:  %2\nReview interval:   %3 days\n"
               "Revision:          %4")
        .arg(s.pathPrefix.isEmpty() ? QStringLiteral("(not set; run tollgatectl init)")
                                    : s.pathPrefix,
             s.gatewayBaseUrl)
        .arg(s.reviewIntervalDays)
        .arg(s.revision);
}

Status init(Context& c)
{
    auto prefix = c.required(QStringLiteral("prefix"));
    if (!prefix)
        return prefix.error();
    auto s = SettingsStore(c.db).initialise(*prefix);
    if (!s)
        return s.error();
    c.out.result(json::toJson(*s),
                 QStringLiteral("Workspace ready at %1 with the path prefix \"%2\".")
                     .arg(c.db.url().displayName(), s->pathPrefix));
    return {};
}

Status settingsShow(Context& c)
{
    auto s = SettingsStore(c.db).get();
    if (!s)
        return s.error();
    QJsonObject o = json::toJson(*s);
    o.insert(QStringLiteral("database"), c.db.url().displayName());
    c.out.result(o, settingsText(*s) + QStringLiteral("\nDatabase:          ")
                        + c.db.url().displayName());
    return {};
}

Status settingsSet(Context& c)
{
    SettingsStore store(c.db);
    auto s = store.get();
    if (!s)
        return s.error();
    WorkspaceSettings changed = *s;
    if (c.has(QStringLiteral("gateway-url")))
        changed.gatewayBaseUrl = c.args.value(QStringLiteral("gateway-url"));
    if (c.has(QStringLiteral("review-interval"))) {
        auto days = c.integer(QStringLiteral("review-interval"),
                              QStringLiteral("review_interval_days"), 1, 3650);
        if (!days)
            return days.error();
        changed.reviewIntervalDays = *days;
    }
    TG_TRY(c.applyExpectedRevision(changed.revision));
    auto saved = store.update(changed);
    if (!saved)
        return saved.error();
    c.out.result(json::toJson(*saved), settingsText(*saved));
    return {};
}

Status demo(Context& c)
{
    auto keys = DemoWorkspace::load(c.db, c.random);
    if (!keys)
        return keys.error();
    QJsonArray array;
    QString text = QStringLiteral("Loaded the HR operations demo workspace (path prefix \"demo\") "
                                  "into %1.\nKeys, shown once:\n")
                       .arg(c.db.url().displayName());
    for (const IssuedKey& k : *keys) {
        array.append(QJsonObject{{QStringLiteral("key"), k.secret},
                                 {QStringLiteral("profile"), json::toJson(k.profile)}});
        text +=
            QStringLiteral("  %1 / %2: %3\n").arg(k.profile.clientName, k.profile.name, k.secret);
    }
    c.out.result(QJsonObject{{QStringLiteral("keys"), array}}, text);
    return {};
}

Status exportWorkspace(Context& c)
{
    auto doc = WorkspaceTransfer::exportWorkspace(c.db);
    if (!doc)
        return doc.error();
    const QByteArray bytes = QJsonDocument(*doc).toJson(QJsonDocument::Indented);
    return c.writeOutput(bytes, QStringLiteral("the workspace"));
}

Status importWorkspace(Context& c)
{
    const QString path = c.optional(QStringLiteral("input"), QStringLiteral("-"));
    QFile file;
    if (path == QLatin1String("-") ? !file.open(stdin, QIODevice::ReadOnly)
                                   : (file.setFileName(path), !file.open(QIODevice::ReadOnly)))
        return Error::invalid(QStringLiteral("input"),
                              QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    constexpr qint64 kMaxImportBytes = 1024LL * 1024 * 1024;
    const QByteArray bytes = file.read(kMaxImportBytes + 1);
    if (bytes.size() > kMaxImportBytes)
        return Error::invalid(QStringLiteral("input"), QStringLiteral("is larger than 1 GiB"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (!doc.isObject())
        return Error::invalid(QStringLiteral("input"),
                              QStringLiteral("is not a JSON object (%1 at byte %2)")
                                  .arg(parseError.errorString())
                                  .arg(parseError.offset));
    auto summary = WorkspaceTransfer::importWorkspace(c.db, doc.object());
    if (!summary)
        return summary.error();
    const QJsonObject o{{QStringLiteral("collections"), summary->collections},
                        {QStringLiteral("endpoints"), summary->endpoints},
                        {QStringLiteral("clients"), summary->clients},
                        {QStringLiteral("profiles"), summary->profiles},
                        {QStringLiteral("audit_events"), summary->auditEvents}};
    c.out.result(o, QStringLiteral("Imported %1 collections, %2 endpoints, %3 clients, %4 access "
                                   "profiles and %5 audit events into %6.")
                        .arg(summary->collections)
                        .arg(summary->endpoints)
                        .arg(summary->clients)
                        .arg(summary->profiles)
                        .arg(summary->auditEvents)
                        .arg(c.db.url().displayName()));
    return {};
}

} // namespace

QList<Command> workspaceCommands()
{
    using Mode = Database::OpenMode;
    return {
        {QStringLiteral("init"),
         {},
         QStringLiteral("Create the workspace and set its path prefix (once)"),
         {option(QStringLiteral("prefix"),
                 QStringLiteral("Path prefix: letters, digits, '-', '_'."),
                 QStringLiteral("PREFIX"))},
         Mode::CreateIfMissing,
         init},
        {QStringLiteral("settings"),
         QStringLiteral("show"),
         QStringLiteral("Show the workspace settings"),
         {},
         Mode::MustExist,
         settingsShow},
        {QStringLiteral("settings"),
         QStringLiteral("set"),
         QStringLiteral("Change the workspace settings"),
         {option(QStringLiteral("gateway-url"), QStringLiteral("Gateway base URL."),
                 QStringLiteral("URL")),
          option(QStringLiteral("review-interval"),
                 QStringLiteral("Access review interval in days."), QStringLiteral("DAYS")),
          expectRevisionOption()},
         Mode::MustExist,
         settingsSet},
        {QStringLiteral("demo"),
         {},
         QStringLiteral("Load the HR operations demo into an empty database"),
         {},
         Mode::CreateIfMissing,
         demo},
        {QStringLiteral("export"),
         {},
         QStringLiteral("Write the whole workspace as JSON (no keys)"),
         {option(QStringLiteral("output"),
                 QStringLiteral("File to write; default standard output."),
                 QStringLiteral("FILE"))},
         Mode::MustExist,
         exportWorkspace},
        {QStringLiteral("import"),
         {},
         QStringLiteral("Load a workspace export into an empty database"),
         {option(QStringLiteral("input"), QStringLiteral("File to read; default standard input."),
                 QStringLiteral("FILE"))},
         Mode::CreateIfMissing,
         importWorkspace},
    };
}

} // namespace tollgate::ctl
