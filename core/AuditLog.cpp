#include "AuditLog.h"

#include "ConfigVersion.h"
#include "Csv.h"
#include "Database.h"
#include "DomainJson.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace tollgate {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(AuditLog)
};
} // namespace

const QString kGenesis = QString(64, QLatin1Char('0'));
const QString kHeadKey = QStringLiteral("audit_head");

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

AuditEvent readEvent(const QSqlQuery& q)
{
    AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.at = q.value(1).toLongLong();
    e.actor = q.value(2).toString();
    e.action = q.value(3).toString();
    e.objectType = q.value(4).toString();
    e.objectName = q.value(5).toString();
    e.beforeJson = q.value(6).toString();
    e.afterJson = q.value(7).toString();
    e.prevHash = q.value(8).toString();
    e.hash = q.value(9).toString();
    return e;
}

const QString kColumns = QStringLiteral(
    "seq, at, actor, action, object_type, object_name, before_json, after_json, prev_hash, hash");

} // namespace

QString AuditLog::hashOf(const AuditEvent& e)
{
    const QJsonArray fields{e.prevHash, QString::number(e.seq), QString::number(e.at), e.actor,
                            e.action,   e.objectType,           e.objectName,          e.beforeJson,
                            e.afterJson};
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(fields).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha256)
            .toHex());
}

Status AuditLog::record(const QString& action, const QString& objectType, const QString& objectName,
                        const QJsonObject& before, const QJsonObject& after,
                        const ConfigChange& change)
{
    Q_ASSERT(m_db.inTransaction());
    AuditEvent e;
    e.at = m_db.nowMs();
    e.actor = m_db.actor();
    e.action = action;
    e.objectType = objectType;
    e.objectName = objectName;
    e.beforeJson = compact(before);
    e.afterJson = compact(after);
    return append(e, change);
}

Status AuditLog::append(AuditEvent e, const ConfigChange& change)
{
    if (const QString lock = m_db.dialect().auditLockStatement(); !lock.isEmpty())
        TG_TRY(m_db.exec(lock));
    auto last =
        m_db.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
    if (!last)
        return last.error();
    qint64 lastSeq = 0;
    QString lastHash = kGenesis;
    if (last->next()) {
        lastSeq = last->value(0).toLongLong();
        lastHash = last->value(1).toString();
    }
    if (e.seq == 0) {
        e.seq = lastSeq + 1;
        e.prevHash = lastHash;
        e.hash = hashOf(e);
    } else if (e.seq != lastSeq + 1 || e.prevHash != lastHash || e.hash != hashOf(e)) {
        return Error::invalid(
            QStringLiteral("audit"),
            Text::tr("imported audit event %1 does not continue the chain").arg(e.seq));
    }
    TG_TRY(m_db.exec(QStringLiteral("INSERT INTO audit_log (") + kColumns
                         + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                     {e.seq, e.at, e.actor, e.action, e.objectType, e.objectName, e.beforeJson,
                      e.afterJson, e.prevHash, e.hash}));
    const QString head = QString::number(e.seq) + QLatin1Char(':') + e.hash;
    auto updated =
        m_db.exec(QStringLiteral("UPDATE meta SET value = ? WHERE key = ?"), {head, kHeadKey});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() == 0)
        TG_TRY(m_db.exec(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"),
                         {kHeadKey, head}));
    // Every recorded change may change what a running gateway must enforce.
    return ConfigVersion::bump(m_db, change);
}

Status AuditLog::importEvents(const QList<AuditEvent>& events)
{
    for (const AuditEvent& e : events)
        TG_TRY(append(e, ConfigChange::everything()));
    return {};
}

