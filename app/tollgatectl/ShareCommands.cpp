#include "CollectionStore.h"
#include "Command.h"
#include "PostmanExport.h"

namespace tollgate::ctl {

namespace {

Status exportPostman(Context& c)
{
    Result<QByteArray> bytes = QByteArray();
    QString what;
    if (c.has(QStringLiteral("collection"))) {
        if (c.has(QStringLiteral("client")) || c.has(QStringLiteral("name")))
            return Error::invalid(QStringLiteral("collection"),
                                  QStringLiteral("give either --collection or --client with "
                                                 "--name, not both"));
        auto collection = CollectionStore(c.db).byName(c.args.value(QStringLiteral("collection")));
        if (!collection)
            return collection.error();
        bytes = PostmanExport::forCollection(c.db, collection->id);
        what = QStringLiteral("the Postman collection for %1").arg(collection->name);
    } else {
        auto profile = namedProfile(c);
        if (!profile)
            return profile.error();
        bytes = PostmanExport::forProfile(c.db, profile->id);
        what = QStringLiteral("the Postman collection for %1 / %2")
                   .arg(profile->clientName, profile->name);
    }
    if (!bytes)
        return bytes.error();
    return c.writeOutput(*bytes, what);
}

} // namespace

QList<Command> shareCommands()
{
    using Mode = Database::OpenMode;
    return {
        {QStringLiteral("export-postman"),
         {},
         QStringLiteral("Write a Postman collection (v2.1) of the endpoints an access profile "
                        "(--client, --name) or an API collection (--collection) offers; the key "
                        "variable is left empty"),
         {option(QStringLiteral("client"), QStringLiteral("Client name."), QStringLiteral("NAME")),
          option(QStringLiteral("name"), QStringLiteral("Access profile name."),
                 QStringLiteral("NAME")),
          option(QStringLiteral("collection"), QStringLiteral("API collection name."),
                 QStringLiteral("NAME")),
          option(QStringLiteral("output"),
                 QStringLiteral("File to write; default standard output."),
                 QStringLiteral("FILE"))},
         Mode::MustExist,
         exportPostman},
    };
}

} // namespace tollgate::ctl
