#include "Command.h"
#include "DomainJson.h"
#include "ProfileStore.h"
#include "Usage.h"

#include <QJsonArray>

namespace tollgate::ctl {

namespace {

QJsonObject toJson(const QHash<QString, qint64>& counts)
{
    QJsonObject o;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QString ms(qint64 us) { return QString::number(us / 1000.0, 'f', 1); }

Status usage(Context& c)
{
    auto client = optionClient(c);
    if (!client)
        return client.error();
    UsageQuery q;
    QList<ApiKeyRecord> keys;
    QString profileName;
    if (c.has(QStringLiteral("name"))) {
        auto profile = ProfileStore(c.db).byName(client->id, c.args.value(QStringLiteral("name")));
        if (!profile)
            return profile.error();
        q.profileId = profile->id;
        keys = profile->keys;
        profileName = profile->name;
    } else {
        q.clientId = client->id;
    }
    // Up to the end of the current minute, which the gateway is still counting.
    auto period = c.period(c.db.nowMs() + 60'000);
    if (!period)
        return period.error();
    std::tie(q.fromMs, q.toMs) = *period;

    auto report = UsageStore::report(c.db, q);
    if (!report)
        return report.error();
    auto sources = UsageStore::sources(c.db, q);
    if (!sources)
        return sources.error();

    QJsonArray endpoints;
    QString text =
        QStringLiteral("Usage of %1 from %2 to %3: %4 request(s)\n\nOutcomes:\n")
            .arg(profileName.isEmpty() ? client->name
                                       : client->name + QStringLiteral(" / ") + profileName,
                 json::isoTime(q.fromMs), json::isoTime(q.toMs))
            .arg(report->requests);
    QStringList names = report->outcomes.keys();
    names.sort();
    for (const QString& name : names)
        text += QStringLiteral("  %1 %2\n")
                    .arg(name.leftJustified(24))
                    .arg(report->outcomes.value(name));
    text += QStringLiteral("\nEndpoints:\n");
    for (const EndpointUsage& e : report->endpoints) {
        endpoints.append(
            QJsonObject{{QStringLiteral("collection"), e.collection},
                        {QStringLiteral("endpoint"), e.endpoint},
                        {QStringLiteral("method"), e.method},
                        {QStringLiteral("requests"), e.counts.requests},
                        {QStringLiteral("outcomes"), toJson(e.outcomes)},
                        {QStringLiteral("latency_median_ms"), e.counts.quantileUs(0.5) / 1000.0},
                        {QStringLiteral("latency_p95_ms"), e.counts.quantileUs(0.95) / 1000.0},
                        {QStringLiteral("latency_max_ms"), e.counts.latencyMaxUs / 1000.0},
                        {QStringLiteral("last_call_minute"), json::isoTime(e.lastCallMs)}});
        text += QStringLiteral("  %1 %2 / %3: %4 request(s), median %5 ms, p95 %6 ms\n")
                    .arg(e.method.leftJustified(6), e.collection, e.endpoint)
                    .arg(e.counts.requests)
                    .arg(ms(e.counts.quantileUs(0.5)), ms(e.counts.quantileUs(0.95)));
    }
    QJsonArray keyArray;
    for (const ApiKeyRecord& k : keys)
        keyArray.append(json::toJson(k));
    QJsonArray sourceArray;
    text += QStringLiteral("\nSource addresses:\n");
    for (const SourceUsage& s : *sources) {
        sourceArray.append(QJsonObject{{QStringLiteral("address"), s.address},
                                       {QStringLiteral("requests"), s.requests},
                                       {QStringLiteral("refused"), s.refused},
                                       {QStringLiteral("last_seen"), json::isoTime(s.lastSeenMs)}});
        text += QStringLiteral("  %1 %2 request(s), %3 refused\n")
                    .arg(s.address.leftJustified(40))
                    .arg(s.requests)
                    .arg(s.refused);
    }
    c.out.result(QJsonObject{{QStringLiteral("client"), client->name},
                             {QStringLiteral("profile"),
                              profileName.isEmpty() ? QJsonValue() : QJsonValue(profileName)},
                             {QStringLiteral("from"), json::isoTime(q.fromMs)},
                             {QStringLiteral("to"), json::isoTime(q.toMs)},
                             {QStringLiteral("requests"), report->requests},
                             {QStringLiteral("outcomes"), toJson(report->outcomes)},
                             {QStringLiteral("endpoints"), endpoints},
                             {QStringLiteral("keys"), keyArray},
                             {QStringLiteral("sources"), sourceArray}},
                 text);
    return {};
}

} // namespace

QList<Command> usageCommands()
{
    return {
        {QStringLiteral("usage"),
         {},
         QStringLiteral("Requests a client or profile made, by outcome and endpoint"),
         {option(QStringLiteral("client"), QStringLiteral("Client name."), QStringLiteral("NAME")),
          option(QStringLiteral("name"), QStringLiteral("Only this access profile."),
                 QStringLiteral("NAME")),
          option(QStringLiteral("from"),
                 QStringLiteral("From this date or time (default: 30 "
                                "days ago)."),
                 QStringLiteral("WHEN")),
          option(QStringLiteral("to"), QStringLiteral("Up to this date (inclusive) or time."),
                 QStringLiteral("WHEN"))},
         Database::OpenMode::ReadOnly,
         usage}};
}

} // namespace tollgate::ctl
