#pragma once

class QCoreApplication;

namespace tollgate::ui {

// Installs the console's translations: the English plural forms (so that
// "%n request(s)" reads "1 request" / "5 requests"), then the user's language
// where a translation exists.
void installTranslations(QCoreApplication& app);

} // namespace tollgate::ui
