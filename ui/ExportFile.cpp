#include "ExportFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QSaveFile>

namespace tollgate::ui {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ExportFile)
};
} // namespace

SavePath fileDialogSavePath(const QString& filter)
{
    return [filter](QWidget* parent, const QString& suggestedName) {
        return QFileDialog::getSaveFileName(parent, QString(), QDir::home().filePath(suggestedName),
                                            filter);
    };
}

Result<QString> saveExport(QWidget* parent, const SavePath& savePath, const QString& suggestedName,
                           const QByteArray& bytes)
{
    const QString path = savePath(parent, suggestedName);
    if (path.isEmpty())
        return QString();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(bytes) != bytes.size() || !file.commit())
        return Error::invalid(QStringLiteral("file"),
                              Text::tr("Cannot write %1: %2").arg(path, file.errorString()));
    return Text::tr("Saved %1.").arg(QDir::toNativeSeparators(path));
}

} // namespace tollgate::ui
