#pragma once

#include "Database.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QTableWidget;
class QTimer;

namespace tollgate::ui {

class UsageChart;

// The usage of one profile, one client or everything: the quota as a progress
// bar (used / limit, reset, and the day it runs out at the current pace), the
// rate limit and the peak rate seen, requests over time stacked by outcome for
// the last 24 hours / 7 / 30 / 90 days, the endpoint table (requests, allowed,
// errors, refusals, median and 95th percentile latency, last call) and the
// source addresses seen. Refreshes every 30 seconds while shown.
class UsagePanel : public QWidget {
    Q_OBJECT

public:
    explicit UsagePanel(Database& db, QWidget* parent = nullptr);

    // Nothing set: every profile.
    void setScope(std::optional<qint64> profileId, std::optional<qint64> clientId);
    // 0: 24 hours, 1: 7 days, 2: 30 days, 3: 90 days.
    void setPeriod(int index);
    UsageChart* chart() const { return m_chart; }

public slots:
    void refresh();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void showQuota(qint64 now);

    Database& m_db;
    std::optional<qint64> m_profileId;
    std::optional<qint64> m_clientId;
    QComboBox* m_period;
    QLabel* m_quotaLabel;
    QProgressBar* m_quotaBar;
    QLabel* m_rateLabel;
    UsageChart* m_chart;
    QTableWidget* m_endpoints;
    QTableWidget* m_sources;
    QLabel* m_sourcesNote;
    QLabel* m_status;
    QTimer* m_timer;
};

} // namespace tollgate::ui
