#pragma once

#include "ProfileStore.h"

#include <QAbstractTableModel>

namespace tollgate::ui {

// Every access profile of every client, for audits: an adapter over
// ProfileStore, filtered in the database by client and by collection
// ("who can call collection X?"), fetched in pages.
class ProfileTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Client,
        Profile,
        Collections,
        RateLimit,
        Quota,
        IpWhitelist,
        Key,
        KeyAge,
        LastUsed,
        ReviewStatus,
        Flags, // what should make a reviewer look twice (key age, no use)
        ColumnCount
    };
    static constexpr int RawRole = Qt::UserRole + 1;
    static constexpr int ReviewDueRole = Qt::UserRole + 2; // bool
    static constexpr int kPageSize = 200;

    ProfileTableModel(Database& db, int reviewIntervalDays, QObject* parent = nullptr);

    void setFilter(std::optional<qint64> clientId, std::optional<qint64> collectionId);
    void reload();
    const AccessProfile* profileAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    void failed(const QString& message);

private:
    bool reviewDue(const AccessProfile& p) const;

    Database& m_db;
    int m_reviewIntervalDays;
    ProfileQuery m_query;
    QList<AccessProfile> m_rows;
    bool m_more = false;
};

} // namespace tollgate::ui
