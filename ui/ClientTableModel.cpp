#include "ClientTableModel.h"

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

void ClientTableModel::reload()
{
    // The first page is part of the reset, so views and testers see one change.
    beginResetModel();
    m_rows.clear();
    auto total = ClientStore(m_db).count(m_search);
    m_total = total ? *total : 0;
    auto page = total ? ClientStore(m_db).list({m_search, 0, kPageSize})
                      : Result<QList<Client>>(total.error());
    if (page)
        m_rows = *page;
    else
        m_total = 0;
    endResetModel();
    if (!page)
        emit failed(page.error().toString());
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

bool ClientTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_rows.size() < m_total;
}

void ClientTableModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid())
        return;
    auto page = ClientStore(m_db).list({m_search, int(m_rows.size()), kPageSize});
    if (!page) {
        m_total = m_rows.size();
        emit failed(page.error().toString());
        return;
    }
    if (page->isEmpty()) {
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
