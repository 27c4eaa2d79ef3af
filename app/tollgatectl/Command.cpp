#include "Command.h"

#include "ClientStore.h"
#include "DomainJson.h"
#include "OwnerOnlyFile.h"
#include "ProfileStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QTimeZone>

namespace tollgate::ctl {

QCommandLineOption option(const QString& name, const QString& description, const QString& valueName)
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
        return Error(
            ErrorKind::Usage, name,
            QCoreApplication::translate("tollgatectl", "the option --%1 is required").arg(name));
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

Result<std::optional<qint64>> Context::timeBound(const QString& option, bool upper) const
{
    if (!args.isSet(option))
        return std::optional<qint64>();
    const QString text = args.value(option).trimmed();
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10)
        return std::optional<qint64>(
            QDateTime(upper ? date.addDays(1) : date, QTime(0, 0), QTimeZone::utc())
                .toMSecsSinceEpoch());
    auto when = json::parseIsoTime(text, option);
    if (!when || !*when)
        return Error::invalid(option, QCoreApplication::translate(
                                          "tollgatectl", "must be a date (2027-01-31) or an ISO "
                                                         "date and time"));
    return *when;
}

Result<std::pair<qint64, qint64>> Context::period(qint64 defaultToMs) const
{
    auto from = timeBound(QStringLiteral("from"), false);
    if (!from)
        return from.error();
    auto to = timeBound(QStringLiteral("to"), true);
    if (!to)
        return to.error();
    const qint64 toMs = to->value_or(defaultToMs);
    const qint64 fromMs = from->value_or(toMs - 30LL * 24 * 3'600'000);
    if (fromMs >= toMs)
        return Error::invalid(QStringLiteral("from"),
                              QCoreApplication::translate("tollgatectl", "must be before --to"));
    return std::pair{fromMs, toMs};
}

Result<std::optional<qint64>> Context::expectedRevision() const
{
    const QString name = QStringLiteral("expect-revision");
    if (!args.isSet(name))
        return std::optional<qint64>();
    bool ok = false;
    const qint64 revision = args.value(name).trimmed().toLongLong(&ok);
    if (!ok || revision < 1)
        return Error::invalid(
            QStringLiteral("revision"),
            QCoreApplication::translate("tollgatectl", "must be a whole number of at least 1"));
    return std::optional<qint64>(revision);
}

Status Context::applyExpectedRevision(qint64& revision) const
{
    auto expected = expectedRevision();
    if (!expected)
        return expected.error();
    if (*expected)
        revision = **expected;
    return {};
}

Status Context::writeOutput(const QByteArray& bytes, const QString& what) const
{
    const QString path = optional(QStringLiteral("output"));
    if (path.isEmpty() || path == QLatin1String("-")) {
        QFile stdOut;
        if (!stdOut.open(stdout, QIODevice::WriteOnly) || stdOut.write(bytes) != bytes.size())
            return Error::database(
                QCoreApplication::translate("tollgatectl", "cannot write to standard output"));
        return {};
    }
    TG_TRY(writeOwnerOnly(path, bytes));
    out.note(QCoreApplication::translate("tollgatectl", "Wrote %1 to %2.").arg(what, path));
    return {};
}

Result<Client> optionClient(Context& c)
{
    auto name = c.required(QStringLiteral("client"));
    if (!name)
        return name.error();
    return ClientStore(c.db).byName(*name);
}

Result<AccessProfile> namedProfile(Context& c)
{
    auto name = c.required(QStringLiteral("name"));
    if (!name)
        return name.error();
    auto client = optionClient(c);
    if (!client)
        return client.error();
    return ProfileStore(c.db).byName(client->id, *name);
}

} // namespace tollgate::ctl
