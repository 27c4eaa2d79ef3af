#include "ProfileStore.h"

#include "ApiKey.h"
#include "AuditLog.h"
#include "Database.h"
#include "DomainJson.h"
#include "StoreSupport.h"
#include "Validation.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

namespace tollgate {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ProfileStore)
};
} // namespace

QString objectName(const AccessProfile& p) { return p.clientName + QStringLiteral(" / ") + p.name; }

QString what(const AccessProfile& p)
{
    return Text::tr("The access profile \"%1\"").arg(objectName(p));
}

QVariant optionalText(const std::optional<QString>& v) { return v ? QVariant(*v) : QVariant(); }

// The limit and whitelist columns as bound values, in schema order.
QVariantList limitValues(const AccessProfile& p)
{
    const auto count = [](const auto& limit) {
        return limit ? QVariant(limit->requests) : QVariant();
    };
    return {count(p.rateLimit),
            optionalText(p.rateLimit ? std::optional(intervalName(p.rateLimit->interval))
                                     : std::nullopt),
            count(p.quota),
            optionalText(p.quota ? std::optional(intervalName(p.quota->interval)) : std::nullopt),
            ipWhitelistToStrings(p.ipWhitelist).join(QLatin1Char('\n')),
            store::fromOptional(p.expiresAt),
            p.enabled ? 1 : 0};
}

} // namespace

QString keyStateName(KeyState state)
{
    switch (state) {
    case KeyState::Active: return QStringLiteral("active");
    case KeyState::InGracePeriod: return QStringLiteral("in_grace_period");
    case KeyState::GracePeriodEnded: return QStringLiteral("grace_period_ended");
    case KeyState::ProfileSuspended: return QStringLiteral("profile_suspended");
    case KeyState::ProfileExpired: return QStringLiteral("profile_expired");
    }
    return {};
}

Result<QList<AccessProfile>> ProfileStore::query(const QString& where, const QVariantList& values,
                                                 const QString& tail) const
{
    auto q =
        m_db.exec(QStringLiteral(
                      "SELECT p.id, p.client_id, c.name, p.name, p.rate_requests, p.rate_interval, "
                      "p.quota_requests, p.quota_interval, p.ip_whitelist, p.expires_at, "
                      "p.enabled, p.reviewed_at, p.reviewed_by, p.created_at, p.updated_at, "
                      "p.revision FROM clients c CROSS JOIN profiles p WHERE p.client_id = c.id ")
                      // CROSS JOIN keeps clients as SQLite's outer loop: pages come in index
                      // order (client name, then profile name) and stop after LIMIT rows,
                      // instead of sorting every profile that matches a filter.
                      + where + QStringLiteral(" ORDER BY c.name_key, p.name_key ") + tail,
                  values);
    if (!q)
        return q.error();
    QList<AccessProfile> out;
    while (q->next()) {
        AccessProfile p;
        p.id = q->value(0).toLongLong();
        p.clientId = q->value(1).toLongLong();
        p.clientName = q->value(2).toString();
        p.name = q->value(3).toString();
        if (!q->value(4).isNull()) {
            auto rate = RateLimit::make(q->value(4).toLongLong(), q->value(5).toString());
            if (rate)
                p.rateLimit = *rate;
        }
        if (!q->value(6).isNull()) {
            auto quota = Quota::make(q->value(6).toLongLong(), q->value(7).toString());
            if (quota)
                p.quota = *quota;
        }
        const QString whitelist = q->value(8).toString();
        if (!whitelist.isEmpty()) {
            auto ranges = parseIpWhitelist(whitelist.split(QLatin1Char('\n')));
            if (!ranges)
                return Error::database(
                    Text::tr("the stored IP whitelist of %1 is unreadable").arg(objectName(p)),
                    ranges.error().message());
            p.ipWhitelist = *ranges;
        }
        p.expiresAt = store::optionalInt(q->value(9));
        p.enabled = q->value(10).toInt() != 0;
        p.reviewedAt = store::optionalInt(q->value(11));
        p.reviewedBy = q->value(12).toString();
        p.createdAt = q->value(13).toLongLong();
        p.updatedAt = q->value(14).toLongLong();
        p.revision = q->value(15).toLongLong();
        out.append(p);
    }
    TG_TRY(fill(out));
    return out;
}

