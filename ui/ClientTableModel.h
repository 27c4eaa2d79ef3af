#pragma once

#include "ClientStore.h"

#include <QAbstractTableModel>

namespace tollgate::ui {

// The Clients list: an adapter over ClientStore, fetched in pages as the view
// scrolls, filtered by a name search in the database.
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
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    void failed(const QString& message);

private:
    Database& m_db;
    QString m_search;
    QList<Client> m_rows;
    qint64 m_total = 0;
};

} // namespace tollgate::ui
