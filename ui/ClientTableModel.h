#pragma once

#include "ClientStore.h"

#include <QAbstractTableModel>

namespace tollgate::ui {

// The Clients list: an adapter over ClientStore, fetched in pages as the view
// scrolls, filtered by a name search and sorted in the database. Sorting by name
// or creation reads pages through an index; sorting by a computed figure
// (profiles, collections, last activity) orders every id once on a worker
// thread, so the window stays responsive, and then reads pages by id.
class ClientTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    // Actions: the row menu's ellipsis (see RowMenu).
    enum Column { Name, Profiles, Collections, Created, LastActivity, Actions, ColumnCount };
    static constexpr int RawRole = Qt::UserRole + 1; // numbers and times for sorting
    static constexpr int IdRole = Qt::UserRole + 2;
    static constexpr int kPageSize = 200;

    explicit ClientTableModel(Database& db, QObject* parent = nullptr);

    void setSearch(const QString& search);
    void reload();
    qint64 totalCount() const { return m_total; }
    const Client* clientAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    // Sorted in the database (the list is paged): any column but Actions.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // True while a sort by a computed figure is read in the background.
    bool loading() const { return m_loading; }

signals:
    void failed(const QString& message);
    void loadingChanged(bool loading);

private:
    ClientQuery query(int offset, int limit) const;
    bool sortsByFigure() const;
    void reloadInBackground();

    Database& m_db;
    QString m_search;
    ClientQuery::Sort m_sort = ClientQuery::Sort::Name;
    bool m_descending = false;
    QList<Client> m_rows;
    qint64 m_total = 0;
    // Sorted by a computed figure: every matching id in order, read once; pages by id.
    QList<qint64> m_order;
    qsizetype m_orderRead = 0; // ids of m_order read so far
    bool m_loading = false;
    quint64 m_generation = 0; // a newer reload makes an older background result stale
};

} // namespace tollgate::ui