// Loads the collections and keys of a page of profiles with two queries.
Status ProfileStore::fill(QList<AccessProfile>& profiles) const
{
    if (profiles.isEmpty())
        return {};
    QVariantList ids;
    QHash<qint64, qsizetype> index;
    for (qsizetype i = 0; i < profiles.size(); ++i) {
        ids.append(profiles[i].id);
        index.insert(profiles[i].id, i);
    }
    const QString in = store::placeholders(ids.size());
    auto collections = m_db.exec(QStringLiteral("SELECT pc.profile_id, c.id, c.name "
                                                "FROM profile_collections pc "
                                                "JOIN collections c ON c.id = pc.collection_id "
                                                "WHERE pc.profile_id IN (")
                                     + in + QStringLiteral(") ORDER BY c.name_key"),
                                 ids);
    if (!collections)
        return collections.error();
    while (collections->next()) {
        AccessProfile& p = profiles[index.value(collections->value(0).toLongLong())];
        p.collectionIds.append(collections->value(1).toLongLong());
        p.collectionNames.append(collections->value(2).toString());
    }
    auto keys = m_db.exec(QStringLiteral("SELECT profile_id, id, digest, hint, is_current, "
                                         "created_at, grace_ends_at, last_used_at FROM api_keys "
                                         "WHERE profile_id IN (")
                              + in + QStringLiteral(") ORDER BY is_current DESC, created_at DESC"),
                          ids);
    if (!keys)
        return keys.error();
    while (keys->next()) {
        ApiKeyRecord k;
        k.profileId = keys->value(0).toLongLong();
        k.id = keys->value(1).toLongLong();
        k.digest = keys->value(2).toString();
        k.hint = keys->value(3).toString();
        k.current = keys->value(4).toInt() != 0;
        k.createdAt = keys->value(5).toLongLong();
        k.graceEndsAt = store::optionalInt(keys->value(6));
        k.lastUsedAt = store::optionalInt(keys->value(7));
        profiles[index.value(k.profileId)].keys.append(k);
    }
    return {};
}

Result<QList<AccessProfile>> ProfileStore::list(const ProfileQuery& pq) const
{
    QStringList conditions;
    QVariantList values;
    if (pq.clientId) {
        conditions << QStringLiteral("c.id = ?");
        values << *pq.clientId;
    }
    if (pq.collectionId) {
        conditions << QStringLiteral("EXISTS (SELECT 1 FROM profile_collections pc "
                                     "WHERE pc.profile_id = p.id AND pc.collection_id = ?)");
        values << *pq.collectionId;
    }
    const QString where = conditions.isEmpty()
                              ? QString()
                              : QStringLiteral("AND ") + conditions.join(QLatin1String(" AND "));
    values << qMax(0, pq.limit) << qMax(0, pq.offset);
    return query(where, values, QStringLiteral("LIMIT ? OFFSET ?"));
}

Result<AccessProfile> ProfileStore::byId(qint64 id) const
{
    auto found = query(
        QStringLiteral("AND c.id = (SELECT client_id FROM profiles WHERE id = ?) AND p.id = ?"),
        {id, id});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(Text::tr("no access profile has the id %1").arg(id));
    return found->first();
}

Result<AccessProfile> ProfileStore::byName(qint64 clientId, const QString& name) const
{
    auto found = query(QStringLiteral("AND c.id = ? AND p.name_key = ?"),
                       {clientId, store::nameKey(name.trimmed())});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(
            Text::tr("the client has no access profile named \"%1\"").arg(name.trimmed()));
    return found->first();
}

