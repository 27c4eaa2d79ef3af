#include "AccessReport.h"

#include "AuditLog.h"
#include "Csv.h"
#include "Database.h"
#include "DomainJson.h"
#include "EndpointStore.h"
#include "ProfileStore.h"
#include "ReviewFlags.h"
#include "SettingsStore.h"
#include "Usage.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

namespace tollgate {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(AccessReport)
};

bool isRefusal(const QString& outcome)
{
    static const QStringList refusals{
        outcomeName(Outcome::InvalidKey),           outcomeName(Outcome::MissingKey),
        outcomeName(Outcome::CollectionNotAllowed), outcomeName(Outcome::IpNotAllowed),
        outcomeName(Outcome::RateLimited),          outcomeName(Outcome::QuotaExceeded)};
    return refusals.contains(outcome);
}

constexpr qint64 kDayMs = 24 * 3'600'000LL;

} // namespace

Result<AccessReport> AccessReport::build(Database& db, qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs)
        return Error::invalid(QStringLiteral("to"),
                              Text::tr("must be after the start of the period"));
    AccessReport report;
    report.fromMs = fromMs;
    report.toMs = toMs;
    report.producedAt = db.nowMs();
    report.producedBy = db.actor();
    // One read transaction: the rows, the usage and the audit head belong together.
    TG_TRY(db.transaction([&]() -> Status {
        auto settings = SettingsStore(db).get();
        if (!settings)
            return settings.error();
        report.workspace =
            QStringLiteral("%1 (%2)").arg(settings->pathPrefix, db.url().displayName());
        report.reviewIntervalDays = settings->reviewIntervalDays;
        auto head = AuditLog(db).head();
        if (!head)
            return head.error();
        report.auditHead = *head;

        auto usage = UsageStore::byProfile(db, fromMs, toMs);
        if (!usage)
            return usage.error();
        // The review flags want the collections called, not the endpoints.
        auto endpoints = EndpointStore(db).listAll();
        if (!endpoints)
            return endpoints.error();
        QHash<qint64, qint64> collectionOf;
        for (const Endpoint& e : *endpoints)
            collectionOf.insert(e.id, e.collectionId);

        auto profiles = ProfileStore(db).list({std::nullopt, std::nullopt, 0, 10'000'000});
        if (!profiles)
            return profiles.error();
        for (const AccessProfile& p : *profiles) {
            Row r;
            r.client = p.clientName;
            r.profile = p.name;
            r.collections = p.collectionNames;
            r.rateLimit = p.rateLimit ? p.rateLimit->toString() : QString();
            r.quota = p.quota ? p.quota->toString() : QString();
            for (const IpRange& range : p.ipWhitelist)
                r.ipWhitelist.append(range.toString());
            for (const ApiKeyRecord& k : p.keys) {
                if (k.current) {
                    r.keyHint = k.hint;
                    r.keyAgeDays = int((report.producedAt - k.createdAt) / kDayMs);
                }
                if (k.lastUsedAt && (!r.lastUsedAt || *k.lastUsedAt > *r.lastUsedAt))
                    r.lastUsedAt = k.lastUsedAt;
            }
            r.enabled = p.enabled;
            r.reviewedAt = p.reviewedAt;
            r.reviewedBy = p.reviewedBy;
            r.reviewDue = reviewDue(p, report.reviewIntervalDays, report.producedAt);
            const ProfileUsage used = usage->value(p.id);
            for (auto it = used.outcomes.begin(); it != used.outcomes.end(); ++it) {
                r.requests += it.value();
                if (it.key() == outcomeName(Outcome::Allowed))
                    r.allowed += it.value();
                else if (isRefusal(it.key()))
                    r.refused += it.value();
            }
            ReviewFlags::Usage seen;
            QSet<qint64> collectionsCalled;
            for (qint64 endpointId : used.endpointsCalled)
                collectionsCalled.insert(collectionOf.value(endpointId));
            seen.collectionsCalled = collectionsCalled;
            seen.peakPerMinute = used.peakPerMinute;
            r.flags = ReviewFlags::evaluate(p, std::min(toMs, report.producedAt), seen);
            report.rows.append(r);
        }
        return {};
    }));
    return report;
}

QString AccessReport::reviewText(const Row& row)
{
    if (row.reviewDue)
        return row.reviewedAt ? Text::tr("Overdue (last reviewed %1 by %2)")
                                    .arg(json::isoTime(*row.reviewedAt).left(10), row.reviewedBy)
                              : Text::tr("Due (never reviewed)");
    return row.reviewedAt ? Text::tr("Reviewed %1 by %2")
                                .arg(json::isoTime(*row.reviewedAt).left(10), row.reviewedBy)
                          : Text::tr("Not due yet");
}

QByteArray AccessReport::toCsv() const
{
    QString out;
    out += csv::line({QStringLiteral("report"), QStringLiteral("Tollgate access report")});
    out += csv::line({QStringLiteral("period_from_utc"), json::isoTime(fromMs)});
    out += csv::line({QStringLiteral("period_to_utc"), json::isoTime(toMs)});
    out += csv::line({QStringLiteral("workspace"), workspace});
    out += csv::line({QStringLiteral("produced_by"), producedBy});
    out += csv::line({QStringLiteral("produced_at_utc"), json::isoTime(producedAt)});
    out += csv::line({QStringLiteral("audit_head"), auditHead});
    out += QStringLiteral("\r\n");
    out += csv::line(
        {QStringLiteral("client"), QStringLiteral("profile"), QStringLiteral("collections"),
         QStringLiteral("rate_limit"), QStringLiteral("quota"), QStringLiteral("ip_whitelist"),
         QStringLiteral("key_hint"), QStringLiteral("key_age_days"),
         QStringLiteral("last_used_utc"), QStringLiteral("status"), QStringLiteral("review"),
         QStringLiteral("requests"), QStringLiteral("allowed"), QStringLiteral("refused"),
         QStringLiteral("look_twice")});
    for (const Row& r : rows)
        out += csv::line({r.client, r.profile, r.collections.join(QStringLiteral("; ")),
                          r.rateLimit, r.quota, r.ipWhitelist.join(QStringLiteral("; ")), r.keyHint,
                          QString::number(r.keyAgeDays),
                          r.lastUsedAt ? json::isoTime(*r.lastUsedAt) : QString(),
                          r.enabled ? QStringLiteral("enabled") : QStringLiteral("suspended"),
                          reviewText(r), QString::number(r.requests), QString::number(r.allowed),
                          QString::number(r.refused), r.flags.join(QStringLiteral("; "))});
    return out.toUtf8();
}

} // namespace tollgate
