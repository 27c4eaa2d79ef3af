#include "Validation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>

namespace tollgate::validate {

namespace {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(Validation)
};
} // namespace

bool isForbiddenInName(QChar c)
{
    const char32_t u = c.unicode();
    // Bidirectional embeddings, overrides and isolates: a name could display as another.
    if ((u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069))
        return true;
    return c.category() == QChar::Other_Control;
}

bool isForbiddenInText(QChar c)
{
    if (c == QLatin1Char('\n') || c == QLatin1Char('\t'))
        return false;
    return isForbiddenInName(c);
}

// A URL segment: letters, digits, '.', '_', '-', '~' and not "." or "..".
Status segment(const QString& field, const QString& value)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._~-]+$"));
    if (value.isEmpty())
        return Error::invalid(field, Text::tr("must not be empty"));
    if (value.size() > kMaxSegmentLength)
        return Error::invalid(field,
                              Text::tr("must be at most %1 characters").arg(kMaxSegmentLength));
    if (!pattern.match(value).hasMatch())
        return Error::invalid(
            field, Text::tr("may contain only letters A-Z, digits, '.', '_', '-' and '~'"));
    if (value == QLatin1String(".") || value == QLatin1String(".."))
        return Error::invalid(field, Text::tr("must not be \".\" or \"..\""));
    return {};
}

} // namespace

QStringList httpMethods()
{
    return {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
            QStringLiteral("PATCH"), QStringLiteral("DELETE")};
}

Status pathPrefix(QString& prefix)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]+$"));
    const QString field = QStringLiteral("path_prefix");
    prefix = prefix.trimmed();
    if (prefix.isEmpty())
        return Error::invalid(field, Text::tr("must not be empty"));
    if (prefix.size() > kMaxPrefixLength)
        return Error::invalid(field,
                              Text::tr("must be at most %1 characters").arg(kMaxPrefixLength));
    if (!pattern.match(prefix).hasMatch())
        return Error::invalid(field, Text::tr("may contain only letters A-Z, digits, '-' and '_'"));
    return {};
}

Status name(const QString& field, QString& value)
{
    value = value.trimmed();
    if (value.isEmpty())
        return Error::invalid(field, Text::tr("must not be empty"));
    if (value.size() > kMaxNameLength)
        return Error::invalid(field, Text::tr("must be at most %1 characters (it has %2)")
                                         .arg(kMaxNameLength)
                                         .arg(value.size()));
    if (std::any_of(value.begin(), value.end(), isForbiddenInName))
        return Error::invalid(
            field, Text::tr("must not contain control or bidirectional-override characters"));
    return {};
}

Status description(QString& value)
{
    const QString field = QStringLiteral("description");
    value = value.trimmed();
    if (value.size() > kMaxDescriptionLength)
        return Error::invalid(field, Text::tr("must be at most %1 characters (it has %2)")
                                         .arg(kMaxDescriptionLength)
                                         .arg(value.size()));
    if (std::any_of(value.begin(), value.end(), isForbiddenInText))
        return Error::invalid(
            field, Text::tr("must not contain control or bidirectional-override characters"));
    return {};
}

namespace {

Status httpUrl(const QString& field, QString& text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return Error::invalid(field, Text::tr("must not be empty"));
    if (text.size() > kMaxUrlLength)
        return Error::invalid(field, Text::tr("must be at most %1 characters").arg(kMaxUrlLength));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return Error::invalid(field, Text::tr("is not a valid URL"));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return Error::invalid(field, Text::tr("must start with http:// or https://"));
    if (!url.userInfo().isEmpty())
        return Error::invalid(field, Text::tr("must not contain a user name or password"));
    return {};
}

} // namespace

Status gatewayBaseUrl(QString& url)
{
    TG_TRY(httpUrl(QStringLiteral("gateway_base_url"), url));
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return {};
}

Status settings(WorkspaceSettings& s)
{
    if (!s.pathPrefix.isEmpty())
        TG_TRY(pathPrefix(s.pathPrefix));
    TG_TRY(gatewayBaseUrl(s.gatewayBaseUrl));
    if (s.reviewIntervalDays < 1 || s.reviewIntervalDays > kMaxReviewIntervalDays)
        return Error::invalid(
            QStringLiteral("review_interval_days"),
            Text::tr("must be a whole number of days from 1 to %1").arg(kMaxReviewIntervalDays));
    return {};
}