Status ProfileStore::checkProfile(AccessProfile& p, bool expiryChanged) const
{
    TG_TRY(validate::profile(p, expiryChanged ? std::optional(m_db.nowMs()) : std::nullopt));
    auto client =
        m_db.scalar(QStringLiteral("SELECT name FROM clients WHERE id = ?"), {p.clientId});
    if (!client)
        return client.error();
    if (client->isNull())
        return Error::notFound(Text::tr("the access profile's client no longer exists"));
    p.clientName = client->toString();
    QVariantList ids;
    for (qint64 id : p.collectionIds)
        ids.append(id);
    auto known = m_db.scalar(QStringLiteral("SELECT count(*) FROM collections WHERE id IN (")
                                 + store::placeholders(ids.size()) + QLatin1Char(')'),
                             ids);
    if (!known)
        return known.error();
    if (known->toLongLong() != ids.size())
        return Error::invalid(QStringLiteral("collections"),
                              Text::tr("one of the selected API collections no longer exists"));
    auto same = m_db.scalar(QStringLiteral("SELECT name FROM profiles WHERE client_id = ? "
                                           "AND name_key = ? AND id <> ?"),
                            {p.clientId, store::nameKey(p.name), p.id});
    if (!same)
        return same.error();
    if (!same->isNull())
        return Error::conflict(
            QStringLiteral("name"),
            Text::tr("the client \"%1\" already has an access profile named \"%2\"")
                .arg(p.clientName, same->toString()));
    return {};
}

Status ProfileStore::insertKey(qint64 profileId, const ApiKeyRecord& k)
{
    auto done =
        m_db.exec(QStringLiteral("INSERT INTO api_keys (profile_id, digest, hint, is_current, "
                                 "created_at, grace_ends_at, last_used_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                  {profileId, k.digest, k.hint, k.current ? 1 : 0,
                   k.createdAt > 0 ? k.createdAt : m_db.nowMs(), store::fromOptional(k.graceEndsAt),
                   store::fromOptional(k.lastUsedAt)});
    if (!done)
        return done.error().kind() == ErrorKind::Conflict ? Error::conflict(
                   QStringLiteral("key"), Text::tr("this key digest is already in use"))
                                                          : done.error();
    return {};
}

Result<qint64> ProfileStore::insert(AccessProfile& p, const QList<ApiKeyRecord>& keys)
{
    p.id = 0;
    TG_TRY(checkProfile(p, false));
    const qint64 now = m_db.nowMs();
    const qint64 created = p.createdAt > 0 ? p.createdAt : now;
    auto id = m_db.scalar(
        QStringLiteral("INSERT INTO profiles (rate_requests, rate_interval, quota_requests, "
                       "quota_interval, ip_whitelist, expires_at, enabled, client_id, name, "
                       "name_key, reviewed_at, reviewed_by, created_at, updated_at, revision) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id"),
        limitValues(p)
            + QVariantList{p.clientId, p.name, store::nameKey(p.name),
                           store::fromOptional(p.reviewedAt), p.reviewedBy, created, now});
    if (!id)
        return id.error();
    p.id = id->toLongLong();
    for (qint64 collectionId : p.collectionIds)
        TG_TRY(
            m_db.exec(QStringLiteral("INSERT INTO profile_collections (profile_id, collection_id) "
                                     "VALUES (?, ?)"),
                      {p.id, collectionId}));
    for (const ApiKeyRecord& k : keys)
        TG_TRY(insertKey(p.id, k));
    return p.id;
}

Result<IssuedKey> ProfileStore::create(AccessProfile p, RandomSource& random)
{
    TG_TRY(validate::profile(p, m_db.nowMs()));
    p.reviewedAt.reset();
    p.reviewedBy.clear();
    p.createdAt = 0;
    const GeneratedKey key = ApiKey::generate(random);
    ApiKeyRecord record;
    record.digest = key.digest;
    record.hint = key.hint;
    std::optional<IssuedKey> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto id = insert(p, {record});
        if (!id)
            return id.error();
        auto created = byId(*id);
        if (!created)
            return created.error();
        TG_TRY(AuditLog(m_db).record(QStringLiteral("profile.create"), QStringLiteral("profile"),
                                     objectName(*created), {}, json::toJson(*created),
                                     ConfigChange::profile(created->id)));
        result = IssuedKey{*created, key.secret};
        return {};
    }));
    return *result;
}

