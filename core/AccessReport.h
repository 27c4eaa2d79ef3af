#pragma once

#include "Result.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace tollgate {

class Database;

// The access report an auditor keeps as evidence: every client, profile,
// collection, limit, whitelist, key hint and age, last use, review status and
// the usage in a period, with who produced it, when, for which workspace, and
// the audit trail's head at that moment.
struct AccessReport {
    struct Row {
        QString client;
        QString profile;
        QStringList collections;
        QString rateLimit; // "5/minute", or empty
        QString quota;
        QStringList ipWhitelist; // empty: any address
        QString keyHint;
        int keyAgeDays = 0;
        std::optional<qint64> lastUsedAt;
        bool enabled = true;
        std::optional<qint64> reviewedAt;
        QString reviewedBy;
        bool reviewDue = false;
        qint64 requests = 0; // in the period
        qint64 allowed = 0;
        qint64 refused = 0; // invalid key, collection or IP not allowed, rate limit, quota
        QStringList flags;  // see ReviewFlags
    };

    qint64 fromMs = 0; // the period, [from, to)
    qint64 toMs = 0;
    qint64 producedAt = 0;
    QString producedBy;
    QString workspace; // path prefix and database
    QString auditHead; // "seq:hash"
    int reviewIntervalDays = 90;
    QList<Row> rows;

    static Result<AccessReport> build(Database& db, qint64 fromMs, qint64 toMs);
    // The report as CSV: a preamble of "key","value" lines, a blank line, the table.
    QByteArray toCsv() const;
    // "Reviewed 2026-11-02 by alice", "Overdue", "Due (never reviewed)", "Not due yet".
    static QString reviewText(const Row& row);
};

} // namespace tollgate
