#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

namespace tollgate {

// Writes bytes to path readable by its owner only, whole or not at all (through a
// temporary file renamed over the target). The one way every export reaches disk.
// An Error names the field "output" and the reason.
Status writeOwnerOnly(const QString& path, const QByteArray& bytes);

} // namespace tollgate
