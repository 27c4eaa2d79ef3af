#include "SettingsStore.h"

#include "AuditLog.h"
#include "Database.h"
#include "DomainJson.h"
#include "StoreSupport.h"
#include "Validation.h"

#include <QCoreApplication>

namespace tollgate {

namespace {
namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(SettingsStore)
};
} // namespace
} // namespace

Result<WorkspaceSettings> SettingsStore::get() const
{
    auto q = m_db.exec(QStringLiteral("SELECT path_prefix, gateway_base_url, review_interval_days, "
                                      "revision FROM workspace WHERE id = 1"));
    if (!q)
        return q.error();
    if (!q->next())
        return Error::database(Text::tr("the workspace settings are missing from the database"));
    WorkspaceSettings s;
    s.pathPrefix = q->value(0).toString();
    s.gatewayBaseUrl = q->value(1).toString();
    s.reviewIntervalDays = q->value(2).toInt();
    s.revision = q->value(3).toLongLong();
    return s;
}

Result<WorkspaceSettings> SettingsStore::initialise(QString prefix)
{
    TG_TRY(validate::pathPrefix(prefix));
    std::optional<WorkspaceSettings> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto before = get();
        if (!before)
            return before.error();
        if (!before->pathPrefix.isEmpty())
            return Error::conflict(
                QStringLiteral("path_prefix"),
                Text::tr("the path prefix is already set to \"%1\" and can never be "
                         "changed, because every issued URL contains it")
                    .arg(before->pathPrefix));
        auto q = m_db.exec(
            QStringLiteral("UPDATE workspace SET path_prefix = ?, updated_at = ?, "
                           "revision = revision + 1 WHERE id = 1 AND path_prefix IS NULL"),
            {prefix, m_db.nowMs()});
        if (!q)
            return q.error();
        TG_TRY(store::checkGuardedWrite(*q, true, Text::tr("The workspace settings")));
        auto after = get();
        if (!after)
            return after.error();
        TG_TRY(AuditLog(m_db).record(QStringLiteral("settings.init"), QStringLiteral("settings"),
                                     QStringLiteral("workspace"), json::toJson(*before),
                                     json::toJson(*after), ConfigChange::settings()));
        result = *after;
        return {};
    }));
    return *result;
}

Result<WorkspaceSettings> SettingsStore::update(WorkspaceSettings changed)
{
    TG_TRY(validate::settings(changed));
    std::optional<WorkspaceSettings> result;
    TG_TRY(m_db.transaction([&]() -> Status {
        auto before = get();
        if (!before)
            return before.error();
        if (changed.pathPrefix != before->pathPrefix)
            return Error::invalid(QStringLiteral("path_prefix"),
                                  before->pathPrefix.isEmpty()
                                      ? Text::tr("is set only once, with \"init\"")
                                      : Text::tr("can never be changed, because every issued URL "
                                                 "contains it"));
        auto q = m_db.exec(
            QStringLiteral("UPDATE workspace SET gateway_base_url = ?, "
                           "review_interval_days = ?, updated_at = ?, "
                           "revision = revision + 1 WHERE id = 1 AND revision = ?"),
            {changed.gatewayBaseUrl, changed.reviewIntervalDays, m_db.nowMs(), changed.revision});
        if (!q)
            return q.error();
        TG_TRY(store::checkGuardedWrite(*q, true, Text::tr("The workspace settings")));
        auto after = get();
        if (!after)
            return after.error();
        TG_TRY(AuditLog(m_db).record(QStringLiteral("settings.update"), QStringLiteral("settings"),
                                     QStringLiteral("workspace"), json::toJson(*before),
                                     json::toJson(*after), ConfigChange::settings()));
        result = *after;
        return {};
    }));
    return *result;
}

} // namespace tollgate
