#include "CollectionStore.h"
#include "Command.h"
#include "DomainJson.h"
#include "EndpointStore.h"
#include "SettingsStore.h"

namespace tollgate::ctl {

namespace {

Result<Collection> namedCollection(Context& c, const QString& optionName)
{
    auto name = c.required(optionName);
    if (!name)
        return name.error();
    return CollectionStore(c.db).byName(*name);
}

QString fullUrl(Context& c, const Collection& col, const Endpoint& e)
{
    auto s = SettingsStore(c.db).get();
    return endpointUrl(s ? *s : WorkspaceSettings{}, col, e);
}

QString collectionText(const Collection& col)
{
    return QStringLiteral(
               "Name:         %1\nPath:         %2/%3\nDescription:  %4\nEndpoints:    %5\n"
               "Created:      %6\nRevision:     %7")
        .arg(col.name, col.path, col.version, col.description)
        .arg(col.endpointCount)
        .arg(json::isoTime(col.createdAt))
        .arg(col.revision);
}

Status create(Context& c)
{
    Collection col;
    auto name = c.required(QStringLiteral("name"));
    if (!name)
        return name.error();
    auto path = c.required(QStringLiteral("path"));
    if (!path)
        return path.error();
    col.name = *name;
    col.path = *path;
    col.version = c.optional(QStringLiteral("version"), QStringLiteral("v1"));
    col.description = c.optional(QStringLiteral("description"));
    auto created = CollectionStore(c.db).create(col);
    if (!created)
        return created.error();
    c.out.result(json::toJson(*created), collectionText(*created));
    return {};
}

Status list(Context& c)
{
    auto all = CollectionStore(c.db).list();
    if (!all)
        return all.error();
    QJsonArray array;
    QList<QStringList> rows;
    for (const Collection& col : *all) {
        array.append(json::toJson(col));
        rows.append({col.name, col.version, col.path, QString::number(col.endpointCount),
                     json::isoTime(col.createdAt).left(10)});
    }
    c.out.table(array,
                {QStringLiteral("NAME"), QStringLiteral("VERSION"), QStringLiteral("PATH"),
                 QStringLiteral("ENDPOINTS"), QStringLiteral("CREATED")},
                rows);
    return {};
}

Status show(Context& c)
{
    auto col = namedCollection(c, QStringLiteral("name"));
    if (!col)
        return col.error();
    auto endpoints = EndpointStore(c.db).list(col->id);
    if (!endpoints)
        return endpoints.error();
    QJsonObject o = json::toJson(*col);
    QJsonArray eps;
    QString text = collectionText(*col) + QStringLiteral("\n\nEndpoints:\n");
    for (const Endpoint& e : *endpoints) {
        QJsonObject eo = json::toJson(e);
        eo.insert(QStringLiteral("url"), fullUrl(c, *col, e));
        eps.append(eo);
        text += QStringLiteral("  %1 %2  %3%4\n")
                    .arg(e.method.leftJustified(6), e.name, fullUrl(c, *col, e),
                         e.active ? QString() : QStringLiteral("  (inactive)"));
    }
    if (endpoints->isEmpty())
        text += QStringLiteral("  (none)\n");
    o.insert(QStringLiteral("endpoints"), eps);
    c.out.result(o, text);
    return {};
}

Status edit(Context& c)
{
    auto col = namedCollection(c, QStringLiteral("name"));
    if (!col)
        return col.error();
    Collection changed = *col;
    changed.name = c.optional(QStringLiteral("new-name"), col->name);
    changed.path = c.optional(QStringLiteral("path"), col->path);
    changed.version = c.optional(QStringLiteral("version"), col->version);
    changed.description = c.optional(QStringLiteral("description"), col->description);
    TG_TRY(c.applyExpectedRevision(changed.revision));
    auto saved = CollectionStore(c.db).update(changed);
    if (!saved)
        return saved.error();
    c.out.result(json::toJson(*saved), collectionText(*saved));
    return {};
}

Status remove(Context& c)
{
    auto col = namedCollection(c, QStringLiteral("name"));
    if (!col)
        return col.error();
    auto expected = c.expectedRevision();
    if (!expected)
        return expected.error();
    TG_TRY(CollectionStore(c.db).remove(col->id, *expected));
    c.out.result(QJsonObject{{QStringLiteral("deleted"), col->name}},
                 QStringLiteral("Deleted the API collection \"%1\" and its %2 endpoint(s).")
                     .arg(col->name)
                     .arg(col->endpointCount));
    return {};
}

// Applies the target options of endpoint create/edit to an endpoint.
Status applyTarget(Context& c, Endpoint& e)
{
    const bool upstream = c.has(QStringLiteral("upstream"));
    const bool mock = c.has(QStringLiteral("mock-status")) || c.has(QStringLiteral("mock-body"))
                      || c.has(QStringLiteral("mock-content-type"));
    if (upstream && mock)
        return Error(ErrorKind::Usage, QStringLiteral("upstream"),
                     QStringLiteral("give either --upstream or the --mock-* options, not both"));
    if (upstream) {
        e.target = TargetKind::Upstream;
        e.upstreamUrl = c.args.value(QStringLiteral("upstream"));
    }
    if (mock)
        e.target = TargetKind::Mock;
    if (c.has(QStringLiteral("timeout"))) {
        auto t = c.integer(QStringLiteral("timeout"), QStringLiteral("timeout"), 1, 3600);
        if (!t)
            return t.error();
        e.timeoutSeconds = *t;
    }
    if (c.has(QStringLiteral("mock-status"))) {
        auto s = c.integer(QStringLiteral("mock-status"), QStringLiteral("mock_status"), 100, 599);
        if (!s)
            return s.error();
        e.mockStatus = *s;
    }
    e.mockContentType = c.optional(QStringLiteral("mock-content-type"), e.mockContentType);
    e.mockBody = c.optional(QStringLiteral("mock-body"), e.mockBody);
    return {};
}

QList<QCommandLineOption> targetOptions()
{
    return {option(QStringLiteral("upstream"), QStringLiteral("Forward requests to this URL."),
                   QStringLiteral("URL")),
            option(QStringLiteral("timeout"),
                   QStringLiteral("Upstream timeout in seconds (default 90)."),
                   QStringLiteral("SECONDS")),
            option(QStringLiteral("mock-status"),
                   QStringLiteral("Answer with this status instead."), QStringLiteral("CODE")),
            option(QStringLiteral("mock-content-type"),
                   QStringLiteral("Content type of the mock answer (default application/json)."),
                   QStringLiteral("TYPE")),
            option(QStringLiteral("mock-body"), QStringLiteral("Body of the mock answer."),
                   QStringLiteral("TEXT"))};
}

Status endpointCreate(Context& c)
{
    auto col = namedCollection(c, QStringLiteral("collection"));
    if (!col)
        return col.error();
    Endpoint e;
    e.collectionId = col->id;
    for (const QString& required :
         {QStringLiteral("name"), QStringLiteral("method"), QStringLiteral("path")})
        if (auto v = c.required(required); !v)
            return v.error();
    e.name = c.args.value(QStringLiteral("name"));
    e.method = c.args.value(QStringLiteral("method"));
    e.path = c.args.value(QStringLiteral("path"));
    e.active = !c.has(QStringLiteral("inactive"));
    if (!c.has(QStringLiteral("upstream")) && !c.has(QStringLiteral("mock-status"))
        && !c.has(QStringLiteral("mock-body")))
        return Error(
            ErrorKind::Usage, QStringLiteral("upstream"),
            QStringLiteral("give a target: --upstream URL, or --mock-status and --mock-body"));
    TG_TRY(applyTarget(c, e));
    auto created = EndpointStore(c.db).create(e);
    if (!created)
        return created.error();
    QJsonObject o = json::toJson(*created);
    o.insert(QStringLiteral("url"), fullUrl(c, *col, *created));
    c.out.result(o, QStringLiteral("Created %1 %2: %3")
                        .arg(created->method, created->name, fullUrl(c, *col, *created)));
    return {};
}

Status endpointList(Context& c)
{
    QList<Endpoint> endpoints;
    QList<Collection> collections;
    if (c.has(QStringLiteral("collection"))) {
        auto col = namedCollection(c, QStringLiteral("collection"));
        if (!col)
            return col.error();
        collections = {*col};
    } else {
        auto all = CollectionStore(c.db).list();
        if (!all)
            return all.error();
        collections = *all;
    }
    QJsonArray array;
    QList<QStringList> rows;
    for (const Collection& col : collections) {
        auto eps = EndpointStore(c.db).list(col.id);
        if (!eps)
            return eps.error();
        for (const Endpoint& e : *eps) {
            QJsonObject o = json::toJson(e);
            o.insert(QStringLiteral("url"), fullUrl(c, col, e));
            array.append(o);
            rows.append({col.name, e.name, e.method, fullUrl(c, col, e),
                         e.target == TargetKind::Upstream
                             ? e.upstreamUrl
                             : QStringLiteral("mock %1").arg(e.mockStatus),
                         e.active ? QStringLiteral("yes") : QStringLiteral("no")});
        }
    }
    c.out.table(array,
                {QStringLiteral("COLLECTION"), QStringLiteral("NAME"), QStringLiteral("METHOD"),
                 QStringLiteral("URL"), QStringLiteral("TARGET"), QStringLiteral("ACTIVE")},
                rows);
    return {};
}

Result<Endpoint> namedEndpoint(Context& c, Collection& col)
{
    auto found = namedCollection(c, QStringLiteral("collection"));
    if (!found)
        return found.error();
    col = *found;
    auto name = c.required(QStringLiteral("name"));
    if (!name)
        return name.error();
    return EndpointStore(c.db).byName(col.id, *name);
}

Status endpointEdit(Context& c)
{
    Collection col;
    auto e = namedEndpoint(c, col);
    if (!e)
        return e.error();
    Endpoint changed = *e;
    changed.name = c.optional(QStringLiteral("new-name"), e->name);
    changed.method = c.optional(QStringLiteral("method"), e->method);
    changed.path = c.optional(QStringLiteral("path"), e->path);
    if (c.has(QStringLiteral("active"))) {
        const QString v = c.args.value(QStringLiteral("active")).toLower();
        if (v != QLatin1String("yes") && v != QLatin1String("no"))
            return Error::invalid(QStringLiteral("active"), QStringLiteral("must be yes or no"));
        changed.active = v == QLatin1String("yes");
    }
    TG_TRY(applyTarget(c, changed));
    TG_TRY(c.applyExpectedRevision(changed.revision));
    auto saved = EndpointStore(c.db).update(changed);
    if (!saved)
        return saved.error();
    c.out.result(
        json::toJson(*saved),
        QStringLiteral("Saved %1 %2: %3").arg(saved->method, saved->name, fullUrl(c, col, *saved)));
    return {};
}

Status endpointDelete(Context& c)
{
    Collection col;
    auto e = namedEndpoint(c, col);
    if (!e)
        return e.error();
    auto expected = c.expectedRevision();
    if (!expected)
        return expected.error();
    TG_TRY(EndpointStore(c.db).remove(e->id, *expected));
    c.out.result(QJsonObject{{QStringLiteral("deleted"), e->name}},
                 QStringLiteral("Deleted the endpoint \"%1\" of \"%2\".").arg(e->name, col.name));
    return {};
}

QCommandLineOption nameOption(const QString& what)
{
    return option(QStringLiteral("name"), QStringLiteral("Name of the %1.").arg(what),
                  QStringLiteral("NAME"));
}

QCommandLineOption collectionOption()
{
    return option(QStringLiteral("collection"), QStringLiteral("Name of the API collection."),
                  QStringLiteral("NAME"));
}

} // namespace

QList<Command> collectionCommands()
{
    using Mode = Database::OpenMode;
    const QString noun = QStringLiteral("collection");
    const QCommandLineOption path = option(
        QStringLiteral("path"), QStringLiteral("URL segment: letters, digits, '.', '_', '-'."),
        QStringLiteral("PATH"));
    const QCommandLineOption version =
        option(QStringLiteral("version"), QStringLiteral("Version segment (default v1)."),
               QStringLiteral("VERSION"));
    const QCommandLineOption description = option(
        QStringLiteral("description"), QStringLiteral("Description."), QStringLiteral("TEXT"));
    const QCommandLineOption newName =
        option(QStringLiteral("new-name"), QStringLiteral("New name."), QStringLiteral("NAME"));
    const QString ep = QStringLiteral("endpoint");
    return {
        {noun,
         QStringLiteral("create"),
         QStringLiteral("Create an API collection"),
         {nameOption(noun), path, version, description},
         Mode::MustExist,
         create},
        {noun,
         QStringLiteral("list"),
         QStringLiteral("List API collections"),
         {},
         Mode::MustExist,
         list},
        {noun,
         QStringLiteral("show"),
         QStringLiteral("Show an API collection and its endpoints"),
         {nameOption(noun)},
         Mode::MustExist,
         show},
        {noun,
         QStringLiteral("edit"),
         QStringLiteral("Change an API collection"),
         {nameOption(noun), newName, path, version, description, expectRevisionOption()},
         Mode::MustExist,
         edit},
        {noun,
         QStringLiteral("delete"),
         QStringLiteral("Delete an API collection and its endpoints"),
         {nameOption(noun), expectRevisionOption()},
         Mode::MustExist,
         remove},
        {ep, QStringLiteral("create"), QStringLiteral("Create an endpoint in a collection"),
         QList<QCommandLineOption>{
             collectionOption(), nameOption(ep),
             option(QStringLiteral("method"), QStringLiteral("GET, POST, PUT, PATCH or DELETE."),
                    QStringLiteral("METHOD")),
             option(QStringLiteral("path"), QStringLiteral("Path below the collection."),
                    QStringLiteral("PATH")),
             option(QStringLiteral("inactive"), QStringLiteral("Create it switched off."))}
             + targetOptions(),
         Mode::MustExist, endpointCreate},
        {ep,
         QStringLiteral("list"),
         QStringLiteral("List endpoints with their full URLs"),
         {collectionOption()},
         Mode::MustExist,
         endpointList},
        {ep, QStringLiteral("edit"), QStringLiteral("Change an endpoint"),
         QList<QCommandLineOption>{
             collectionOption(), nameOption(ep), newName,
             option(QStringLiteral("method"), QStringLiteral("New method."),
                    QStringLiteral("METHOD")),
             option(QStringLiteral("path"), QStringLiteral("New path."), QStringLiteral("PATH")),
             option(QStringLiteral("active"), QStringLiteral("yes or no."),
                    QStringLiteral("yes|no")),
             expectRevisionOption()}
             + targetOptions(),
         Mode::MustExist, endpointEdit},
        {ep,
         QStringLiteral("delete"),
         QStringLiteral("Delete an endpoint"),
         {collectionOption(), nameOption(ep), expectRevisionOption()},
         Mode::MustExist,
         endpointDelete},
    };
}

} // namespace tollgate::ctl
