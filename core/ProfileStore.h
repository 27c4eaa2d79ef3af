#pragma once

#include "Domain.h"
#include "RandomSource.h"
#include "Result.h"

namespace tollgate {

class Database;

struct ProfileQuery {
    std::optional<qint64> clientId;
    std::optional<qint64> collectionId; // "who can call collection X?"
    int offset = 0;
    int limit = 1000;
};

// A key that was just made. The secret is shown once and never stored.
struct IssuedKey {
    AccessProfile profile;
    QString secret;
};

enum class KeyState {
    Active,           // the profile's current key, profile enabled and not expired
    InGracePeriod,    // the previous key after a rotation, still accepted
    GracePeriodEnded, // the previous key after a rotation, no longer accepted
    ProfileSuspended,
    ProfileExpired,
};
QString keyStateName(KeyState state);

struct KeyIdentity {
    AccessProfile profile; // clientName is set
    ApiKeyRecord key;
    KeyState state = KeyState::Active;
    bool accepted() const { return state == KeyState::Active || state == KeyState::InGracePeriod; }
};

// Access profiles and their API keys. Only SHA-256 digests and hints of keys
// are stored. Creating a profile creates its key in the same transaction.
class ProfileStore {
public:
    explicit ProfileStore(Database& db)
        : m_db(db)
    {
    }

    // Sorted by client name, then profile name.
    Result<QList<AccessProfile>> list(const ProfileQuery& query = {}) const;
    Result<AccessProfile> byId(qint64 id) const;
    Result<AccessProfile> byName(qint64 clientId, const QString& name) const;

    Result<IssuedKey> create(AccessProfile profile, RandomSource& random);
    // Saves name, collections, limits, whitelist, expiry and enabled;
    // refused when the profile's revision is stale.
    Result<AccessProfile> update(AccessProfile profile);
    Status remove(qint64 id, std::optional<qint64> expectedRevision = std::nullopt);
    // Suspended profiles' keys are refused without being deleted.
    Result<AccessProfile> setEnabled(qint64 id, bool enabled);
    Result<AccessProfile> markReviewed(qint64 id);
    // Marks every profile of the client reviewed now, in one transaction (an audit
    // event each); returns them.
    Result<QList<AccessProfile>> markClientReviewed(qint64 clientId);
    // Issues a new key. With graceMs > 0 the old key keeps working until
    // now + graceMs (never past the profile's expiry); with 0 it stops at once.
    Result<IssuedKey> regenerateKey(qint64 id, qint64 graceMs, RandomSource& random);

    // Which profile a key belongs to, and whether it is accepted now.
    // NotFound when no profile has this key (or it was revoked).
    Result<KeyIdentity> identify(const QString& key) const;
    Result<KeyIdentity> lookupDigest(const QString& digest) const;

    // Validates and inserts with the given key records, without a transaction
    // or audit event; for bulk loads and imports.
    Result<qint64> insert(AccessProfile& profile, const QList<ApiKeyRecord>& keys);

private:
    Status checkProfile(AccessProfile& p, bool expiryChanged) const;
    Status insertKey(qint64 profileId, const ApiKeyRecord& key);
    Status fill(QList<AccessProfile>& profiles) const;
    Result<QList<AccessProfile>> query(const QString& where, const QVariantList& values,
                                       const QString& tail = {}) const;
    Result<AccessProfile> setFlag(qint64 id, const QString& action, const QString& assignments,
                                  const QVariantList& values);

    Database& m_db;
};

} // namespace tollgate
