#include "ClientStore.h"
#include "CollectionStore.h"
#include "Command.h"
#include "DomainJson.h"
#include "ProfileStore.h"
#include "Validation.h"

#include <QFile>

#include <cstdio>
#include <unistd.h>

namespace tollgate::ctl {

namespace {

QString orNone(const QString& s) { return s.isEmpty() ? QStringLiteral("none") : s; }

QString profileText(const AccessProfile& p)
{
    QString keys;
    for (const ApiKeyRecord& k : p.keys)
        keys += QStringLiteral("\n  %1  %2, created %3, last used %4")
                    .arg(k.hint,
                         k.current ? QStringLiteral("current")
                                   : QStringLiteral("previous, accepted until %1")
                                         .arg(json::isoTime(k.graceEndsAt.value_or(0))),
                         json::isoTime(k.createdAt),
                         k.lastUsedAt ? json::isoTime(*k.lastUsedAt) : QStringLiteral("never"));
    return QStringLiteral(
               "Client:        %1\nProfile:       %2\nStatus:        %3\nCollections:   %4\n"
               "Rate limit:    %5\nQuota:         %6\nIP whitelist:  %7\nExpires:       %8\n"
               "Reviewed:      %9\nRevision:      %10\nKeys:%11")
        .arg(p.clientName, p.name,
             p.enabled ? QStringLiteral("enabled") : QStringLiteral("suspended"),
             p.collectionNames.join(QLatin1String(", ")),
             p.rateLimit ? p.rateLimit->toString() : QStringLiteral("none"),
             p.quota ? p.quota->toString() : QStringLiteral("none"),
             p.ipWhitelist.isEmpty()
                 ? QStringLiteral("any address")
                 : ipWhitelistToStrings(p.ipWhitelist).join(QLatin1String(", ")),
             p.expiresAt ? json::isoTime(*p.expiresAt) : QStringLiteral("never"),
             p.reviewedAt
                 ? QStringLiteral("%1 by %2").arg(json::isoTime(*p.reviewedAt), p.reviewedBy)
                 : QStringLiteral("never"))
        .arg(p.revision)
        .arg(keys);
}

// Sets a rate limit or quota from its option ("5/minute"); on edit, "none" removes it.
template <typename Limit>
Status applyLimit(Context& c, const QString& option, bool editing, std::optional<Limit>& target)
{
    if (!c.has(option))
        return {};
    const QString value = c.args.value(option);
    if (editing && value == QLatin1String("none")) {
        target.reset();
        return {};
    }
    auto parsed = Limit::parse(value);
    if (!parsed)
        return parsed.error();
    target = *parsed;
    return {};
}

// Applies --collection, --rate, --quota, --allow-ip, --expires (and their
// "none" forms on edit) to a profile. Validation happens in the core.
Status applyLimits(Context& c, AccessProfile& p, bool editing)
{
    if (c.has(QStringLiteral("collection"))) {
        p.collectionIds.clear();
        for (const QString& name : c.args.values(QStringLiteral("collection"))) {
            auto col = CollectionStore(c.db).byName(name);
            if (!col)
                return Error(col.error().kind(), QStringLiteral("collection"),
                             col.error().message());
            p.collectionIds.append(col->id);
        }
    }
    TG_TRY(applyLimit<RateLimit>(c, QStringLiteral("rate"), editing, p.rateLimit));
    TG_TRY(applyLimit<Quota>(c, QStringLiteral("quota"), editing, p.quota));
    if (c.has(QStringLiteral("allow-ip"))) {
        auto ranges = parseIpWhitelist(c.args.values(QStringLiteral("allow-ip")));
        if (!ranges)
            return ranges.error();
        p.ipWhitelist = *ranges;
    }
    if (editing && c.has(QStringLiteral("clear-allow-ip")))
        p.ipWhitelist.clear();
    if (c.has(QStringLiteral("expires"))) {
        const QString v = c.args.value(QStringLiteral("expires"));
        if (editing && v == QLatin1String("never")) {
            p.expiresAt.reset();
        } else {
            auto when = validate::expiry(v);
            if (!when)
                return when.error();
            p.expiresAt = *when;
        }
    }
    return {};
}

void printIssued(Context& c, const IssuedKey& issued)
{
    c.out.result(QJsonObject{{QStringLiteral("key"), issued.secret},
                             {QStringLiteral("profile"), json::toJson(issued.profile)}},
                 profileText(issued.profile)
                     + QStringLiteral("\n\nAPI key (shown only this once; copy it now):\n")
                     + issued.secret);
}

Status create(Context& c)
{
    auto name = c.required(QStringLiteral("name"));
    if (!name)
        return name.error();
    auto client = optionClient(c);
    if (!client)
        return client.error();
    AccessProfile p;
    p.clientId = client->id;
    p.name = *name;
    p.enabled = !c.has(QStringLiteral("suspended"));
    TG_TRY(applyLimits(c, p, false));
    auto issued = ProfileStore(c.db).create(p, c.random);
    if (!issued)
        return issued.error();
    printIssued(c, *issued);
    return {};
}

Status list(Context& c)
{
    ProfileQuery q;
    q.limit = 1'000'000;
    if (c.has(QStringLiteral("client"))) {
        auto client = ClientStore(c.db).byName(c.args.value(QStringLiteral("client")));
        if (!client)
            return client.error();
        q.clientId = client->id;
    }
    if (c.has(QStringLiteral("collection"))) {
        auto col = CollectionStore(c.db).byName(c.args.value(QStringLiteral("collection")));
        if (!col)
            return col.error();
        q.collectionId = col->id;
    }
    auto profiles = ProfileStore(c.db).list(q);
    if (!profiles)
        return profiles.error();
    QJsonArray array;
    QList<QStringList> rows;
    for (const AccessProfile& p : *profiles) {
        array.append(json::toJson(p));
        rows.append({p.clientName, p.name, p.collectionNames.join(QLatin1String(", ")),
                     p.rateLimit ? p.rateLimit->toString() : QStringLiteral("none"),
                     p.quota ? p.quota->toString() : QStringLiteral("none"),
                     orNone(ipWhitelistToStrings(p.ipWhitelist).join(QLatin1String(", "))),
                     p.keys.isEmpty() ? QString() : p.keys.first().hint,
                     p.enabled ? QStringLiteral("enabled") : QStringLiteral("suspended")});
    }
    c.out.table(array,
                {QStringLiteral("CLIENT"), QStringLiteral("PROFILE"), QStringLiteral("COLLECTIONS"),
                 QStringLiteral("RATE"), QStringLiteral("QUOTA"), QStringLiteral("IP WHITELIST"),
                 QStringLiteral("KEY"), QStringLiteral("STATUS")},
                rows);
    return {};
}

Status show(Context& c)
{
    auto p = namedProfile(c);
    if (!p)
        return p.error();
    c.out.result(json::toJson(*p), profileText(*p));
    return {};
}

Status edit(Context& c)
{
    auto p = namedProfile(c);
    if (!p)
        return p.error();
    AccessProfile changed = *p;
    changed.name = c.optional(QStringLiteral("new-name"), p->name);
    TG_TRY(applyLimits(c, changed, true));
    TG_TRY(c.applyExpectedRevision(changed.revision));
    auto saved = ProfileStore(c.db).update(changed);
    if (!saved)
        return saved.error();
    c.out.result(json::toJson(*saved), profileText(*saved));
    return {};
}

Status remove(Context& c)
{
    auto p = namedProfile(c);
    if (!p)
        return p.error();
    auto expected = c.expectedRevision();
    if (!expected)
        return expected.error();
    TG_TRY(ProfileStore(c.db).remove(p->id, *expected));
    c.out.result(QJsonObject{{QStringLiteral("deleted"), p->name}},
                 QStringLiteral("Deleted the access profile \"%1 / %2\"; its key stopped working.")
                     .arg(p->clientName, p->name));
    return {};
}

Status setEnabled(Context& c, bool enabled)
{
    auto p = namedProfile(c);
    if (!p)
        return p.error();
    auto saved = ProfileStore(c.db).setEnabled(p->id, enabled);
    if (!saved)
        return saved.error();
    c.out.result(json::toJson(*saved), profileText(*saved));
    return {};
}

Status review(Context& c)
{
    auto p = namedProfile(c);
    if (!p)
        return p.error();
    auto saved = ProfileStore(c.db).markReviewed(p->id);
    if (!saved)
        return saved.error();
    c.out.result(json::toJson(*saved), profileText(*saved));
    return {};
}

Result<qint64> graceMs(const QString& text)
{
    const QString v = text.trimmed().toLower();
    if (v == QLatin1String("none") || v == QLatin1String("0"))
        return qint64(0);
    if (v == QLatin1String("1h"))
        return qint64(3'600'000);
    if (v == QLatin1String("24h"))
        return qint64(24 * 3'600'000LL);
    if (v == QLatin1String("7d"))
        return qint64(7 * 24 * 3'600'000LL);
    return Error::invalid(QStringLiteral("grace"), QStringLiteral("must be none, 1h, 24h or 7d"));
}

Status regenerate(Context& c)
{
    auto p = namedProfile(c);
    if (!p)
        return p.error();
    auto grace = graceMs(c.optional(QStringLiteral("grace"), QStringLiteral("none")));
    if (!grace)
        return grace.error();
    auto issued = ProfileStore(c.db).regenerateKey(p->id, *grace, c.random);
    if (!issued)
        return issued.error();
    printIssued(c, *issued);
    return {};
}

Status identify(Context& c)
{
    // Read from standard input only: a key on the command line would land in
    // shell history and in every process listing.
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return Error(ErrorKind::Usage, QStringLiteral("key"),
                     QStringLiteral("cannot read standard input"));
    if (isatty(fileno(stdin)))
        c.out.note(QStringLiteral("Paste the key and press Enter:"));
    const QString key = QString::fromUtf8(in.readLine(4096)).trimmed();
    auto identity = ProfileStore(c.db).identify(key);
    if (!identity)
        return identity.error();
    const AccessProfile& p = identity->profile;
    c.out.result(
        QJsonObject{{QStringLiteral("client"), p.clientName},
                    {QStringLiteral("profile"), p.name},
                    {QStringLiteral("hint"), identity->key.hint},
                    {QStringLiteral("state"), keyStateName(identity->state)},
                    {QStringLiteral("accepted"), identity->accepted()},
                    {QStringLiteral("last_used_at"), json::isoTime(identity->key.lastUsedAt)}},
        QStringLiteral("This key (%1) belongs to client \"%2\", access profile \"%3\".\n"
                       "State: %4 (%5 by the gateway).\nTo stop it: tollgatectl profile "
                       "regenerate-key --client \"%2\" --name \"%3\"")
            .arg(identity->key.hint, p.clientName, p.name, keyStateName(identity->state),
                 identity->accepted() ? QStringLiteral("accepted") : QStringLiteral("refused")));
    return {};
}

} // namespace

QList<Command> profileCommands()
{
    using Mode = Database::OpenMode;
    const QString noun = QStringLiteral("profile");
    const QCommandLineOption client =
        option(QStringLiteral("client"), QStringLiteral("Client name."), QStringLiteral("NAME"));
    const QCommandLineOption name = option(
        QStringLiteral("name"), QStringLiteral("Access profile name."), QStringLiteral("NAME"));
    const QList<QCommandLineOption> limits = {
        option(QStringLiteral("collection"),
               QStringLiteral("An API collection it may call (repeat)."), QStringLiteral("NAME")),
        option(QStringLiteral("rate"),
               QStringLiteral("Rate limit, e.g. 5/minute (second, minute, hour)."),
               QStringLiteral("N/INTERVAL")),
        option(QStringLiteral("quota"),
               QStringLiteral("Usage quota, e.g. 50/month (day, week, month, year)."),
               QStringLiteral("N/INTERVAL")),
        option(QStringLiteral("allow-ip"),
               QStringLiteral("Allowed address or CIDR range (repeat)."), QStringLiteral("CIDR")),
        option(QStringLiteral("expires"),
               QStringLiteral("Key expiry: a date (valid through that day, UTC) "
                              "or an ISO date-time."),
               QStringLiteral("DATE"))};
    const QList<QCommandLineOption> one = {client, name};
    return {
        {noun, QStringLiteral("create"),
         QStringLiteral("Create an access profile and print its key once"),
         QList<QCommandLineOption>{
             client, name,
             option(QStringLiteral("suspended"), QStringLiteral("Create it suspended."))}
             + limits,
         Mode::MustExist, create},
        {noun,
         QStringLiteral("list"),
         QStringLiteral("List access profiles (all, a client's, or a collection's)"),
         {option(QStringLiteral("client"), QStringLiteral("Only this client's."),
                 QStringLiteral("NAME")),
          option(QStringLiteral("collection"), QStringLiteral("Only those that can call it."),
                 QStringLiteral("NAME"))},
         Mode::MustExist,
         list},
        {noun, QStringLiteral("show"), QStringLiteral("Show an access profile"), one,
         Mode::MustExist, show},
        {noun, QStringLiteral("edit"),
         QStringLiteral("Change an access profile ('none'/'never' clear a limit)"),
         QList<QCommandLineOption>{
             client, name,
             option(QStringLiteral("new-name"), QStringLiteral("New name."),
                    QStringLiteral("NAME")),
             option(QStringLiteral("clear-allow-ip"), QStringLiteral("Allow any address again.")),
             expectRevisionOption()}
             + limits,
         Mode::MustExist, edit},
        {noun,
         QStringLiteral("delete"),
         QStringLiteral("Delete an access profile; its key stops working"),
         {client, name, expectRevisionOption()},
         Mode::MustExist,
         remove},
        {noun, QStringLiteral("suspend"),
         QStringLiteral("Refuse the profile's key without deleting it"), one, Mode::MustExist,
         [](Context& c) { return setEnabled(c, false); }},
        {noun, QStringLiteral("resume"), QStringLiteral("Accept a suspended profile's key again"),
         one, Mode::MustExist, [](Context& c) { return setEnabled(c, true); }},
        {noun, QStringLiteral("review"), QStringLiteral("Mark an access profile reviewed now"), one,
         Mode::MustExist, review},
        {noun,
         QStringLiteral("regenerate-key"),
         QStringLiteral("Issue a new key and print it once"),
         {client, name,
          option(QStringLiteral("grace"),
                 QStringLiteral("How long the old key still works: none, 1h, 24h, 7d."),
                 QStringLiteral("PERIOD"))},
         Mode::MustExist,
         regenerate},
        {QStringLiteral("key"),
         QStringLiteral("identify"),
         QStringLiteral("Read a key from standard input and say whose it is"),
         {},
         Mode::MustExist,
         identify},
    };
}

} // namespace tollgate::ctl
