#include "PostmanExport.h"

#include "CollectionStore.h"
#include "EndpointStore.h"
#include "ProfileStore.h"
#include "SettingsStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUuid>

namespace tollgate::PostmanExport {

namespace {

bool takesBody(const QString& method)
{
    return method == QLatin1String("POST") || method == QLatin1String("PUT")
           || method == QLatin1String("PATCH");
}

QJsonObject requestItem(const WorkspaceSettings& settings, const Collection& collection,
                        const Endpoint& endpoint)
{
    // The URL below the gateway base URL, so that baseUrl can point anywhere.
    QStringList path{settings.pathPrefix, collection.path, collection.version};
    path += endpoint.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QJsonArray pathJson;
    for (const QString& segment : path)
        pathJson.append(segment);
    QJsonArray headers{QJsonObject{{QStringLiteral("key"), QStringLiteral("apikey")},
                                   {QStringLiteral("value"), QStringLiteral("{{apikey}}")},
                                   {QStringLiteral("type"), QStringLiteral("text")}}};
    QJsonObject request{
        {QStringLiteral("method"), endpoint.method},
        {QStringLiteral("header"), headers},
        {QStringLiteral("url"),
         QJsonObject{
             {QStringLiteral("raw"), QStringLiteral("{{baseUrl}}/") + path.join(QLatin1Char('/'))},
             {QStringLiteral("host"), QJsonArray{QStringLiteral("{{baseUrl}}")}},
             {QStringLiteral("path"), pathJson}}},
        {QStringLiteral("description"), endpoint.target == TargetKind::Upstream
                                            ? QStringLiteral("Forwarded to the endpoint.")
                                            : QStringLiteral("Answered by a mock.")},
    };
    if (takesBody(endpoint.method)) {
        headers.append(QJsonObject{{QStringLiteral("key"), QStringLiteral("Content-Type")},
                                   {QStringLiteral("value"), QStringLiteral("application/json")},
                                   {QStringLiteral("type"), QStringLiteral("text")}});
        request.insert(QStringLiteral("header"), headers);
        request.insert(QStringLiteral("body"),
                       QJsonObject{{QStringLiteral("mode"), QStringLiteral("raw")},
                                   {QStringLiteral("raw"), QStringLiteral("{}")},
                                   {QStringLiteral("options"),
                                    QJsonObject{{QStringLiteral("raw"),
                                                 QJsonObject{{QStringLiteral("language"),
                                                              QStringLiteral("json")}}}}}});
    }
    const QJsonArray test{QStringLiteral("pm.test(\"status is 2xx\", function () {"),
                          QStringLiteral("    pm.expect(pm.response.code).to.be.within(200, 299);"),
                          QStringLiteral("});")};
    return {{QStringLiteral("name"), endpoint.name},
            {QStringLiteral("request"), request},
            {QStringLiteral("event"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("listen"), QStringLiteral("test")},
                 {QStringLiteral("script"),
                  QJsonObject{{QStringLiteral("type"), QStringLiteral("text/javascript")},
                              {QStringLiteral("exec"), test}}}}}}};
}

Result<QByteArray> build(Database& db, const QString& name, const QString& description,
                         const QList<Collection>& collections, const QString& key)
{
    auto settings = SettingsStore(db).get();
    if (!settings)
        return settings.error();
    QJsonArray folders;
    for (const Collection& c : collections) {
        auto endpoints = EndpointStore(db).list(c.id);
        if (!endpoints)
            return endpoints.error();
        QJsonArray items;
        for (const Endpoint& e : *endpoints)
            if (e.active)
                items.append(requestItem(*settings, c, e));
        folders.append(
            QJsonObject{{QStringLiteral("name"), QStringLiteral("%1 (%2)").arg(c.name, c.version)},
                        {QStringLiteral("description"), c.description},
                        {QStringLiteral("item"), items}});
    }
    const QJsonObject collection{
        {QStringLiteral("info"),
         QJsonObject{
             {QStringLiteral("_postman_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
             {QStringLiteral("name"), name},
             {QStringLiteral("description"), description},
             {QStringLiteral("schema"),
              QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/"
                             "collection.json")}}},
        {QStringLiteral("variable"),
         QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("baseUrl")},
                                {QStringLiteral("value"), settings->gatewayBaseUrl},
                                {QStringLiteral("type"), QStringLiteral("string")}},
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("apikey")},
                                {QStringLiteral("value"), key},
                                {QStringLiteral("type"), QStringLiteral("string")}}}},
        {QStringLiteral("item"), folders}};
    return QJsonDocument(collection).toJson(QJsonDocument::Indented);
}

} // namespace

Result<QByteArray> forProfile(Database& db, qint64 profileId, const QString& key)
{
    auto profile = ProfileStore(db).byId(profileId);
    if (!profile)
        return profile.error();
    QList<Collection> collections;
    for (qint64 id : profile->collectionIds) {
        auto c = CollectionStore(db).byId(id);
        if (!c)
            return c.error();
        collections.append(*c);
    }
    return build(db, QStringLiteral("%1 / %2").arg(profile->clientName, profile->name),
                 QStringLiteral("The API collections the access profile %1 / %2 may call "
                                "through the Tollgate gateway. Set the variable apikey to its "
                                "key.")
                     .arg(profile->clientName, profile->name),
                 collections, key);
}

Result<QByteArray> forCollection(Database& db, qint64 collectionId, const QString& key)
{
    auto c = CollectionStore(db).byId(collectionId);
    if (!c)
        return c.error();
    return build(db, QStringLiteral("%1 (%2)").arg(c->name, c->version),
                 c->description.isEmpty()
                     ? QStringLiteral("Called through the Tollgate gateway. Set the variable "
                                      "apikey to a key that may call this collection.")
                     : c->description,
                 {*c}, key);
}

QString curlCommand(const QString& method, const QString& url, const QString& key)
{
    const auto quoted = [](QString text) {
        text.replace(QLatin1Char('\''), QLatin1String("'\\''"));
        return QLatin1Char('\'') + text + QLatin1Char('\'');
    };
    QString command = QStringLiteral("curl -X %1 %2 -H %3")
                          .arg(method, quoted(url), quoted(QStringLiteral("apikey: ") + key));
    if (takesBody(method))
        command += QStringLiteral(" -H 'Content-Type: application/json' -d '{}'");
    return command;
}

} // namespace tollgate::PostmanExport
