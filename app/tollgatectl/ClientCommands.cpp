#include "ClientStore.h"
#include "Command.h"
#include "DomainJson.h"
#include "ProfileStore.h"

namespace tollgate::ctl {

namespace {

Result<Client> namedClient(Context& c)
{
    auto name = c.required(QStringLiteral("name"));
    if (!name)
        return name.error();
    return ClientStore(c.db).byName(*name);
}

QString clientText(const Client& cl)
{
    return QStringLiteral("Name:             %1\nDescription:      %2\nAccess profiles:  %3\n"
                          "Collections:      %4\nCreated:          %5\nLast activity:    %6\n"
                          "Revision:         %7")
        .arg(cl.name, cl.description)
        .arg(cl.profileCount)
        .arg(cl.collectionCount)
        .arg(json::isoTime(cl.createdAt),
             cl.lastActivityAt ? json::isoTime(*cl.lastActivityAt) : QStringLiteral("never"))
        .arg(cl.revision);
}

Status create(Context& c)
{
    auto name = c.required(QStringLiteral("name"));
    if (!name)
        return name.error();
    Client cl;
    cl.name = *name;
    cl.description = c.optional(QStringLiteral("description"));
    auto created = ClientStore(c.db).create(cl);
    if (!created)
        return created.error();
    c.out.result(json::toJson(*created), clientText(*created));
    return {};
}

Status list(Context& c)
{
    ClientQuery q;
    q.search = c.optional(QStringLiteral("search"));
    if (c.has(QStringLiteral("limit"))) {
        auto limit = c.integer(QStringLiteral("limit"), QStringLiteral("limit"), 1, 1'000'000);
        if (!limit)
            return limit.error();
        q.limit = *limit;
    } else {
        q.limit = 1'000'000;
    }
    if (c.has(QStringLiteral("offset"))) {
        auto offset =
            c.integer(QStringLiteral("offset"), QStringLiteral("offset"), 0, 2'000'000'000);
        if (!offset)
            return offset.error();
        q.offset = *offset;
    }
    auto clients = ClientStore(c.db).list(q);
    if (!clients)
        return clients.error();
    QJsonArray array;
    QList<QStringList> rows;
    for (const Client& cl : *clients) {
        array.append(json::toJson(cl));
        rows.append({cl.name, QString::number(cl.profileCount), QString::number(cl.collectionCount),
                     json::isoTime(cl.createdAt).left(10),
                     cl.lastActivityAt ? json::isoTime(*cl.lastActivityAt).left(16)
                                       : QStringLiteral("never")});
    }
    c.out.table(array,
                {QStringLiteral("NAME"), QStringLiteral("PROFILES"), QStringLiteral("COLLECTIONS"),
                 QStringLiteral("CREATED"), QStringLiteral("LAST ACTIVITY")},
                rows);
    return {};
}

Status show(Context& c)
{
    auto cl = namedClient(c);
    if (!cl)
        return cl.error();
    auto profiles = ProfileStore(c.db).list({cl->id, std::nullopt, 0, 1'000'000});
    if (!profiles)
        return profiles.error();
    QJsonObject o = json::toJson(*cl);
    QJsonArray array;
    QString text = clientText(*cl) + QStringLiteral("\n\nAccess profiles:\n");
    for (const AccessProfile& p : *profiles) {
        array.append(json::toJson(p));
        text += QStringLiteral("  %1  [%2]%3\n")
                    .arg(p.name, p.collectionNames.join(QLatin1String(", ")),
                         p.enabled ? QString() : QStringLiteral("  (suspended)"));
    }
    if (profiles->isEmpty())
        text += QStringLiteral("  (none)\n");
    o.insert(QStringLiteral("access_profiles"), array);
    c.out.result(o, text);
    return {};
}

Status rename(Context& c)
{
    auto cl = namedClient(c);
    if (!cl)
        return cl.error();
    if (!c.has(QStringLiteral("new-name")) && !c.has(QStringLiteral("description")))
        return Error(ErrorKind::Usage, QStringLiteral("new-name"),
                     QStringLiteral("give --new-name and/or --description"));
    Client changed = *cl;
    changed.name = c.optional(QStringLiteral("new-name"), cl->name);
    changed.description = c.optional(QStringLiteral("description"), cl->description);
    TG_TRY(c.applyExpectedRevision(changed.revision));
    auto saved = ClientStore(c.db).update(changed);
    if (!saved)
        return saved.error();
    c.out.result(json::toJson(*saved), clientText(*saved));
    return {};
}

Status review(Context& c)
{
    auto cl = namedClient(c);
    if (!cl)
        return cl.error();
    auto reviewed = ProfileStore(c.db).markClientReviewed(cl->id);
    if (!reviewed)
        return reviewed.error();
    QJsonArray array;
    for (const AccessProfile& p : *reviewed)
        array.append(json::toJson(p));
    c.out.result(
        QJsonObject{{QStringLiteral("client"), cl->name}, {QStringLiteral("reviewed"), array}},
        QStringLiteral("Marked %1 access profile(s) of %2 reviewed.")
            .arg(reviewed->size())
            .arg(cl->name));
    return {};
}

Status remove(Context& c)
{
    auto cl = namedClient(c);
    if (!cl)
        return cl.error();
    auto expected = c.expectedRevision();
    if (!expected)
        return expected.error();
    TG_TRY(ClientStore(c.db).remove(cl->id, *expected));
    c.out.result(QJsonObject{{QStringLiteral("deleted"), cl->name},
                             {QStringLiteral("profiles_deleted"), cl->profileCount}},
                 QStringLiteral("Deleted the client \"%1\"; the keys of its %2 access profile(s) "
                                "stopped working.")
                     .arg(cl->name)
                     .arg(cl->profileCount));
    return {};
}

} // namespace

QList<Command> clientCommands()
{
    using Mode = Database::OpenMode;
    const QString noun = QStringLiteral("client");
    const QCommandLineOption name =
        option(QStringLiteral("name"), QStringLiteral("Client name."), QStringLiteral("NAME"));
    const QCommandLineOption description = option(
        QStringLiteral("description"), QStringLiteral("Description."), QStringLiteral("TEXT"));
    return {
        {noun,
         QStringLiteral("create"),
         QStringLiteral("Create a client"),
         {name, description},
         Mode::MustExist,
         create},
        {noun,
         QStringLiteral("list"),
         QStringLiteral("List clients, sorted by name"),
         {option(QStringLiteral("search"), QStringLiteral("Only names containing TEXT."),
                 QStringLiteral("TEXT")),
          option(QStringLiteral("limit"), QStringLiteral("At most N clients."),
                 QStringLiteral("N")),
          option(QStringLiteral("offset"), QStringLiteral("Skip the first N."),
                 QStringLiteral("N"))},
         Mode::MustExist,
         list},
        {noun,
         QStringLiteral("show"),
         QStringLiteral("Show a client and its access profiles"),
         {name},
         Mode::MustExist,
         show},
        {noun,
         QStringLiteral("rename"),
         QStringLiteral("Rename a client or change its description"),
         {name,
          option(QStringLiteral("new-name"), QStringLiteral("New name."), QStringLiteral("NAME")),
          description, expectRevisionOption()},
         Mode::MustExist,
         rename},
        {noun,
         QStringLiteral("review"),
         QStringLiteral("Mark every access profile of a client reviewed now"),
         {name},
         Mode::MustExist,
         review},
        {noun,
         QStringLiteral("delete"),
         QStringLiteral("Delete a client; its keys stop working"),
         {name, expectRevisionOption()},
         Mode::MustExist,
         remove},
    };
}

} // namespace tollgate::ctl