Result<AccessProfile> ProfileStore::update(AccessProfile p)
{
    std::optional<AccessProfile> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto before = byId(p.id);
        if (!before)
            return before.error();
        if (before->revision != p.revision)
            return store::changedMeanwhile(what(*before));
        p.clientId = before->clientId; // profiles do not move between clients
        TG_TRY(checkProfile(p, p.expiresAt != before->expiresAt));
        // Only what changed is saved: an edit that changes nothing writes nothing (no new
        // revision, no audit event, no reload at the gateway).
        const auto sorted = [](QList<qint64> ids) {
            std::sort(ids.begin(), ids.end());
            return ids;
        };
        if (p.name == before->name && sorted(p.collectionIds) == sorted(before->collectionIds)
            && p.rateLimit == before->rateLimit && p.quota == before->quota
            && p.ipWhitelist == before->ipWhitelist && p.expiresAt == before->expiresAt
            && p.enabled == before->enabled) {
            result = *before;
            return {};
        }
        auto q = m_db.exec(
            QStringLiteral("UPDATE profiles SET rate_requests = ?, rate_interval = ?, "
                           "quota_requests = ?, quota_interval = ?, ip_whitelist = ?, "
                           "expires_at = ?, enabled = ?, name = ?, name_key = ?, updated_at = ?, "
                           "revision = revision + 1 WHERE id = ? AND revision = ?"),
            limitValues(p)
                + QVariantList{p.name, store::nameKey(p.name), m_db.nowMs(), p.id, p.revision});
        if (!q)
            return q.error();
        TG_TRY(store::checkGuardedWrite(*q, true, what(*before)));
        if (p.collectionIds != before->collectionIds) {
            TG_TRY(m_db.exec(QStringLiteral("DELETE FROM profile_collections WHERE profile_id = ?"),
                             {p.id}));
            for (qint64 collectionId : p.collectionIds)
                TG_TRY(m_db.exec(QStringLiteral("INSERT INTO profile_collections "
                                                "(profile_id, collection_id) VALUES (?, ?)"),
                                 {p.id, collectionId}));
        }
        auto after = byId(p.id);
        if (!after)
            return after.error();
        TG_TRY(AuditLog(m_db).record(QStringLiteral("profile.update"), QStringLiteral("profile"),
                                     objectName(*after), json::toJson(*before),
                                     json::toJson(*after), ConfigChange::profile(after->id)));
        result = *after;
        return {};
    }));
    return *result;
}

Status ProfileStore::remove(qint64 id, std::optional<qint64> expectedRevision)
{
    return m_db.transaction([&]() -> Status {
        auto before = byId(id);
        if (!before)
            return before.error();
        if (expectedRevision && *expectedRevision != before->revision)
            return store::changedMeanwhile(what(*before));
        TG_TRY(m_db.exec(QStringLiteral("DELETE FROM profiles WHERE id = ?"), {id}));
        return AuditLog(m_db).record(QStringLiteral("profile.delete"), QStringLiteral("profile"),
                                     objectName(*before), json::toJson(*before), {},
                                     ConfigChange::profile(before->id));
    });
}

Result<AccessProfile> ProfileStore::setFlag(qint64 id, const QString& action,
                                            const QString& assignments, const QVariantList& values)
{
    std::optional<AccessProfile> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto before = byId(id);
        if (!before)
            return before.error();
        TG_TRY(m_db.exec(
            QStringLiteral("UPDATE profiles SET ") + assignments
                + QStringLiteral(", updated_at = ?, revision = revision + 1 WHERE id = ?"),
            values + QVariantList{m_db.nowMs(), id}));
        auto after = byId(id);
        if (!after)
            return after.error();
        TG_TRY(AuditLog(m_db).record(action, QStringLiteral("profile"), objectName(*after),
                                     json::toJson(*before), json::toJson(*after),
                                     ConfigChange::profile(after->id)));
        result = *after;
        return {};
    }));
    return *result;
}

Result<AccessProfile> ProfileStore::setEnabled(qint64 id, bool enabled)
{
    return setFlag(id,
                   enabled ? QStringLiteral("profile.resume") : QStringLiteral("profile.suspend"),
                   QStringLiteral("enabled = ?"), {enabled ? 1 : 0});
}

Result<AccessProfile> ProfileStore::markReviewed(qint64 id)
{
    return setFlag(id, QStringLiteral("profile.review"),
                   QStringLiteral("reviewed_at = ?, reviewed_by = ?"),
                   {m_db.nowMs(), m_db.actor()});
}

Result<QList<AccessProfile>> ProfileStore::markClientReviewed(qint64 clientId)
{
    QList<AccessProfile> reviewed;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto profiles = list({clientId, std::nullopt, 0, 1'000'000});
        if (!profiles)
            return profiles.error();
        for (const AccessProfile& p : *profiles) {
            auto saved = markReviewed(p.id);
            if (!saved)
                return saved.error();
            reviewed.append(*saved);
        }
        return {};
    }));
    return reviewed;
}

