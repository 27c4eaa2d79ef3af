#include "ConsoleSettings.h"

#include <QSettings>

namespace tollgate::ui {

namespace {
const QString kClipboardClear = QStringLiteral("clipboard/clearSeconds");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kLanguage = QStringLiteral("ui/language");
const QString kDatabase = QStringLiteral("database/url");
} // namespace

int ConsoleSettings::clipboardClearSeconds()
{
    const int seconds = QSettings().value(kClipboardClear, kDefaultClipboardClearSeconds).toInt();
    return seconds >= 5 && seconds <= 600 ? seconds : kDefaultClipboardClearSeconds;
}

void ConsoleSettings::setClipboardClearSeconds(int seconds)
{
    QSettings().setValue(kClipboardClear, seconds);
}

QByteArray ConsoleSettings::windowGeometry() { return QSettings().value(kGeometry).toByteArray(); }

void ConsoleSettings::setWindowGeometry(const QByteArray& geometry)
{
    QSettings().setValue(kGeometry, geometry);
}

QString ConsoleSettings::language()
{
    const QString language = QSettings().value(kLanguage).toString();
    return language == QLatin1String("en") || language == QLatin1String("de") ? language
                                                                              : QString();
}

void ConsoleSettings::setLanguage(const QString& language)
{
    QSettings().setValue(kLanguage, language);
}

QString ConsoleSettings::databaseUrl() { return QSettings().value(kDatabase).toString(); }

void ConsoleSettings::setDatabaseUrl(const QString& url) { QSettings().setValue(kDatabase, url); }

} // namespace tollgate::ui