Status collection(Collection& c)
{
    TG_TRY(name(QStringLiteral("name"), c.name));
    c.path = c.path.trimmed();
    TG_TRY(segment(QStringLiteral("path"), c.path));
    c.version = c.version.trimmed();
    TG_TRY(segment(QStringLiteral("version"), c.version));
    TG_TRY(description(c.description));
    return {};
}

Status endpoint(Endpoint& e)
{
    TG_TRY(name(QStringLiteral("name"), e.name));
    e.method = e.method.trimmed().toUpper();
    if (!httpMethods().contains(e.method))
        return Error::invalid(QStringLiteral("method"),
                              Text::tr("must be one of %1").arg(httpMethods().join(u", ")));
    const QString pathField = QStringLiteral("path");
    e.path = e.path.trimmed();
    if (e.path.startsWith(QLatin1Char('/')))
        e.path.remove(0, 1);
    if (e.path.isEmpty())
        return Error::invalid(pathField, Text::tr("must not be empty"));
    if (e.path.size() > kMaxEndpointPathLength)
        return Error::invalid(
            pathField, Text::tr("must be at most %1 characters").arg(kMaxEndpointPathLength));
    for (const QString& part : e.path.split(QLatin1Char('/'))) {
        if (part.isEmpty())
            return Error::invalid(pathField, Text::tr("must not contain empty segments (\"//\")"));
        TG_TRY(segment(pathField, part));
    }
    if (e.target == TargetKind::Upstream) {
        TG_TRY(httpUrl(QStringLiteral("upstream_url"), e.upstreamUrl));
        if (e.timeoutSeconds < 1 || e.timeoutSeconds > kMaxTimeoutSeconds)
            return Error::invalid(
                QStringLiteral("timeout"),
                Text::tr("must be a whole number of seconds from 1 to %1").arg(kMaxTimeoutSeconds));
        e.mockBody.clear();
    } else {
        if (e.mockStatus < 100 || e.mockStatus > 599)
            return Error::invalid(QStringLiteral("mock_status"),
                                  Text::tr("must be an HTTP status code from 100 to 599"));
        static const QRegularExpression contentType(
            QStringLiteral("^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+( *;[ -~]*)?$"));
        e.mockContentType = e.mockContentType.trimmed();
        if (e.mockContentType.size() > 200 || !contentType.match(e.mockContentType).hasMatch())
            return Error::invalid(QStringLiteral("mock_content_type"),
                                  Text::tr("must be a media type such as application/json"));
        if (e.mockBody.toUtf8().size() > kMaxMockBodyBytes)
            return Error::invalid(QStringLiteral("mock_body"), Text::tr("must be at most 1 MiB"));
        e.upstreamUrl.clear();
    }
    return {};
}

Status client(Client& c)
{
    TG_TRY(name(QStringLiteral("name"), c.name));
    TG_TRY(description(c.description));
    return {};
}

Status profile(AccessProfile& p, std::optional<qint64> nowMsForExpiry)
{
    TG_TRY(name(QStringLiteral("name"), p.name));
    if (p.collectionIds.isEmpty())
        return Error::invalid(QStringLiteral("collections"),
                              Text::tr("at least one API collection must be selected"));
    QList<qint64> unique;
    for (qint64 id : p.collectionIds)
        if (!unique.contains(id))
            unique.append(id);
    p.collectionIds = unique;
    if (p.expiresAt && nowMsForExpiry && *p.expiresAt <= *nowMsForExpiry)
        return Error::invalid(QStringLiteral("expires"), Text::tr("must be in the future"));
    return {};
}

Result<qint64> expiry(const QString& input)
{
    const QString field = QStringLiteral("expires");
    const QString text = input.trimmed();
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10)
        return QDateTime(date.addDays(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    const QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (when.isValid() && when.timeSpec() != Qt::LocalTime)
        return when.toMSecsSinceEpoch();
    return Error::invalid(field,
                          Text::tr("must be a date (2027-01-31) or a date and time with a time "
                                   "zone (2027-01-31T18:00:00Z)"));
}

} // namespace tollgate::validate