Result<IssuedKey> ProfileStore::regenerateKey(qint64 id, qint64 graceMs, RandomSource& random)
{
    if (graceMs < 0)
        return Error::invalid(QStringLiteral("grace"), Text::tr("must not be negative"));
    const GeneratedKey key = ApiKey::generate(random);
    std::optional<IssuedKey> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto before = byId(id);
        if (!before)
            return before.error();
        const qint64 now = m_db.nowMs();
        // Only one old key at a time: an earlier one in grace goes now.
        TG_TRY(m_db.exec(
            QStringLiteral("DELETE FROM api_keys WHERE profile_id = ? AND is_current = 0"), {id}));
        std::optional<qint64> graceEnd;
        if (graceMs > 0) {
            graceEnd = now + graceMs;
            if (before->expiresAt)
                graceEnd = qMin(*graceEnd, *before->expiresAt);
            TG_TRY(m_db.exec(QStringLiteral("UPDATE api_keys SET is_current = 0, grace_ends_at = ? "
                                            "WHERE profile_id = ? AND is_current = 1"),
                             {*graceEnd, id}));
        } else {
            TG_TRY(m_db.exec(QStringLiteral("DELETE FROM api_keys WHERE profile_id = ?"), {id}));
        }
        ApiKeyRecord record;
        record.digest = key.digest;
        record.hint = key.hint;
        record.createdAt = now;
        TG_TRY(insertKey(id, record));
        TG_TRY(
            m_db.exec(QStringLiteral("UPDATE profiles SET updated_at = ?, revision = revision + 1 "
                                     "WHERE id = ?"),
                      {now, id}));
        auto after = byId(id);
        if (!after)
            return after.error();
        QJsonObject afterJson = json::toJson(*after);
        afterJson.insert(QStringLiteral("grace_ends_at"), json::isoTime(graceEnd));
        TG_TRY(AuditLog(m_db).record(
            QStringLiteral("profile.regenerate_key"), QStringLiteral("profile"), objectName(*after),
            json::toJson(*before), afterJson, ConfigChange::profile(after->id)));
        result = IssuedKey{*after, key.secret};
        return {};
    }));
    return *result;
}

Result<KeyIdentity> ProfileStore::lookupDigest(const QString& digest) const
{
    // One statement finds the profile (its client first, so the join starts
    // from two primary-key lookups); fill() adds collections and keys.
    auto found =
        query(QStringLiteral("AND c.id = (SELECT p2.client_id FROM api_keys k "
                             "JOIN profiles p2 ON p2.id = k.profile_id WHERE k.digest = ?) "
                             "AND p.id = (SELECT profile_id FROM api_keys WHERE digest = ?)"),
              {digest, digest});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(
            Text::tr("no access profile has this key; it is unknown or was revoked"));
    const AccessProfile* profile = &found->first();
    KeyIdentity identity;
    identity.profile = *profile;
    for (const ApiKeyRecord& k : profile->keys)
        if (k.digest == digest)
            identity.key = k;
    const qint64 now = m_db.nowMs();
    if (!identity.key.current && identity.key.graceEndsAt.value_or(0) <= now)
        identity.state = KeyState::GracePeriodEnded;
    else if (!profile->enabled)
        identity.state = KeyState::ProfileSuspended;
    else if (profile->expiresAt && *profile->expiresAt <= now)
        identity.state = KeyState::ProfileExpired;
    else
        identity.state = identity.key.current ? KeyState::Active : KeyState::InGracePeriod;
    return identity;
}

Result<KeyIdentity> ProfileStore::identify(const QString& key) const
{
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty())
        return Error::invalid(QStringLiteral("key"), Text::tr("no key was given"));
    if (!ApiKey::hasValidFormat(trimmed))
        return Error::invalid(
            QStringLiteral("key"),
            Text::tr("is not a Tollgate key: it must be tg_ followed by 46 letters and "
                     "digits with a valid checksum (a typo, or a truncated copy?)"));
    return lookupDigest(ApiKey::digestOf(trimmed));
}

} // namespace tollgate