Result<QList<AuditEvent>> AuditLog::list(const AuditFilter& f) const
{
    QString sql =
        QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM audit_log WHERE 1 = 1");
    QVariantList values;
    if (f.from) {
        sql += QStringLiteral(" AND at >= ?");
        values << *f.from;
    }
    if (f.to) {
        sql += QStringLiteral(" AND at < ?");
        values << *f.to;
    }
    if (!f.actor.isEmpty()) {
        sql += QStringLiteral(" AND actor = ?");
        values << f.actor;
    }
    if (f.action.endsWith(QLatin1Char('.'))) {
        sql += QStringLiteral(" AND substr(action, 1, ?) = ?");
        values << f.action.size() << f.action;
    } else if (!f.action.isEmpty()) {
        sql += QStringLiteral(" AND action = ?");
        values << f.action;
    }
    if (!f.objectType.isEmpty()) {
        sql += QStringLiteral(" AND object_type = ?");
        values << f.objectType;
    }
    sql += QStringLiteral(" ORDER BY seq DESC");
    auto q = m_db.exec(sql, values);
    if (!q)
        return q.error();
    QList<AuditEvent> out;
    const QString needle = f.object.toCaseFolded();
    const QString text = f.text.toCaseFolded();
    while (q->next() && out.size() < f.limit) {
        AuditEvent e = readEvent(*q);
        if (!needle.isEmpty() && !e.objectName.toCaseFolded().contains(needle))
            continue;
        if (!text.isEmpty() && !e.objectName.toCaseFolded().contains(text)
            && !e.beforeJson.toCaseFolded().contains(text)
            && !e.afterJson.toCaseFolded().contains(text) && !e.actor.toCaseFolded().contains(text)
            && !e.action.toCaseFolded().contains(text))
            continue;
        out.append(e);
    }
    return out;
}

Result<AuditVerification> AuditLog::verify() const
{
    AuditVerification v;
    auto q = m_db.exec(QStringLiteral("SELECT ") + kColumns
                       + QStringLiteral(" FROM audit_log ORDER BY seq"));
    if (!q)
        return q.error();
    QString prevHash = kGenesis;
    qint64 expectedSeq = 1;
    auto fail = [&v](qint64 seq, const QString& problem) {
        v.intact = false;
        v.firstBadSeq = seq;
        v.problem = problem;
        return v;
    };
    while (q->next()) {
        const AuditEvent e = readEvent(*q);
        if (e.seq != expectedSeq)
            return fail(expectedSeq,
                        Text::tr("event %1 is missing (the log jumps from event %2 to %3)")
                            .arg(expectedSeq)
                            .arg(expectedSeq - 1)
                            .arg(e.seq));
        if (e.prevHash != prevHash)
            return fail(e.seq,
                        Text::tr("event %1 does not follow event %2: an event was removed or "
                                 "altered")
                            .arg(e.seq)
                            .arg(e.seq - 1));
        if (hashOf(e) != e.hash)
            return fail(e.seq, Text::tr("event %1 was altered after it was recorded").arg(e.seq));
        prevHash = e.hash;
        ++expectedSeq;
        ++v.eventsChecked;
    }
    auto head = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {kHeadKey});
    if (!head)
        return head.error();
    const qint64 lastSeq = expectedSeq - 1;
    const QString expectedHead =
        lastSeq == 0 ? QString() : QString::number(lastSeq) + QLatin1Char(':') + prevHash;
    if (head->toString() != expectedHead) {
        const qint64 headSeq = head->toString().section(QLatin1Char(':'), 0, 0).toLongLong();
        if (headSeq > lastSeq)
            return fail(lastSeq + 1,
                        Text::tr("events %1 to %2 were removed from the end of the log")
                            .arg(lastSeq + 1)
                            .arg(headSeq));
        return fail(lastSeq,
                    Text::tr("the log's recorded head does not match event %1").arg(lastSeq));
    }
    return v;
}

Result<QString> AuditLog::head() const
{
    auto value = m_db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {kHeadKey});
    if (!value)
        return value.error();
    return value->toString();
}

QString AuditLog::toCsv(const QList<AuditEvent>& events)
{
    QString out =
        QStringLiteral("seq,time_utc,actor,action,object_type,object,before,after,hash\r\n");
    for (const AuditEvent& e : events) {
        const QStringList row{
            QString::number(e.seq), json::isoTime(e.at), e.actor,     e.action, e.objectType,
            e.objectName,           e.beforeJson,        e.afterJson, e.hash};
        out += csv::line(row);
    }
    return out;
}

} // namespace tollgate
