#pragma once

#include "Domain.h"
#include "Result.h"

#include <QByteArray>

namespace tollgate {

class Database;

// A Postman collection (format v2.1) that calls endpoints through the gateway:
// one folder per API collection, one request per active endpoint with its
// method, URL and a sample body, the gateway base URL as the collection
// variable baseUrl, the key as the variable apikey (empty unless one is given:
// the database never holds a key), the apikey header on every request, and on
// each a test that the status is 2xx, so that a run goes red when access breaks.
// It runs unchanged with Postman's command-line runner (newman).
namespace PostmanExport {

// The endpoints a profile may call.
Result<QByteArray> forProfile(Database& db, qint64 profileId, const QString& key = {});
// The endpoints of one collection.
Result<QByteArray> forCollection(Database& db, qint64 collectionId, const QString& key = {});

// "curl -X POST 'URL' -H 'apikey: KEY'" (and a JSON body for methods that take one),
// for an endpoint; key may be a placeholder. Single quotes inside are escaped for sh.
QString curlCommand(const QString& method, const QString& url, const QString& key);

} // namespace PostmanExport
} // namespace tollgate
