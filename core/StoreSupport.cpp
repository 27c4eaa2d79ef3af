#include "StoreSupport.h"

#include <QCoreApplication>
#include <QStringList>

namespace tollgate::store {

QString nameKey(const QString& name)
{
    return name.normalized(QString::NormalizationForm_KC).toCaseFolded();
}

std::optional<qint64> optionalInt(const QVariant& v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

QVariant fromOptional(const std::optional<qint64>& v) { return v ? QVariant(*v) : QVariant(); }

QString placeholders(qsizetype n)
{
    QStringList marks;
    marks.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        marks.append(QStringLiteral("?"));
    return marks.join(QLatin1String(", "));
}

Error changedMeanwhile(const QString& what)
{
    return Error::conflict(
        QStringLiteral("revision"),
        QCoreApplication::translate("Store", "%1 was changed by someone else since you opened it; "
                                             "reload it and make your change again")
            .arg(what));
}

Status checkGuardedWrite(const QSqlQuery& q, bool stillExists, const QString& what)
{
    if (q.numRowsAffected() > 0)
        return {};
    if (!stillExists)
        return Error::notFound(
            QCoreApplication::translate("Store", "%1 no longer exists").arg(what));
    return changedMeanwhile(what);
}

} // namespace tollgate::store
