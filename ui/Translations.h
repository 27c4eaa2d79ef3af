#pragma once

#include <QString>

class QCoreApplication;

namespace tollgate::ui {

// Installs the console's translations: the English plural forms (so that
// "%n request(s)" reads "1 request" / "5 requests"), then the chosen language
// ("de"), or with an empty choice the system's language where a translation
// exists, with Qt's own strings for it. Returns the language in effect ("en", "de").
QString installTranslations(QCoreApplication& app, const QString& language = {});

// The languages the console is translated into, as codes ("en", "de").
QStringList availableLanguages();

} // namespace tollgate::ui
