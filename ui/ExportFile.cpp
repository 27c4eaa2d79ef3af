#include "ExportFile.h"

#include "OwnerOnlyFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>

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
    if (Status written = writeOwnerOnly(path, bytes); !written)
        return written.error();
    return Text::tr("Saved %1.").arg(QDir::toNativeSeparators(path));
}

} // namespace tollgate::ui
