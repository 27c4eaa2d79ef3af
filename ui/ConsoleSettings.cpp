#include "ConsoleSettings.h"

#include <QSettings>

namespace tollgate::ui {

namespace {
const QString kClipboardClear = QStringLiteral("clipboard/clearSeconds");
const QString kGeometry = QStringLiteral("window/geometry");
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

} // namespace tollgate::ui
