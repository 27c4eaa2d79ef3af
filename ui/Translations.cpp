#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace tollgate::ui {

QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("de")}; }

QString installTranslations(QCoreApplication& app, const QString& language)
{
    auto* plurals = new QTranslator(&app);
    if (plurals->load(QStringLiteral(":/i18n/tollgate_en.qm")))
        QCoreApplication::installTranslator(plurals);
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    const QString code = QLocale::languageToCode(locale.language());
    if (code == QLatin1String("en") || !availableLanguages().contains(code))
        return QStringLiteral("en");
    auto* console = new QTranslator(&app);
    if (!console->load(QStringLiteral(":/i18n/tollgate_") + code + QStringLiteral(".qm")))
        return QStringLiteral("en");
    QCoreApplication::installTranslator(console);
    // Qt's own texts (standard buttons, file dialogs), where Qt's translations are installed.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    QLocale::setDefault(locale);
    return code;
}

} // namespace tollgate::ui
