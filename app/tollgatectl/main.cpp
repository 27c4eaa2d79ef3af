#include "Cli.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <memory>

namespace {
QtMessageHandler defaultHandler = nullptr;

// Qt Gui's note that XDG_RUNTIME_DIR is unset (as under cron) says nothing
// about the report; on stderr it would make a scheduled run look failed.
void withoutRuntimeDirNote(QtMsgType type, const QMessageLogContext& context, const QString& text)
{
    if (!text.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        defaultHandler(type, context, text);
}
} // namespace

int main(int argc, char* argv[])
{
    // Only the report draws (PDF: fonts need a QGuiApplication, on no display at all);
    // every other command runs without Qt Gui.
    bool drawing = false;
    for (int i = 1; i < argc; ++i)
        drawing = drawing || qstrcmp(argv[i], "report") == 0;
    if (drawing && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (drawing)
        defaultHandler = qInstallMessageHandler(withoutRuntimeDirNote);
    std::unique_ptr<QCoreApplication> app(drawing ? new QGuiApplication(argc, argv)
                                                  : new QCoreApplication(argc, argv));
    QCoreApplication::setApplicationName(QStringLiteral("tollgate"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOLLGATE_VERSION));
    return tollgate::ctl::run(QCoreApplication::arguments());
}
