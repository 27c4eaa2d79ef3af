#include "ProfileTableModel.h"

#include "LimitText.h"
#include "ReviewFlags.h"

#include <QDateTime>
#include <QLocale>

namespace tollgate::ui {

namespace {
constexpr qint64 kDayMs = 24 * 3'600'000LL;
}

ProfileTableModel::ProfileTableModel(Database& db, int reviewIntervalDays, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_reviewIntervalDays(reviewIntervalDays)
{
}

void ProfileTableModel::setFilter(std::optional<qint64> clientId,
                                  std::optional<qint64> collectionId)
{
    m_query.clientId = clientId;
    m_query.collectionId = collectionId;
    reload();
}

void ProfileTableModel::reload()
{
    beginResetModel();
    ProfileQuery q = m_query;
    q.offset = 0;
    q.limit = kPageSize;
    auto page = ProfileStore(m_db).list(q);
    m_rows = page ? *page : QList<AccessProfile>();
    m_more = page && page->size() == kPageSize;
    endResetModel();
    if (!page)
        emit failed(page.error().toString());
}

const AccessProfile* ProfileTableModel::profileAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int ProfileTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProfileTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ProfileTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_more;
}

void ProfileTableModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || !m_more)
        return;
    ProfileQuery q = m_query;
    q.offset = int(m_rows.size());
    q.limit = kPageSize;
    auto page = ProfileStore(m_db).list(q);
    if (!page) {
        m_more = false;
        emit failed(page.error().toString());
        return;
    }
    m_more = page->size() == kPageSize;
    if (page->isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page->size() - 1));
    m_rows += *page;
    endInsertRows();
}

bool ProfileTableModel::reviewDue(const AccessProfile& p) const
{
    return tollgate::reviewDue(p, m_reviewIntervalDays, QDateTime::currentMSecsSinceEpoch());
}

QVariant ProfileTableModel::data(const QModelIndex& index, int role) const
{
    const AccessProfile* p = index.isValid() ? profileAt(index.row()) : nullptr;
    if (!p)
        return {};
    if (role == ReviewDueRole)
        return reviewDue(*p);
    if (role != Qt::DisplayRole && role != RawRole)
        return {};
    const bool raw = role == RawRole;
    const ApiKeyRecord* key = p->keys.isEmpty() ? nullptr : &p->keys.first();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    switch (index.column()) {
    case Client: return p->clientName;
    case Profile: return p->name;
    case Collections: return p->collectionNames.join(QLatin1String(", "));
    case RateLimit:
        if (raw)
            return p->rateLimit
                       ? QVariant(p->rateLimit->requests * 3'600'000 / p->rateLimit->intervalMs())
                       : QVariant(qint64(0));
        return p->rateLimit ? limitText(*p->rateLimit) : tr("None");
    case Quota: return p->quota ? limitText(*p->quota) : tr("None");
    case IpWhitelist:
        return p->ipWhitelist.isEmpty()
                   ? tr("Any address")
                   : ipWhitelistToStrings(p->ipWhitelist).join(QLatin1String(", "));
    case Key: return key ? key->hint : QString();
    case KeyAge:
        if (!key)
            return {};
        if (raw)
            return now - key->createdAt;
        return tr("%n day(s)", nullptr, int((now - key->createdAt) / kDayMs));
    case LastUsed:
        if (raw)
            return key && key->lastUsedAt ? *key->lastUsedAt : qint64(0);
        return key && key->lastUsedAt ? QLocale().toString(
                   QDateTime::fromMSecsSinceEpoch(*key->lastUsedAt), QLocale::ShortFormat)
                                      : tr("Never");
    case ReviewStatus:
        if (raw)
            return p->reviewedAt.value_or(0);
        if (reviewDue(*p))
            return p->reviewedAt ? tr("Overdue") : tr("Due (never reviewed)");
        if (!p->reviewedAt)
            return tr("Not due yet");
        return tr("Reviewed %1 by %2")
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(*p->reviewedAt).date(),
                                    QLocale::ShortFormat),
                 p->reviewedBy);
    case Flags:
        return ReviewFlags::evaluate(*p, QDateTime::currentMSecsSinceEpoch())
            .join(QStringLiteral("; "));
    default: return {};
    }
}

QVariant ProfileTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Client: return tr("Client");
    case Profile: return tr("Profile");
    case Collections: return tr("Collections");
    case RateLimit: return tr("Rate limit");
    case Quota: return tr("Quota");
    case IpWhitelist: return tr("IP whitelist");
    case Key: return tr("Key");
    case KeyAge: return tr("Key age");
    case LastUsed: return tr("Last used");
    case ReviewStatus: return tr("Review status");
    case Flags: return tr("Look twice");
    default: return {};
    }
}

} // namespace tollgate::ui
