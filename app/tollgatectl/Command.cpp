#include "Command.h"

#include <QCoreApplication>

namespace tollgate::ctl {

QCommandLineOption option(const QString& name, const QString& description,
                          const QString& valueName)
{
    return valueName.isEmpty() ? QCommandLineOption(name, description)
                               : QCommandLineOption(name, description, valueName);
}

QCommandLineOption expectRevisionOption()
{
    return option(QStringLiteral("expect-revision"),
                  QStringLiteral("Refuse the change if the object's revision is no longer N."),
                  QStringLiteral("N"));
}

Result<QString> Context::required(const QString& name) const
{
    if (!args.isSet(name))
        return Error(ErrorKind::Usage, name,
                     QCoreApplication::translate("tollgatectl", "the option --%1 is required")
                         .arg(name));
    return args.value(name);
}

QString Context::optional(const QString& name, const QString& fallback) const
{
    return args.isSet(name) ? args.value(name) : fallback;
}

Result<int> Context::integer(const QString& name, const QString& field, int min, int max) const
{
    bool ok = false;
    const qint64 value = args.value(name).trimmed().toLongLong(&ok);
    if (!ok || value < min || value > max)
        return Error::invalid(field, QCoreApplication::translate(
                                         "tollgatectl", "must be a whole number from %1 to %2")
                                         .arg(min)
                                         .arg(max));
    return static_cast<int>(value);
}

std::optional<qint64> Context::expectedRevision() const
{
    if (!args.isSet(QStringLiteral("expect-revision")))
        return std::nullopt;
    return args.value(QStringLiteral("expect-revision")).toLongLong();
}

} // namespace tollgate::ctl
