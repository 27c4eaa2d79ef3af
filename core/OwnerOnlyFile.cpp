#include "OwnerOnlyFile.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace tollgate {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(OwnerOnlyFile)
};
} // namespace

Status writeOwnerOnly(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(bytes) != bytes.size() || !file.commit())
        return Error::invalid(QStringLiteral("output"),
                              Text::tr("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace tollgate
