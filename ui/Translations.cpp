#include "Translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace tollgate::ui {

void installTranslations(QCoreApplication& app)
{
    auto* plurals = new QTranslator(&app);
    if (plurals->load(QStringLiteral(":/i18n/tollgate_en.qm")))
        QCoreApplication::installTranslator(plurals);
    auto* language = new QTranslator(&app);
    if (QLocale().language() != QLocale::English
        && language->load(QLocale(), QStringLiteral("tollgate"), QStringLiteral("_"),
                          QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(language);
}

} // namespace tollgate::ui
