#include "Domain.h"

#include <QStringList>

namespace tollgate {

QString targetKindName(TargetKind kind)
{
    return kind == TargetKind::Upstream ? QStringLiteral("upstream") : QStringLiteral("mock");
}

QString collectionBaseUrl(const WorkspaceSettings& settings, const Collection& collection)
{
    // Before the workspace has a path prefix the gateway serves nothing; the
    // URL says what is missing rather than showing "//".
    const QString prefix =
        settings.pathPrefix.isEmpty() ? QStringLiteral("<prefix>") : settings.pathPrefix;
    return QStringList{settings.gatewayBaseUrl, prefix, collection.path, collection.version}.join(
        QLatin1Char('/'));
}

QString endpointUrl(const WorkspaceSettings& settings, const Collection& collection,
                    const Endpoint& endpoint)
{
    return collectionBaseUrl(settings, collection) + QLatin1Char('/') + endpoint.path;
}

bool reviewDue(const AccessProfile& profile, int intervalDays, qint64 nowMs)
{
    const qint64 since = profile.reviewedAt.value_or(profile.createdAt);
    return nowMs - since > qint64(intervalDays) * 24 * 3600 * 1000;
}

} // namespace tollgate
