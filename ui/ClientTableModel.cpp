#include "ClientTableModel.h"

#include "Background.h"
#include "RowMenu.h"

#include <QDateTime>
#include <QLocale>

namespace tollgate::ui {

ClientTableModel::ClientTableModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
}

void ClientTableModel::setSearch(const QString& search)
{
    m_search = search;
    reload();
}

ClientQuery ClientTableModel::query(int offset, int limit) const
{
    ClientQuery q;
    q.search = m_search;
    q.offset = offset;
    q.limit = limit;
    q.sort = m_sort;
    q.descending = m_descending;
    return q;
}

bool ClientTableModel::sortsByFigure() const
{
    return m_sort != ClientQuery::Sort::Name && m_sort != ClientQuery::Sort::Created;
}

void ClientTableModel::reload()
{
    ++m_generation;
    if (sortsByFigure())
        return reloadInBackground();
    if (m_loading) {
        m_loading = false;
        emit loadingChanged(false);
    }
    // The first page is part of the reset, so views and testers see one change.
    beginResetModel();
    m_rows.clear();
    m_order.clear();
    auto total = ClientStore(m_db).count(m_search);
    m_total = total ? *total : 0;
    auto page =
        total ? ClientStore(m_db).list(query(0, kPageSize)) : Result<QList<Client>>(total.error());
    if (page)
        m_rows = *page;
    else
        m_total = 0;
    endResetModel();
    if (!page)
        emit failed(page.error().toString());
}

void ClientTableModel::reloadInBackground()
{
    beginResetModel();
    m_rows.clear();
    m_order.clear();
    m_total = 0;
    endResetModel();
    if (!m_loading) {
        m_loading = true;
        emit loadingChanged(true);
    }
    const quint64 generation = m_generation;
    const ClientQuery q = query(0, 0);
    runInBackground<QList<qint64>>(
        this, m_db.url(), [q](Database& db) { return ClientStore(db).sortedIds(q); },
        [this, generation](Result<QList<qint64>> ids) {
            if (generation != m_generation)
                return; // the sort or search changed meanwhile
            m_loading = false;
            auto page = ids ? ClientStore(m_db).byIds(ids->mid(0, kPageSize))
                            : Result<QList<Client>>(ids.error());
            beginResetModel();
            if (page) {
                m_order = *ids;
                m_orderRead = std::min<qsizetype>(kPageSize, m_order.size());
                m_total = m_order.size();
                m_rows = *page;
            }
            endResetModel();
            emit loadingChanged(false);
            if (!page)
                emit failed(page.error().toString());
        });
}

const Client* ClientTableModel::clientAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int ClientTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClientTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ClientTableModel::sort(int column, Qt::SortOrder order)
{
    static constexpr ClientQuery::Sort kByColumn[] = {
        ClientQuery::Sort::Name, ClientQuery::Sort::Profiles, ClientQuery::Sort::Collections,
        ClientQuery::Sort::Created, ClientQuery::Sort::LastActivity};
    if (column < 0 || column >= int(std::size(kByColumn)))
        return;
    const ClientQuery::Sort sort = kByColumn[column];
    const bool descending = order == Qt::DescendingOrder;
    if (sort == m_sort && descending == m_descending)
        return;
    m_sort = sort;
    m_descending = descending;
    reload();
}

bool ClientTableModel::canFetchMore(const QModelIndex& parent) const
{
    if (parent.isValid())
        return false;
    return m_order.isEmpty() ? m_rows.size() < m_total : m_orderRead < m_order.size();
}

void ClientTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent)) // views may ask anyway (QAbstractItemModelTester does)
        return;
    auto page = m_order.isEmpty() ? ClientStore(m_db).list(query(int(m_rows.size()), kPageSize))
                                  : ClientStore(m_db).byIds(m_order.mid(m_orderRead, kPageSize));
    if (!page) {
        m_total = m_rows.size();
        emit failed(page.error().toString());
        return;
    }
    if (!m_order.isEmpty())
        m_orderRead = std::min(m_orderRead + kPageSize, m_order.size());
    if (page->isEmpty()) {
        if (m_order.isEmpty())
            m_total = m_rows.size();
        return;
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page->size() - 1));
    m_rows += *page;
    endInsertRows();
}

QVariant ClientTableModel::data(const QModelIndex& index, int role) const
{
    const Client* c = index.isValid() ? clientAt(index.row()) : nullptr;
    if (!c)
        return {};
    if (role == IdRole)
        return c->id;
    const auto when = [](std::optional<qint64> ms) {
        return ms ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*ms), QLocale::ShortFormat)
                  : tr("Never");
    };
    switch (index.column()) {
    case Name:
        if (role == Qt::DisplayRole || role == RawRole)
            return c->name;
        if (role == Qt::ToolTipRole)
            return c->description;
        break;
    case Profiles:
        if (role == Qt::DisplayRole || role == RawRole)
            return c->profileCount;
        break;
    case Collections:
        if (role == Qt::DisplayRole || role == RawRole)
            return c->collectionCount;
        break;
    case Created:
        if (role == Qt::DisplayRole)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(c->createdAt).date(),
                                      QLocale::ShortFormat);
        if (role == RawRole)
            return c->createdAt;
        break;
    case LastActivity:
        if (role == Qt::DisplayRole)
            return when(c->lastActivityAt);
        if (role == RawRole)
            return c->lastActivityAt ? QVariant(*c->lastActivityAt) : QVariant(qint64(0));
        break;
    case Actions:
        if (role == Qt::DisplayRole)
            return RowMenu::ellipsis();
        if (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)
            return RowMenu::accessibleText();
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignCenter);
        break;
    default: break;
    }
    if (role == Qt::TextAlignmentRole
        && (index.column() == Profiles || index.column() == Collections))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ClientTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Profiles: return tr("Access profiles");
    case Collections: return tr("Collections");
    case Created: return tr("Created");
    case LastActivity: return tr("Last activity");
    default: return {};
    }
}

} // namespace tollgate::ui
